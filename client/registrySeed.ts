/**
 * The demo county's registry (county, townships, villages, cadres and their posts) in the
 * log. Idempotent: each stream's append has a fixed key, so a second run appends nothing.
 */
import { appendBatch } from '../activities/eventStore';
import { demoCountyEvents, generateDemoCounty } from '../domain/demoCounty';
import type { DB } from '../schema/db';

export async function seedRegistry(db: DB): Promise<{ events: number; appended: boolean }> {
  const county = generateDemoCounty();
  const events = demoCountyEvents(county);
  const byStream = new Map<string, typeof events>();
  for (const e of events) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  const results = await appendBatch(
    db,
    [...byStream.entries()].map(([streamId, list]) => ({
      streamId,
      expectedVersion: 'any' as const,
      idempotencyKey: `demo-registry:${streamId}`,
      events: list.map(({ event }) => ({ event, metadata: { causationId: 'demo' } })),
    })),
  );
  return { events: events.length, appended: results.some((r) => !r.duplicate) };
}
