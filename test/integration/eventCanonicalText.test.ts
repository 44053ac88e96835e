/**
 * Migration 0022: each event keeps the canonical text of its data and metadata that its
 * hash covers. A log written before it is filled with exactly the bytes that were hashed
 * (so it verifies unchanged, and what was already broken stays broken at the same
 * position), the fill is proven before the migration commits, and the appends after it
 * store the text with the jsonb cast from it.
 */
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonicalJson';
import { readStream } from '../../activities/eventReads';
import { appendToStream } from '../../activities/eventStore';
import { eventHash, GENESIS_HASH, hashedText, textHash, verifyHashChain, type HashedEventFields } from '../../activities/hashChain';
import type { DB } from '../../schema/db';
import { migrations } from '../../schema/migrations';
import { migrateToLatest } from '../../schema/migrate';
import { createTestDatabase, type TestDatabase } from '../support/db';

const tricky = 'quote " backslash \\ slash / tab \t newline \n bell \u0007 del \u007f 中文 emoji 😀 \u2028';

/** A database at the schema before 0022. */
async function before0022(): Promise<TestDatabase> {
  const t = await createTestDatabase();
  const migrator = new Migrator({ db: t.db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const names = Object.keys(migrations).sort();
  expect((await migrator.migrateTo(names[names.indexOf('0022_event_canonical_text') - 1]!)).error).toBeUndefined();
  return t;
}

/**
 * Rows as the appends before 0022 wrote them: the jsonb from JSON.stringify (keys in the
 * caller's order), the hash from eventHash. `stored` replaces the data the row holds
 * (a row changed after it was hashed, or jsonb the hash never saw).
 */
async function writeOld(db: DB, events: Array<{ data: unknown; metadata?: unknown; stored?: string }>): Promise<string> {
  let prevHash = GENESIS_HASH;
  for (const [i, e] of events.entries()) {
    const p = i + 1;
    const fields = {
      position: BigInt(p),
      streamId: `old/${tricky}`,
      streamVersion: p,
      type: 'CaseStageChanged',
      data: e.data,
      metadata: e.metadata ?? { workflowId: tricky },
      idempotencyKey: `old/${p}#0`,
      recordedAt: `2026-01-01T00:00:0${p % 10}.${String(p).padStart(3, '0')}Z`,
    } as HashedEventFields;
    const hash = eventHash(prevHash, fields);
    await sql`
      insert into events (position, stream_id, stream_version, type, data, metadata, idempotency_key, recorded_at, prev_hash, hash)
      values (${fields.position}, ${fields.streamId}, ${fields.streamVersion}, ${fields.type}, ${e.stored ?? JSON.stringify(fields.data)}::jsonb,
              ${JSON.stringify(fields.metadata)}::jsonb, ${fields.idempotencyKey}, ${fields.recordedAt}, ${prevHash}, ${hash})`.execute(db);
    prevHash = hash;
  }
  await sql`update log_head set position = ${events.length}, hash = ${prevHash} where id = 1`.execute(db);
  return prevHash;
}

const odd = [
  { data: { zeta: 1e21, alpha: [0.1, -0, 1.5e-7, null, true], nested: { b: tricky, a: { '': 'empty key', Z: 1, a: 2 } } } },
  {
    data: { caseId: tricky, stage: 's', at: '2026-01-01T00:00:00.000Z' },
    metadata: { actor: { userId: 'u', roles: ['a'] }, causationId: '\u00e9' },
  },
  { data: { big: 9007199254740991, small: -1e-300, text: '\u0000'.replace('\u0000', '\u0001') } },
  { data: { list: [{ b: 1, a: 2 }, [], {}], unicodeKeys: { 中: 1, a: 2, Ä: 3, '😀': 4 } } },
];

describe('migration 0022: the canonical text of each event', () => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it('fills a log written before it with the bytes its hashes cover; it verifies unchanged and chains on', async () => {
    t = await before0022();
    const head = await writeOld(t.db, odd);
    expect(await migrateToLatest(t.db)).toContain('0022_event_canonical_text');

    const rows = await t.db.selectFrom('events').selectAll().orderBy('position').execute();
    for (const r of rows) {
      expect(r.data_canonical).toBe(canonicalJson(r.data));
      expect(r.metadata_canonical).toBe(canonicalJson(r.metadata));
      const fields = {
        position: r.position,
        streamId: r.stream_id,
        streamVersion: r.stream_version,
        type: r.type,
        idempotencyKey: r.idempotency_key,
        recordedAt: r.recorded_at.toISOString(),
      };
      expect(textHash(r.prev_hash, hashedText(fields, r.data_canonical, r.metadata_canonical))).toBe(r.hash);
    }
    expect(await verifyHashChain(t.db)).toEqual({ ok: true, checked: odd.length, head: { position: String(odd.length), hash: head } });

    // The append writes the text it hashed, and the jsonb from that same text.
    await appendToStream(t.db, {
      streamId: `old/${tricky}`,
      expectedVersion: odd.length,
      idempotencyKey: 'new/1',
      events: [
        {
          event: { type: 'CaseStageChanged', data: { caseId: tricky, stage: 'later', at: '2026-02-01T00:00:00.000Z' } },
          metadata: { workflowId: tricky },
        },
      ],
    });
    const [added] = await t.db.selectFrom('events').selectAll().where('idempotency_key', '=', 'new/1#0').execute();
    expect(added!.data_canonical).toBe(canonicalJson(added!.data));
    expect(added!.prev_hash).toBe(head);
    expect(await verifyHashChain(t.db)).toMatchObject({ ok: true, checked: odd.length + 1 });
    expect((await readStream(t.db, `old/${tricky}`)).map((e) => e.position)).toEqual([1n, 2n, 3n, 4n, 5n]);
  });

  it('leaves an event that was already broken broken, at the same position and for the same reason', async () => {
    t = await before0022();
    // Position 3's jsonb was changed after it was hashed.
    await writeOld(
      t.db,
      odd.map((e, i) => (i === 2 ? { ...e, stored: JSON.stringify({ ...(e.data as object), small: 1 }) } : e)),
    );
    expect(await migrateToLatest(t.db)).toContain('0022_event_canonical_text');
    expect(await verifyHashChain(t.db)).toMatchObject({
      ok: false,
      checked: 2,
      firstBadPosition: '3',
      reason: 'hash of position 3 does not match its contents',
    });
  });

  it('refuses a fill it cannot prove — jsonb that JavaScript reads as another number than it holds — and changes nothing', async () => {
    t = await before0022();
    // The hash covers the number as JavaScript reads it; the jsonb holds all twenty digits.
    await writeOld(t.db, [odd[0]!, { data: { n: 12345678901234567000 }, stored: '{"n": 12345678901234567890}' }]);
    await expect(migrateToLatest(t.db)).rejects.toThrow(/0022_event_canonical_text.*position 2 does not verify although the event does/);
    // The migration ran in one transaction: no column, no function, the guard still on.
    await expect(sql`select data_canonical from events`.execute(t.db)).rejects.toThrow(/data_canonical/);
    await expect(sql`update events set type = type where position = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    const applied = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.db);
    expect(applied.rows[0]!.name).not.toBe('0022_event_canonical_text');
  });
});
