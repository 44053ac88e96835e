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
import { startProbation } from '../client/probation';
import { decideUpdate } from '../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../workflows/probation';
import { openPostgresDatabase, type OpenedDatabase } from '../schema/connect';
import type { DB } from '../schema/db';
import { migrateToLatest } from '../schema/migrate';
import { bundleWorkflows } from '../worker/worker';
import {
  chaosTempDir,
  checkIntegrity,
  onExit,
  sleep,
  startOwnPostgres,
  startOwnTemporal,
  workerSupervisor,
  type IntegrityReport,
  type OwnPostgres,
  type OwnTemporal,
  type PlannedCase,
  type WorkerSupervisor,
} from './chaosKit';

export type FaultKind = 'worker-kill' | 'pg-restart' | 'pg-kill-backends' | 'temporal-restart';
export const FAULT_KINDS: readonly FaultKind[] = ['worker-kill', 'pg-restart', 'pg-kill-backends', 'temporal-restart'];

export type FaultSchedule =
  /**
   * One of each kind first, in random order, then random kinds, every minGapMs–maxGapMs,
   * until the cases are done. Worker kills alternate between cold (kill, then start a new
   * one: nothing polls meanwhile) and warm (start a new one, then kill the old one).
   */
  | { kind: 'random'; minGapMs: number; maxGapMs: number }
  /** Each fault once the given share (0–1) of the run's decisions was accepted; `warm` as above. */
  | { kind: 'milestones'; at: Array<{ progress: number; fault: FaultKind; warm?: boolean }> };

export interface ChaosOptions {
  cases: number;
  seed: number;
  faults: FaultSchedule;
  /** Share of decisions sent twice at once, and sent again after acceptance. */
  concurrentDuplicates?: number;
  lateDuplicates?: number;
  /** Decisions in flight at once. */
  concurrency?: number;
  /** A workflow bundle already built (the test run's); otherwise the run builds one. */
  workflowBundlePath?: string;
  /** The whole run, setup to checks, fails after this long. */
  deadlineMs?: number;
  progressEveryMs?: number;
  log?: (line: string) => void;
}

export interface ChaosCounts {
  casesStarted: number;
  casesFinished: number;
  /** Update calls made, duplicates included, retries of one call not. */
  decisionsSent: number;
  decisionsAccepted: number;
  /** Repeats sent by a different person (or with another decision): refused, nothing written. */
  refusedAsDuplicate: number;
  /** Repeats of an applied decision by the same person (a double click, a retry): answered with the first receipt. */
  repeatsAnswered: number;
  /** Repeats that met the case's workflow completed (its last step decided meanwhile), which takes no Update. */
  repeatsAfterClose: number;
  /** Calls retried after a server was unreachable (same update id each time). */
  retries: number;
  /** Retried first decisions refused as repeats of their own earlier, applied attempt. */
  answersLost: number;
  faults: Record<FaultKind, number>;
  /** Workers that died without being killed by the run, of an unknown cause (restarted; fails the run). */
  workerUnexpectedExits: number;
  /** Of the unexpected exits, those of porsager/postgres#1208 (the driver before `pg`). */
  workerDriverCrashes: number;
}

export interface ChaosResult {
  ok: boolean;
  counts: ChaosCounts;
  /** Anything the load client did not expect (a refusal of a first decision, a call that never went through). */
  anomalies: string[];
  integrity?: IntegrityReport;
  durationMs: number;
  workerLog: string;
}

/** A small seeded generator (mulberry32), so a run's duplicates and fault timings can be replayed by seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The load client's own database handle. It stops reading just before PostgreSQL
 * restarts and reconnects after (its reads would only fail meanwhile); the workers get
 * no such warning. A killed backend it takes as the workers do: the query fails, the
 * read is tried again.
 */
