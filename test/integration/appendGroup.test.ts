/**
 * The one-call append and its group commit against a real PostgreSQL server
 * (schema/migrations/0016_append_function.ts, activities/appendCall.ts,
 * activities/appendWriter.ts): a conflict fails only its own caller, a repeated key gets
 * the first result, many concurrent callers get gap-free positions and one intact chain,
 * a connection killed in the middle of a shared transaction loses and duplicates nothing,
 * and the database hashes exactly the text Node's `eventHash` hashes — so a log written
 * before the function existed verifies, and goes on, unchanged.
 */
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStream } from '../../activities/eventReads';
import { appendBatch, appendToStream, StreamVersionConflictError, type AppendInput, type AppendResult } from '../../activities/eventStore';
import { eventHash, GENESIS_HASH, verifyHashChain, type HashedEventFields } from '../../activities/hashChain';
import type { DomainEvent } from '../../domain/events';
import { openPostgresDatabase, type OpenedDatabase } from '../../schema/connect';
import type { DB } from '../../schema/db';
import { migrations } from '../../schema/migrations';
import { migrateToLatest } from '../../schema/migrate';
import { eventually } from '../support/cases';
import { createTestDatabase, type TestDatabase } from '../support/db';

const stage = (caseId: string, n: number, extra: Record<string, unknown> = {}): DomainEvent =>
  ({ type: 'CaseStageChanged', data: { caseId, stage: `stage-${n}`, at: '2026-03-02T01:00:00.000Z', ...extra } }) as DomainEvent;

function input(streamId: string, expectedVersion: number | 'any', key: string, count = 1): AppendInput {
  return {
    streamId,
    expectedVersion,
    idempotencyKey: key,
    events: Array.from({ length: count }, (_, i) => ({
      event: stage(streamId, i),
      metadata: { workflowId: `wf/${streamId}`, causationId: key },
    })),
  };
}

const started = (caseId: string): AppendInput => ({
  streamId: caseId,
  expectedVersion: 0,
  idempotencyKey: `${caseId}:start`,
  events: [
    {
      event: {
        type: 'CaseStarted',
        data: {
          caseId,
          kind: 'probation',
          subjectId: 'p-1',
          townshipId: 'town-1',
          policyVersion: '2026.1',
          startedAt: '2026-03-02T01:00:00.000Z',
          summary: caseId,
        },
      },
      metadata: { workflowId: caseId },
    },
  ],
});

/** The transaction ids that wrote these streams' rows: one id means one shared commit. */
async function writers(db: DB, streams: string[]): Promise<Set<string>> {
  const rows = await db
    .selectFrom('events')
    .select(sql<string>`transaction_id::text`.as('tx'))
    .where('stream_id', 'in', streams)
    .execute();
  return new Set(rows.map((r) => r.tx));
}

