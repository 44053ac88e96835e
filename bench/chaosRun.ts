/**
 * A chaos run: probation cases driven to their end by a load client that sends every
 * decision (some of them twice), while the worker is killed with -9, PostgreSQL and the
 * Temporal dev server are restarted; then the integrity checks of chaosKit.ts.
 *
 * The cases are backdated by 13 months, as the demo and the CLI suite backdate theirs:
 * every check-in and the final assessment are due already, so decisions alone drive a
 * case from start to close. The load client reads what is pending from the `tasks` read
 * model, as the township committees' inboxes do.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import type { Actor } from '../domain/actors';
import { addMonths, shanghaiDate } from '../domain/calendar';
import { DEFAULT_POLICY } from '../domain/policy';
import { planProbation } from '../domain/probation';
import { encryptingDataConverter } from '../client/codec';
import { seedRegistry } from '../client/registrySeed';
import { startProbation } from '../client/probationService';
import { decideUpdate } from '../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../workflows/probation';
import { migrateToLatest } from '../schema/migrate';
import { workflowBundle } from '../worker/worker';
import {
  chaosTempDir,
  checkIntegrity,
  onExit,
  sleep,
  startOwnPostgres,
  startOwnTemporal,
  workerSupervisor,
  type OwnPostgres,
  type OwnTemporal,
  type WorkerSupervisor,
} from './chaosKit';
import { decisionFor, random, type CasePlan } from './chaosCases';
import { dbGate, type DbGate } from './chaosDbGate';
import { faultInjector, runFaultSchedule } from './chaosFaults';
import type { ChaosCounts, ChaosOptions, ChaosResult } from './chaosOptions';

type Outcome =
  | { kind: 'accepted'; position: string }
  /** `retried`: an earlier attempt of this call may have been applied, its answer lost with a server. */
  | { kind: 'refused'; reason: string; message: string; retried: boolean }
  | { kind: 'gave-up'; error: string };

