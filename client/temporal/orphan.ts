// A `cadreflow up` killed with SIGKILL cannot stop its Temporal dev server: the server
// keeps running on the data folder's database file, and the next `up` found the folder
// in use. This tells such an orphan from a server someone is still running, and stops it.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** What temporal.pid records about the dev server started on a data folder. */
export interface RecordedServer {
  pid: number;
  port: number;
  /** The process that started it (and stops it); absent in files from older versions. */
  owner?: number;
}

/** Reads /proc/<pid>/<file>; undefined when the process or /proc is not there. */
export type ProcReader = (pid: number, file: 'cmdline' | 'stat') => string | undefined;

export const readProc: ProcReader = (pid, file) => {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
};

/** The parent pid and state from /proc/<pid>/stat (the command name may hold spaces and parentheses). */
function statOf(stat: string): { state: string; ppid: number } | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ppid = Number(fields[1]);
  return fields[0] && Number.isInteger(ppid) ? { state: fields[0], ppid } : undefined;
}

function flag(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/**
 * True when the recorded server is this data folder's own dev server and the process
 * that started it is gone: its command line is `temporal server start-dev` on this
 * database file and the recorded port, and it has another parent than the recorded
 * owner (a process gets a new parent only when its parent dies). Anything else, or no
 * /proc to tell by, is not an orphan: the caller then refuses to touch it.
 */
export function isOrphanedServer(record: RecordedServer, dbFile: string, proc: ProcReader = readProc): boolean {
  if (!Number.isInteger(record.owner) || record.owner === process.pid) return false;
  const cmdline = proc(record.pid, 'cmdline');
  const stat = proc(record.pid, 'stat');
  if (cmdline === undefined || stat === undefined) return false;
  const args = cmdline.split('\0');
  const ours =
    path.basename(args[0] ?? '').startsWith('temporal') &&
    args.includes('start-dev') &&
    flag(args, '--db-filename') === dbFile &&
    flag(args, '--port') === String(record.port);
  const parsed = statOf(stat);
  return ours && parsed !== undefined && parsed.state !== 'Z' && parsed.ppid !== record.owner;
}

function gone(pid: number, proc: ProcReader): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A zombie no one reaps yet (PID 1 in some containers) holds no port and no file.
  const stat = proc(pid, 'stat');
  return stat !== undefined && statOf(stat)?.state === 'Z';
}

async function waitGone(pid: number, ms: number, proc: ProcReader): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!gone(pid, proc)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Sends a signal; false when the process is already gone. */
function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Stops an orphaned server: SIGTERM, SIGKILL after graceMs; resolves once it is gone. */
export async function stopOrphanedServer(pid: number, graceMs: number, proc: ProcReader = readProc): Promise<void> {
  if (!signal(pid, 'SIGTERM') || (await waitGone(pid, graceMs, proc))) return;
  if (!signal(pid, 'SIGKILL')) return;
  if (!(await waitGone(pid, graceMs, proc))) throw new Error(`pid ${pid} is still running after SIGKILL`);
}
