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
import { migrateToLatest } from '../schema/migrate';
import { ensureDatabaseReachable } from '../schema/connectError';
import { resolveTemporal, type TemporalEndpoint } from './temporal';
import { createWorker } from '../worker/worker';
import { UserError } from './cases';
import { createLogger } from './logFormat';
import { Progress, seconds } from './progress';
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
    progress.begin('Temporal', config.temporalAddress ? `connecting to ${config.temporalAddress}` : 'starting a dev server');
    const temporal: TemporalEndpoint = await resolveTemporal({
      dataDir: config.dataDir,
      port: config.temporalPort,
      log: (msg) => log.info(msg),
      uiCodecEndpoint: `http://${apiSettings.host}:${apiSettings.port}/codec`,
    });
    cleanups.push(() => temporal.stop());

    progress.done(`${temporal.address} (${temporal.source})`);
    progress.begin('database', config.databaseUrl ? 'connecting to PostgreSQL (DATABASE_URL)' : 'opening the embedded PGlite');
    const database: OpenedDatabase = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    if (config.databaseUrl) await ensureDatabaseReachable(database, config.databaseUrl);
    cleanups.push(() => database.close());
    progress.done(database.describe);
    progress.begin('migrations', 'bringing the schema up to date');
    const applied = await migrateToLatest(database.db);
    if (applied.length) log.info({ applied }, 'migrations applied');
    progress.done(applied.length ? `${applied.length} applied` : 'up to date');
    progress.begin('worker and API', 'bundling the workflows, starting the worker and the HTTP API');

    const connection = await NativeConnection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const hashAlgorithm = CRYPTO_SUITES[config.crypto].hashAlgorithm;
    const worker = await createWorker({
      connection,
      namespace: temporal.namespace,
      db: database.db,
      taskQueue: config.taskQueue,
      dataConverter,
      hashAlgorithm,
    });
    const running = worker.run();
    cleanups.push(async () => {
      // The SDK also drains its workers on SIGINT/SIGTERM by itself.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });

    const temporalClient = await connectTemporal({ ...config, temporalAddress: temporal.address });
    cleanups.push(() => temporalClient.close());
    // The same keyring as the payload codec's: the registry's ID and phone numbers are sealed under it.
    const personalData = personalDataCipher(config);
    const deps = { db: database.db, client: temporalClient.client, policy, taskQueue: config.taskQueue, personalData };
    const backend = directBackend(deps);
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
      },
      apiSettings,
    );
    cleanups.push(() => api.close());
    const webBuilt = await webBuildPresent(DEFAULT_WEB_ROOT);
    progress.done(api.url);

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
        `  worker     task queue "${config.taskQueue}", namespace "${temporal.namespace}"`,
        `  web UI     ${api.webUrl}/${webBuilt ? '' : ' (not built yet: run `npm run build:web`, then reload)'}`,
        `  API        ${api.url} (OpenAPI at ${api.url}/docs)`,
        `  data       ${config.dataDir}${control ? ` (CLI commands: ${control.socket})` : ''}`,
        `  policy     ${policy.version}${config.policyFile ? ` from ${config.policyFile}` : ' (defaults)'}`,
        'In another terminal: `npx cadreflow demo`, `npx cadreflow tasks`. Ctrl-C stops everything.',
      ].join('\n'),
    );

    if (opts.demo) {
      progress.begin('demo', 'loading the demo county and starting its cases');
      const r = await backend.demo();
      console.log(
        `demo: ${r.registryEvents} registry events; ${r.casesStarted} probation cases started, ${r.casesExisting} already running`,
      );
      console.log(
        `demo: ${r.membership.registerEvents} membership register events; ` +
          `${r.membership.casesStarted} member-development cases started, ${r.membership.casesExisting} already running`,
      );
      console.log(
        `demo: ${r.selections.casesStarted} selection cases started, ${r.selections.casesExisting} already running ` +
          `(${r.selections.cases.map((c) => `${c.caseId} at ${c.stage}`).join(', ')})`,
      );
      const users = await createDemoUsers(database.db);
      const created = users.filter((u) => u.created);
      progress.done(`${created.length} logins created`);
      if (created.length > 0) {
        console.log('demo logins (shown once; the passwords are not stored in clear):');
        for (const u of created) console.log(`  ${u.login.padEnd(16)} ${u.role.padEnd(19)} ${u.townshipId ?? ''}\t${u.password}`);
      }
    }
    await Promise.race([onShutdown(stopAll), running.then(() => stopAll())]);
  } catch (err) {
    progress.fail();
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