function describeError(err: unknown): string {
  const e = err as { message?: string; cause?: { message?: string } };
  return `${err instanceof Error ? err.name : typeof err}: ${e?.message ?? String(err)}${e?.cause?.message ? ` (${e.cause.message})` : ''}`;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const log = opts.log ?? ((line: string) => console.log(line));
  const rnd = random(opts.seed);
  const deadline = started + (opts.deadlineMs ?? 30 * 60_000);
  const concurrency = opts.concurrency ?? 24;
  const concurrentShare = opts.concurrentDuplicates ?? 0.1;
  const lateShare = opts.lateDuplicates ?? 0.1;
  const counts: ChaosCounts = {
    casesStarted: 0,
    casesFinished: 0,
    decisionsSent: 0,
    decisionsAccepted: 0,
    refusedAsDuplicate: 0,
    repeatsAnswered: 0,
    repeatsAfterClose: 0,
    retries: 0,
    answersLost: 0,
    faults: { 'worker-kill': 0, 'pg-restart': 0, 'pg-kill-backends': 0, 'temporal-restart': 0 },
    workerUnexpectedExits: 0,
    workerDriverCrashes: 0,
  };
  const anomalies: string[] = [];
  const anomaly = (msg: string) => {
    anomalies.push(msg);
    log(`  ! ${msg}`);
  };
  const dir = chaosTempDir();
  const workerLog = join(dir, 'workers.log');
  // An interrupted run (Ctrl-C) leaves nothing behind; a failed one keeps the workers' output.
  const removeOnExit = onExit(() => {
    if (!result) rmSync(dir, { recursive: true, force: true });
  });
  const taskQueue = 'chaos';

  let pg: OwnPostgres | undefined;
  let temporal: OwnTemporal | undefined;
  let worker: WorkerSupervisor | undefined;
  let connection: Connection | undefined;
  let gate: DbGate | undefined;
  let ticker: NodeJS.Timeout | undefined;
  let loadDone = false;
  let faults: Promise<void> = Promise.resolve();
  let result: ChaosResult | undefined;
  const status = () =>
    `cases ${counts.casesStarted < opts.cases ? `${counts.casesStarted} started, ` : ''}${counts.casesFinished}/${opts.cases} finished · decisions sent ${counts.decisionsSent}, accepted ${counts.decisionsAccepted}, ` +
    `repeats answered ${counts.repeatsAnswered}, refused as duplicate ${counts.refusedAsDuplicate}, retried ${counts.retries} · ` +
    `faults: worker kill -9 ${counts.faults['worker-kill']}, PostgreSQL restart ${counts.faults['pg-restart']}, ` +
    `backends killed ${counts.faults['pg-kill-backends']}, Temporal restart ${counts.faults['temporal-restart']}`;
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;

  try {
    // ── the stack of the run's own ──
    const bundlePath =
      opts.workflowBundlePath ??
      (await (async () => {
        const file = join(dir, 'workflow-bundle.js');
        writeFileSync(file, (await workflowBundle()).code);
        return file;
      })());
    const stamp = (msg: string) => log(`${elapsed()}  ${msg}`);
    [pg, temporal] = await Promise.all([startOwnPostgres(stamp), startOwnTemporal(stamp)]);
    const g = (gate = dbGate(pg.url));
    await g.use((db) => migrateToLatest(db));
    const registry = await g.use((db) => seedRegistry(db));
    stamp(`registry: ${registry.events} events`);
    // The keyring is created here, before any worker starts, so every process seals payloads with one key.
    const dataConverter = encryptingDataConverter({ dataDir: dir });
    worker = workerSupervisor(
      {
        databaseUrl: pg.url,
        temporalAddress: temporal.address,
        taskQueue,
        dataDir: dir,
        workflowBundlePath: bundlePath,
        logFile: workerLog,
      },
      (msg) => log(`${elapsed()}  ${msg}`),
    );
    await worker.start();
    stamp('worker running');
    connection = await Connection.connect({ address: temporal.address });
    const client = new Client({ connection, dataConverter });

    // Retries what fails because a server is down, with backoff; gives up at the run's deadline.
    const persist = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await fn();
        } catch (err) {
          if (Date.now() > deadline) throw new Error(`${what}: still failing at the deadline: ${describeError(err)}`);
          counts.retries++;
          await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
        }
      }
    };

    // ── the cases ──
    const people = await g.use((db) =>
      db
        .selectFrom('people')
        .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
        .select(['people.person_id', 'people.township_id', 'org_units.kind'])
        .where('people.township_id', 'is not', null)
        .orderBy('people.person_id')
        .limit(opts.cases)
        .execute(),
    );
    if (people.length < opts.cases) throw new Error(`the demo county has only ${people.length} cadres; ask for fewer cases`);
    const appointedOn = addMonths(shanghaiDate(Date.now()), -13);
    const plans = new Map<string, CasePlan>();
    let expectedDecisions = 0;
    for (const [i, p] of people.entries()) {
      // 7 in 10 confirmed, 2 removed after a poor rating, 1 ended early by the county.
      const outcome = i % 10 < 7 ? 'confirmed' : i % 10 < 9 ? 'removed' : 'ended-early';
      const caseId = `probation/${p.person_id}/chaos`;
      plans.set(caseId, { caseId, outcome, townshipId: p.township_id!, tasksSeen: 0, ending: false });
      const village = p.kind === 'village' || p.kind === 'branch';
      expectedDecisions +=
        outcome === 'ended-early' ? 2 : planProbation(appointedOn, village, DEFAULT_POLICY.probation).checkInDates.length + 3;
    }

    ticker = setInterval(() => log(`${elapsed()}  ${status()}`), opts.progressEveryMs ?? 5_000);
    ticker.unref();

    // ── faults, beside the load ──
    const inject = faultInjector({ worker, pg, temporal, gate: g }, rnd, stamp, counts);
    let faultError: unknown;
    faults = runFaultSchedule(
      opts.faults,
      inject,
      rnd,
      () => loadDone,
      () => counts.decisionsAccepted,
      expectedDecisions,
    ).catch((err: unknown) => {
      faultError = err;
    });
    const checkFaults = () => {
      if (faultError) throw new Error(`a fault could not be recovered from: ${describeError(faultError)}`);
    };

    // A few starts at a time, each retried while a server is down (a second start of one
    // business id starts nothing); the load client decides the first cases' steps meanwhile.
    const toStart = [...plans.keys()];
    let startError: unknown;
    let allStarted = false;
    const starting = Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let caseId = toStart.shift(); caseId; caseId = toStart.shift()) {
          const personId = caseId.split('/')[1]!;
          await persist(`start ${caseId}`, () =>
            g.use((db) =>
              startProbation(client, db, DEFAULT_POLICY, { personId, title: '副乡长', appointedOn, appointmentId: 'chaos' }, taskQueue),
            ),
          );
          counts.casesStarted++;
        }
      }),
    ).then(
      () => {
        allStarted = true;
        log(`${elapsed()}  ${counts.casesStarted} cases started (appointed ${appointedOn}); ${expectedDecisions} decisions to make`);
      },
      (err: unknown) => {
        startError = err;
      },
    );

    // ── the load client ──
    const accepted = new Set<string>();
    const send = async (caseId: string, step: string, actor: Actor, decision: unknown, updateId: string): Promise<Outcome> => {
      counts.decisionsSent++;
      const handle = client.workflow.getHandle(caseId);
      for (let attempt = 0; ; attempt++) {
        try {
          // The same update id on every retry: the server answers a retried update with the first one's outcome.
          const receipt =
            step === 'end-early'
              ? await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor, decision }], updateId })
              : await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }], updateId });
          counts.decisionsAccepted++;
          return { kind: 'accepted', position: receipt.position };
        } catch (err) {
          if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type) {
            return { kind: 'refused', reason: err.cause.type, message: err.cause.message, retried: attempt > 0 };
          }
          if (err instanceof WorkflowNotFoundError) {
            // A case that already completed takes no update; anything else not found is a server still starting.
            const state = await persist(`describe ${caseId}`, () => handle.describe()).catch(() => undefined);
            if (state && state.status.name !== 'RUNNING') {
              return { kind: 'refused', reason: `Workflow${state.status.name}`, message: err.message, retried: attempt > 0 };
            }
          }
          if (Date.now() > deadline) return { kind: 'gave-up', error: describeError(err) };
          counts.retries++;
          await sleep(Math.min(5_000, 200 * 2 ** Math.min(attempt, 5)));
        }
      }
    };

    let nextId = 0;
    const decideStep = async (plan: CasePlan, step: string): Promise<void> => {
      const { actor, decision } = decisionFor(plan, step, rnd);
      const key = `${plan.caseId} ${step}`;
      const id = () => `chaos-${opts.seed}-${nextId++}`;
      const r = rnd();
      // The last decision of a case closes it; a late duplicate would meet a completed workflow, not the validator.
      const final = step === 'county-decision' || step === 'end-early';
      /** A repeat that met the case's workflow completed (its last step decided meanwhile): it takes no Update. */
      const metCompletion = (o: Outcome) => o.kind === 'refused' && o.reason === 'WorkflowCOMPLETED';
      if (r < concurrentShare) {
        // Twice at once (a double click): both get the one decision's receipt.
        const pair = await Promise.all([send(plan.caseId, step, actor, decision, id()), send(plan.caseId, step, actor, decision, id())]);
        const ok = pair.filter((o): o is Extract<Outcome, { kind: 'accepted' }> => o.kind === 'accepted');
        // Both refused after a retry, the case completed: the first attempt was applied, its answer lost (see below).
        const lost = ok.length === 0 && final && pair.every(metCompletion) && pair.some((o) => o.kind === 'refused' && o.retried);
        if (lost) counts.answersLost++;
        if (ok.length > 0 || lost) accepted.add(key);
        counts.repeatsAnswered += Math.max(0, ok.length - 1);
        counts.repeatsAfterClose += pair.filter(metCompletion).length - (lost ? 1 : 0);
        const samePosition = ok.every((o) => o.position === ok[0]!.position);
        if (!lost && (ok.length === 0 || !samePosition || pair.some((o) => o.kind !== 'accepted' && !(final && metCompletion(o))))) {
          anomaly(`${key}: a concurrent pair gave ${JSON.stringify(pair)}`);
        }
        return;
      }
      const first = await send(plan.caseId, step, actor, decision, id());
      if (first.kind === 'accepted') accepted.add(key);
      else if (first.kind === 'refused' && first.retried && metCompletion(first)) {
        // The case completed before the retry of its last decision arrived, so the server took
        // no Update: the first attempt was applied, which the log must show — checkIntegrity
        // holds the accepted set against it. (A retry into a running case gets its receipt.)
        counts.answersLost++;
        accepted.add(key);
      } else anomaly(`${key}: ${JSON.stringify(first)}`);
      if (first.kind === 'accepted' && !final && r < concurrentShare + lateShare) {
        // Again after it was accepted: by the same person, the first receipt; by a colleague, refused.
        const colleague = r < concurrentShare + lateShare / 2;
        const again = await send(plan.caseId, step, colleague ? { ...actor, id: `${actor.id}-deputy` } : actor, decision, id());
        if (metCompletion(again)) counts.repeatsAfterClose++;
        else if (!colleague && again.kind === 'accepted' && again.position === first.position) counts.repeatsAnswered++;
        // An ended-early case may close between the two: then the case, not the step, refuses the colleague.
        else if (colleague && again.kind === 'refused' && (again.reason === 'DuplicateDecision' || again.reason === 'CaseClosed'))
          counts.refusedAsDuplicate++;
        else anomaly(`${key}: a repeat ${colleague ? 'by a colleague ' : ''}after acceptance gave ${JSON.stringify(again)}`);
      }
    };

    const handled = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (Date.now() > deadline) throw new Error(`the cases did not finish in time: ${status()}`);
      checkFaults();
      if (startError) throw startError;
      let pending: Array<{ case_id: string; step: string }>;
      let closed: number;
      try {
        [pending, closed] = await g.use(async (db) => {
          const tasks = await db
            .selectFrom('tasks')
            .select(['case_id', 'step'])
            .where('status', '=', 'pending')
            .orderBy('opened_at')
            .execute();
          const row = await db
            .selectFrom('cases')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('status', '=', 'closed')
            .where('kind', '=', 'probation')
            .executeTakeFirstOrThrow();
          return [tasks, Number(row.n)] as const;
        });
      } catch {
        // PostgreSQL is restarting: the inbox is read again in a moment.
        await sleep(500);
        continue;
      }
      counts.casesFinished = closed;
      if (allStarted && closed >= plans.size && inFlight.size === 0) break;
      for (const t of pending) {
        if (inFlight.size >= concurrency) break;
        const plan = plans.get(t.case_id);
        if (!plan || plan.ending) continue;
        if (handled.has(`${plan.caseId} ${t.step}`)) continue;
        handled.add(`${plan.caseId} ${t.step}`);
        // The ended-early cases end at their second task, with the task still open.
        const step = plan.outcome === 'ended-early' && plan.tasksSeen >= 1 ? 'end-early' : t.step;
        const key = `${plan.caseId} ${step}`;
        plan.tasksSeen++;
        if (step === 'end-early') plan.ending = true;
        const p = decideStep(plan, step).catch((err: unknown) => anomaly(`${key}: ${describeError(err)}`));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
      await sleep(inFlight.size >= concurrency ? 50 : 200);
    }
    await starting;
    loadDone = true;
    await faults;
    checkFaults();
    clearInterval(ticker);
    log(`${elapsed()}  ${status()}`);
    log(`${elapsed()}  load done; checking the end state`);

    counts.workerUnexpectedExits = worker.unexpectedExits;
    counts.workerDriverCrashes = worker.driverCrashes;
    const integrity = await g.use((db) => checkIntegrity(db, client, [...plans.values()], accepted));
    const durationMs = Date.now() - started;
    if (counts.workerUnexpectedExits > 0) anomaly(`${counts.workerUnexpectedExits} workers exited by themselves (see ${workerLog})`);
    result = { ok: integrity.ok && anomalies.length === 0, counts, anomalies, integrity, durationMs, workerLog };
    return result;
  } catch (err) {
    anomaly(`run failed: ${describeError(err)}`);
    result = { ok: false, counts, anomalies, durationMs: Date.now() - started, workerLog };
    return result;
  } finally {
    // A fault in progress finishes first: its servers must be up (or down for good) before they are stopped.
    loadDone = true;
    await faults;
    if (ticker) clearInterval(ticker);
    if (worker) {
      counts.workerUnexpectedExits = worker.unexpectedExits;
      counts.workerDriverCrashes = worker.driverCrashes;
    }
    await worker?.stop().catch(() => undefined);
    await connection?.close().catch(() => undefined);
    await gate?.close().catch(() => undefined);
    await temporal?.stop().catch(() => undefined);
    await pg?.destroy().catch(() => undefined);
    // The workers' output stays for a failed run to be read; a passing run leaves nothing behind.
    if (result?.ok) rmSync(dir, { recursive: true, force: true });
    else rmSync(join(dir, 'workflow-bundle.js'), { force: true });
    removeOnExit();
  }
}