interface DbGate {
  use<T>(fn: (db: DB) => Promise<T>): Promise<T>;
  pause(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

function dbGate(url: string): DbGate {
  const open = () => openPostgresDatabase(url, { max: 4 });
  let current: Promise<OpenedDatabase> | undefined = open();
  let paused: Promise<void> | undefined;
  let release: (() => void) | undefined;
  let inUse = 0;
  let drained: (() => void) | undefined;
  return {
    async use(fn) {
      while (paused) await paused;
      inUse++;
      try {
        return await fn((await current!).db);
      } finally {
        inUse--;
        if (inUse === 0) drained?.();
      }
    },
    async pause() {
      paused = new Promise((resolve) => (release = resolve));
      if (inUse > 0) await new Promise<void>((resolve) => (drained = resolve));
      drained = undefined;
      const db = current;
      current = undefined;
      await (await db)?.close();
    },
    resume() {
      current = open();
      paused = undefined;
      release?.();
    },
    async close() {
      const db = current;
      current = undefined;
      await (await db)?.close();
    },
  };
}

interface CasePlan extends PlannedCase {
  townshipId: string;
  /** Steps decided so far by the client (for the ended-early cases, which end at their second task). */
  tasksSeen: number;
  ending: boolean;
}

type Outcome =
  | { kind: 'accepted'; position: string }
  /** `retried`: an earlier attempt of this call may have been applied, its answer lost with a server. */
  | { kind: 'refused'; reason: string; message: string; retried: boolean }
  | { kind: 'gave-up'; error: string };

const COUNTY: Actor = { id: 'chaos-org', role: 'county-org-dept' };

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
        writeFileSync(file, (await bundleWorkflows()).code);
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
      { databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue, dataDir: dir, workflowBundlePath: bundlePath, logFile: workerLog },
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
      expectedDecisions += outcome === 'ended-early' ? 2 : planProbation(appointedOn, village, DEFAULT_POLICY.probation).checkInDates.length + 3;
    }

    ticker = setInterval(() => log(`${elapsed()}  ${status()}`), opts.progressEveryMs ?? 5_000);
    ticker.unref();

