/**
 * The county dashboard in one call: cases by kind and stage, overdue steps, the year's
 * evaluation rounds and the rectification cases. A township committee member gets every
 * part narrowed to their own township; county staff and auditors the county, or the
 * township they ask for.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { RECTIFICATION_STATUSES, type RectificationCaseStatus } from '../../../domain/rectificationStatus';
import type { Dashboard, RectificationSummary } from '../../../domain/wire/dashboard';
import { taskView } from '../../backend';
import type { RectificationRow } from '../../rectificationService';
import { principal, readScope, READERS } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { ID, responses } from '../schemas';
import { DASHBOARD, YEAR_QUERY } from '../dashboardSchemas';
import { narrowDashboard, scopeCovers } from './evaluation';

/** Enough for a page; `total` says how many there are in all. */
const OVERDUE_LIMIT = 50;

/** A rectification case as the dashboard and `GET /rectification/cases` list it (`cadreflow rectification list`). */
export function rectificationSummary(r: RectificationRow): RectificationSummary {
  const i = r.last_inspection;
  return {
    caseId: r.case_id,
    branchId: r.branch_id,
    branchName: r.branch_name,
    townshipId: r.township_id,
    year: r.year,
    round: r.round,
    stage: r.stage,
    status: r.status,
    support: r.support !== null,
    planStatus: r.plan_status,
    planCompleteBy: r.plan_complete_by,
    reportsDue: r.reports_due,
    reportsFiled: r.reports_filed,
    reportsLate: r.reports_late,
    inspections: r.inspections,
    lastInspection: i ? { result: i.result, score: i.scoreHundredths / 100, inspectedOn: i.inspectedOn, round: i.round } : null,
    signedOffOn: r.signed_off_on,
    followUpUntil: r.follow_up_until,
  };
}

export function dashboardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { township?: string; year?: string } }>(
    '/dashboard',
    {
      config: { access: READERS },
      schema: {
        tags: ['dashboard'],
        summary: 'County dashboard: cases by kind and stage, overdue steps, evaluation rounds, rectification progress',
        description:
          'A township committee member sees only their township in every part (asking for another is 403). Evaluation rounds are ' +
          'those of `year` (default: the latest year with a round) whose scope covers the township, narrowed to it.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { township: ID, year: { ...YEAR_QUERY, description: 'the evaluation year (default: the latest with a round)' } },
        },
        response: responses({ 200: DASHBOARD }, [400, 401, 403, 503]),
      },
    },
    async (request): Promise<Dashboard> => {
      const township = readScope(principal(request), request.query.township) ?? null;
      const evaluation = moduleOf(ctx, 'evaluation');
      const rectification = moduleOf(ctx, 'rectification');
      const now = new Date(ctx.clock());

      let byStage = ctx.db
        .selectFrom('cases')
        .select([
          'kind',
          'stage',
          sql<bigint>`count(*) filter (where status = 'open')`.as('open'),
          sql<bigint>`count(*) filter (where status = 'closed')`.as('closed'),
        ]);
      if (township) byStage = byStage.where('township_id', '=', township);
      let overdue = ctx.db.selectFrom('tasks').where('status', '=', 'pending').where('due_at', '<', now);
      if (township) overdue = overdue.where('township_id', '=', township);

      const [stages, overdueCount, overdueRows, rounds, rectificationRows] = await Promise.all([
        byStage.groupBy(['kind', 'stage']).orderBy('kind').orderBy('stage').execute(),
        overdue.select(sql<bigint>`count(*)`.as('n')).executeTakeFirstOrThrow(),
        overdue.selectAll().orderBy('due_at').orderBy('task_id').limit(OVERDUE_LIMIT).execute(),
        evaluation.status({ year: request.query.year === undefined ? undefined : Number(request.query.year) }),
        rectification.list({ township: township ?? undefined }),
      ]);

      const byStatus = Object.fromEntries(RECTIFICATION_STATUSES.map((s) => [s, 0])) as Record<RectificationCaseStatus, number>;
      for (const r of rectificationRows) byStatus[r.status] += 1;

      return {
        township,
        generatedAt: now.toISOString(),
        cases: stages.map((s) => ({ kind: s.kind, stage: s.stage, open: Number(s.open), closed: Number(s.closed) })),
        overdue: {
          total: Number(overdueCount.n),
          items: overdueRows.map(taskView),
        },
        evaluation: {
          year: rounds.year,
          rounds:
            township === null
              ? rounds.rounds
              : rounds.rounds.filter((r) => scopeCovers(r.scope, township)).map((r) => narrowDashboard(r, township)),
        },
        rectification: { total: rectificationRows.length, byStatus, items: rectificationRows.map(rectificationSummary) },
      };
    },
  );
}
