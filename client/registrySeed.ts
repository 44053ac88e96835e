/**
 * The demo county's registry (county, townships, villages, cadres and their posts) in the
 * log. Idempotent: each stream's append has a fixed key, so a second run appends nothing.
 */
import { appendBatch } from '../activities/eventStore';
import { demoCountyEvents, generateDemoCounty } from '../demo/county';
import type { DomainEvent } from '../domain/events';
import type { DB } from '../schema/db';

export async function seedRegistry(db: DB): Promise<{ events: number; appended: boolean }> {
  return seedDemoStreams(db, demoCountyEvents(generateDemoCounty()), 'demo-registry');
}

/**
 * Appends generated demo events, one append per stream under the fixed key
 * `<keyPrefix>:<streamId>`, so seeding again appends nothing.
 */
export async function seedDemoStreams(
  db: DB,
  events: ReadonlyArray<{ streamId: string; event: DomainEvent }>,
  keyPrefix: string,
): Promise<{ events: number; appended: boolean }> {
  const byStream = new Map<string, DomainEvent[]>();
  for (const { streamId, event } of events) {
    const list = byStream.get(streamId);
    if (list) list.push(event);
    else byStream.set(streamId, [event]);
  }
  const results = await appendBatch(
    db,
    [...byStream.entries()].map(([streamId, list]) => ({
      streamId,
      expectedVersion: 'any' as const,
      idempotencyKey: `${keyPrefix}:${streamId}`,
      events: list.map((event) => ({ event, metadata: { causationId: 'demo' } })),
    })),
  );
  return { events: events.length, appended: results.some((r) => !r.duplicate) };
}
