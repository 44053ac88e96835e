/**
 * `cadreflow up` and `cadreflow worker`: the long-running processes.
 */
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { loadPolicy } from './policyFile';
import { readStackInfo, removeStackInfo, writeStackInfo, type Config } from './config';
import { connectTemporal } from './stack';
import { openDatabase, openPostgresDatabase, type OpenedDatabase } from '../schema/connect';
import { directBackend, serveBackend } from './backend';
import { BACKEND_MODULES } from './backendModules';
import { apiSettingsFromEnv, serveApi } from './api/config';
import { apiModules } from './api/server';
import { loadSigningKey } from './audit/checkpoint';
import { DEFAULT_WEB_ROOT, webBuildPresent } from './api/routes/web';
import { createDemoUsers } from './api/accounts';
import { encryptingDataConverter } from './codec';
import { personalDataCipher } from './crypto/personalData';
import { CRYPTO_SUITES } from './crypto/suite';
import { migrateToLatest, schemaKey } from '../schema/migrate';
import { ensureDatabaseReachable } from '../schema/connectError';
import { resolveTemporal, type TemporalEndpoint } from './temporal';
import { createWorker } from '../worker/worker';
import { bundleWorkflowsInThread } from '../worker/bundleThread';
import { cachedWorkflowBundle } from '../worker/bundleCache';
import { runDemo, type DemoResult } from './demo';
import { DEMO_PART_UNITS, DemoTracker, type DemoPartStatus } from './demoProgress';
import { UserError } from './cases';
import { createLogger } from './logFormat';
import { Progress, seconds, type Phase } from './progress';
import { ownerOnlyUmask, secureDataFolder } from './dataFolder';
import { checkSocketPath, controlPaths } from './controlChannel';

// Made when `up` or `worker` starts, so a bad LOG_FORMAT is refused like any other setting.
let log: Logger;

let runtimeInstalled = false;
function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN') ?? 'WARN') });
}

/** Stops what was started, newest first, once, on Ctrl-C or SIGTERM. */
function onShutdown(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const handler = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'stopping');
      stop()
        .catch((err: unknown) => log.error({ err }, 'error while stopping'))
        .finally(() => resolve());
    };
    process.once('SIGINT', () => handler('SIGINT'));
    process.once('SIGTERM', () => handler('SIGTERM'));
  });
}

/** Runs `work` as `phase`: done with `summary(result)`, or failed with the error passed on. */
async function phased<T>(phase: Phase, work: () => Promise<T>, summary: (result: T) => string): Promise<T> {
  try {
    const result = await work();
    phase.done(summary(result));
    return result;
  } catch (err) {
    phase.fail();
    throw err;
  }
}

/** Runs `work` as a phase begun once `first` is there; the phase fails with `first`'s error too. */
async function phasedAfter<A, T>(
  progress: Progress,
  first: Promise<A>,
  name: string,
  doing: string,
  work: (a: A) => Promise<T>,
): Promise<T> {
  const a = await first;
  return phased(
    progress.phase(name, doing),
    () => work(a),
    () => 'running',
  );
}

/**
 * Like Promise.all, but waits for every one to settle before throwing the first error:
 * what the others started is then in `cleanups`, so a failure stops it all.
 */
async function settleAll<T extends readonly unknown[]>(work: readonly [...{ [K in keyof T]: Promise<T[K]> }]): Promise<T> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** One part of the demo loaded, as `up` prints it: `  demo: registry, 2311 events (1.9 s)`. */
function demoPartLine(part: DemoPartStatus, ms: number): string {
  const { what, unit } = DEMO_PART_UNITS[part.name];
  return `  demo: ${what}, ${part.total} ${unit} (${seconds(ms)} since the demo began)`;
}

function demoSummary(r: DemoResult): string {
  const cases = r.casesStarted + r.membership.casesStarted + r.selections.casesStarted;
  const existing = r.casesExisting + r.membership.casesExisting + r.selections.casesExisting;
  return (
    `loaded: ${r.registryEvents} registry and ${r.membership.registerEvents} membership register events ` +
    `${r.registryAppended || r.membership.registerAppended ? 'in the log' : 'already in the log'}; ` +
    `${cases} cases started, ${existing} already running (` +
    `probation ${r.casesStarted + r.casesExisting}, member development ${r.membership.casesStarted + r.membership.casesExisting}, ` +
    `selection ${r.selections.cases.map((c) => `${c.caseId} at ${c.stage}`).join(', ')})`
  );
}

