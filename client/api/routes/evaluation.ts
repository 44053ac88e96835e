/**
 * Annual evaluation rounds (年度考核) over HTTP: start a round, and poll its progress and
 * dashboard. The calls go to the same `evaluationBackend` module the CLI uses.
 *
 * A township committee member sees a round only if its scope covers their township, and
 * then only their township's part: its line, its units, and counts narrowed to its cases.
 * A unit's members (what the committee grades) are read the same way: a township
 * committee member reads only its own township's units.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { assessmentUnitId, COUNTY_SCOPE } from '../../../domain/evaluationRound';
import { GRADES } from '../../../domain/grades';
import type { GradeCounts, RoundCounts, RoundDashboard } from '../../../domain/wire/roundDashboard';
import type { RoundProgress, RoundView } from '../../../domain/wire/roundProgress';
import { actorOf } from '../accounts';
import { COUNTY, principal, READERS, readScope } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { forbidden, notFound } from '../problem';
import { responses } from '../schemas';
import { ROUND_ID, ROUND_STARTED, ROUND_VIEW, START_ROUND_BODY, UNIT_ID, UNIT_MEMBERS } from '../dashboardSchemas';

const TAGS = ['evaluation'];

/** The townships a round's scope covers, from its id (`evaluation-round/<year>/<scope>`); null: the county. */
export function roundTownships(scope: string): string[] | null {
  return scope === COUNTY_SCOPE ? null : scope.split('+');
}

export function scopeCovers(scope: string, townshipId: string): boolean {
  const ids = roundTownships(scope);
  return ids === null || ids.includes(townshipId);
}

function sum(lines: readonly RoundCounts[]): RoundCounts {
  const grades = Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;
  const out: RoundCounts = { cadres: 0, done: 0, final: 0, pending: 0, overdue: 0, grades, warnings: 0, removalFlags: 0 };
  for (const l of lines) {
    for (const k of ['cadres', 'done', 'final', 'pending', 'overdue', 'warnings', 'removalFlags'] as const) out[k] += l[k];
    for (const g of GRADES) out.grades[g] += l.grades[g];
  }
  return out;
}

/**
 * A round's dashboard as one township sees it. Round-wide counts would show the rest of
 * the scope, so they become the township's: its cases; `skipped` is not known per
 * township and is null.
 */
export function narrowDashboard(d: RoundDashboard, townshipId: string): RoundDashboard {
  const townships = d.townships.filter((t) => t.townshipId === townshipId);
  const totals = sum(townships);
  return {
    ...d,
    cadres: totals.cadres,
    started: d.started === null ? null : totals.cadres,
    skipped: null,
    townships,
    units: d.units.filter((u) => u.townshipId === townshipId),
    totals,
    flagged: d.flagged.filter((f) => f.townshipId === townshipId),
  };
}

function narrowProgress(p: RoundProgress, d: RoundDashboard | undefined, townshipId: string): RoundProgress {
  const cases = d?.townships.find((t) => t.townshipId === townshipId)?.cadres ?? 0;
  const done = p.started !== null;
  const units = new Set([assessmentUnitId(townshipId, 'organ'), assessmentUnitId(townshipId, 'village')]);
  return {
    ...p,
    cadres: done ? cases : null,
    casesStarted: cases,
    started: done ? cases : null,
    skipped: null,
    units: p.units.filter((u) => units.has(u.unitId)),
  };
}

