/**
 * `cadreflow evaluation …`: annual evaluation rounds (年度考核) — start one by hand or
 * from a Temporal Schedule, watch its cases start, read its dashboard, and the two
 * decisions the generic `decide` does not cover (a cadre's review request and appeal, and the
 * committee's grades for a whole unit built from the township's recommendations).
 *
 * The calls go through a BackendModule, so they work with the embedded database too
 * (through the running `cadreflow up`).
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { ScheduleAlreadyRunning, WorkflowExecutionAlreadyStartedError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor } from '../../domain/actors';
import { gradeLabel, GRADES, type Grade } from '../../domain/grades';
import { checkRoundYear, roundScope, roundWorkflowId, COUNTY_SCOPE } from '../../domain/evaluationRound';
import { shanghaiDate } from '../../domain/calendar';
import type { DB } from '../../schema/db';
import type { EvaluationRemovalReason, EvaluationWarningStatus } from '../../schema/tables/evaluation';
import type { DecisionReceipt } from '../../workflows/kit/messages';
import { requestAppealUpdate, requestReviewUpdate } from '../../workflows/evaluation';
import type { EvaluationRoundInput, ScheduledRoundInput } from '../../workflows/evaluationRound';
import { caseSearchAttributes } from '../../workflows/searchAttributes';
import { commandActor, withBackend, withModule, type BackendDeps, type BackendModule } from '../backend';
import { DecisionRefusedError, UserError } from '../cases';
import type { Config } from '../config';
import { table } from '../views';
import { COUNTY_ROLES, DECIDING_ROLES, dayOption } from '../actorArgs';

// ---- what the backend answers -----------------------------------------------------------

export interface RoundStart {
  roundId: string;
  started: boolean;
}

export interface RoundProgress {
  roundId: string;
  /** False until the round's first events are in the read model. */
  known: boolean;
  status: string | null;
  /** Cadres found in scope. */
  cadres: number | null;
  /** Cases whose start the read model shows. */
  casesStarted: number;
  /** Set once every start has been answered. */
  started: number | null;
  skipped: number | null;
  units: Array<{ unitId: string; assessed: number; allowedExcellent: number }>;
}

export type GradeCounts = Record<Grade, number>;

export interface TownshipLine {
  townshipId: string;
  name: string;
  cadres: number;
  /** The committee has fixed a grade (it may still change by an objection or a review). */
  done: number;
  final: number;
  pending: number;
  /** Cadres with a task past its due date. */
  overdue: number;
  grades: GradeCounts;
  warnings: number;
  removalFlags: number;
}

export interface UnitLine {
  unitId: string;
  townshipId: string;
  assessed: number;
  allowedExcellent: number;
  excellentNow: number;
  gradedAt: string | null;
  gradedBy: string | null;
  /** The committee's task is past its due date. */
  overdue: boolean;
}

export interface RoundDashboard {
  roundId: string;
  year: number;
  scope: string;
  status: string;
  cadres: number;
  started: number | null;
  skipped: number | null;
  quotaPercent: number;
  startedAt: string;
  completedAt: string | null;
  townships: TownshipLine[];
  units: UnitLine[];
  totals: Omit<TownshipLine, 'townshipId' | 'name'>;
  /** Who the counts `warnings` and `removalFlags` are: the cadres the department must act on. */
  flagged: FlaggedCadre[];
}

/** A cadre of the round under a warning (诫勉) or flagged for removal. */
export interface FlaggedCadre {
  caseId: string;
  personId: string;
  name: string;
  townshipId: string;
  warning: EvaluationWarningStatus;
  removalFlag: EvaluationRemovalReason | null;
}

export interface UnitMemberLine {
  personId: string;
  name: string;
  recommended: Grade | null;
  voteProposal: 'excellent' | 'not-competent' | null;
}

export interface ScheduleResult {
  scheduleId: string;
  created: boolean;
  cron: string;
  timezone: string;
  nextRuns: string[];
}