export async function runUp(config: Config, opts: { demo: boolean }): Promise<void> {
  log = createLogger('cadreflow');
  const progress = new Progress();
  const startedAt = Date.now();
  const running = readStackInfo(config.dataDir);
  if (running) {
    throw new UserError(`cadreflow up is already running on ${config.dataDir} (pid ${running.pid}); stop it first`);
  }
  quietTemporalRuntime();
  const policy = loadPolicy(config.policyFile);
  // Read before anything starts, so a bad setting fails fast.
  const apiSettings = apiSettingsFromEnv();
  // A data folder too deep for a Unix socket path fails now, not after Temporal started.
  if (!config.databaseUrl) checkSocketPath(controlPaths(config.dataDir).socket);
  // Before anything is created or spawned: every file of the stack is its user's alone.
  ownerOnlyUmask();
  const tightened = secureDataFolder(config.dataDir);
  if (tightened.length > 0) {
    log.warn(
      `the data folder ${config.dataDir} was readable by other users: ${tightened.length} files and folders made owner-only (0600/0700)`,
    );
  }
  const cleanups: Array<() => Promise<void>> = [];
  // Ctrl-C and the worker stopping by itself can both ask; stop once.
  let stopping: Promise<void> | undefined;
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const cleanup of cleanups.reverse()) await cleanup().catch((err: unknown) => log.warn({ err }, 'cleanup failed'));
      removeStackInfo(config.dataDir);
    })());
  try {
    const dataConverter = encryptingDataConverter(config, (msg) => log.warn(msg));
    // Three things that need nothing of each other run side by side: the dev server (a
    // process of its own), the database with its migrations, and the workflow bundle (in a
    // thread of its own when webpack has to make it). Only the worker waits for the bundle:
    // the API and the logins need the dev server and the database alone.
    const bundle = (async () => {
      let bundled = false;
      return phased(
        progress.phase('workflows', 'loading the workflow bundle'),
        async () => ({
          bundle: await cachedWorkflowBundle({
            bundle: () => {
              bundled = true;
              return bundleWorkflowsInThread();
            },
          }),
        }),
        () => (bundled ? 'bundled by webpack, kept in .tools for the next start' : 'from the bundle cache'),
      );
    })().then((b) => b.bundle);
    // Awaited by the worker below; a failure before then must not go unhandled meanwhile.
    bundle.catch(() => undefined);
    const [temporal, database] = await settleAll([
      phased(
        progress.phase('Temporal', config.temporalAddress ? `connecting to ${config.temporalAddress}` : 'starting a dev server'),
        async () => {
          const t: TemporalEndpoint = await resolveTemporal({
            dataDir: config.dataDir,
            port: config.temporalPort,
            log: (msg) => log.info(msg),
            uiCodecEndpoint: `http://${apiSettings.host}:${apiSettings.port}/codec`,
          });
          cleanups.push(() => t.stop());
          return t;
        },
        (t) => `${t.address} (${t.source})`,
      ),
      (async () => {
        const opened = await phased(
          progress.phase('database', config.databaseUrl ? 'connecting to PostgreSQL (DATABASE_URL)' : 'opening the embedded PGlite'),
          async () => {
            const d: OpenedDatabase = await openDatabase({
              databaseUrl: config.databaseUrl,
              dataDir: config.dataDir,
              schemaKey: schemaKey(),
            });
            cleanups.push(() => d.close());
            if (config.databaseUrl) await ensureDatabaseReachable(d, config.databaseUrl);
            return d;
          },
          (d) => (d.clusterSource === 'schema-template' ? `${d.describe} (a new cluster, from the schema template)` : d.describe),
        );
        await phased(
          progress.phase('migrations', 'bringing the schema up to date'),
          async () => {
            const applied = await migrateToLatest(opened.db);
            if (applied.length) log.info({ applied }, 'migrations applied');
            // Before anything else writes to the new cluster: the next new data folder starts here.
            if (opened.keepSchemaTemplate && (await opened.keepSchemaTemplate()))
              log.info('kept the migrated cluster as the schema template in .tools');
            return applied;
          },
          (applied) => (applied.length ? `${applied.length} applied` : 'up to date'),
        );
        return opened;
      })(),
    ]);

    let demoStartedAt = Date.now();
    // Made now so that /health reports the demo from the API's first request.
    const demo = opts.demo ? new DemoTracker((part) => console.log(demoPartLine(part, Date.now() - demoStartedAt))) : undefined;
    const temporalClient = await connectTemporal({ ...config, temporalAddress: temporal.address });
    cleanups.push(() => temporalClient.close());
    // The same keyring as the payload codec's: the registry's ID and phone numbers are sealed under it.
    const personalData = personalDataCipher(config);
    const deps = { db: database.db, client: temporalClient.client, policy, taskQueue: config.taskQueue, personalData };
    const backend = directBackend(deps);
    // The worker as soon as the bundle is there, beside the API (on a first start webpack
    // may still be bundling when the API and the logins are ready).
    const workerReady = phasedAfter(progress, bundle, 'worker', 'starting the worker', async (workflowBundle) => {
      const connection = await NativeConnection.connect({ address: temporal.address });
      try {
        const worker = await createWorker({
          connection,
          namespace: temporal.namespace,
          db: database.db,
          taskQueue: config.taskQueue,
          dataConverter,
          hashAlgorithm: CRYPTO_SUITES[config.crypto].hashAlgorithm,
          workflowBundle,
        });
        return { worker, running: worker.run(), connection };
      } catch (err) {
        await connection.close();
        throw err;
      }
    });
    let workerRunning = false;
    workerReady.then(
      () => (workerRunning = true),
      () => undefined,
    );
    // Stopping waits for a worker still being made, then drains it (the SDK also drains its workers on SIGINT/SIGTERM by itself).
    cleanups.push(async () => {
      const w = await workerReady.catch(() => undefined);
      if (!w) return;
      if (w.worker.getState() === 'RUNNING') w.worker.shutdown();
      await w.running;
      await w.connection.close();
    });
    const apiPhase = progress.phase('API', 'starting the HTTP API');
    // With DATABASE_URL every command talks to the database and Temporal itself: no channel to open.
    const control = config.databaseUrl
      ? undefined
      : await serveBackend(backend, Object.fromEntries(BACKEND_MODULES.map((m) => [m.name, m.create(deps)])), config.dataDir);
    if (control) cleanups.push(() => control.close());
    const api = await serveApi(
      {
        db: database.db,
        backend,
        temporal: temporalClient.client,
        logger: log,
        codec: dataConverter.payloadCodecs?.[0],
        personalData,
        codecCorsOrigin: temporal.uiUrl,
        modules: apiModules(deps),
        webRoot: DEFAULT_WEB_ROOT,
        // The key `cadreflow audit checkpoint` signs with on this data folder, generated there on first use as the CLI does.
        auditSigningKey: () => loadSigningKey(config.dataDir, process.env, (line) => log.info(line)),
        ...(demo ? { demoStatus: () => demo.status() } : {}),
        ballots: { hashAlgorithm: CRYPTO_SUITES[config.crypto].hashAlgorithm, policy: deps.policy },
        // Sessions with a deadline close themselves while `up` runs; the overdue ones as it starts.
        ballotDeadlines: {},
      },
      apiSettings,
    );
    cleanups.push(() => api.close());
    const webBuilt = await webBuildPresent(DEFAULT_WEB_ROOT);
    apiPhase.done(api.url);

    writeStackInfo(config.dataDir, {
      pid: process.pid,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      temporalUi: temporal.uiUrl,
      ...(control ? { controlSocket: control.socket } : {}),
      apiUrl: api.url,
      database: database.describe,
      startedAt: new Date().toISOString(),
    });
    console.log(
      [
        `cadreflow is up in ${seconds(Date.now() - startedAt)}`,
        `  Temporal   ${temporal.address} (${temporal.source})${temporal.uiUrl ? `, Web UI ${temporal.uiUrl} (no login: every local user can read, terminate and reset cases there)` : temporal.source === 'TEMPORAL_ADDRESS' ? '' : ', Web UI off (CADREFLOW_TEMPORAL_UI=1 serves it)'}`,
        `  database   ${database.describe}`,
        `  worker     task queue "${config.taskQueue}", namespace "${temporal.namespace}"${workerRunning ? '' : ' (starting: the cases move once it runs)'}`,
        `  web UI     ${api.webUrl}/${webBuilt ? '' : ' (not built yet: run `npm run build:web`, then reload)'}`,
        `  API        ${api.url} (OpenAPI at ${api.url}/docs)`,
        `  data       ${config.dataDir}${control ? ` (CLI commands: ${control.socket})` : ''}`,
        `  policy     ${policy.version}${config.policyFile ? ` from ${config.policyFile}` : ' (defaults)'}`,
        'In another terminal: `npx cadreflow demo`, `npx cadreflow tasks`. Ctrl-C stops everything.',
      ].join('\n'),
    );

    if (demo) {
      // The logins first: they need only the accounts table, and work while the county loads.
      progress.begin('demo logins', 'creating the demo accounts');
      const users = await createDemoUsers(database.db);
      const created = users.filter((u) => u.created);
      progress.done(`${created.length} created`);
      if (created.length > 0) {
        console.log('demo logins (shown once; the passwords are not stored in clear; they work now, while the demo loads):');
        for (const u of created) console.log(`  ${u.login.padEnd(16)} ${u.role.padEnd(19)} ${u.townshipId ?? ''}\t${u.password}`);
      }
      demoStartedAt = Date.now();
      const loading = progress.phase('demo', 'loading the demo county in the background; its cases appear as they start');
      const abort = new AbortController();
      const load = runDemo(temporalClient.client, database.db, policy, config.taskQueue, Date.now(), {
        report: demo,
        signal: abort.signal,
      }).then(
        (r) => {
          demo.finished();
          loading.done(demoSummary(r));
        },
        (err: unknown) => {
          demo.finished(err);
          if (abort.signal.aborted) {
            loading.done('stopped before it was complete; the next `up --demo` (or `cadreflow demo`) finishes it');
            return;
          }
          loading.fail();
          log.error({ err }, 'the demo did not load; `npx cadreflow demo` loads what is missing');
        },
      );
      // Stopping waits for the load to stop between two steps, before the worker and the database close.
      cleanups.push(async () => {
        abort.abort(new Error('cadreflow up is stopping'));
        await load;
      });
    }
    await Promise.race([onShutdown(stopAll), workerReady.then((w) => w.running).then(() => stopAll())]);
  } catch (err) {
    progress.failOpen();
    await stopAll();
    throw err;
  }
}

