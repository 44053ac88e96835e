/**
 * Reading the event log (docs/decisions.md §3): one stream, the settled log for followers,
 * and the log after a position for readers that hold their own snapshot. Apart from the
 * append (activities/eventStore.ts) because the projections and the hash chain's
 * verification read the log, and the append folds the projections: reads that lived with
 * the append made the store and its projections import each other.
 *
 * Followers (`readAll`) read only rows whose transaction id is below the oldest
 * transaction still open, as Emmett's PostgreSQL consumers do, so they never move past a
 * row that is about to become visible — even if a writer ever bypasses the append's lock.
 */
import { sql, type Selectable } from 'kysely';
import type { RecordedEvent } from '../domain/events';
import type { DB, EventsTable } from '../schema/db';

export async function readStream(db: DB, streamId: string): Promise<RecordedEvent[]> {
  const rows = await db.selectFrom('events').select(EVENT_COLUMNS).where('stream_id', '=', streamId).orderBy('stream_version').execute();
  return rows.map(toRecorded);
}

/**
 * The log after `after` (exclusive), in position order, for followers. Returns only a
 * prefix that can never change: it stops before the first row whose transaction is not
 * older than every open transaction (`pg_snapshot_xmin`), so a row committed later at
 * a lower position is never skipped. An empty result means "nothing settled yet".
 */
export async function readAll(db: DB, opts: { after?: bigint | string; limit?: number } = {}): Promise<RecordedEvent[]> {
  const after = BigInt(opts.after ?? 0);
  const limit = opts.limit ?? 1000;
  // One statement, so the rows and the snapshot horizon come from the same snapshot.
  const rows = await db
    .selectFrom('events')
    .select(EVENT_COLUMNS)
    .select(sql<boolean>`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`.as('settled'))
    .where('position', '>', after)
    .orderBy('position')
    .limit(limit)
    .execute();
  const out: RecordedEvent[] = [];
  for (const row of rows) {
    if (!row.settled) break;
    out.push(toRecorded(row));
  }
  return out;
}

/**
 * The log after `after` in position order, with no in-flight guard: for readers that
 * hold their own snapshot and lock or tolerate appends themselves (rebuild, audit).
 */
export async function readEventsAfter(db: DB, after: bigint, limit: number): Promise<RecordedEvent[]> {
  const rows = await db.selectFrom('events').select(EVENT_COLUMNS).where('position', '>', after).orderBy('position').limit(limit).execute();
  return rows.map(toRecorded);
}

// ── rows ───────────────────────────────────────────────────────────────────

const EVENT_COLUMNS = [
  'position',
  'stream_id',
  'stream_version',
  'type',
  'data',
  'metadata',
  'idempotency_key',
  'recorded_at',
  'prev_hash',
  'hash',
  'hash_alg',
] as const;

type EventRow = Pick<Selectable<EventsTable>, (typeof EVENT_COLUMNS)[number]>;

function toRecorded(row: EventRow): RecordedEvent {
  return {
    position: row.position,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    idempotencyKey: row.idempotency_key,
    recordedAt: row.recorded_at.toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
    hashAlgorithm: row.hash_alg,
  };
}

/** The idempotency key of a stream's event at a version, or undefined when the stream has none there (yet). */
export async function eventKeyAt(db: DB, streamId: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('events')
    .select('idempotency_key')
    .where('stream_id', '=', streamId)
    .where('stream_version', '=', version)
    .executeTakeFirst();
  return row?.idempotency_key;
}
