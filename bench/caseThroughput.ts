/**
 * case-throughput: annual-evaluation cases from their start to the grade that stands,
 * every decision driven by a load client, against bare workflows of the same shape on a
 * bare worker; and the same project run with one worker process against two on one
 * task queue (scale-out). Each run has a Temporal dev server and a database of its own.
 *
 * Project run: an evaluation round over enough townships of the demo county for the
 * wanted number of cases (`cadreflow evaluation start` through its backend; beyond the
 * county's 1,057 cadres, townships of 500 more, bench/lib/extraCadres.ts), then 50
 * load lanes, each taking a case as soon as its `EvaluationStarted` reaches the read
 * model and deciding its five township steps (self-summary, democratic rating,
 * quantified score, supervisor's comment, township recommendation — all 称职) in order,
 * each once its task is open in the `tasks` read model, through client/cases.ts
 * `decide` (the Temporal Update the CLI and API use). The committee grades each unit as
 * soon as its task opens, recorded as having met 70 days ago; each case's written
 * notification is then decided as received 40 days ago, so the 30-day review window is
 * already over and the grade becomes final at once (the backdating of
 * /tmp/lead/evaluation-backdating.md). Done when every case's grade is final in
 * `evaluation_cadres`.
 *
 * Bare run: a `bareRound` workflow (bench/bare) starting `bareRoundPart` children of as
 * many cases as the round's parts hold, each starting `bareCase` children, with the
 * case's shape counted from a finished project case's history: the same number of
 * updates (each calling a no-op activity, a local one as the project's decisions append
 * locally), activities and timers; each case signals its part when its township steps
 * are done and the part signals its grade back (no committee Update in between), and
 * each part signals the round once and hears back, as the round's parts do per unit.
 *
 * The histories of the round and of its largest part are recorded at the end, per case,
 * against Temporal's limit of 51,200 events for one workflow's history.
 */
