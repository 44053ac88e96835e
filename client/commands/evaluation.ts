/**
 * `cadreflow evaluation …`: annual evaluation rounds (年度考核) — start one by hand or
 * from a Temporal Schedule, watch its cases start, read its dashboard, and the two
 * decisions the generic `decide` does not cover (a cadre's review request and appeal, and the
 * committee's grades for a whole unit built from the township's recommendations).
 *
 * The calls go through the BackendModule in client/commands/evaluationBackend.ts, so they
 * work with the embedded database too (through the running `cadreflow up`); the dashboard
 * `status` prints is client/commands/evaluationDashboard.ts.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { COUNTY_SCOPE } from '../../domain/evaluationRound';
import { GRADES } from '../../domain/grades';
import { commandActor, withModule } from '../backend';
import { UserError } from '../cases';
import type { Config } from '../config';
import { COUNTY_ROLES, DECIDING_ROLES, dayOption } from '../actorArgs';
import { DEFAULT_ROUND_CRON, evaluationBackend, type EvaluationBackend, type RoundProgress } from './evaluationBackend';
import { renderDashboard } from './evaluationDashboard';

// ---- commands ------------------------------------------------------------------------------

const collect = (v: string, prev: string[]) => [...prev, v];

function townshipList(list: string[]): string[] | null {
  const ids = list
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
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
  if (p.units.length <= 4)
    return `units: ${p.units.map((u) => `${u.unitId}: ${u.assessed} assessed, ≤ ${u.allowedExcellent} 优秀`).join('; ')}`;
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
  if (!/^\d+$/.test(opts.approvalPercent))
    throw new UserError(`--approval-percent ${opts.approvalPercent}: expected a whole percent, e.g. 25`);
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
      const actor = await commandActor(config, 'evaluation start', COUNTY_ROLES);
      await withModule(config, evaluationBackend, async (mod) => {
        const t0 = Date.now();
        const townshipIds = townshipList(opts.township);
        const r = await mod.startRound({ year: opts.year, townshipIds, startedBy: actor });
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
        console.log(
          `${r.created ? 'created' : 'updated'} schedule ${r.scheduleId}: "${r.cron}" (${r.timezone}); next: ${r.nextRuns.join(', ') || 'none'}`,
        );
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
    .option(
      '--approval-percent <n>',
      '优秀 quota raised by an approval (批复) to this percent, up to the policy’s ceiling (needs --approval-reference)',
    )
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
      // The flags as the API's body, read by the same parser (domain/evaluationGrading.ts) in the service.
      const r = await withModule(config, evaluationBackend, (mod) =>
        mod.gradeUnit(roundId, unitId, actor, {
          acceptRecommended: Boolean(opts.acceptRecommended),
          grades: Object.fromEntries(pairs(opts.set, 'set')),
          reasons: Object.fromEntries(pairs(opts.reason, 'reason')),
          ...(opts.gradedOn !== undefined ? { gradedOn: opts.gradedOn } : {}),
          ...(opts.noticePostedOn !== undefined ? { noticePostedOn: opts.noticePostedOn } : {}),
          ...(quotaApproval ? { quotaApproval } : {}),
        }),
      );
      console.log(`graded ${unitId}: ${r.cadres} cadres, ${r.excellent} 优秀 (event position ${r.receipt.position})`);
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