export function evaluationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: { year: number; townships?: string[] } }>(
    '/evaluation/rounds',
    {
      config: { access: COUNTY },
      schema: {
        tags: TAGS,
        summary: 'Start the evaluation round of a year over the county or some townships (county organization department)',
        description:
          'One case per cadre in scope. A year and scope has one round: starting it again starts nothing and answers 200 with ' +
          '`started: false`. A year that has not begun in Asia/Shanghai is refused with 400 and starts nothing, unless the ' +
          'policy sets `evaluation.allowRoundsForFutureYears`. Poll GET /evaluation/rounds/{roundId} while its cases start.',
        body: START_ROUND_BODY,
        response: responses({ 201: ROUND_STARTED, 200: ROUND_STARTED }, [400, 401, 403, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const { year, townships } = request.body;
      const r = await moduleOf(ctx, 'evaluation').startRound({
        year,
        townshipIds: townships ?? null,
        startedBy: actorOf(principal(request).user),
      });
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );

  app.get<{ Params: { roundId: string } }>(
    '/evaluation/rounds/:roundId',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'A round’s progress (cases started) and its dashboard; a township committee sees its own township’s part',
        description:
          'A township committee member may read a round whose scope covers their township (403 otherwise); counts are then ' +
          'narrowed to their township’s cases. Just after the start the round may not be in the read model yet: ' +
          '`progress.known` is false and `dashboard` null.',
        params: { type: 'object', properties: { roundId: ROUND_ID }, required: ['roundId'] },
        response: responses({ 200: ROUND_VIEW }, [400, 401, 403, 404, 503]),
      },
    },
    async (request): Promise<RoundView> => {
      const { roundId } = request.params;
      const scope = roundId.split('/')[2]!;
      const p = principal(request);
      // A township committee reads its own township; others the whole round.
      const township = readScope(p, undefined) ?? null;
      // Checked on the id, before anything is read: the answer must not tell whether another township's round exists.
      if (township !== null && !scopeCovers(scope, township)) {
        throw forbidden(`round ${roundId} does not cover township ${township}; ${p.user.login} acts for township ${township}`);
      }
      const mod = moduleOf(ctx, 'evaluation');
      const progress = await mod.progress(roundId);
      const year = Number(roundId.split('/')[1]);
      let dashboard: RoundDashboard | undefined;
      if (progress.known) dashboard = (await mod.status({ year })).rounds.find((r) => r.roundId === roundId);
      else await assertRoundExists(ctx, roundId);
      if (township === null) return { roundId, township, progress, dashboard: dashboard ?? null };
      return {
        roundId,
        township,
        progress: narrowProgress(progress, dashboard, township),
        dashboard: dashboard ? narrowDashboard(dashboard, township) : null,
      };
    },
  );

  app.get<{ Params: { roundId: string; unitId: string } }>(
    '/evaluation/rounds/:roundId/units/:unitId/members',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'The cadres of an assessment unit in a round, with their township’s recommended grade (for the committee’s grading)',
        description:
          'A unit is a township’s own cadres (`ts-03/township`) or its village cadres (`ts-03/villages`). A township committee ' +
          'member may read only their own township’s units (403 otherwise, whether the round exists or not). An id that is ' +
          'well-formed but names no round is 404; a round whose cases are still starting lists the members known so far.',
        params: { type: 'object', properties: { roundId: ROUND_ID, unitId: UNIT_ID }, required: ['roundId', 'unitId'] },
        response: responses({ 200: UNIT_MEMBERS }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const { roundId, unitId } = request.params;
      const townshipId = unitId.split('/')[0]!;
      const p = principal(request);
      // Checked on the ids, before anything is read, like the round itself.
      const township = readScope(p, undefined) ?? null;
      if (township !== null && townshipId !== township) {
        throw forbidden(`unit ${unitId} belongs to township ${townshipId}; ${p.user.login} acts for township ${township}`);
      }
      const mod = moduleOf(ctx, 'evaluation');
      if (!(await mod.progress(roundId)).known) await assertRoundExists(ctx, roundId);
      return { roundId, unitId, townshipId, members: await mod.unitMembers(roundId, unitId) };
    },
  );
}

/** A round not in the read model yet may have just started: Temporal knows. */
async function assertRoundExists(ctx: ApiContext, roundId: string): Promise<void> {
  if (!ctx.temporal) throw notFound(`no evaluation round ${roundId}`);
  try {
    await ctx.temporal.workflow.getHandle(roundId).describe();
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw notFound(`no evaluation round ${roundId}`);
    throw err;
  }
}
