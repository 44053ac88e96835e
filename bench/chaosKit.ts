/**
 * The parts of the fault-injection run (issue #7) that `npm run chaos` and
 * test/integration/chaos.test.ts share: a PostgreSQL cluster and a Temporal dev server
 * of the run's own (so restarting them disturbs nobody else), the worker as a child
 * process (so kill -9 is a real crash), and the integrity checks the run ends with.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { Client as PgClient } from 'pg';
import type { Client } from '@temporalio/client';
import { resolveTemporal, TemporalPortInUseError, type TemporalEndpoint } from '../client/temporal';
import { verifyHashChain } from '../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../activities/projections';
import type { DB } from '../schema/db';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Ports the project's own defaults use; a chaos run must never take (or restart) them. */
const RESERVED_PORTS = new Set([5432, 7233, 8233, 8080]);

/** Ports this process handed out already: a port just released may be offered again, and two servers cannot share one. */
const handedOut = new Set<number>();

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const addr = server.address();
        server.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
      });
    });
    if (RESERVED_PORTS.has(port) || handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function run(file: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

// ── cleanup on any exit ─────────────────────────────────────────────────────

/**
 * Synchronous last-resort cleanups (a killed PostgreSQL, a removed temp folder) for an
 * exit that skipped the orderly path: an uncaught error, Ctrl-C, process.exit.
 */
const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;
export function onExit(cleanup: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of exitCleanups) {
        try {
          c();
        } catch {
          // Best effort: the process is leaving either way.
        }
      }
    });
  }
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

// ── PostgreSQL: a throwaway cluster ─────────────────────────────────────────

export interface OwnPostgres {
  /** postgres://postgres@127.0.0.1:<port>/cadreflow */
  url: string;
  port: number;
  dir: string;
  /** `pg_ctl stop -m fast|immediate`, then start again on the same port and files. */
  restart(mode: 'fast' | 'immediate', downMs?: number): Promise<void>;
  /** `pg_terminate_backend` on every session of the `cadreflow` database (the server stays up); how many it ended. */
  killBackends(): Promise<number>;
  /** Stops the cluster and removes its files; safe to call twice. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed (Debian layout), whatever the major version. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error(`no PostgreSQL server binaries under ${root} (apt-get install postgresql)`);
  return join(root, versions[0]!, 'bin');
}

/**
 * A cluster of the run's own on a free port: the machine's shared server (5432) serves
 * other suites and must never be restarted. As root the server runs as `postgres`
 * (initdb refuses root); as any other user it runs as that user.
 */
export async function startOwnPostgres(log: (msg: string) => void = () => undefined): Promise<OwnPostgres> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'cf-chaos-pg-'));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const as = (tool: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]] : [join(bin, tool), args];
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const pgCtl = (args: string[], timeoutMs?: number) => run(...as('pg_ctl', ['-D', data, ...args]), timeoutMs);
  const start = () =>
    // -l: the server's output goes to a file; on an inherited pipe pg_ctl would never return.
    pgCtl(['-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate') => pgCtl(['-m', mode, '-w', '-t', '60', 'stop']);

  // Synchronous, for an exit that skips destroy(): stop the server, then drop its files.
  const removeOnExit = onExit(() => {
    const [file, args] = as('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    try {
      execFileSync(file, args, { stdio: 'ignore', timeout: 30_000 });
    } catch {
      // Not running.
    }
    rmSync(dir, { recursive: true, force: true });
  });
  let destroyed = false;
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    await stop('immediate').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    removeOnExit();
  };
  try {
    await run(...as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']));
    await start();
    const url = `postgres://postgres@127.0.0.1:${port}/cadreflow`;
    const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const asAdmin = async <T>(fn: (admin: PgClient) => Promise<T>): Promise<T> => {
      const admin = new PgClient({ connectionString: adminUrl });
      // A connection error is also the rejection of the query in flight; heard here, so it never ends the process.
      admin.on('error', () => undefined);
      await admin.connect();
      try {
        return await fn(admin);
      } finally {
        await admin.end().catch(() => undefined);
      }
    };
    await asAdmin((admin) => admin.query('create database cadreflow'));
    log(`PostgreSQL ${bin} on 127.0.0.1:${port} (files in ${dir})`);
    return {
      url,
      port,
      dir,
      async restart(mode, downMs = 0) {
        await stop(mode);
        if (downMs > 0) await sleep(downMs);
        await start();
      },
      killBackends: () =>
        asAdmin(async (admin) => {
          const r = await admin.query<{ ended: boolean }>(
            "select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = 'cadreflow' and pid <> pg_backend_pid()",
          );
          return r.rows.filter((row) => row.ended).length;
        }),
      destroy,
    };
  } catch (err) {
    await destroy();
    throw err;
  }
}

