/**
 * The demo county's registry (county, townships, villages, cadres and their posts) in the
 * log. Idempotent: each stream's append has a fixed key, so a second run appends nothing.
 * Appended in chunks of whole streams, each chunk one transaction: the embedded database
 * is one session, and `up --demo` serves the API while the demo loads, so a request
 * waits for one chunk, not for the whole county. A load cut short between chunks is
 * finished by the next run (the chunks already in the log are duplicates then).
 */
import { appendBatch } from '../activities/eventStore';
import { demoCountyEvents, generateDemoCounty } from '../demo/county';
import type { DomainEvent } from '../domain/events';
import type { DB } from '../schema/db';

/** About this many events an append, in whole streams (a stream is never split). */
export const DEMO_CHUNK_EVENTS = 250;

export interface SeedOptions {
  /** Told the events of each chunk once it is in the log (appended now or before). */
  onChunk?: (events: number) => void;
  /** No further chunk once aborted; the one being appended completes. */
  signal?: AbortSignal;
}

export async function seedRegistry(db: DB, opts: SeedOptions = {}): Promise<{ events: number; appended: boolean }> {
  return seedDemoStreams(db, demoCountyEvents(generateDemoCounty()), 'demo-registry', opts);
}

/**
 * Appends generated demo events, one append per stream under the fixed key
 * `<keyPrefix>:<streamId>`, so seeding again appends nothing.
 */
export async function seedDemoStreams(
  db: DB,
  events: ReadonlyArray<{ streamId: string; event: DomainEvent }>,
  keyPrefix: string,
  opts: SeedOptions = {},
): Promise<{ events: number; appended: boolean }> {
  const byStream = new Map<string, DomainEvent[]>();
  for (const { streamId, event } of events) {
    const list = byStream.get(streamId);
    if (list) list.push(event);
    else byStream.set(streamId, [event]);
  }
  const chunks: Array<Array<[string, DomainEvent[]]>> = [];
  let size = DEMO_CHUNK_EVENTS;
  for (const entry of byStream) {
    if (size + entry[1].length > DEMO_CHUNK_EVENTS && size > 0) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(entry);
    size += entry[1].length;
  }
  let appended = false;
  for (const chunk of chunks) {
    opts.signal?.throwIfAborted();
    const results = await appendBatch(
      db,
      chunk.map(([streamId, list]) => ({
        streamId,
        expectedVersion: 'any' as const,
        idempotencyKey: `${keyPrefix}:${streamId}`,
        events: list.map((event) => ({ event, metadata: { causationId: 'demo' } })),
      })),
    );
    if (results.some((r) => !r.duplicate)) appended = true;
    opts.onChunk?.(chunk.reduce((n, [, list]) => n + list.length, 0));
  }
  return { events: events.length, appended };
}