export interface EvaluationBackend {
  startRound(args: { year: number; townshipIds: string[] | null }): Promise<RoundStart>;
  progress(roundId: string): Promise<RoundProgress>;
  status(args: { year?: number }): Promise<{ year: number | null; rounds: RoundDashboard[] }>;
  schedule(args: { cron: string; townshipIds: string[] | null }): Promise<ScheduleResult>;
  requestReview(caseId: string, actor: Actor, grounds: string): Promise<DecisionReceipt>;
  /** `filedOn`: the day the appeal was filed, when it is recorded afterwards. */
  requestAppeal(caseId: string, actor: Actor, grounds: string, filedOn?: string): Promise<DecisionReceipt>;
  unitMembers(roundId: string, unitId: string): Promise<UnitMemberLine[]>;
}

/** Each December 1st at 09:00 in the county's time zone; `--cron` changes it. */
export const DEFAULT_ROUND_CRON = '0 9 1 12 *';
export const ROUND_TIMEZONE = 'Asia/Shanghai';

export function scheduleId(townshipIds: string[] | null): string {
  return `evaluation-round-schedule/${roundScope(townshipIds)}`;
}

function scopeTownship(townshipIds: string[] | null): string {
  return townshipIds?.length === 1 ? townshipIds[0]! : roundScope(townshipIds);
}