export async function runWorker(config: Config): Promise<void> {
  log = createLogger('cadreflow');
  quietTemporalRuntime();
  // A worker may create the payload keyring in the data folder: owner-only, as under `up`.
  ownerOnlyUmask();
  const stack = readStackInfo(config.dataDir);
  const address = config.temporalAddress ?? stack?.temporalAddress;
  // Embedded PGlite belongs to the `up` process; a second worker needs a database server,
  // named in its own environment (stack.json never carries a credential).
  const databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    throw new UserError(
      'a separate worker needs DATABASE_URL in its environment (the PostgreSQL server `cadreflow up` uses): the embedded database serves only the `up` process',
    );
  }
  if (!address) throw new UserError('a separate worker needs TEMPORAL_ADDRESS, or a running `cadreflow up` on this data folder');
  const database = await openPostgresDatabase(databaseUrl);
  await ensureDatabaseReachable(database, databaseUrl, 'DATABASE_URL');
  await migrateToLatest(database.db);
  const connection = await NativeConnection.connect({ address });
  const worker: Worker = await createWorker({
    connection,
    namespace: config.namespace,
    db: database.db,
    taskQueue: config.taskQueue,
    dataConverter: encryptingDataConverter(config, (msg) => log.warn(msg)),
    hashAlgorithm: CRYPTO_SUITES[config.crypto].hashAlgorithm,
  });
  console.log(
    `worker running: Temporal ${address}, namespace "${config.namespace}", task queue "${config.taskQueue}", database ${database.describe}`,
  );
  const running = worker.run();
  await Promise.race([
    onShutdown(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    }),
    running,
  ]);
  await connection.close();
  await database.close();
}
