/**
 * The event-store benchmark's baseline rows: what the log would hold for a set of appends,
 * INSERTed into a plain table with no constraints or indexes; and COPY of the columns the
 * hash-chain verify reads, out to the client — the cost of reading the bytes once; and
 * the log read as the rebuild reads it, without folding it.
 */
import { sql } from 'kysely';
import type { AppendInput } from '../../activities/eventStore';
import { GENESIS_HASH } from '../../activities/hashChain';
import { readEventsAfter } from '../../activities/eventReads';
import type { DB } from '../../schema/db';
import { rawClient } from './db';

export const RAW_EVENTS_TABLE = sql`
  create table raw_events (
    position bigint, stream_id text, stream_version integer, type text, data jsonb, metadata jsonb,
    idempotency_key text, recorded_at timestamptz, prev_hash text, hash text
  )`;

export interface RawEventRow {
  position: bigint;
  stream_id: string;
  stream_version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  idempotency_key: string;
  recorded_at: string;
  prev_hash: string;
  hash: string;
}

/** The rows the log would hold for these appends (positions after `from`), with placeholder hashes: the raw side computes nothing. */
export function rawEventRows(inputs: readonly AppendInput[], from: bigint): RawEventRow[][] {
  let position = from;
  const at = new Date().toISOString();
  return inputs.map((input) =>
    input.events.map(({ event, metadata }, i) => ({
      position: ++position,
      stream_id: input.streamId,
      stream_version: (input.expectedVersion as number) + i + 1,
      type: event.type,
      data: event.data,
      metadata,
      idempotency_key: `${input.idempotencyKey}#${i}`,
      recorded_at: at,
      prev_hash: GENESIS_HASH,
      hash: GENESIS_HASH,
    })),
  );
}

/** The columns verify reads, as COPY text through the client, counted and dropped. */
export async function copyOut(url: string): Promise<number> {
  const pg = rawClient(url);
  let bytes = 0;
  try {
    const readable = await pg`copy (select position, prev_hash, hash, hash_alg, stream_id, stream_version, type, idempotency_key,
      recorded_at, data_canonical, metadata_canonical from events order by position) to stdout`.readable();
    for await (const chunk of readable) bytes += (chunk as Buffer).length;
  } finally {
    await pg.end();
  }
  return bytes;
}

/** Reads the whole log as the read-model rebuild does (`readEventsAfter`, 1,000 at a time), folding nothing; answers the events read. */
export async function scanLog(db: DB): Promise<number> {
  let scanned = 0;
  for (let after = 0n; ;) {
    const rows = await readEventsAfter(db, after, 1000);
    scanned += rows.length;
    if (rows.length < 1000) return scanned;
    after = rows.at(-1)!.position;
  }
}