async function checkTownships(db: DB, townshipIds: string[] | null): Promise<void> {
  if (townshipIds === null) return;
  const rows = await db.selectFrom('org_units').select('org_unit_id').where('kind', '=', 'township').where('org_unit_id', 'in', townshipIds).execute();
  const known = new Set(rows.map((r) => r.org_unit_id));
  const unknown = townshipIds.filter((id) => !known.has(id));
  if (unknown.length > 0) throw new UserError(`no township ${unknown.join(', ')} in the registry (run \`cadreflow demo\` for the demo county)`);
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

function emptyCounts(): GradeCounts {
  return Object.fromEntries(GRADES.map((g) => [g, 0])) as GradeCounts;
}

export async function roundDashboard(db: DB, roundId: string, now: Date): Promise<RoundDashboard | undefined> {
  const round = await db.selectFrom('evaluation_rounds').selectAll().where('round_id', '=', roundId).executeTakeFirst();
  if (!round) return undefined;
  const cadres = await db
    .selectFrom('evaluation_cadres')
    .select(['case_id', 'person_id', 'person_name', 'township_id', 'grade', 'grade_status', 'warning', 'removal_flag'])
    .where('round_id', '=', roundId)
    .orderBy('township_id')
    .orderBy('person_id')
    .execute();
  const overdueRows = await db
    .selectFrom('tasks')
    .innerJoin('evaluation_cadres as c', 'c.case_id', 'tasks.case_id')
    .select(['tasks.case_id'])
    .where('c.round_id', '=', roundId)
    .where('tasks.status', '=', 'pending')
    .where('tasks.due_at', '<', now)
    .execute();
  const overdue = new Set(overdueRows.map((r) => r.case_id));
  const names = new Map(
    (await db.selectFrom('org_units').select(['org_unit_id', 'name']).where('kind', '=', 'township').execute()).map((r) => [r.org_unit_id, r.name]),
  );
  const lines = new Map<string, TownshipLine>();
  const blank = (townshipId: string): TownshipLine => ({
    townshipId,
    name: names.get(townshipId) ?? townshipId,
    cadres: 0,
    done: 0,
    final: 0,
    pending: 0,
    overdue: 0,
    grades: emptyCounts(),
    warnings: 0,
    removalFlags: 0,
  });
  for (const c of cadres) {
    const line = lines.get(c.township_id) ?? blank(c.township_id);
    lines.set(c.township_id, line);
    line.cadres += 1;
    if (c.grade_status === 'pending') line.pending += 1;
    else line.done += 1;
    if (c.grade_status === 'final') line.final += 1;
    if (c.grade !== null && c.grade_status !== 'pending') line.grades[c.grade] += 1;
    if (overdue.has(c.case_id)) line.overdue += 1;
    if (c.warning !== 'none') line.warnings += 1;
    if (c.removal_flag !== null) line.removalFlags += 1;
  }
  const units = await db.selectFrom('evaluation_units').selectAll().where('round_id', '=', roundId).orderBy('unit_id').execute();
  const committeeOverdue = new Set(
    (
      await db
        .selectFrom('tasks')
        .select('step')
        .where('case_id', '=', roundId)
        .where('status', '=', 'pending')
        .where('due_at', '<', now)
        .execute()
    ).map((r) => r.step),
  );
  const excellentNow = new Map<string, number>();
  for (const c of await db.selectFrom('evaluation_cadres').select(['unit_id', 'grade']).where('round_id', '=', roundId).where('grade', '=', 'excellent').where('grade_status', '!=', 'pending').execute()) {
    excellentNow.set(c.unit_id, (excellentNow.get(c.unit_id) ?? 0) + 1);
  }
  const townships = [...lines.values()].sort((a, b) => (a.townshipId < b.townshipId ? -1 : 1));
  const totals = blank('');
  for (const t of townships) {
    for (const k of ['cadres', 'done', 'final', 'pending', 'overdue', 'warnings', 'removalFlags'] as const) totals[k] += t[k];
    for (const g of GRADES) totals.grades[g] += t.grades[g];
  }
  const { townshipId: _t, name: _n, ...totalCounts } = totals;
  return {
    roundId,
    year: round.year,
    scope: round.scope,
    status: round.status,
    cadres: round.cadres,
    started: round.started,
    skipped: round.skipped,
    quotaPercent: round.quota_percent,
    startedAt: round.started_at.toISOString(),
    completedAt: round.completed_at?.toISOString() ?? null,
    townships,
    units: units.map((u) => ({
      unitId: u.unit_id,
      townshipId: u.township_id,
      assessed: u.assessed,
      allowedExcellent: u.allowed_excellent,
      excellentNow: excellentNow.get(u.unit_id) ?? 0,
      gradedAt: u.graded_at?.toISOString() ?? null,
      gradedBy: u.graded_by,
      overdue: committeeOverdue.has(`committee:${u.unit_id}`),
    })),
    totals: totalCounts,
    flagged: cadres
      .filter((c) => c.warning !== 'none' || c.removal_flag !== null)
      .map((c) => ({ caseId: c.case_id, personId: c.person_id, name: c.person_name, townshipId: c.township_id, warning: c.warning, removalFlag: c.removal_flag })),
  };
}

function temporalOf(deps: BackendDeps): Client {
  if (!deps.client) throw new UserError('Temporal is not reachable: start the stack with `cadreflow up` (or set TEMPORAL_ADDRESS)');
  return deps.client;
}

export const evaluationBackend = {
  name: 'evaluation',
  /** `clock` gives today for the start's year check (a test passes a fixed day). */
  create(deps: BackendDeps, clock: () => number = Date.now): EvaluationBackend {
    const { db } = deps;
    return {
      async startRound({ year, townshipIds }) {
        checkYear(year);
        const allowed = checkRoundYear(year, shanghaiDate(clock()), deps.policy.evaluation);
        if (!allowed.ok) throw new UserError(allowed.error);
        const ids = townshipIds && townshipIds.length > 0 ? [...new Set(townshipIds)].sort() : null;
        await checkTownships(db, ids);
        const scope = roundScope(ids);
        const roundId = roundWorkflowId(year, scope);
        const input: EvaluationRoundInput = { year, townshipIds: ids, policy: deps.policy };
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
          ? await db.selectFrom('evaluation_units').select(['unit_id', 'assessed', 'allowed_excellent']).where('round_id', '=', roundId).orderBy('unit_id').execute()
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
        const latest = await db.selectFrom('evaluation_rounds').select((eb) => eb.fn.max('year').as('year')).executeTakeFirst();
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

      async schedule({ cron, townshipIds }) {
        const ids = townshipIds && townshipIds.length > 0 ? [...new Set(townshipIds)].sort() : null;
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
          await client.schedule.create({ scheduleId: id, spec, action, policies: { overlap: 'SKIP' } });
        } catch (err) {
          if (!(err instanceof ScheduleAlreadyRunning)) throw err;
          created = false;
          await client.schedule.getHandle(id).update((previous) => ({ ...previous, spec, action }));
        }
        const described = await client.schedule.getHandle(id).describe();
        return { scheduleId: id, created, cron, timezone: ROUND_TIMEZONE, nextRuns: described.info.nextActionTimes.slice(0, 3).map((d) => d.toISOString()) };
      },

      async requestReview(caseId, actor, grounds) {
        try {
          return await temporalOf(deps).workflow.getHandle(caseId).executeUpdate(requestReviewUpdate, { args: [{ actor, decision: { grounds } }] });
        } catch (err) {
          return asRefusal(err);
        }
      },

      async requestAppeal(caseId, actor, grounds, filedOn) {
        const decision = { grounds, ...(filedOn !== undefined ? { filedOn } : {}) };
        try {
          return await temporalOf(deps).workflow.getHandle(caseId).executeUpdate(requestAppealUpdate, { args: [{ actor, decision }] });
        } catch (err) {
          return asRefusal(err);
        }
      },

      async unitMembers(roundId, unitId) {
        const rows = await db
          .selectFrom('evaluation_cadres')
          .select(['person_id', 'person_name', 'recommended_grade', 'vote_proposal'])
          .where('round_id', '=', roundId)
          .where('unit_id', '=', unitId)
          .orderBy('person_id')
          .execute();
        return rows.map((r) => ({ personId: r.person_id, name: r.person_name, recommended: r.recommended_grade, voteProposal: r.vote_proposal }));
      },
    };
  },
} satisfies BackendModule<EvaluationBackend>;

// ---- rendering ---------------------------------------------------------------------------

const label = (g: Grade): string => gradeLabel(g, 'organ');

export function renderDashboard(d: RoundDashboard): string {
  const head =
    `${d.roundId}  ${d.year}年度考核 · scope ${d.scope} · ${d.status} · ${d.cadres} cadres` +
    `${d.started !== null ? ` (${d.started} cases${d.skipped ? `, ${d.skipped} assessed by another round` : ''})` : ''} · 优秀 ≤ ${d.quotaPercent}% per unit`;
  const row = (name: string, t: Omit<TownshipLine, 'townshipId' | 'name'>): Record<string, string> => ({
    township: name,
    cadres: String(t.cadres),
    done: String(t.done),
    final: String(t.final),
    pending: String(t.pending),
    overdue: String(t.overdue),
    ...Object.fromEntries(GRADES.map((g) => [label(g), String(t.grades[g])])),
    '诫勉': String(t.warnings),
    removal: String(t.removalFlags),
  });
  const townships = table([...d.townships.map((t) => row(`${t.townshipId} ${t.name}`, t)), row('total', d.totals)]);
  const units = table(
    d.units.map((u) => ({
      unit: u.unitId,
      assessed: String(u.assessed),
      '优秀 allowed': String(u.allowedExcellent),
      '优秀 now': String(u.excellentNow),
      committee: u.gradedAt ? `graded ${u.gradedAt.slice(0, 10)} by ${u.gradedBy}` : u.overdue ? 'OVERDUE' : 'waiting',
    })),
  );
  const flagged =
    d.flagged.length === 0
      ? []
      : [
          '',
          table(
            d.flagged.map((f) => ({
              'warned or flagged': `${f.personId} ${f.name}`,
              township: f.townshipId,
              '诫勉': WARNING_WORDS[f.warning],
              removal: f.removalFlag === null ? '—' : REMOVAL_WORDS[f.removalFlag],
              case: f.caseId,
            })),
          ),
        ];
  return [head, '', townships, '', units, ...flagged].join('\n');
}

const WARNING_WORDS: Record<EvaluationWarningStatus, string> = {
  none: '—',
  issued: 'warned, re-rating due',
  passed: 're-rating passed',
  removal: 're-rating failed',
};

const REMOVAL_WORDS: Record<EvaluationRemovalReason, string> = {
  'two-years-not-competent': 'two years 不称职',
  'failed-re-rating': 'failed re-rating',
};

// ---- commands ------------------------------------------------------------------------------

const collect = (v: string, prev: string[]) => [...prev, v];

function townshipList(list: string[]): string[] | null {
  const ids = list.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  return ids.length > 0 ? ids : null;
}

/** Shows the cases of a round starting: a bar on a terminal, a line now and then otherwise. */
async function followStart(mod: EvaluationBackend, roundId: string, startedAt: number): Promise<RoundProgress> {
  const tty = Boolean(process.stdout.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  let lastCount = -1;
  let lastChange = Date.now();
  const STALL_MS = 60_000;
  try {
    for (;;) {
      const p = await mod.progress(roundId);
      if (p.casesStarted !== lastCount) {
        lastCount = p.casesStarted;
        lastChange = Date.now();
      }
      if (p.cadres !== null) {
        if (tty && !bar) {
          bar = new cliProgress.SingleBar(
            { format: 'starting cases [{bar}] {value}/{total} {duration_formatted}', stream: process.stdout, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.cadres, p.casesStarted);
        }
        bar?.update(p.casesStarted);
        if (!tty && (Date.now() - lastLine >= 1000 || p.started !== null)) {
          lastLine = Date.now();
          console.log(`started ${p.casesStarted}/${p.cadres} cases (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
        }
      }
      if (p.started !== null && p.casesStarted >= p.started) return p;
      if (Date.now() - lastChange > STALL_MS) {
        throw new UserError(`no progress on ${roundId} for ${STALL_MS / 1000} s: is a worker running on this task queue?`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    bar?.stop();
  }
}

/** A county has two dozen units: past a handful, the dashboard lists them. */
function describeUnits(p: RoundProgress): string {
  if (p.units.length <= 4) return `units: ${p.units.map((u) => `${u.unitId}: ${u.assessed} assessed, ≤ ${u.allowedExcellent} 优秀`).join('; ')}`;
  const allowed = p.units.reduce((n, u) => n + u.allowedExcellent, 0);
  return `${p.units.length} units of assessment, ≤ ${allowed} 优秀 in all (\`cadreflow evaluation status\` lists them)`;
}

interface GradeOptions {
  as?: string;
  acceptRecommended?: boolean;
  set: string[];
  reason: string[];
  gradedOn?: string;
  noticePostedOn?: string;
  approvalPercent?: string;
  approvalReference?: string;
  approvedOn?: string;
}

/**
 * The committee's `quotaApproval` from the grade command's flags. Only the flags' shape is
 * checked here; whether the percent may be used is the round's to say, with its policy.
 */
function approvalOf(opts: GradeOptions): { percent: number; reference: string; approvedOn?: string } | undefined {
  const given = opts.approvalPercent !== undefined || opts.approvalReference !== undefined || opts.approvedOn !== undefined;
  if (!given) return undefined;
  if (opts.approvalPercent === undefined || opts.approvalReference === undefined) {
    throw new UserError('an approval needs both --approval-percent and --approval-reference');
  }
  if (!/^\d+$/.test(opts.approvalPercent)) throw new UserError(`--approval-percent ${opts.approvalPercent}: expected a whole percent, e.g. 25`);
  dayOption(opts.approvedOn, '--approved-on');
  return {
    percent: Number(opts.approvalPercent),
    reference: opts.approvalReference,
    ...(opts.approvedOn !== undefined ? { approvedOn: opts.approvedOn } : {}),
  };
}

export function registerEvaluationCommands(program: Command, config: Config): void {
  const evaluation = program.command('evaluation').description('年度考核: annual evaluation rounds');

  evaluation
    .command('start')
    .description('start the round of a year over the county or some townships (one case per cadre); again: starts nothing')
    .requiredOption('--year <year>', 'the year assessed, e.g. 2026', (v) => Number(v))
    .option('--township <id>', 'a township in scope (repeatable; default: the whole county)', collect, [])
    .action(async (opts: { year: number; township: string[] }) => {
      await commandActor(config, 'evaluation start', COUNTY_ROLES);
      await withModule(config, evaluationBackend, async (mod) => {
        const t0 = Date.now();
        const townshipIds = townshipList(opts.township);
        const r = await mod.startRound({ year: opts.year, townshipIds });
        if (!r.started) {
          const p = await mod.progress(r.roundId);
          console.log(`${r.roundId} already exists; nothing started (${p.casesStarted} cases)`);
          return;
        }
        console.log(`started ${r.roundId}; starting one case per cadre in ${townshipIds ? townshipIds.join(', ') : COUNTY_SCOPE}`);
        const p = await followStart(mod, r.roundId, t0);
        console.log(
          `${r.roundId}: ${p.started} cases started, ${p.skipped ?? 0} already assessed by another round, ` +
            `in ${((Date.now() - t0) / 1000).toFixed(1)} s; ${describeUnits(p)}`,
        );
      });
    });

  evaluation
    .command('status')
    .description('the round dashboard: per township done, pending, overdue and the grades; per unit the 优秀 quota')
    .option('--year <year>', 'the year (default: the latest with a round)', (v) => Number(v))
    .option('--json', 'print JSON')
    .action(async (opts: { year?: number; json?: boolean }) =>
      withModule(config, evaluationBackend, async (mod) => {
        const s = await mod.status({ year: opts.year });
        if (opts.json) return console.log(JSON.stringify(s, null, 2));
        if (s.rounds.length === 0) return console.log(s.year === null ? 'no evaluation rounds yet' : `no evaluation rounds for ${s.year}`);
        console.log(s.rounds.map(renderDashboard).join('\n\n'));
      }),
    );

  evaluation
    .command('schedule')
    .description('create or update the Temporal Schedule that starts the round each year (default: December 1st, 09:00 Asia/Shanghai)')
    .option('--cron <expr>', 'when, as a cron expression in Asia/Shanghai', DEFAULT_ROUND_CRON)
    .option('--township <id>', 'a township in scope (repeatable; default: the whole county)', collect, [])
    .action(async (opts: { cron: string; township: string[] }) => {
      await commandActor(config, 'evaluation schedule', COUNTY_ROLES);
      await withModule(config, evaluationBackend, async (mod) => {
        const r = await mod.schedule({ cron: opts.cron, townshipIds: townshipList(opts.township) });
        console.log(`${r.created ? 'created' : 'updated'} schedule ${r.scheduleId}: "${r.cron}" (${r.timezone}); next: ${r.nextRuns.join(', ') || 'none'}`);
      });
    });

  evaluation
    .command('grade')
    .description('the committee fixes the grades of a unit: the township recommendations, with changes (checked against the 优秀 quota)')
    .argument('<round>', 'round id, e.g. evaluation-round/2026/ts-04')
    .argument('<unit>', 'unit of assessment, e.g. ts-04/villages')
    .option('--as <who>', 'admin accounts only: on whose behalf the grades are entered (org[:name] for the county organization department)')
    .option('--accept-recommended', 'grade everyone not named by --set as the township recommended')
    .option('--set <person=grade>', `a grade (${GRADES.join(' | ')}); repeatable`, collect, [])
    .option('--reason <person=text>', 'the reason for a grade (required for not-competent); repeatable', collect, [])
    .option('--graded-on <YYYY-MM-DD>', 'the day the committee met, when its grades are recorded afterwards')
    .option('--notice-posted-on <YYYY-MM-DD>', 'the day the 优秀 notice was posted, when before today (needs --graded-on)')
    .option('--approval-percent <n>', '优秀 quota raised by an approval (批复) to this percent, up to the policy’s ceiling (needs --approval-reference)')
    .option('--approval-reference <text>', 'the approving document, e.g. its number')
    .option('--approved-on <YYYY-MM-DD>', 'the day of the approval')
    .action(async (roundId: string, unitId: string, opts: GradeOptions) => {
      dayOption(opts.gradedOn, '--graded-on');
      dayOption(opts.noticePostedOn, '--notice-posted-on');
      const actor = await commandActor(config, 'evaluation grade', DECIDING_ROLES, { as: opts.as });
      const quotaApproval = approvalOf(opts);
      const pairs = (list: string[], what: string) =>
        new Map(
          list.map((s) => {
            const eq = s.indexOf('=');
            if (eq <= 0) throw new UserError(`--${what} ${s}: expected person=value`);
            return [s.slice(0, eq), s.slice(eq + 1)] as const;
          }),
        );
      const set = pairs(opts.set, 'set');
      const reasons = pairs(opts.reason, 'reason');
      const members = await withModule(config, evaluationBackend, (mod) => mod.unitMembers(roundId, unitId));
      if (members.length === 0) throw new UserError(`no cadres of ${unitId} in ${roundId}`);
      const grades: Record<string, { grade: string; reason: string }> = {};
      for (const m of members) {
        const grade = set.get(m.personId) ?? (opts.acceptRecommended ? m.recommended : null);
        if (!grade) throw new UserError(`${m.personId} ${m.name}: no grade (--set ${m.personId}=… or --accept-recommended)`);
        grades[m.personId] = { grade, reason: reasons.get(m.personId) ?? '' };
      }
      const unknown = [...set.keys()].filter((id) => !(id in grades));
      if (unknown.length > 0) throw new UserError(`not in ${unitId}: ${unknown.join(', ')}`);
      await withBackend(config, async (backend) => {
        const dated = {
          ...(opts.gradedOn !== undefined ? { gradedOn: opts.gradedOn } : {}),
          ...(opts.noticePostedOn !== undefined ? { noticePostedOn: opts.noticePostedOn } : {}),
        };
        const r = await backend.decide(roundId, `committee:${unitId}`, actor, { grades, ...dated, ...(quotaApproval ? { quotaApproval } : {}) });
        const excellent = Object.values(grades).filter((g) => g.grade === 'excellent').length;
        console.log(`graded ${unitId}: ${members.length} cadres, ${excellent} 优秀 (event position ${r.position})`);
      });
    });

  evaluation
    .command('review-request')
    .description("record a cadre's request for a review (复核) of the grade, within the window after the written notification")
    .argument('<case>', 'the cadre’s case, e.g. evaluation/2026/p-0123')
    .option('--as <who>', 'admin accounts only: on whose behalf it is recorded: ts-NN (the cadre’s township committee) or org')
    .requiredOption('--grounds <text>', 'the cadre’s grounds')
    .action(async (caseId: string, opts: { as?: string; grounds: string }) => {
      const actor = await commandActor(config, 'evaluation review-request', DECIDING_ROLES, { as: opts.as });
      await withModule(config, evaluationBackend, async (mod) => {
        await mod.requestReview(caseId, actor, opts.grounds);
        console.log(`review requested for ${caseId}; the county decides it as task review:<person> of the round`);
      });
    });

  evaluation
    .command('appeal-request')
    .description("record a cadre's appeal (申诉) against the review's decision, within the window after it")
    .argument('<case>', 'the cadre’s case, e.g. evaluation/2026/p-0123')
    .option('--as <who>', 'admin accounts only: on whose behalf it is recorded: ts-NN (the cadre’s township committee) or org')
    .requiredOption('--grounds <text>', 'the cadre’s grounds')
    .option('--filed-on <YYYY-MM-DD>', 'the day the appeal was filed, when it is recorded afterwards (not before the review was decided)')
    .action(async (caseId: string, opts: { as?: string; grounds: string; filedOn?: string }) => {
      dayOption(opts.filedOn, '--filed-on');
      const actor = await commandActor(config, 'evaluation appeal-request', DECIDING_ROLES, { as: opts.as });
      await withModule(config, evaluationBackend, async (mod) => {
        await mod.requestAppeal(caseId, actor, opts.grounds, opts.filedOn);
        console.log(`appeal filed for ${caseId}; the county decides it as task appeal:<person> of the round`);
      });
    });
}