// ── Temporal: a dev server that keeps its state across restarts ─────────────

export interface OwnTemporal {
  address: string;
  port: number;
  dir: string;
  /** Stops the server (SIGTERM, or SIGKILL as a crash would) and starts it again on the same port and database file. */
  restart(how: 'term' | 'kill', downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A dev server from the project's `temporal` CLI on a free port, its state in
 * `<dir>/temporal.sqlite` (`--db-filename`), so a restart keeps every case.
 */
export async function startOwnTemporal(log: (msg: string) => void = () => undefined): Promise<OwnTemporal> {
  const dir = mkdtempSync(join(tmpdir(), 'cf-chaos-temporal-'));
  const port = await freePort();
  const env = { ...process.env };
  // The run's own server even when the shell points at another one.
  delete env.TEMPORAL_ADDRESS;
  const launch = async (): Promise<TemporalEndpoint> => {
    // Right after a stop the port may linger for a moment; the database file is the same.
    for (let attempt = 1; ; attempt++) {
      try {
        return await resolveTemporal({
          dataDir: dir,
          port,
          ui: false,
          ephemeral: false,
          env,
          allowDownload: false,
          readyTimeoutMs: 60_000,
        });
      } catch (err) {
        if (!(err instanceof TemporalPortInUseError) || attempt >= 20) throw err;
        await sleep(500);
      }
    }
  };
  let endpoint = await launch();
  const removeOnExit = onExit(() => rmSync(dir, { recursive: true, force: true }));
  log(`Temporal dev server on ${endpoint.address} (state in ${join(dir, 'temporal.sqlite')})`);
  return {
    address: endpoint.address,
    port,
    dir,
    async restart(how, downMs = 0) {
      if (how === 'kill') {
        // The pid file is the server's own record of its process (client/temporal/devServer.ts).
        const { pid } = JSON.parse(readFileSync(join(dir, 'temporal.pid'), 'utf8')) as { pid: number };
        process.kill(pid, 'SIGKILL');
      }
      // After a SIGKILL this only reaps the process and removes the stale pid file.
      await endpoint.stop();
      if (downMs > 0) await sleep(downMs);
      endpoint = await launch();
    },
    async stop() {
      await endpoint.stop();
      rmSync(dir, { recursive: true, force: true });
      removeOnExit();
    },
  };
}

// ── the worker, as a process of its own ─────────────────────────────────────

export interface WorkerChildOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** Holds the payload keyring (codec-keys.json) the worker and the load client share. */
  dataDir: string;
  /** A prebuilt workflow bundle: bundling at every start would take seconds per restart. */
  workflowBundlePath: string;
  /** Where the workers' output goes (appended). */
  logFile: string;
}

export interface WorkerSupervisor {
  /** Starts one more worker process and waits until it polls. */
  start(): Promise<void>;
  /** kill -9 the oldest running worker (an operator's crash), and waits until it is gone. */
  kill9(): Promise<void>;
  /** Workers that exited without being killed by us, for any reason: a failure. */
  readonly unexpectedExits: number;
  /**
   * Of those, workers that died of postgres.js 3.4's uncatchable `socket.write` on a closed
   * connection (porsager/postgres#1208), the driver before `pg`: named apart should it return.
   */
  readonly driverCrashes: number;
  readonly running: number;
  stop(): Promise<void>;
}

/** The signature of porsager/postgres#1208 (also #1066, #1154): thrown from a setImmediate, so no caller can catch it. */
const POSTGRES_JS_NULL_SOCKET =
  /TypeError: Cannot read properties of null \(reading 'write'\)\s+at Immediate\.nextWrite \(\S*postgres[\\/]cjs[\\/]src[\\/]connection\.js/;

interface WorkerProcess {
  child: ChildProcess;
  exited: Promise<void>;
  killed: boolean;
}

/**
 * Worker processes on one task queue, as a process manager runs them: a worker that
 * dies by itself is counted and, if it was the last one, replaced.
 */
export function workerSupervisor(opts: WorkerChildOptions, log: (msg: string) => void = () => undefined): WorkerSupervisor {
  const script = join(__dirname, 'chaosWorker.ts');
  const logStream = createWriteStream(opts.logFile, { flags: 'a' });
  const live: WorkerProcess[] = [];
  let stopped = false;
  let unexpectedExits = 0;
  let driverCrashes = 0;
  const starts = new Set<Promise<void>>();

  const removeOnExit = onExit(() => {
    for (const w of live) w.child.kill('SIGKILL');
  });

  const spawnOnce = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script], {
        env: {
          ...process.env,
          DATABASE_URL: opts.databaseUrl,
          TEMPORAL_ADDRESS: opts.temporalAddress,
          CADREFLOW_TASK_QUEUE: opts.taskQueue,
          CADREFLOW_DATA_DIR: opts.dataDir,
          CHAOS_WORKFLOW_BUNDLE: opts.workflowBundlePath,
          TEMPORAL_LOG_LEVEL: process.env.TEMPORAL_LOG_LEVEL ?? 'WARN',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let ready = false;
      let stderrTail = '';
      child.stdout!.on('data', (d: Buffer) => {
        logStream.write(d);
        if (!ready && d.toString().includes('chaos worker running')) {
          ready = true;
          resolve();
        }
      });
      child.stderr!.on('data', (d: Buffer) => {
        logStream.write(d);
        stderrTail = (stderrTail + d.toString()).slice(-4_000);
      });
      const w: WorkerProcess = {
        child,
        killed: false,
        exited: new Promise((done) =>
          child.once('exit', (code, signal) => {
            logStream.write(`--- worker ${child.pid} exited (${code ?? signal})\n`);
            live.splice(live.indexOf(w), 1);
            done();
            if (!ready) {
              reject(new Error(`the worker exited (${code ?? signal}) before it was running; see ${opts.logFile}`));
              return;
            }
            if (w.killed || stopped) return;
            // Every exit of its own is unexpected, the driver's old crash included: it must not come back.
            const driverBug = POSTGRES_JS_NULL_SOCKET.test(stderrTail);
            if (driverBug) driverCrashes++;
            unexpectedExits++;
            log(
              `worker ${child.pid} exited by itself (${code ?? signal}${driverBug ? ': postgres.js null socket, porsager/postgres#1208' : ''})` +
                `; see ${opts.logFile}`,
            );
            if (live.length === 0 && starts.size === 0) {
              void supervisor.start().catch((err: unknown) => log(`could not replace the worker: ${String(err)}`));
            }
          }),
        ),
      };
      live.push(w);
    });

  const supervisor: WorkerSupervisor = {
    start() {
      const run = (async () => {
        // A worker that cannot start yet (a server still coming back) is retried.
        for (let attempt = 1; ; attempt++) {
          try {
            return await spawnOnce();
          } catch (err) {
            if (attempt >= 10 || stopped) throw err;
            await sleep(1_000);
          }
        }
      })();
      starts.add(run);
      void run.finally(() => starts.delete(run)).catch(() => undefined);
      return run;
    },
    async kill9() {
      const oldest = live.find((w) => !w.killed);
      if (!oldest) return;
      oldest.killed = true;
      oldest.child.kill('SIGKILL');
      await oldest.exited;
    },
    get unexpectedExits() {
      return unexpectedExits;
    },
    get driverCrashes() {
      return driverCrashes;
    },
    get running() {
      return live.length;
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...starts]);
      for (const w of [...live]) {
        w.child.kill('SIGKILL');
        await w.exited;
      }
      removeOnExit();
      await new Promise<void>((resolve) => logStream.end(resolve));
    },
  };
  return supervisor;
}

