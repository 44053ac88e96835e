/**
 * The faults of a chaos run (bench/chaosRun.ts): the worker killed with -9, PostgreSQL
 * restarted or its backends terminated, the Temporal dev server restarted; injected at
 * random or at milestones of the run's progress.
 */
import { sleep, type OwnPostgres, type OwnTemporal, type WorkerSupervisor } from './chaosKit';
import type { DbGate } from './chaosDbGate';
import { FAULT_KINDS, type ChaosCounts, type FaultKind, type FaultSchedule } from './chaosOptions';

export interface FaultTargets {
  worker: WorkerSupervisor;
  pg: OwnPostgres;
  temporal: OwnTemporal;
  /** The load client's database handle, paused while PostgreSQL restarts. */
  gate: DbGate;
}

/**
 * Injects one fault and counts it. Each kind alternates how it strikes (a cold or a warm
 * worker kill, PostgreSQL's fast or immediate stop, Temporal's SIGTERM or SIGKILL); the
 * time a server stays down is drawn from `rnd`.
 */
export function faultInjector(
  { worker, pg, temporal, gate }: FaultTargets,
  rnd: () => number,
  stamp: (msg: string) => void,
  counts: ChaosCounts,
): (fault: FaultKind, warm?: boolean) => Promise<void> {
  let pgMode: 'fast' | 'immediate' = 'immediate';
  let temporalHow: 'term' | 'kill' = 'kill';
  let warmKill = false;
  return async (fault: FaultKind, warm?: boolean): Promise<void> => {
    const down = Math.floor(rnd() * 2_000);
    const t0 = Date.now();
    switch (fault) {
      case 'worker-kill':
        warmKill = warm ?? !warmKill;
        if (warmKill) {
          // A replacement polls first, then the old worker dies holding whatever it was running.
          await worker.start();
          await sleep(down);
          await worker.kill9();
          stamp(`fault: worker kill -9 (a replacement already running)`);
        } else {
          await worker.kill9();
          await sleep(down);
          await worker.start();
          stamp(`fault: worker kill -9, a new worker after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        }
        break;
      case 'pg-restart':
        pgMode = pgMode === 'fast' ? 'immediate' : 'fast';
        await gate.pause();
        try {
          await pg.restart(pgMode, down);
        } finally {
          gate.resume();
        }
        stamp(`fault: PostgreSQL stop -m ${pgMode} and start, down ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        break;
      case 'pg-kill-backends': {
        // The server stays up; every session of the database (workers' and the load client's) is terminated.
        const ended = await pg.killBackends();
        stamp(`fault: pg_terminate_backend on ${ended} sessions of the database`);
        break;
      }
      case 'temporal-restart':
        temporalHow = temporalHow === 'kill' ? 'term' : 'kill';
        await temporal.restart(temporalHow, down);
        stamp(
          `fault: Temporal dev server ${temporalHow === 'kill' ? 'SIGKILL' : 'SIGTERM'} and start, down ${((Date.now() - t0) / 1000).toFixed(1)} s`,
        );
        break;
    }
    counts.faults[fault]++;
  };
}

/**
 * Runs the schedule beside the load until `loadDone()`: at random gaps, or each fault
 * once `accepted()` reaches its share of `expectedDecisions`.
 */
export async function runFaultSchedule(
  schedule: FaultSchedule,
  inject: (fault: FaultKind, warm?: boolean) => Promise<void>,
  rnd: () => number,
  loadDone: () => boolean,
  accepted: () => number,
  expectedDecisions: number,
): Promise<void> {
  if (schedule.kind === 'random') {
    const first = [...FAULT_KINDS].sort(() => rnd() - 0.5);
    for (let n = 0; !loadDone(); n++) {
      const gap = schedule.minGapMs + rnd() * (schedule.maxGapMs - schedule.minGapMs);
      const until = Date.now() + gap;
      while (!loadDone() && Date.now() < until) await sleep(100);
      if (loadDone()) break;
      const r = rnd();
      await inject(first[n] ?? (r < 0.45 ? 'worker-kill' : r < 0.65 ? 'pg-restart' : r < 0.8 ? 'pg-kill-backends' : 'temporal-restart'));
    }
  } else {
    for (const m of [...schedule.at].sort((a, b) => a.progress - b.progress)) {
      while (!loadDone() && accepted() < m.progress * expectedDecisions) await sleep(50);
      // A milestone the load outran still happens: the run promises every fault it lists.
      await inject(m.fault, m.warm);
    }
  }
}
