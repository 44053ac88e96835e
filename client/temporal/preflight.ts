/**
 * What must hold before a dev server starts on a data folder: no live server of an
 * earlier run on its database file (the pid file says which; one whose `up` died is
 * stopped), and free ports.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STOP_GRACE_MS } from './childProcess';
import { TemporalDataDirInUseError, TemporalPortInUseError } from './errors';
import { isOrphanedServer, stopOrphanedServer, type RecordedServer } from './orphan';
import { answersAsTemporal, isPortFree, LOCAL_IP } from './ports';

/** What `temporal.pid` holds: the server's pid and port, and the `up` that started it. */
export type PidRecord = RecordedServer;

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

export async function checkPorts(
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
