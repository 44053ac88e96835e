/**
 * Runs the real `cadreflow` command (bin/cadreflow.cjs: the CLI compiled from the current
 * sources, bin/compile.cjs), as a person would.
 * A command may take as long as the test allows (a busy machine is slow, not wrong); past
 * the test's own deadline it is killed, so a hung one never outlives its test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Role } from '../../domain/actors';
import type { DB } from '../../schema/db';
import { createUser, findUser } from '../../client/api/accounts';
import { testDeadline } from './cases';

const BIN = join(__dirname, '..', '..', 'bin', 'cadreflow.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, timeoutMs?: number): Promise<CliResult> {
  const bound = timeoutMs ?? testDeadline() - Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cadreflow ${args.join(' ')} did not finish in ${bound} ms\n${stdout}\n${stderr}`));
    }, bound);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed; its stdout. */
export async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(args, env);
  if (r.code !== 0) throw new Error(`cadreflow ${args.join(' ')} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}

export interface LongRunning {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts a long-running command and waits until its output matches `ready`. */
export async function startCli(args: string[], env: NodeJS.ProcessEnv, ready: RegExp, timeoutMs?: number): Promise<LongRunning> {
  const bound = timeoutMs ?? testDeadline() - Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started process behind a failed test.
      child.kill('SIGKILL');
      reject(new Error(`cadreflow ${args.join(' ')} not ready in ${bound} ms:\n${out}`));
    }, bound);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cadreflow ${args.join(' ')} exited ${code} before it was ready:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The accounts the CLI suites act as (createCliAccounts makes them): the demo's logins. */
export const STAFF = 'org-staff';
export const ADMIN = 'org-admin';
export const AUDITOR = 'auditor';
/** The demo county's townships, ts-01 … ts-12. */
export const DEMO_TOWNSHIPS: readonly string[] = Array.from({ length: 12 }, (_, i) => `ts-${String(i + 1).padStart(2, '0')}`);
/** The committee account of a township, e.g. ts-03-committee. */
export const committee = (townshipId: string): string => `${townshipId}-committee`;

/**
 * Creates the suite's accounts in its database (the accounts module, as `cadreflow users
 * add` does): county staff, an admin, an auditor and one committee per township named.
 * Accounts that exist already are left alone.
 */
export async function createCliAccounts(db: DB, townshipIds: readonly string[] = []): Promise<void> {
  const specs: Array<{ login: string; role: Role; townshipId?: string }> = [
    { login: STAFF, role: 'county-org-dept' },
    { login: ADMIN, role: 'admin' },
    { login: AUDITOR, role: 'auditor' },
    ...townshipIds.map((t) => ({ login: committee(t), role: 'township-committee' as const, townshipId: t })),
  ];
  for (const spec of specs) {
    if (await findUser(db, spec.login)) continue;
    await createUser(db, spec, { checkTownship: false });
  }
}

/**
 * The environment a suite's `cadreflow` commands run in: its server, its database, a task
 * queue and data folder of its own. Commands act as county staff (CADREFLOW_USER) unless
 * one names another account with --user.
 */
export function cliEnv(name: string, temporalAddress: string, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    CADREFLOW_TASK_QUEUE: `${name}-${process.pid}`,
    CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), `cf-${name}-`)),
    CADREFLOW_USER: STAFF,
    LOG_LEVEL: 'warn',
  };
}
