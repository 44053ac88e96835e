/**
 * The evaluation rounds' backend (`cadreflow evaluation …` and the web API): start a round
 * by hand or set its Temporal Schedule, follow its cases starting, read the dashboard, record
 * a cadre's review request or appeal, list a unit's members for the committee's grades. It is
 * a BackendModule, so it works with the embedded database too (through the running `cadreflow up`).
 */
import { ScheduleAlreadyRunning, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../../domain/actors';
import { shanghaiDate } from '../../domain/calendar';
import { checkRoundYear, COUNTY_SCOPE, roundScope, roundWorkflowId } from '../../domain/evaluationRound';
import { parseAppealRequest, parseReviewRequest } from '../../domain/evaluationForms';
import { DEFAULT_ROUND_CRON, parseRoundSchedule } from '../../domain/evaluationSchedule';
import { parseUnitGrading, unitGradesOf } from '../../domain/evaluationGrading';
import { decide } from '../cases';
import type { Grade } from '../../domain/grades';
import type { RoundProgress, RoundStart } from '../../domain/wire/roundProgress';
import type { UnitMemberLine } from '../../domain/wire/unitMemberLine';
import type { RoundScheduleLine, ScheduleResult } from '../../domain/wire/roundSchedule';
import type { DB } from '../../schema/db';
import { requestAppealUpdate, requestReviewUpdate } from '../../workflows/evaluationMessages';
import type { EvaluationRoundInput, ScheduledRoundInput } from '../../workflows/evaluationRound';
import type { DecisionReceipt } from '../../workflows/kit/messages';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import type { BackendDeps, BackendModule } from '../backend';
import { DecisionRefusedError, refusedInput, UserError } from '../cases';
import { roundDashboard, type RoundDashboard } from './evaluationDashboard';

// ---- what the backend answers -----------------------------------------------------------

export type { RoundProgress, RoundStart, UnitMemberLine };

export type { RoundScheduleLine, ScheduleResult };

export interface EvaluationBackend {
  /** `startedBy`: the account that starts it, recorded as the actor of the round's first events. */
  startRound(args: { year: number; townshipIds: string[] | null; startedBy?: Actor }): Promise<RoundStart>;
  progress(roundId: string): Promise<RoundProgress>;
  status(args: { year?: number }): Promise<{ year: number | null; rounds: RoundDashboard[] }>;
  /** Creates or updates the yearly Schedule of a scope; `args` as entered, read by `parseRoundSchedule` (domain/evaluationSchedule.ts). */
  schedule(args: { cron?: string; townshipIds?: string[] | null }): Promise<ScheduleResult>;
  /** Every round Schedule, by id. Temporal lists a Schedule just created a moment later. */
  schedules(): Promise<RoundScheduleLine[]>;
  requestReview(caseId: string, actor: Actor, grounds: string): Promise<DecisionReceipt>;
  /** `filedOn`: the day the appeal was filed, when it is recorded afterwards. */
  requestAppeal(caseId: string, actor: Actor, grounds: string, filedOn?: string): Promise<DecisionReceipt>;
  unitMembers(roundId: string, unitId: string): Promise<UnitMemberLine[]>;
  /**
   * The committee's grades of a unit, as entered (`parseUnitGrading`, domain/evaluationGrading.ts):
   * named grades, the rest from the township's recommendations if asked; decided on the
   * round as `committee:<unitId>` by `actor`, the round checking the quota and the dates.
   */
  gradeUnit(roundId: string, unitId: string, actor: Actor, grading: unknown): Promise<UnitGraded>;
}

export interface UnitGraded {
  receipt: DecisionReceipt;
  cadres: number;
  excellent: number;
}

/** Each December 1st at 09:00 in the county's time zone; `--cron` changes it. */
export { DEFAULT_ROUND_CRON };
export const ROUND_TIMEZONE = 'Asia/Shanghai';
const SCHEDULE_PREFIX = 'evaluation-round-schedule/';

export function scheduleId(townshipIds: string[] | null): string {
  return `${SCHEDULE_PREFIX}${roundScope(townshipIds)}`;
}

/** The Schedule's note carries the expression it was set to: Temporal compiles a cron expression and never gives it back. */
const scheduleNote = (cron: string) => `cron ${cron} (${ROUND_TIMEZONE})`;
const cronOfNote = (note: string | undefined) => /^cron (.+) \(Asia\/Shanghai\)$/.exec(note ?? '')?.[1] ?? null;

function scopeTownship(townshipIds: string[] | null): string {
  return townshipIds?.length === 1 ? townshipIds[0]! : roundScope(townshipIds);
}

async function checkTownships(db: DB, townshipIds: string[] | null): Promise<void> {
  if (townshipIds === null) return;
  const rows = await db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'township')
    .where('org_unit_id', 'in', townshipIds)
    .execute();
  const known = new Set(rows.map((r) => r.org_unit_id));
  const unknown = townshipIds.filter((id) => !known.has(id));
  if (unknown.length > 0)
    throw new UserError(`no township ${unknown.join(', ')} in the registry (run \`cadreflow demo\` for the demo county)`);
}