// ── the end state ───────────────────────────────────────────────────────────

export interface PlannedCase {
  caseId: string;
  /** The case's `cases.outcome` once it is closed. */
  outcome: 'confirmed' | 'removed' | 'ended-early';
}

export interface IntegrityReport {
  ok: boolean;
  failures: string[];
  casesFinished: number;
  casesTotal: number;
  /** (stream, step) pairs whose events were counted. */
  stepsChecked: number;
  eventsChecked: number;
  chainOk: boolean;
  readModelDifferences: number;
}

/**
 * What must hold after any mix of crashes and restarts:
 *  - every case finished: its workflow completed and its read model is closed with the planned outcome;
 *  - each step of a case wrote its events exactly once: per (stream, step) — the
 *    `causationId` in each event's metadata — every event type (per task) occurs once,
 *    every opened task was decided or withdrawn once, and the steps the client saw
 *    accepted are exactly the steps decided in the log;
 *  - the hash chain verifies;
 *  - read models rebuilt from the log equal the live ones.
 */
export async function checkIntegrity(
  db: DB,
  client: Client,
  cases: PlannedCase[],
  acceptedSteps: ReadonlySet<string>,
): Promise<IntegrityReport> {
  const failures: string[] = [];
  const fail = (msg: string) => {
    if (failures.length < 50) failures.push(msg);
  };

  // Every case finished, in Temporal and in the read model.
  let casesFinished = 0;
  const rows = await db.selectFrom('cases').select(['case_id', 'status', 'outcome']).where('kind', '=', 'probation').execute();
  const byId = new Map(rows.map((r) => [r.case_id, r]));
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        // The workflow completes a moment after its closing append is in the read model.
        const handle = client.workflow.getHandle(c.caseId);
        let status = (await handle.describe()).status.name;
        for (const until = Date.now() + 60_000; status === 'RUNNING' && Date.now() < until;) {
          await sleep(250);
          status = (await handle.describe()).status.name;
        }
        const row = byId.get(c.caseId);
        if (status !== 'COMPLETED') fail(`${c.caseId}: workflow is ${status}, not COMPLETED`);
        else if (!row || row.status !== 'closed') fail(`${c.caseId}: read model is ${row ? row.status : 'missing'}, not closed`);
        else if (row.outcome !== c.outcome) fail(`${c.caseId}: outcome ${row.outcome}, planned ${c.outcome}`);
        else casesFinished++;
      }
    }),
  );

  // One event per step: a retried or re-run step must not have written twice.
  const { rows: repeated } = await sql<{ stream_id: string; step: string; type: string; task: string; n: string }>`
    select stream_id, metadata->>'causationId' as step, type, coalesce(data->>'taskId', '') as task, count(*)::text as n
    from events where stream_id like 'probation/%'
    group by 1, 2, 3, 4 having count(*) <> 1`.execute(db);
  for (const r of repeated) fail(`${r.stream_id} step ${r.step}: ${r.n} × ${r.type}${r.task ? ` (${r.task})` : ''}`);
  const { rows: stepCount } = await sql<{ steps: string; events: string }>`
    select count(distinct (stream_id, metadata->>'causationId'))::text as steps, count(*)::text as events
    from events where stream_id like 'probation/%'`.execute(db);
  const stepsChecked = Number(stepCount[0]?.steps ?? 0);
  const eventsChecked = Number(stepCount[0]?.events ?? 0);

  // Every case started and closed once; every opened task ended once (decided or withdrawn).
  const { rows: shape } = await sql<{ stream_id: string; started: string; closed: string; opened: string; ended: string }>`
    select stream_id,
      count(*) filter (where type = 'CaseStarted')::text as started,
      count(*) filter (where type = 'CaseClosed')::text as closed,
      count(*) filter (where type = 'TaskOpened')::text as opened,
      count(*) filter (where type in ('TaskDecided', 'TaskWithdrawn'))::text as ended
    from events where stream_id like 'probation/%' group by stream_id`.execute(db);
  const streams = new Map(shape.map((s) => [s.stream_id, s]));
  for (const c of cases) {
    const s = streams.get(c.caseId);
    if (!s) fail(`${c.caseId}: no events`);
    else if (s.started !== '1' || s.closed !== '1' || s.opened !== s.ended) {
      fail(`${c.caseId}: ${s.started} CaseStarted, ${s.closed} CaseClosed, ${s.opened} TaskOpened, ${s.ended} tasks decided or withdrawn`);
    }
  }

  // The decisions the client saw accepted are exactly those the log holds.
  const { rows: decided } = await sql<{ stream_id: string; step: string }>`
    select stream_id, data->>'step' as step from events where type = 'TaskDecided' and stream_id like 'probation/%'
    union all
    select stream_id, 'end-early' from events where type = 'ProbationEndedEarly' and stream_id like 'probation/%'`.execute(db);
  const logged = new Set(decided.map((d) => `${d.stream_id} ${d.step}`));
  for (const k of acceptedSteps) if (!logged.has(k)) fail(`accepted but not in the log: ${k}`);
  for (const k of logged) if (!acceptedSteps.has(k)) fail(`in the log but never accepted by the client: ${k}`);
  if (logged.size !== decided.length) fail(`${decided.length - logged.size} decisions logged more than once`);

  const chain = await verifyHashChain(db);
  if (!chain.ok) fail(`hash chain broken at position ${chain.firstBadPosition}: ${chain.reason}`);

  await rebuildReadModels(db, { schema: 'chaos_rebuild' });
  const diff = await diffReadModels(db, 'public', 'chaos_rebuild');
  for (const d of diff.slice(0, 10))
    fail(`read model ${d.table} ${d.key}: live ${JSON.stringify(d.left)} ≠ rebuilt ${JSON.stringify(d.right)}`);
  await sql`drop schema chaos_rebuild cascade`.execute(db);

  return {
    ok: failures.length === 0,
    failures,
    casesFinished,
    casesTotal: cases.length,
    stepsChecked,
    eventsChecked,
    chainOk: chain.ok,
    readModelDifferences: diff.length,
  };
}

export function chaosTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cf-chaos-'));
}
