/**
 * Worker child processes (bench/worker/child.ts) and their resident memory, read from
 * /proc so that it is the process's own RSS and nothing else's.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildSettings } from '../worker/child';
import { limitCpu, type CpuLimit } from './cpuLimit';

export interface WorkerProcess {
  pid: number;
  /** The worker's sticky cache size (the SDK's default from the heap limit). */
  maxCachedWorkflows: number | undefined;
  /** VmRSS in MiB. */
  rssMiB(): number;
  /** VmHWM in MiB: the most the process has held resident so far. */
  peakRssMiB(): number;
  /** The child's process.memoryUsage() after a GC, in MiB. */
  memory(): Promise<{ rss: number; heapUsed: number; external: number }>;
  stop(): Promise<void>;
}

/** `cpu`: the share of one core the worker may use (a cgroup quota, bench/lib/cpuLimit.ts); unset, no limit. */
export async function startWorkerProcess(settings: ChildSettings, opts: { cpu?: number } = {}): Promise<WorkerProcess> {
  const child: ChildProcess = fork(join(__dirname, '..', 'worker', 'child.ts'), [JSON.stringify(settings)], {
    // --import tsx runs the TypeScript in this very process (no tsx wrapper process whose RSS we would read instead).
    // BENCH_WORKER_CPU_PROF=<dir>: each worker writes a V8 CPU profile there when it exits.
    execArgv: [
      '--import',
      'tsx',
      '--expose-gc',
      ...(process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_WORKER_CPU_PROF] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let cpuLimit: CpuLimit | undefined;
  if (opts.cpu !== undefined) {
    try {
      cpuLimit = limitCpu(child.pid!, opts.cpu, settings.identity);
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
  }
  let maxCachedWorkflows: number | undefined;
  await new Promise<void>((resolve, reject) => {
    const onMessage = (m: { type: string; maxCachedWorkflows?: number }) => {
      if (m.type === 'ready') {
        child.off('message', onMessage);
        maxCachedWorkflows = m.maxCachedWorkflows;
        resolve();
      }
    };
    child.on('message', onMessage);
    void exited.then((code) => reject(new Error(`worker child (${settings.kind}) exited with ${code} before it was ready`)));
  });
  const mib = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return {
    pid: child.pid!,
    maxCachedWorkflows,
    rssMiB() {
      return statusMiB(child.pid!, 'VmRSS');
    },
    peakRssMiB() {
      return statusMiB(child.pid!, 'VmHWM');
    },
    memory() {
      return new Promise((resolve) => {
        const onMessage = (m: { type: string; usage?: NodeJS.MemoryUsage }) => {
          if (m.type !== 'memory' || !m.usage) return;
          child.off('message', onMessage);
          resolve({ rss: mib(m.usage.rss), heapUsed: mib(m.usage.heapUsed), external: mib(m.usage.external) });
        };
        child.on('message', onMessage);
        child.send({ type: 'memory' });
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      cpuLimit?.remove();
    },
  };
}

/** A memory line of /proc/<pid>/status (kB there) in MiB. */
function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}
