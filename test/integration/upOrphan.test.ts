/**
 * `cadreflow up` killed with SIGKILL leaves its Temporal dev server running; the next
 * `up` on the same data folder recognises that orphan, stops it, starts afresh and says
 * so. The run also shows the log is pino JSON when stderr is not a terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/cli';

const BIN = join(__dirname, '..', '..', 'bin', 'cadreflow.cjs');
const dataDir = mkdtempSync(join(tmpdir(), 'cf-orphan-'));
const pidFile = join(dataDir, 'temporal.pid');

interface Up {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** The `up` processes and the dev servers they started, so afterAll can end what is left. */
const ups: ChildProcess[] = [];
const servers = new Set<number>();

async function startUp(env: NodeJS.ProcessEnv): Promise<Up> {
  const child = spawn(process.execPath, [BIN, 'up'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  ups.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (out.includes('cadreflow is up')) resolve();
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`up exited ${code} before it was up:\n${out}\n${err}`)));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

function recorded(): { pid: number; port: number; owner: number } {
  const record = JSON.parse(readFileSync(pidFile, 'utf8')) as { pid: number; port: number; owner: number };
  servers.add(record.pid);
  return record;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // An exited child that is not reaped yet is a zombie: gone for every purpose here.
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const child of ups) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // A pid is killed only while it is still a server on this suite's data folder, never a recycled one.
  for (const pid of servers) {
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (cmdline.includes(dataDir)) process.kill(pid, 'SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('`cadreflow up` after an earlier `up` was killed with SIGKILL', () => {
  it('stops the dev server the killed `up` left behind, starts afresh and says so', { timeout: 240_000 }, async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CADREFLOW_DATA_DIR: dataDir,
      CADREFLOW_TEMPORAL_PORT: String(await freePort()),
      CADREFLOW_API_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    };
    delete env.DATABASE_URL;
    delete env.TEMPORAL_ADDRESS;
    delete env.LOG_FORMAT;

    const first = await startUp(env);
    // stderr is a pipe here: the log is JSON lines for a log shipper, nothing else.
    const logLines = first.stderr().trim().split('\n');
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line)).toMatchObject({ name: 'cadreflow', level: expect.any(Number) });
    expect(logLines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContainEqual(
      expect.stringMatching(/^Temporal dev server ready at /),
    );

    const orphan = recorded();
    expect(orphan.owner).toBe(first.child.pid);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(orphan.pid)).toBe(true);

    const second = await startUp(env);
    expect(second.stderr()).toContain(
      `Temporal dev server pid ${orphan.pid} on port ${orphan.port} was left running by an earlier \`cadreflow up\` (pid ${first.child.pid}) that ended without stopping it; stopping it and starting afresh on ${join(dataDir, 'temporal.sqlite')}`,
    );
    expect(alive(orphan.pid)).toBe(false);
    const fresh = recorded();
    expect(fresh.pid).not.toBe(orphan.pid);
    expect(fresh.owner).toBe(second.child.pid);
    expect(alive(fresh.pid)).toBe(true);

    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(alive(fresh.pid)).toBe(false);
  });
});
