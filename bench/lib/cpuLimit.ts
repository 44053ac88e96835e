/**
 * A CPU quota for one process, so that a scale-out run on a 2-core machine shows what a
 * second worker adds when each worker has a share of a core of its own (`--worker-cpu`),
 * not merely that the machine has no spare cores. Linux cgroups: v2 (`cpu.max`) where
 * the unified hierarchy is mounted with the cpu controller, else v1 (`cpu.cfs_quota_us`).
 * Needs write access to the cgroup file system (root in a container that mounts it rw).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PERIOD_US = 100_000;

export interface CpuLimit {
  /** The cgroup's directory. */
  path: string;
  /** The share of one core the process may use, e.g. 0.4. */
  cores: number;
  /** Removes the cgroup once its process has exited. */
  remove(): void;
}

function hierarchy(): { kind: 'v2' | 'v1'; root: string } {
  const v2 = '/sys/fs/cgroup';
  if (existsSync(join(v2, 'cgroup.controllers')) && readFileSync(join(v2, 'cgroup.controllers'), 'utf8').split(/\s+/).includes('cpu')) {
    return { kind: 'v2', root: v2 };
  }
  if (existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) return { kind: 'v1', root: '/sys/fs/cgroup/cpu' };
  throw new Error('--worker-cpu: no cgroup CPU controller found (neither /sys/fs/cgroup/cpu.max nor /sys/fs/cgroup/cpu/)');
}

/** Puts `pid` (all its threads) into a new cgroup limited to `cores` of one core. */
export function limitCpu(pid: number, cores: number, name: string): CpuLimit {
  if (!(cores > 0 && cores <= 64)) throw new RangeError(`--worker-cpu ${cores}: a share of cores above 0`);
  const { kind, root } = hierarchy();
  const path = join(root, `cadreflow-bench-${process.pid}-${name}`);
  const quota = Math.round(cores * PERIOD_US);
  try {
    mkdirSync(path);
    if (kind === 'v2') writeFileSync(join(path, 'cpu.max'), `${quota} ${PERIOD_US}`);
    else {
      writeFileSync(join(path, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(path, 'cpu.cfs_quota_us'), String(quota));
    }
    writeFileSync(join(path, 'cgroup.procs'), String(pid));
  } catch (err) {
    throw new Error(
      `--worker-cpu: cannot create or join the cgroup ${path} (${(err as Error).message}); run as a user who may write to the cgroup file system`,
    );
  }
  return {
    path,
    cores,
    remove() {
      try {
        rmdirSync(path);
      } catch {
        // Still holding a process that has not exited (the kernel refuses): left for the next boot.
      }
    },
  };
}