function checkYear(year: number): void {
  if (!Number.isSafeInteger(year) || year < 2000 || year > 2100) throw new UserError(`--year must be a year such as 2026, got ${year}`);
}

function asRefusal(err: unknown): never {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
    throw new DecisionRefusedError(err.cause.type, err.cause.message);
  }
  throw err;
}

function temporalOf(deps: BackendDeps): Client {
  if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
  return deps.client;
}

/** The cadres of a unit in a round, with their township's recommendation, by person id. */
async function readUnitMembers(db: DB, roundId: string, unitId: string): Promise<UnitMemberLine[]> {
  const rows = await db
    .selectFrom('evaluation_cadres')
    .select(['person_id', 'person_name', 'recommended_grade', 'vote_proposal'])
    .where('round_id', '=', roundId)
    .where('unit_id', '=', unitId)
    .orderBy('person_id')
    .execute();
  return rows.map((r) => ({
    personId: r.person_id,
    name: r.person_name,
    recommended: r.recommended_grade,
    voteProposal: r.vote_proposal,
  }));
}

export const evaluationBackend = {
  name: 'evaluation',
  /** `clock` gives today for the start's year check (a test passes a fixed day). */
  create(deps: BackendDeps, clock: () => number = Date.now): EvaluationBackend {
    const { db } = deps;
    return {
      async startRound({ year, townshipIds, startedBy }) {
        checkYear(year);
        const allowed = checkRoundYear(year, shanghaiDate(clock()), deps.policy.evaluation);
        if (!allowed.ok) throw new UserError(allowed.error);
        const ids = townshipIds && townshipIds.length > 0 ? [...new Set(townshipIds)].sort() : null;
        await checkTownships(db, ids);
        const scope = roundScope(ids);
        const roundId = roundWorkflowId(year, scope);
        const input: EvaluationRoundInput = { year, townshipIds: ids, policy: deps.policy, ...(startedBy ? { startedBy } : {}) };
        try {
          await temporalOf(deps).workflow.start('evaluationRound', {
            taskQueue: deps.taskQueue,
            workflowId: roundId,
            args: [input],
            // A closed round stays the year's round: starting it again must not run it twice.
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
            typedSearchAttributes: caseSearchAttributes('evaluation-round', scopeTownship(ids), `${year}/${scope}`),
          });
          return { roundId, started: true };
        } catch (err) {
          if (err instanceof WorkflowExecutionAlreadyStartedError) return { roundId, started: false };
          throw err;
        }
      },

      async progress(roundId) {
        const round = await db.selectFrom('evaluation_rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
        const { n } = await db
          .selectFrom('evaluation_cadres')
          .select((eb) => eb.fn.countAll<bigint>().as('n'))
          .where('round_id', '=', roundId)
          .executeTakeFirstOrThrow();
        const units = round
          ? await db
              .selectFrom('evaluation_units')
              .select(['unit_id', 'assessed', 'allowed_excellent'])
              .where('round_id', '=', roundId)
              .orderBy('unit_id')
              .execute()
          : [];
        return {
          roundId,
          known: round !== undefined,
          status: round?.status ?? null,
          cadres: round?.cadres ?? null,
          casesStarted: Number(n),
          started: round?.started ?? null,
          skipped: round?.skipped ?? null,
          units: units.map((u) => ({ unitId: u.unit_id, assessed: u.assessed, allowedExcellent: u.allowed_excellent })),
        };
      },

      async status({ year }) {
        const latest = await db
          .selectFrom('evaluation_rounds')
          .select((eb) => eb.fn.max('year').as('year'))
          .executeTakeFirst();
        const y = year ?? latest?.year ?? null;
        if (y === null) return { year: null, rounds: [] };
        const rounds = await db.selectFrom('evaluation_rounds').select('round_id').where('year', '=', y).orderBy('round_id').execute();
        const now = new Date();
        const out: RoundDashboard[] = [];
        for (const r of rounds) {
          const d = await roundDashboard(db, r.round_id, now);
          if (d) out.push(d);
        }
        return { year: y, rounds: out };
      },

      async schedule(raw) {
        const parsed = parseRoundSchedule(raw);
        if (!parsed.ok) throw refusedInput(parsed);
        const { cron, townshipIds: ids } = parsed.value;
        await checkTownships(db, ids);
        const client = temporalOf(deps);
        const id = scheduleId(ids);
        const input: ScheduledRoundInput = { townshipIds: ids, policy: deps.policy };
        const spec = { cronExpressions: [cron], timezone: ROUND_TIMEZONE };
        const action = {
          type: 'startWorkflow' as const,
          workflowType: 'scheduledEvaluationRound',
          taskQueue: deps.taskQueue,
          args: [input],
          workflowId: `evaluation-round-launch/${roundScope(ids)}`,
          typedSearchAttributes: caseSearchAttributes('evaluation-round', scopeTownship(ids), roundScope(ids)),
        };
        let created = true;
        try {
          await client.schedule.create({
            scheduleId: id,
            spec,
            action,
            policies: { overlap: 'SKIP' },
            state: { note: scheduleNote(cron) },
          });
        } catch (err) {
          if (!(err instanceof ScheduleAlreadyRunning)) throw err;
          created = false;
          await client.schedule
            .getHandle(id)
            .update((previous) => ({ ...previous, spec, action, state: { ...previous.state, note: scheduleNote(cron) } }));
        }
        const described = await client.schedule.getHandle(id).describe();
        return {
          scheduleId: id,
          created,
          cron,
          timezone: ROUND_TIMEZONE,
          nextRuns: described.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
        };
      },

      async schedules() {
        const out: RoundScheduleLine[] = [];
        for await (const s of temporalOf(deps).schedule.list()) {
          if (!s.scheduleId.startsWith(SCHEDULE_PREFIX)) continue;
          const scope = s.scheduleId.slice(SCHEDULE_PREFIX.length);
          out.push({
            scheduleId: s.scheduleId,
            scope,
            townshipIds: scope === COUNTY_SCOPE ? null : scope.split('+'),
            cron: cronOfNote(s.state.note),
            timezone: ROUND_TIMEZONE,
            paused: s.state.paused,
            nextRuns: s.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()),
            recentRuns: s.info.recentActions
              .slice(-3)
              .reverse()
              .map((a) => ({ scheduledAt: a.scheduledAt.toISOString(), workflowId: a.action.workflow.workflowId })),
          });
        }
        return out.sort((a, b) => (a.scheduleId < b.scheduleId ? -1 : a.scheduleId > b.scheduleId ? 1 : 0));
      },

      async requestReview(caseId, actor, grounds) {
        // Refused before anything is sent, by the parser the case reads it with.
        const parsed = parseReviewRequest({ grounds });
        if (!parsed.ok) throw new DecisionRefusedError('MalformedDecision', parsed.error);
        try {
          return await temporalOf(deps)
            .workflow.getHandle(caseId)
            .executeUpdate(requestReviewUpdate, { args: [{ actor, decision: { grounds } }] });
        } catch (err) {
          return asRefusal(err);
        }
      },

      async requestAppeal(caseId, actor, grounds, filedOn) {
        const decision = { grounds, ...(filedOn !== undefined ? { filedOn } : {}) };
        const parsed = parseAppealRequest(decision);
        if (!parsed.ok) throw new DecisionRefusedError('MalformedDecision', parsed.error);
        try {
          return await temporalOf(deps)
            .workflow.getHandle(caseId)
            .executeUpdate(requestAppealUpdate, { args: [{ actor, decision }] });
        } catch (err) {
          return asRefusal(err);
        }
      },

      async gradeUnit(roundId, unitId, actor, raw) {
        const grading = parseUnitGrading(raw);
        if (!grading.ok) throw refusedInput(grading);
        const decision = unitGradesOf(unitId, await readUnitMembers(db, roundId, unitId), grading.value);
        if (!decision.ok) throw refusedInput(decision);
        const receipt = await decide(temporalOf(deps), roundId, `committee:${unitId}`, actor, decision.value);
        const grades = Object.values(decision.value.grades as Record<string, { grade: Grade }>);
        return { receipt, cadres: grades.length, excellent: grades.filter((g) => g.grade === 'excellent').length };
      },

      unitMembers: (roundId, unitId) => readUnitMembers(db, roundId, unitId),
    };
  },
} satisfies BackendModule<EvaluationBackend>;
