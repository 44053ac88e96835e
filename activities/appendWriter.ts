/**
 * The group commit (docs/decisions.md §9): one writer per database handle gathers the
 * appends that callers are waiting on and sends them as one `append_events` call in one
 * transaction, read models included (activities/appendCall.ts). While a transaction is
 * in flight, new appends queue; when it ends, the next transaction takes all of them. A
 * lone caller therefore waits for nothing, and fifty callers share one lock, one round
 * trip and one commit instead of queueing behind each other's.
 *
 * A caller's appends are one unit: all or none of them land, and a unit's version
 * conflict fails only that caller. If the shared transaction itself fails (a projection
 * that throws, a lost connection), each unit is tried again alone, so one caller's fault
 * is never its neighbours' and an append whose commit was lost with the connection comes
 * back as a duplicate with its first result instead of being written twice. A promise
 * resolves only after its transaction committed.
 */
import type { DB } from '../schema/db';
import { pipeliningHandle } from '../schema/pipeline';
import { appendUnits, type UnitOutcome } from './appendCall';
import type { AppendInput, AppendResult } from './appendTypes';

/** Bounds one transaction, so a burst does not make a single huge call (the lock is held for its length). */
const MAX_EVENTS_PER_COMMIT = 2000;

interface Waiting {
  inputs: AppendInput[];
  events: number;
  resolve: (results: AppendResult[]) => void;
  reject: (err: unknown) => void;
}

class AppendWriter {
  private readonly queue: Waiting[] = [];
  private draining = false;

  /**
   * The transactions go through the pool's pipelining handle when it has one
   * (schema/pipeline.ts): `begin`, the call and the read models' reads in one round trip,
   * their writes and `commit` in another.
   */
  private readonly db: DB;

  constructor(db: DB) {
    this.db = pipeliningHandle(db) ?? db;
  }

  submit(inputs: AppendInput[]): Promise<AppendResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ inputs, events: inputs.reduce((n, i) => n + i.events.length, 0), resolve, reject });
      if (!this.draining) {
        this.draining = true;
        // A microtask later, so callers that submit in the same tick share the first commit.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const group: Waiting[] = [this.queue.shift()!];
        let events = group[0]!.events;
        while (this.queue.length > 0 && events + this.queue[0]!.events <= MAX_EVENTS_PER_COMMIT) {
          const next = this.queue.shift()!;
          events += next.events;
          group.push(next);
        }
        await this.commit(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(group: Waiting[]): Promise<void> {
    let outcomes: UnitOutcome[];
    try {
      outcomes = await this.db.transaction().execute((trx) =>
        appendUnits(
          trx,
          group.map((w) => w.inputs),
        ),
      );
    } catch (err) {
      if (group.length === 1) {
        await this.alone(group[0]!, err);
        return;
      }
      for (const waiting of group) await this.alone(waiting);
      return;
    }
    group.forEach((waiting, i) => settle(waiting, outcomes[i]!));
  }

  /**
   * One unit in a transaction of its own. `firstError`: the unit already failed once
   * alone; only a unique violation (a writer that skipped the head lock) is worth another
   * try, as before the group commit.
   */
  private async alone(waiting: Waiting, firstError?: unknown): Promise<void> {
    let last = firstError;
    for (let attempt = firstError === undefined ? 1 : 2; attempt <= 3; attempt++) {
      if (last !== undefined && !uniqueViolation(last)) break;
      try {
        const [outcome] = await this.db.transaction().execute((trx) => appendUnits(trx, [waiting.inputs]));
        settle(waiting, outcome!);
        return;
      } catch (err) {
        last = err;
      }
    }
    waiting.reject(last);
  }
}

function settle(waiting: Waiting, outcome: UnitOutcome): void {
  if ('error' in outcome) waiting.reject(outcome.error);
  else waiting.resolve(outcome.results);
}

/** SQLSTATE 23505 from `pg` or PGlite (`code`). */
export function uniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

const writers = new WeakMap<DB, AppendWriter>();

/** Appends one caller's inputs (a unit) through the database handle's single writer. */
export function groupAppend(db: DB, inputs: AppendInput[]): Promise<AppendResult[]> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new AppendWriter(db);
    writers.set(db, writer);
  }
  return writer.submit(inputs);
}
