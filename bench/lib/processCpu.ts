/**
 * CPU time by process over a timed run: where a run's work went (the worker, the Temporal
 * server, PostgreSQL, the load client), so a ratio against a baseline says what costs the
 * difference and not only how much.
 */
import { readFileSync } from 'node:fs';
import type { DB } from '../../schema/db';
import { sql } from 'kysely';

/** utime + stime of a process in seconds; undefined once it is gone. */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    // The 14th and 15th fields of /proc/<pid>/stat, the 12th and 13th after the parenthesised command name, in 1/100 s.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export interface CpuSplit {
  /** The worker process(es): activities, the workflow threads, the SDK's core. */
  worker: number;
  /** The Temporal dev server. */
  temporal: number;
  /** The PostgreSQL backends serving the run's database (none for a bare run). */
  postgres: number;
  /** This process: the load client sending decisions and watching for tasks. */
  client: number;
}

/**
 * Counts the CPU seconds of a run from `start()` to `stop()`. PostgreSQL's backends come
 * and go with the pools' idle timeouts, so they are sampled every half second and each
 * one's last reading kept; a backend that ends between two samples loses at most its
 * last half second.
 */
export function cpuMeter(opts: { workerPids: () => number[]; temporalPid: number | undefined; db?: DB; databaseName?: string }) {
  const baseline = new Map<number, number>();
  const latest = new Map<number, number>();
  let workerStart = 0;
  let temporalStart = 0;
  let clientStart: NodeJS.CpuUsage = process.cpuUsage();
  let timer: NodeJS.Timeout | undefined;
  let sampling: Promise<void> = Promise.resolve();
  const workerCpu = () => opts.workerPids().reduce((sum, pid) => sum + (processCpuSeconds(pid) ?? 0), 0);
  const temporalCpu = () => (opts.temporalPid === undefined ? 0 : (processCpuSeconds(opts.temporalPid) ?? 0));
  const sampleBackends = async (first: boolean): Promise<void> => {
    if (!opts.db || !opts.databaseName) return;
    const rows = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = ${opts.databaseName}`
      .execute(opts.db)
      .catch(() => ({ rows: [] as Array<{ pid: number }> }));
    for (const { pid } of rows.rows) {
      const cpu = processCpuSeconds(pid);
      if (cpu === undefined) continue;
      if (!baseline.has(pid)) baseline.set(pid, first ? cpu : 0);
      latest.set(pid, cpu);
    }
  };
  return {
    async start(): Promise<void> {
      workerStart = workerCpu();
      temporalStart = temporalCpu();
      clientStart = process.cpuUsage();
      await sampleBackends(true);
      timer = setInterval(() => (sampling = sampling.then(() => sampleBackends(false))), 500);
      // A run that fails never calls stop(): the sampling must not keep the bench alive.
      timer.unref();
    },
    async stop(): Promise<CpuSplit> {
      clearInterval(timer);
      await sampling;
      await sampleBackends(false);
      const client = process.cpuUsage(clientStart);
      let postgres = 0;
      for (const [pid, cpu] of latest) postgres += cpu - (baseline.get(pid) ?? 0);
      const r = (s: number) => Math.round(s * 100) / 100;
      return {
        worker: r(workerCpu() - workerStart),
        temporal: r(temporalCpu() - temporalStart),
        postgres: r(postgres),
        client: r((client.user + client.system) / 1e6),
      };
    },
  };
}