import { DEFAULT_POLICY } from '../domain/policy';
import { addDays, shanghaiDate } from '../domain/calendar';
import type { Actor } from '../domain/actors';
import { CASES_PER_PART, evaluationWorkflowId, roundPartWorkflowId, roundScope, roundWorkflowId } from '../domain/evaluationRound';
import { seedRegistry } from '../client/demo';
import { CaseBusyError, decide } from '../client/cases';
import { evaluationBackend } from '../client/commands/evaluationBackend';
import { WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { bareDecideUpdate, type BareCaseShape } from './bare/workflows';
import { projectBundle, bareBundle } from './lib/bundles';
import { createBenchDatabase } from './lib/db';
import { addExtraCadres } from './lib/extraCadres';
import { phase } from './lib/log';
import type { BenchResult, Measure } from './lib/results';
import { pool, round, sleep } from './lib/stats';
import { startBenchTemporal } from './lib/temporal';
import { TaskWatcher } from './lib/taskWatcher';
import { startWorkerProcess, type WorkerProcess } from './lib/workers';
import { cpuMeter, type CpuSplit } from './lib/processCpu';

const NAME = 'case-throughput';
const say = (m: string): void => phase(NAME, m);
const YEAR = 2026;
const LANES = 50;
const county: Actor = { id: 'bench-org', role: 'county-org-dept' };
const committee = (townshipId: string): Actor => ({ id: `bench-${townshipId}`, role: 'township-committee', townshipId });

const TOWNSHIP_STEPS: Array<{ step: string; decision: Record<string, unknown> }> = [
  { step: 'self-summary', decision: { summary: '2026年度个人总结' } },
  {
    step: 'democratic-rating',
    decision: { meeting: { present: 29, due: 31 }, votes: { excellent: 6, competent: 17, basicallyCompetent: 5, notCompetent: 1 } },
  },
  { step: 'quantified-score', decision: { supervisor: 86, staff: 88.5, assessmentTeam: 90 } },
  { step: 'supervisor-comment', decision: { comment: '认真履职', proposedGrade: 'competent' } },
  { step: 'township-recommendation', decision: { grade: 'competent', reason: '' } },
];

/**
 * A decision as a careful client sends it: under an Update id of its own, sent again with
 * the same id when the call times out before the case answered (a backlogged worker), so
 * Temporal applies it once and the retry gets its result; and sent again after the API's
 * Retry-After when Temporal would not admit it yet (CaseBusyError: a round whose committee
 * grades many units side by side). `retried` counts both.
 */
async function decideOnce(
  client: Client,
  caseId: string,
  step: string,
  actor: Actor,
  decision: unknown,
  retried: { count: number; busy: number },
): Promise<void> {
  const updateId = `bench:${caseId}:${step}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await decide(client, caseId, step, actor, decision, { updateId });
      return;
    } catch (err) {
      if (err instanceof CaseBusyError && attempt < 30) {
        retried.busy++;
        await sleep(5_000);
        continue;
      }
      if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt >= 10) throw err;
      retried.count++;
    }
  }
}

interface ProjectRun {
  cases: number;
  townships: string[];
  workers: number;
  seconds: number;
  fixedSeconds: number;
  decisions: number;
  /** Update calls that timed out before the case answered and were sent again under the same id. */
  updatesRetried: number;
  /** Update calls Temporal would not admit yet (CaseBusyError), sent again after 5 s. */
  updatesBusy?: number;
  /** The round workflow's history length once every grade is final, and per case. */
  roundHistory?: { events: number; perCase: number };
  /** The largest history of the round's parts (each holding up to CASES_PER_PART cases), and per case. */
  partHistory?: { parts: number; events: number; perCase: number };
  /** The worker process's resident memory at the end of the run (MiB), and its peak (VmHWM). */
  workerRssMiB?: { end: number; peak: number };
  /** CPU seconds spent from the round's start until every grade was final, by process. */
  cpuSeconds: CpuSplit;
  shape?: BareCaseShape & {
    updates: number;
    activities: number;
    localActivities: number;
    timersStarted: number;
    signals: number;
    historyEvents: number;
  };
}

/** Townships, in order, until their cadres reach `want` (the round's own scope rule). */
async function chooseTownships(
  db: Awaited<ReturnType<typeof createBenchDatabase>>['db'],
  want: number,
): Promise<{ townships: string[]; cadres: number; available: number; all: boolean }> {
  const rows = await db
    .selectFrom('people as p')
    .innerJoin('org_units as u', 'u.org_unit_id', 'p.org_unit_id')
    .select(['u.township_id', (eb) => eb.fn.countAll<bigint>().as('n')])
    .where('p.current_assignment_id', 'is not', null)
    .where('u.kind', 'in', ['township', 'village', 'branch'])
    .groupBy('u.township_id')
    .orderBy('u.township_id')
    .execute();
  const townships: string[] = [];
  let cadres = 0;
  const available = rows.reduce((s, r) => s + Number(r.n), 0);
  for (const r of rows) {
    if (cadres >= want) break;
    townships.push(r.township_id!);
    cadres += Number(r.n);
  }
  return { townships, cadres, available, all: townships.length === rows.length };
}

async function projectRun(want: number, workerCount: number, countShape: boolean, workerCpu?: number): Promise<ProjectRun> {
  const temporal = await startBenchTemporal(say);
  const database = await createBenchDatabase('tp');
  const workers: WorkerProcess[] = [];
  const taskQueue = 'bench-throughput-project';
  try {
    const { path } = await projectBundle();
    await seedRegistry(database.db);
    const inCounty = (await chooseTownships(database.db, want)).available;
    if (want > inCounty)
      say(`registry: ${await addExtraCadres(database.db, want - inCounty)} cadres added beyond the county's ${inCounty}`);
    const { townships, cadres, available, all: wholeCounty } = await chooseTownships(database.db, want);
    for (let i = 0; i < workerCount; i++) {
      workers.push(
        await startWorkerProcess(
          {
            kind: 'project',
            address: temporal.endpoint.address,
            taskQueue,
            bundlePath: path,
            databaseUrl: database.url,
            identity: `bench-throughput-${i}`,
          },
          workerCpu === undefined ? {} : { cpu: workerCpu },
        ),
      );
    }
    const all = wholeCounty ? null : townships;
    const roundId = roundWorkflowId(YEAR, roundScope(all));
    say(
      `project, ${workerCount} worker process(es)${workerCpu === undefined ? '' : ` of ${workerCpu} core each`}: round ${roundId}, ${cadres} cadres (of ${available} in the registry)`,
    );
    const deps = { db: database.db, client: temporal.client, policy: DEFAULT_POLICY, taskQueue };
    const evaluation = evaluationBackend.create(deps);
    const watcher = new TaskWatcher(database.db, 50);
    // A step opens once the worker gets to it: behind a big round's starts, minutes later.
    const stepWaitMs = Math.max(300_000, cadres * 200);
    const today = shanghaiDate(Date.now());
    const gradedOn = addDays(today, -70);
    const notifiedOn = addDays(today, -40);
    let decisions = 0;
    const retried = { count: 0, busy: 0 };

    const meter = cpuMeter({
      workerPids: () => workers.map((w) => w.pid),
      temporalPid: temporal.endpoint.pid,
      db: database.db,
      databaseName: database.name,
    });
    await meter.start();
    const t0 = performance.now();
    const started = await evaluation.startRound({ year: YEAR, townshipIds: all });
    if (!started.started) throw new Error(`${roundId} already existed`);

    // Cases reach the lanes as their EvaluationStarted reaches the read model.
    const queue: Array<{ caseId: string; townshipId: string }> = [];
    const seen = new Set<string>();
    let feeding = true;
    const feeder = (async () => {
      while (feeding && seen.size < cadres) {
        const rows = await database.db
          .selectFrom('evaluation_cadres')
          .select(['case_id', 'township_id'])
          .where('round_id', '=', roundId)
          .execute();
        for (const r of rows)
          if (!seen.has(r.case_id)) {
            seen.add(r.case_id);
            queue.push({ caseId: r.case_id, townshipId: r.township_id });
          }
        // A big round's cadres are many rows: read them less often.
        await sleep(cadres > 1000 ? 1000 : 100);
      }
    })();
    let recommended = 0;
    const lanes = Array.from({ length: LANES }, async () => {
      for (;;) {
        const next = queue.shift();
        if (!next) {
          if (recommended + queue.length >= cadres || (seen.size >= cadres && queue.length === 0)) return;
          await sleep(50);
          continue;
        }
        for (const s of TOWNSHIP_STEPS) {
          await watcher.opened(`${next.caseId}:${s.step}`, stepWaitMs);
          await decideOnce(temporal.client, next.caseId, s.step, committee(next.townshipId), s.decision, retried);
          decisions++;
        }
        recommended++;
      }
    });

    // The committee, unit by unit, as each unit's task opens; then each member's written notification.
    const units = async (): Promise<void> => {
      let rows: Array<{ unit_id: string }> = [];
      while (rows.length === 0) {
        rows = await database.db.selectFrom('evaluation_units').select('unit_id').where('round_id', '=', roundId).execute();
        if (rows.length === 0) await sleep(200);
      }
      await Promise.all(
        rows.map(async ({ unit_id }) => {
          // A unit opens once its township's cases are all recommended: late in a big round.
          await watcher.opened(`${roundId}:committee:${unit_id}`, Math.max(1_800_000, cadres * 1000));
          const members = await evaluation.unitMembers(roundId, unit_id);
          const grades = Object.fromEntries(members.map((m) => [m.personId, m.recommended ?? 'competent']));
          await decideOnce(temporal.client, roundId, `committee:${unit_id}`, county, { grades, gradedOn }, retried);
          decisions++;
          const township = unit_id.split('/')[0]!;
          await pool(members, 10, async (m) => {
            const caseId = evaluationWorkflowId(YEAR, m.personId);
            await watcher.opened(`${caseId}:notification`, stepWaitMs);
            await decideOnce(temporal.client, caseId, 'notification', committee(township), { method: 'in-person', notifiedOn }, retried);
            decisions++;
          });
        }),
      );
    };
    let fixedAt: number | undefined;
    const progress = setInterval(() => {
      void database.db
        .selectFrom('evaluation_cadres')
        .select(['grade_status', (eb) => eb.fn.countAll<bigint>().as('n')])
        .where('round_id', '=', roundId)
        .groupBy('grade_status')
        .execute()
        .then((r) =>
          say(
            `${seen.size} started, ${recommended} recommended, ${r.map((x) => `${x.n} ${x.grade_status}`).join(', ')}; ${decisions} decisions`,
          ),
        )
        .catch(() => undefined);
    }, 10_000);
    try {
      const unitsDone = units();
      // Awaited after the lanes; a failure meanwhile is reported then, not as an unhandled rejection.
      unitsDone.catch(() => undefined);
      await Promise.all(lanes);
      await unitsDone;
      for (;;) {
        const rows = await database.db
          .selectFrom('evaluation_cadres')
          .select(['grade_status', (eb) => eb.fn.countAll<bigint>().as('n')])
          .where('round_id', '=', roundId)
          .groupBy('grade_status')
          .execute();
        const count = (s: string) => Number(rows.find((r) => r.grade_status === s)?.n ?? 0);
        if (fixedAt === undefined && count('pending') === 0) fixedAt = performance.now();
        if (count('final') >= cadres) break;
        await sleep(100);
      }
    } finally {
      clearInterval(progress);
      feeding = false;
      await feeder;
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = await meter.stop();
    say(
      `project, ${workerCount} worker(s): ${cadres} cases final in ${seconds.toFixed(1)} s (${decisions} decisions, ${retried.count} sent again after a timeout, ${retried.busy} after Temporal was busy; CPU ${cpuText(cpuSeconds)})`,
    );
    const run: ProjectRun = {
      cases: cadres,
      townships,
      workers: workerCount,
      seconds: round(seconds, 1),
      fixedSeconds: round(((fixedAt ?? performance.now()) - t0) / 1000, 1),
      decisions,
      updatesRetried: retried.count,
      updatesBusy: retried.busy,
      cpuSeconds,
    };
    if (countShape) {
      run.shape = await shapeOf(temporal, [...seen][0]!);
      const events = Number((await temporal.client.workflow.getHandle(roundId).describe()).historyLength);
      run.roundHistory = { events, perCase: round(events / cadres, 2) };
      const parts = Math.ceil(cadres / CASES_PER_PART);
      const partEvents = await Promise.all(
        Array.from({ length: parts }, async (_, i) =>
          Number((await temporal.client.workflow.getHandle(roundPartWorkflowId(roundId, i + 1)).describe()).historyLength),
        ),
      );
      const largest = Math.max(...partEvents);
      run.partHistory = { parts, events: largest, perCase: round(largest / Math.min(CASES_PER_PART, cadres), 2) };
    }
    run.workerRssMiB = { end: workers[0]!.rssMiB(), peak: workers[0]!.peakRssMiB() };
    return run;
  } catch (err) {
    // Said before the teardown, which a client call still retrying may not outlive.
    say(`project run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  } finally {
    for (const w of workers) await w.stop().catch(() => undefined);
    await temporal.stop();
    await database.drop();
  }
}

/** Counts a finished case's updates, activities and timers from its history. */
async function shapeOf(
  temporal: Awaited<ReturnType<typeof startBenchTemporal>>,
  caseId: string,
): Promise<NonNullable<ProjectRun['shape']>> {
  const handle = temporal.client.workflow.getHandle(caseId);
  await handle.result();
  const history = await handle.fetchHistory();
  const events = history.events ?? [];
  const count = (f: (e: (typeof events)[number]) => unknown) => events.filter((e) => f(e)).length;
  const updates = count((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
  const activities = count((e) => e.activityTaskScheduledEventAttributes);
  const localActivities = count((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  const timersStarted = count((e) => e.timerStartedEventAttributes);
  const timersFired = count((e) => e.timerFiredEventAttributes);
  const signals =
    count((e) => e.workflowExecutionSignaledEventAttributes) + count((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes);
  // bareCase: a step = an opening activity + a decision's activity (local when the
  // project's decisions append locally) + a reminder timer if the project started one.
  const steps = updates - 1;
  const localDecisions = localActivities >= updates;
  const extra = Math.max(0, activities - updates - (localDecisions ? 0 : updates));
  return {
    steps,
    stepsAfterSignal: 1,
    localDecisions,
    cancelledTimers: Math.max(0, timersStarted - timersFired),
    activitiesBefore: Math.min(1, extra),
    activitiesAfter: extra - Math.min(1, extra),
    firedTimers: timersFired,
    updates,
    activities,
    localActivities,
    timersStarted,
    signals,
    historyEvents: events.length,
  };
}

async function bareRun(
  n: number,
  shape: BareCaseShape,
): Promise<{
  seconds: number;
  updates: number;
  updatesRetried: number;
  workerRssMiB: { end: number; peak: number };
  cpuSeconds: CpuSplit;
}> {
  const temporal = await startBenchTemporal(say);
  const taskQueue = 'bench-throughput-bare';
  let worker: WorkerProcess | undefined;
  try {
    const { path } = await bareBundle();
    worker = await startWorkerProcess({
      kind: 'bare',
      address: temporal.endpoint.address,
      taskQueue,
      bundlePath: path,
      identity: 'bench-throughput-bare',
    });
    say(`bare: ${n} cases of shape ${JSON.stringify(shape)}`);
    let updates = 0;
    let retried = 0;
    let done = 0;
    const progress = setInterval(() => say(`bare: ${done}/${n} cases done, ${updates} updates`), 10_000);
    const meter = cpuMeter({ workerPids: () => [worker!.pid], temporalPid: temporal.endpoint.pid });
    await meter.start();
    const t0 = performance.now();
    try {
      // The round starts the cases, as the evaluation round does; a lane takes a case once it exists.
      const roundHandle = await temporal.client.workflow.start('bareRound', {
        taskQueue,
        workflowId: 'bare-round',
        args: [{ cases: n, perPart: CASES_PER_PART, shape }],
      });
      await pool(
        Array.from({ length: n }, (_, i) => i),
        LANES,
        async (i) => {
          const handle = temporal.client.workflow.getHandle(`bare-round/${i}`);
          for (;;) {
            try {
              await handle.describe();
              break;
            } catch (err) {
              if (!(err instanceof WorkflowNotFoundError)) throw err;
              await sleep(50);
            }
          }
          // Sent again under the same id after a timeout, as the project's decisions are.
          const decideStep = async (step: number): Promise<void> => {
            for (let attempt = 1; ; attempt++) {
              try {
                await handle.executeUpdate(bareDecideUpdate, { args: [{ step }], updateId: `bare:${i}:${step}` });
                return;
              } catch (err) {
                if (!(err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) || attempt >= 10) throw err;
                retried++;
              }
            }
          };
          for (let step = 0; step < shape.steps; step++) {
            await decideStep(step);
            updates++;
          }
          // The case tells its part it is ready; the part signals its grade, and the
          // step after it waits in its handler until then.
          for (let k = 0; k < shape.stepsAfterSignal; k++) {
            await decideStep(shape.steps + k);
            updates++;
          }
          await handle.result();
          done++;
        },
      );
      await roundHandle.result();
    } finally {
      clearInterval(progress);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuSeconds = await meter.stop();
    say(`bare: ${n} cases done in ${seconds.toFixed(1)} s (${retried} updates sent again after a timeout; CPU ${cpuText(cpuSeconds)})`);
    return {
      seconds: round(seconds, 1),
      updates,
      updatesRetried: retried,
      workerRssMiB: { end: worker.rssMiB(), peak: worker.peakRssMiB() },
      cpuSeconds,
    };
  } finally {
    await worker?.stop().catch(() => undefined);
    await temporal.stop();
  }
}

const cpuText = (cpu: CpuSplit): string =>
  `${cpu.worker} s in the worker, ${cpu.temporal} s in Temporal, ${cpu.postgres} s in PostgreSQL, ${cpu.client} s in the load client`;

const cpuPerCase = (cpu: CpuSplit, cases: number): string =>
  [cpu.worker, cpu.temporal, cpu.postgres, cpu.client].map((s) => Math.round((s * 1000) / cases)).join('/');

export async function runCaseThroughput(opts: { cases: number; scaleOut: boolean; workerCpu?: number }): Promise<BenchResult> {
  const one = await projectRun(opts.cases, 1, true);
  const shape = one.shape!;
  const bare = await bareRun(one.cases, shape);
  const projectRate = one.cases / one.seconds;
  const bareRate = one.cases / bare.seconds;
  const measures: Measure[] = [
    {
      benchmark: NAME,
      metric: `${one.cases} evaluation cases, start → final grade (cases/s)`,
      project: round(projectRate, 2),
      baseline: round(bareRate, 2),
      ratio: round(one.seconds / bare.seconds, 2),
      ratioNote: 'overhead: project time / bare time',
      goal: '≤ 1.15×',
      met: one.seconds / bare.seconds <= 1.15,
      note: `${one.decisions} decisions (${one.updatesRetried} sent again after a timeout); every grade fixed at ${one.fixedSeconds} s, final at ${one.seconds} s; a case: ${shape.updates} updates, ${shape.activities} activities and ${shape.localActivities} local ones, ${shape.timersStarted} timers, ${shape.signals} signals, ${shape.historyEvents} history events; the round's history ${one.roundHistory?.events} events (${one.roundHistory?.perCase} per case), its largest part's of ${one.partHistory?.parts} ${one.partHistory?.events} (${one.partHistory?.perCase} per case); the worker's RSS ${one.workerRssMiB?.end} MiB at the end, peak ${one.workerRssMiB?.peak} (bare ${bare.workerRssMiB.end}, peak ${bare.workerRssMiB.peak}); CPU per case, worker/Temporal/PostgreSQL/load client: ${cpuPerCase(one.cpuSeconds, one.cases)} ms (bare ${cpuPerCase(bare.cpuSeconds, one.cases)})`,
    },
  ];
  const details: Record<string, unknown> = { requested: opts.cases, project1: one, bare };
  if (opts.scaleOut && opts.workerCpu === undefined) {
    const two = await projectRun(opts.cases, 2, false);
    details.project2 = two;
    measures.push({
      benchmark: NAME,
      metric: `scale-out: 2 worker processes vs 1 (cases/s)`,
      project: round(two.cases / two.seconds, 2),
      baseline: round(projectRate, 2),
      ratio: round(one.seconds / two.seconds, 2),
      ratioNote: 'speed-up, 2 workers / 1',
      note: 'same run, same machine: both workers share its cores, the database and the dev server',
    });
  }
  if (opts.scaleOut && opts.workerCpu !== undefined) {
    // Each worker held to a share of a core: what a second worker on a machine of its own adds.
    const cpu = opts.workerCpu;
    const capped1 = await projectRun(opts.cases, 1, false, cpu);
    const capped2 = await projectRun(opts.cases, 2, false, cpu);
    details.cappedWorkerCpu = cpu;
    details.capped1 = capped1;
    details.capped2 = capped2;
    measures.push({
      benchmark: NAME,
      metric: `scale-out, each worker held to ${cpu} core: 2 worker processes vs 1 (cases/s)`,
      project: round(capped2.cases / capped2.seconds, 2),
      baseline: round(capped1.cases / capped1.seconds, 2),
      ratio: round(capped1.seconds / capped2.seconds, 2),
      ratioNote: 'speed-up, 2 workers / 1',
      note: `a cgroup CPU quota per worker process (bench/lib/cpuLimit.ts); the database, the dev server and the load client share the rest of the machine`,
    });
  }
  return { name: NAME, measures, details };
}