    // ── faults, beside the load ──
    let pgMode: 'fast' | 'immediate' = 'immediate';
    let temporalHow: 'term' | 'kill' = 'kill';
    let warmKill = false;
    const inject = async (fault: FaultKind, warm?: boolean) => {
      const down = Math.floor(rnd() * 2_000);
      const t0 = Date.now();
      switch (fault) {
        case 'worker-kill':
          warmKill = warm ?? !warmKill;
          if (warmKill) {
            // A replacement polls first, then the old worker dies holding whatever it was running.
            await worker!.start();
            await sleep(down);
            await worker!.kill9();
            log(`${elapsed()}  fault: worker kill -9 (a replacement already running)`);
          } else {
            await worker!.kill9();
            await sleep(down);
            await worker!.start();
            log(`${elapsed()}  fault: worker kill -9, a new worker after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          }
          break;
        case 'pg-restart':
          pgMode = pgMode === 'fast' ? 'immediate' : 'fast';
          await g.pause();
          try {
            await pg!.restart(pgMode, down);
          } finally {
            g.resume();
          }
          log(`${elapsed()}  fault: PostgreSQL stop -m ${pgMode} and start, down ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          break;
        case 'pg-kill-backends': {
          // The server stays up; every session of the database (workers' and the load client's) is terminated.
          const ended = await pg!.killBackends();
          log(`${elapsed()}  fault: pg_terminate_backend on ${ended} sessions of the database`);
          break;
        }
        case 'temporal-restart':
          temporalHow = temporalHow === 'kill' ? 'term' : 'kill';
          await temporal!.restart(temporalHow, down);
          log(`${elapsed()}  fault: Temporal dev server ${temporalHow === 'kill' ? 'SIGKILL' : 'SIGTERM'} and start, down ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          break;
      }
      counts.faults[fault]++;
    };
    const schedule = opts.faults;
    let faultError: unknown;
    faults = (async () => {
      if (schedule.kind === 'random') {
        const first = [...FAULT_KINDS].sort(() => rnd() - 0.5);
        for (let n = 0; !loadDone; n++) {
          const gap = schedule.minGapMs + rnd() * (schedule.maxGapMs - schedule.minGapMs);
          const until = Date.now() + gap;
          while (!loadDone && Date.now() < until) await sleep(100);
          if (loadDone) break;
          const r = rnd();
          await inject(first[n] ?? (r < 0.45 ? 'worker-kill' : r < 0.65 ? 'pg-restart' : r < 0.8 ? 'pg-kill-backends' : 'temporal-restart'));
        }
      } else {
        for (const m of [...schedule.at].sort((a, b) => a.progress - b.progress)) {
          while (!loadDone && counts.decisionsAccepted < m.progress * expectedDecisions) await sleep(50);
          // A milestone the load outran still happens: the run promises every fault it lists.
          await inject(m.fault, m.warm);
        }
      }
    })().catch((err: unknown) => {
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
            g.use((db) => startProbation(client, db, DEFAULT_POLICY, { personId, title: '副乡长', appointedOn, appointmentId: 'chaos' }, taskQueue)),
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

    const decisionFor = (plan: CasePlan, step: string): { actor: Actor; decision: unknown } => {
      const township: Actor = { id: `chaos-${plan.townshipId}`, role: 'township-committee', townshipId: plan.townshipId };
      const removing = plan.outcome === 'removed';
      if (step.startsWith('check-in-')) {
        return { actor: township, decision: { rating: (['good', 'adequate', 'concern'] as const)[Math.floor(rnd() * 3)], comment: `考察 ${step}` } };
      }
      switch (step) {
        case 'democratic-rating':
          return {
            actor: township,
            decision: removing
              ? { votes: { excellent: 3, competent: 8, basicallyCompetent: 10, notCompetent: 9 } }
              : { votes: { excellent: 12, competent: 15, basicallyCompetent: 3, notCompetent: 1 } },
          };
        case 'township-recommendation':
          return { actor: township, decision: removing ? { outcome: 'remove', reason: '测评不达标' } : { outcome: 'confirm', reason: '胜任' } };
        case 'county-decision':
          return { actor: COUNTY, decision: removing ? { outcome: 'remove', reason: '试用期考核不称职' } : { outcome: 'confirm', reason: '' } };
        case 'end-early':
          return { actor: COUNTY, decision: { reason: '严重违纪，提前结束试用' } };
        default:
          throw new Error(`${plan.caseId}: the load client does not know step ${step}`);
      }
    };

    let nextId = 0;
    const decideStep = async (plan: CasePlan, step: string): Promise<void> => {
      const { actor, decision } = decisionFor(plan, step);
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
        else if (colleague && again.kind === 'refused' && (again.reason === 'DuplicateDecision' || again.reason === 'CaseClosed')) counts.refusedAsDuplicate++;
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
          const tasks = await db.selectFrom('tasks').select(['case_id', 'step']).where('status', '=', 'pending').orderBy('opened_at').execute();
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

/** The report a run prints at its end. */
export function formatResult(result: ChaosResult): string {
  const c = result.counts;
  const i = result.integrity;
  const lines = [
    `chaos run ${result.ok ? 'PASSED' : 'FAILED'} in ${(result.durationMs / 1000).toFixed(1)} s`,
    `  cases        ${c.casesStarted} started, ${i ? `${i.casesFinished}/${i.casesTotal}` : c.casesFinished} finished`,
    `  decisions    ${c.decisionsSent} sent, ${c.decisionsAccepted} accepted (${c.repeatsAnswered} of them repeats answered with the first receipt), ` +
      `${c.refusedAsDuplicate} colleagues' repeats refused, ${c.retries} retries while a server was down` +
      (c.answersLost ? ` (${c.answersLost} applied before their answer was lost)` : '') +
      (c.repeatsAfterClose ? `; ${c.repeatsAfterClose} repeats met a completed case` : ''),
    `  faults       worker kill -9 ×${c.faults['worker-kill']}, PostgreSQL restart ×${c.faults['pg-restart']}, ` +
      `backends terminated ×${c.faults['pg-kill-backends']}, Temporal dev server restart ×${c.faults['temporal-restart']}` +
      (c.workerUnexpectedExits ? `; ${c.workerUnexpectedExits} workers exited by themselves` : ''),
  ];
  if (c.workerDriverCrashes) {
    lines.push(
      `  finding      ${c.workerDriverCrashes} of them of postgres.js's uncatchable TypeError in nextWrite (porsager/postgres#1208): ` +
        `the driver before pg is back?`,
    );
  }
  if (i) {
    lines.push(
      `  one event per step   ${i.failures.some((f) => / × /.test(f)) ? 'NO' : 'yes'} (${i.stepsChecked} steps, ${i.eventsChecked} case events)`,
      `  hash chain           ${i.chainOk ? 'verifies' : 'BROKEN'}`,
      `  rebuild = live       ${i.readModelDifferences === 0 ? 'yes' : `NO (${i.readModelDifferences} rows differ)`}`,
    );
    for (const f of i.failures) lines.push(`  ✗ ${f}`);
  }
  for (const a of result.anomalies) lines.push(`  ! ${a}`);
  if (!result.ok) lines.push(`  worker output: ${result.workerLog}`);
  return lines.join('\n');
}