describe('append in one call, group-committed', () => {
  let t: TestDatabase;
  const extra: OpenedDatabase[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    for (const o of extra) await o.close();
    await t?.drop();
  });

  it('lands the neighbours of a conflicting append in the same transaction, with no gap where the conflict was', async () => {
    await appendToStream(t.db, input('grp/b', 0, 'grp/b/1'));
    const head = await t.db.selectFrom('log_head').select('position').executeTakeFirstOrThrow();
    // Submitted in one tick, so the writer sends the three as one call.
    const [a, b, c] = await Promise.allSettled([
      appendToStream(t.db, input('grp/a', 0, 'grp/a/1', 2)),
      appendToStream(t.db, input('grp/b', 0, 'grp/b/stale')),
      appendToStream(t.db, input('grp/c', 0, 'grp/c/1')),
    ]);
    expect(b.status).toBe('rejected');
    const err = (b as PromiseRejectedResult).reason as StreamVersionConflictError;
    expect(err).toBeInstanceOf(StreamVersionConflictError);
    expect(err).toMatchObject({ streamId: 'grp/b', expectedVersion: 0, actualVersion: 1 });
    const ra = (a as PromiseFulfilledResult<AppendResult>).value;
    const rc = (c as PromiseFulfilledResult<AppendResult>).value;
    expect(ra).toEqual({
      streamId: 'grp/a',
      firstPosition: (head.position + 1n).toString(),
      lastPosition: (head.position + 2n).toString(),
      nextVersion: 2,
      duplicate: false,
    });
    expect(rc).toMatchObject({ firstPosition: (head.position + 3n).toString(), nextVersion: 1, duplicate: false });
    expect(await readStream(t.db, 'grp/b')).toHaveLength(1);
    expect((await writers(t.db, ['grp/a', 'grp/c'])).size).toBe(1);
    expect(await verifyHashChain(t.db)).toMatchObject({ ok: true });
  });

  it('keeps one caller’s appends all or nothing when one of them conflicts', async () => {
    const [batch, other] = await Promise.allSettled([
      appendBatch(t.db, [input('unit/x', 0, 'unit/x/1'), input('unit/y', 5, 'unit/y/1')]),
      appendToStream(t.db, input('unit/z', 0, 'unit/z/1')),
    ]);
    expect(batch.status).toBe('rejected');
    expect((batch as PromiseRejectedResult).reason).toBeInstanceOf(StreamVersionConflictError);
    expect(other.status).toBe('fulfilled');
    expect(await readStream(t.db, 'unit/x')).toHaveLength(0);
    expect(await readStream(t.db, 'unit/z')).toHaveLength(1);
  });

  it('answers a repeated key with the first result, whether it was appended before or by a neighbour in the same call', async () => {
    const first = await appendToStream(t.db, input('dup/a', 0, 'dup/a/1', 3));
    const [again, fresh, twinA, twinB] = await Promise.all([
      appendToStream(t.db, input('dup/a', 0, 'dup/a/1', 3)),
      appendToStream(t.db, input('dup/b', 0, 'dup/b/1')),
      appendToStream(t.db, input('dup/c', 0, 'dup/c/1', 2)),
      appendToStream(t.db, input('dup/c', 0, 'dup/c/1', 2)),
    ]);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(fresh).toMatchObject({ nextVersion: 1, duplicate: false });
    // Two callers with one key in one call: the first writes, the second gets its result.
    expect(twinA).toMatchObject({ nextVersion: 2, duplicate: false });
    expect(twinB).toEqual({ ...twinA, duplicate: true });
    expect(await readStream(t.db, 'dup/a')).toHaveLength(3);
    expect(await readStream(t.db, 'dup/c')).toHaveLength(2);
    // Answered inside the shared call, not by a retry alone after a unique violation.
    expect((await writers(t.db, ['dup/b', 'dup/c'])).size).toBe(1);
    // A key used for another stream is refused, and only that caller fails.
    await expect(appendToStream(t.db, input('dup/other', 0, 'dup/a/1'))).rejects.toThrow(/already used for stream dup\/a/);
  });

  it('gives a unit the version an earlier unit of the same call left its stream at', async () => {
    // One call: the first caller opens the stream; the second goes on from it; the third
    // is stale against it and fails alone; the fourth reuses the first's key for another stream.
    const [opened, next, stale, reused, other] = await Promise.allSettled([
      appendToStream(t.db, input('call/a', 0, 'call/a/1', 2)),
      appendToStream(t.db, input('call/a', 2, 'call/a/2')),
      appendToStream(t.db, input('call/a', 0, 'call/a/stale')),
      appendToStream(t.db, input('call/b', 0, 'call/a/1')),
      appendToStream(t.db, input('call/c', 0, 'call/c/1')),
    ]);
    expect(opened).toMatchObject({ status: 'fulfilled', value: { nextVersion: 2, duplicate: false } });
    expect(next).toMatchObject({ status: 'fulfilled', value: { nextVersion: 3, duplicate: false } });
    expect((stale as PromiseRejectedResult).reason).toMatchObject({ streamId: 'call/a', expectedVersion: 0, actualVersion: 3 });
    expect(String((reused as PromiseRejectedResult).reason)).toMatch(/already used for stream call\/a/);
    expect(other).toMatchObject({ status: 'fulfilled', value: { nextVersion: 1 } });
    expect((await readStream(t.db, 'call/a')).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(await readStream(t.db, 'call/b')).toHaveLength(0);
    // Every landed append in one transaction: nothing went back to be retried alone.
    expect((await writers(t.db, ['call/a', 'call/c'])).size).toBe(1);
    expect(await verifyHashChain(t.db)).toMatchObject({ ok: true });
  });

  it('gives many concurrent callers on two handles gap-free positions, right versions and one chain that verifies', async () => {
    const fresh = await createTestDatabase();
    const second = await openPostgresDatabase(fresh.url, { max: 3 });
    extra.push(second);
    try {
      const handles = [fresh.db, second.db];
      const callers = 120;
      const steps = 3;
      const results: AppendResult[] = [];
      await Promise.all(
        Array.from({ length: callers }, async (_, c) => {
          const db = handles[c % 2]!;
          let version = 0;
          for (let s = 0; s < steps; s++) {
            const out = await appendToStream(db, input(`many/${c}`, version, `many/${c}/${s}`, 1 + (s % 2)));
            version = out.nextVersion;
            results.push(out);
          }
        }),
      );
      const events = results.reduce((n, r) => n + Number(BigInt(r.lastPosition) - BigInt(r.firstPosition) + 1n), 0);
      const rows = await fresh.db.selectFrom('events').select(['position', 'stream_id', 'stream_version']).orderBy('position').execute();
      expect(rows.map((r) => r.position)).toEqual(Array.from({ length: events }, (_, i) => BigInt(i + 1)));
      for (let c = 0; c < callers; c++) {
        const mine = rows.filter((r) => r.stream_id === `many/${c}`).map((r) => r.stream_version);
        expect(mine).toEqual([1, 2, 3, 4]);
      }
      expect(await verifyHashChain(fresh.db)).toEqual({
        ok: true,
        checked: events,
        head: expect.objectContaining({ position: String(events) }),
      });
      // Group commit: far fewer transactions than appends.
      const { rows: tx } = await sql<{ n: bigint }>`select count(distinct transaction_id) as n from events`.execute(fresh.db);
      expect(Number(tx[0]!.n)).toBeLessThan(callers * steps);
    } finally {
      await second.close();
      await fresh.drop();
    }
  });

  it('loses nothing acknowledged and writes nothing twice when the connection dies inside a shared transaction', async () => {
    const fresh = await createTestDatabase();
    const blocker = await openPostgresDatabase(fresh.url, { max: 1 });
    extra.push(blocker);
    const warnings: string[] = [];
    const writer = await openPostgresDatabase(fresh.url, { max: 2, onConnectionError: (e) => warnings.push(e.message) });
    extra.push(writer);
    try {
      await appendToStream(writer.db, started('crash/held'));
      const inputs = [
        input('crash/held', 1, 'crash/held/2'),
        input('crash/a', 0, 'crash/a/1', 2),
        input('crash/b', 0, 'crash/b/1'),
        input('crash/c', 0, 'crash/c/1', 3),
      ];
      // The blocker holds the held case's read-model row, so the shared transaction stops
      // in its projection: its events are inserted, not yet committed.
      const held = await blocker.db.startTransaction().execute();
      await sql`select 1 from cases where case_id = 'crash/held' for update`.execute(held);
      const pending = inputs.map((i) => appendToStream(writer.db, i));
      const waiting = async (): Promise<number | undefined> => {
        const { rows } = await sql<{ pid: number }>`
          select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "cases"%'`.execute(fresh.db);
        return rows[0]?.pid;
      };
      const pid = await eventually(waiting, 'the shared transaction to wait in its projection');
      const { rows: inserted } = await sql<{ n: bigint }>`
        select count(*) as n from events`.execute(fresh.db);
      expect(Number(inserted[0]!.n)).toBe(1);
      await sql`select pg_terminate_backend(${pid})`.execute(fresh.db);
      // Each append is tried again alone: the held case's waits for the row again.
      await eventually(async () => {
        const again = await waiting();
        return again !== undefined && again !== pid ? again : undefined;
      }, 'the retry to wait for the row');
      await held.commit().execute();
      const results = await Promise.all(pending);

      expect(results.map((r) => r.duplicate)).toEqual([false, false, false, false]);
      const rows = await fresh.db.selectFrom('events').select(['position', 'idempotency_key']).orderBy('position').execute();
      expect(rows).toHaveLength(1 + 1 + 2 + 1 + 3);
      expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
      for (const [i, r] of results.entries()) {
        const mine = rows
          .filter((row) => row.idempotency_key.startsWith(`${inputs[i]!.idempotencyKey}#`))
          .map((row) => row.position.toString());
        expect(mine[0]).toBe(r.firstPosition);
        expect(mine.at(-1)).toBe(r.lastPosition);
      }
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 8 });
      // Sent again (an activity retried after the crash), every append answers with its first result.
      expect(await Promise.all(inputs.map((i) => appendToStream(writer.db, i)))).toEqual(results.map((r) => ({ ...r, duplicate: true })));
      expect(warnings.join('\n')).toMatch(/terminat/i);
    } finally {
      await blocker.close();
      await writer.close();
      await fresh.drop();
    }
  });

  it('hashes in PostgreSQL exactly what eventHash hashes, for text JSON escapes and sorts', async () => {
    const tricky = 'quote " backslash \\ slash / tab \t newline \n cr \r bell \u0007 unit \u001f del \u007f 中文 emoji 😀 \u2028';
    const streamId = `odd/${tricky}`;
    const out = await appendToStream(t.db, {
      streamId,
      expectedVersion: 0,
      idempotencyKey: `key ${tricky}`,
      events: [
        {
          event: stage(streamId, 1, { zeta: 1e21, alpha: [0.1, -0, 1.5e-7, null, true], nested: { b: tricky, a: { '': 'empty key' } } }),
          metadata: { workflowId: tricky, causationId: '\u00e9' },
        },
      ],
    });
    const [row] = await readStream(t.db, streamId);
    expect(row!.position.toString()).toBe(out.firstPosition);
    expect(eventHash(row!.prevHash, row!)).toBe(row!.hash);
    expect(await verifyHashChain(t.db)).toMatchObject({ ok: true });
  });

  it('verifies a log written before the function unchanged, and chains on from its head', async () => {
    const fresh = await createTestDatabase();
    try {
      const migrator = new Migrator({ db: fresh.db, provider: { getMigrations: async () => ({ ...migrations }) } });
      const names = Object.keys(migrations).sort();
      expect((await migrator.migrateTo(names[names.indexOf('0016_append_function') - 1]!)).error).toBeUndefined();
      // The rows the Node-side append wrote: hashed with eventHash, chained from genesis.
      let prevHash = GENESIS_HASH;
      for (let p = 1; p <= 5; p++) {
        const fields: HashedEventFields = {
          position: BigInt(p),
          streamId: 'old/1',
          streamVersion: p,
          type: 'CaseStageChanged',
          data: { caseId: 'old/1', stage: `s${p}`, at: '2026-01-01T00:00:00.000Z' },
          metadata: { workflowId: 'old/1' },
          idempotencyKey: `old/1/${p}#0`,
          recordedAt: `2026-01-01T00:00:0${p}.123Z`,
        };
        const hash = eventHash(prevHash, fields);
        await sql`
          insert into events (position, stream_id, stream_version, type, data, metadata, idempotency_key, recorded_at, prev_hash, hash)
          values (${fields.position}, ${fields.streamId}, ${fields.streamVersion}, ${fields.type}, ${JSON.stringify(fields.data)},
                  ${JSON.stringify(fields.metadata)}, ${fields.idempotencyKey}, ${fields.recordedAt}, ${prevHash}, ${hash})`.execute(
          fresh.db,
        );
        prevHash = hash;
      }
      await sql`update log_head set position = 5, hash = ${prevHash} where id = 1`.execute(fresh.db);
      expect(await migrateToLatest(fresh.db)).toContain('0016_append_function');
      expect(await verifyHashChain(fresh.db)).toEqual({ ok: true, checked: 5, head: { position: '5', hash: prevHash } });

      const next = await appendToStream(fresh.db, input('old/1', 5, 'old/1/6', 2));
      expect(next).toMatchObject({ firstPosition: '6', lastPosition: '7', nextVersion: 7 });
      const events = await readStream(fresh.db, 'old/1');
      expect(events[5]!.prevHash).toBe(prevHash);
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 7 });
    } finally {
      await fresh.drop();
    }
  });
});
