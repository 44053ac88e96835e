/**
 * One call of the database's `append_events` (schema/migrations/0016_append_function.ts)
 * for the appends of one or more callers, and the read models folded from what it wrote,
 * in the caller's transaction. The function does the idempotency look-up, the version
 * check, the positions, the SHA-256 chain, the insert and the head in one round trip; this
 * module only encodes the input (the events' data and metadata already in canonical JSON,
 * so PostgreSQL hashes exactly the text `eventHash` would) and reads back each append's
 * status. Used by activities/eventStore.ts, alone or through the group commit
 * (activities/appendWriter.ts).
 */
import { sql } from 'kysely';
import type { RecordedEvent } from '../domain/events';
import type { DB } from '../schema/db';
import { canonicalJson } from '../domain/canonicalJson';
import { StreamVersionConflictError, type AppendInput, type AppendResult } from './appendTypes';
import { foldReads, projectEvents } from './projections';
import type { ReadModelState } from './projections/state';
import { batchQuery, isPipelining } from '../schema/pipeline';

/** What became of one caller's appends: its results, or the error its append throws (nothing of it was written). */
export type UnitOutcome = { results: AppendResult[] } | { error: Error };

interface AppendRow {
  ord: number;
  status: 'appended' | 'duplicate' | 'conflict' | 'key_reused' | 'skipped';
  first_position: bigint | null;
  last_position: bigint | null;
  next_version: number | null;
  actual_version: number | null;
  used_by: string | null;
  hashes: string[] | null;
  recorded_at: string;
}

/**
 * Appends every unit (one caller's appends, all or nothing) in `trx`, then folds the read
 * models from the events that were written, in log order, in the same transaction.
 * `recordedAt` undefined: the database's clock, read under the head lock.
 */
export async function appendUnits(trx: DB, units: readonly AppendInput[][], recordedAt?: string): Promise<UnitOutcome[]> {
  const payload: unknown[] = [];
  units.forEach((inputs, u) => {
    for (const input of inputs) {
      payload.push({
        u,
        s: input.streamId,
        v: input.expectedVersion === 'any' ? null : input.expectedVersion,
        k: input.idempotencyKey,
        e: input.events.map(({ event, metadata }) => ({ t: event.type, d: canonicalJson(event.data), m: canonicalJson(metadata) })),
      });
    }
  });
  const call = sql<AppendRow>`
    select * from append_events(${JSON.stringify(payload)}::jsonb, ${recordedAt ?? null}::timestamptz, 'sha256')`.compile(trx);
  let rows: AppendRow[];
  let preloaded: ReadModelState | undefined;
  if (isPipelining(trx)) {
    // One round trip: the transaction's `begin` (held back by the connection), the call,
    // and the read models' reads, each statement after the call, so after its head lock.
    const fold = foldReads(
      trx,
      units.flatMap((inputs) => inputs.flatMap((input) => input.events.map(({ event }) => event))),
    );
    const answers = (await trx.executeQuery(batchQuery([call, ...fold.reads.map((r) => r.query)]))).rows;
    rows = answers[0]!.rows as AppendRow[];
    preloaded = fold.build(answers.slice(1).map((a) => a.rows));
  } else {
    rows = (await trx.executeQuery(call)).rows;
  }
  const byOrd = new Map<number, AppendRow>(rows.map((r) => [r.ord, r]));

  const outcomes: UnitOutcome[] = [];
  const recorded: RecordedEvent[] = [];
  let ord = 0;
  for (const inputs of units) {
    const unitRows = inputs.map(() => byOrd.get(++ord));
    const failed = inputs.findIndex((_, i) => unitRows[i]?.status === 'conflict' || unitRows[i]?.status === 'key_reused');
    if (failed >= 0) {
      const input = inputs[failed]!;
      const row = unitRows[failed]!;
      outcomes.push({
        error:
          row.status === 'conflict'
            ? new StreamVersionConflictError(input.streamId, input.expectedVersion as number, row.actual_version ?? 0)
            : new Error(`idempotency key ${input.idempotencyKey} was already used for stream ${row.used_by}, not ${input.streamId}`),
      });
      continue;
    }
    const results: AppendResult[] = [];
    inputs.forEach((input, i) => {
      const row = unitRows[i];
      if (!row || (row.status !== 'appended' && row.status !== 'duplicate')) {
        throw new Error(`append_events answered ${row?.status ?? 'nothing'} for the append to ${input.streamId}`);
      }
      const first = row.first_position!;
      results.push({
        streamId: input.streamId,
        firstPosition: first.toString(),
        lastPosition: row.last_position!.toString(),
        nextVersion: row.next_version!,
        duplicate: row.status === 'duplicate',
      });
      if (row.status !== 'appended') return;
      const firstVersion = row.next_version! - input.events.length + 1;
      input.events.forEach(({ event, metadata }, index) => {
        recorded.push({
          position: first + BigInt(index),
          streamId: input.streamId,
          streamVersion: firstVersion + index,
          type: event.type,
          data: event.data,
          metadata,
          idempotencyKey: `${input.idempotencyKey}#${index}`,
          recordedAt: row.recorded_at,
          prevHash: row.hashes![index]!,
          hash: row.hashes![index + 1]!,
          hashAlgorithm: 'sha256',
        });
      });
    });
    outcomes.push({ results });
  }
  // Positions were handed out in input order, so this is log order.
  await projectEvents(trx, recorded, preloaded);
  return outcomes;
}
