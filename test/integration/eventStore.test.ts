/**
 * The event store against a real PostgreSQL server: idempotency, optimistic
 * concurrency under true concurrency, the hash chain and its tamper detection, the
 * append-only trigger, and the follower's refusal to read past an open transaction.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, readStream } from '../../activities/eventReads';
import { appendBatch, appendToStream, StreamVersionConflictError, type AppendInput } from '../../activities/eventStore';
import { hashedText, textHash, verifyHashChain } from '../../activities/hashChain';
import type { DomainEvent } from '../../domain/events';
import { openPostgresDatabase, type OpenedDatabase } from '../../schema/connect';
import type { DB } from '../../schema/db';
import { createTestDatabase, GOLDEN_APPEND, GOLDEN_HASH, GOLDEN_RECORDED_AT, type TestDatabase } from '../support/db';
import { testDeadline } from '../support/cases';

const stage = (caseId: string, n: number): DomainEvent => ({
  type: 'CaseStageChanged',
  data: { caseId, stage: `stage-${n}`, at: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString() },
});

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

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = testDeadline();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    // Another test file's open transaction anywhere on the server holds the xmin horizon back for a moment.
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sessions of this database waiting for a lock. */
async function lockWaiters(db: DB): Promise<number> {
  const { rows } = await sql<{ n: bigint }>`
    select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return Number(rows[0]!.n);
}

/** Writes to `events` with the append-only trigger switched off for this transaction only: tampering by hand. */
async function tamper(db: DB, ...statements: ReturnType<typeof sql>[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    for (const statement of statements) await statement.execute(trx);
  });
}

const positions = (events: Array<{ position: bigint }>): bigint[] => events.map((e) => e.position);

describe('event store on PostgreSQL', () => {
  let t: TestDatabase;
  const extra: OpenedDatabase[] = [];
  const connect = async (): Promise<DB> => {
    const opened = await openPostgresDatabase(t.url, { max: 1 });
    extra.push(opened);
    return opened.db;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    for (const o of extra) await o.close();
    await t?.drop();
  });

  it('gives a fixed event the same hash as PGlite does', async () => {
    const fresh = await createTestDatabase();
    try {
      const result = await appendToStream(fresh.db, GOLDEN_APPEND, { clock: () => GOLDEN_RECORDED_AT });
      expect(result).toEqual({ streamId: 'person/p-golden', firstPosition: '1', lastPosition: '1', nextVersion: 1, duplicate: false });
      const [event] = await readStream(fresh.db, GOLDEN_APPEND.streamId);
      expect(event).toMatchObject({
        position: 1n,
        prevHash: '0'.repeat(64),
        hash: GOLDEN_HASH,
        recordedAt: GOLDEN_RECORDED_AT.toISOString(),
      });
    } finally {
      await fresh.drop();
    }
  });

  it('appends once per idempotency key and returns the first result on a retry, even with a stale expected version', async () => {
    const first = await appendToStream(t.db, input('idem/1', 0, 'idem/1/start', 3));
    expect(first).toMatchObject({ nextVersion: 3, duplicate: false });
    expect(BigInt(first.lastPosition) - BigInt(first.firstPosition)).toBe(2n);

    const retry = await appendToStream(t.db, input('idem/1', 0, 'idem/1/start', 3));
    expect(retry).toEqual({ ...first, duplicate: true });
    expect(await readStream(t.db, 'idem/1')).toHaveLength(3);

    const next = await appendToStream(t.db, input('idem/1', 3, 'idem/1/next'));
    expect(next).toMatchObject({ nextVersion: 4, duplicate: false });
    // Retrying the first step again after the stream moved on still answers with its own result.
    expect(await appendToStream(t.db, input('idem/1', 0, 'idem/1/start', 3))).toEqual({ ...first, duplicate: true });

    const [dup, fresh] = await appendBatch(t.db, [input('idem/1', 0, 'idem/1/next'), input('idem/2', 0, 'idem/2/start')]);
    expect(dup).toEqual({ ...next, duplicate: true });
    expect(fresh).toMatchObject({ streamId: 'idem/2', nextVersion: 1, duplicate: false });
    expect(await readStream(t.db, 'idem/1')).toHaveLength(4);
  });

  it('stamps each event with its own key and the metadata it was given', async () => {
    await appendToStream(t.db, input('keys/1', 0, 'keys/1/a', 2));
    const events = await readStream(t.db, 'keys/1');
    expect(events.map((e) => [e.streamVersion, e.idempotencyKey])).toEqual([
      [1, 'keys/1/a#0'],
      [2, 'keys/1/a#1'],
    ]);
    expect(events[0]!.metadata).toEqual({ workflowId: 'wf/keys/1', causationId: 'keys/1/a' });
    expect(events[0]!.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('refuses a stale expected version and writes nothing, for the whole batch', async () => {
    await appendToStream(t.db, input('occ/1', 0, 'occ/1/a', 2));
    const head = await t.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow();

    const err = await appendToStream(t.db, input('occ/1', 1, 'occ/1/b')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StreamVersionConflictError);
    expect(err).toMatchObject({ name: 'StreamVersionConflictError', streamId: 'occ/1', expectedVersion: 1, actualVersion: 2 });
    await expect(appendToStream(t.db, input('occ/1', 0, 'occ/1/c'))).rejects.toThrow(/at version 2/);

    // The first input alone would be fine; the conflict in the second undoes it.
    await expect(appendBatch(t.db, [input('occ/2', 0, 'occ/2/a'), input('occ/1', 5, 'occ/1/d')])).rejects.toBeInstanceOf(
      StreamVersionConflictError,
    );
    expect(await readStream(t.db, 'occ/2')).toEqual([]);
    expect(await t.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow()).toEqual(head);

    expect(await appendToStream(t.db, input('occ/1', 'any', 'occ/1/e'))).toMatchObject({ nextVersion: 3 });
  });

  it('lets exactly one of two truly concurrent appends at one stream version win', async () => {
    await appendToStream(t.db, input('race/1', 0, 'race/1/start'));
    const [a, b, gate] = [await connect(), await connect(), await connect()];

    // Hold the log lock so both appends are in flight, on their own connections, before either can proceed.
    const held = await gate.startTransaction().execute();
    await sql`select 1 from log_head where id = 1 for update`.execute(held);
    const settled = Promise.allSettled([
      appendToStream(a, input('race/1', 1, 'race/1/a')),
      appendToStream(b, input('race/1', 1, 'race/1/b')),
    ]);
    await eventually(
      () => lockWaiters(t.db),
      (n) => n >= 2,
      'both appends to wait on the log lock',
    );
    await held.commit().execute();

    const outcomes = await settled;
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.reason).toBeInstanceOf(StreamVersionConflictError);
    expect(lost[0]!.reason).toMatchObject({ expectedVersion: 1, actualVersion: 2 });
    expect(await readStream(t.db, 'race/1')).toHaveLength(2);
  });

  it('serializes many concurrent appends to different streams into one gap-free, intact chain', async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => appendToStream(fresh.db, input(`busy/${i}`, 0, `busy/${i}/start`, 3))),
      );
      const ranges = results.map((r) => [BigInt(r.firstPosition), BigInt(r.lastPosition)] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1));
      // Each append got a contiguous block, and the blocks tile 1..120 without gaps or overlaps.
      ranges.forEach(([first, last], i) => {
        expect(first).toBe(BigInt(i * 3 + 1));
        expect(last).toBe(first + 2n);
      });
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 120 });
    } finally {
      await fresh.drop();
    }
  });

  it('turns two concurrent first appends with one key into one append and one duplicate', async () => {
    const [a, b, gate] = [await connect(), await connect(), await connect()];
    const held = await gate.startTransaction().execute();
    await sql`select 1 from log_head where id = 1 for update`.execute(held);
    const both = Promise.all([
      appendToStream(a, input('twice/1', 0, 'twice/1/start', 2)),
      appendToStream(b, input('twice/1', 0, 'twice/1/start', 2)),
    ]);
    await eventually(
      () => lockWaiters(t.db),
      (n) => n >= 2,
      'both appends to wait on the log lock',
    );
    await held.commit().execute();

    const [r1, r2] = await both;
    expect([r1.duplicate, r2.duplicate].sort()).toEqual([false, true]);
    expect({ ...r1, duplicate: false }).toEqual({ ...r2, duplicate: false });
    expect(await readStream(t.db, 'twice/1')).toHaveLength(2);
  });

  it('verifies the chain over thousands of events, across page boundaries and from a midpoint', async () => {
    const inputs = Array.from({ length: 400 }, (_, i) => input(`many/${i}`, 0, `many/${i}/start`, 5));
    const results = await appendBatch(t.db, inputs);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    for (let i = 0; i < 20; i++) await appendToStream(t.db, input('many/0', 5 + i, `many/0/more/${i}`));

    const head = await t.db.selectFrom('log_head').selectAll().executeTakeFirstOrThrow();
    const report = await verifyHashChain(t.db, { batchSize: 97 });
    expect(report).toEqual({ ok: true, checked: Number(head.position), head: { position: head.position.toString(), hash: head.hash } });

    const from = head.position - 1000n;
    const tail = await verifyHashChain(t.db, { fromPosition: from.toString(), batchSize: 250 });
    expect(tail).toMatchObject({ ok: true, checked: 1001 });
  });

  it('seeds a demo-sized registry (3000 events, 1000 streams) in one batch', async () => {
    const fresh = await createTestDatabase();
    try {
      const inputs: AppendInput[] = Array.from({ length: 1000 }, (_, i) => ({
        streamId: `person/demo-${i}`,
        expectedVersion: 'any',
        idempotencyKey: `demo-registry:person/demo-${i}`,
        events: [
          {
            event: {
              type: 'OrgUnitEstablished',
              data: { orgUnitId: `vil-${i}`, name: `村${i}`, kind: 'village', parentId: null, effectiveFrom: '2025-01-01' },
            },
            metadata: {},
          },
          {
            event: {
              type: 'PersonRegistered',
              data: { personId: `demo-${i}`, name: `人${i}`, gender: 'male', birthYear: 1980, orgUnitId: `vil-${i}`, rank: '村干部' },
            },
            metadata: {},
          },
          {
            event: {
              type: 'PostAssigned',
              data: {
                assignmentId: `post-${i}`,
                personId: `demo-${i}`,
                orgUnitId: `vil-${i}`,
                title: '村委委员',
                rank: '村干部',
                startedOn: '2025-01-01',
                onTrial: false,
              },
            },
            metadata: {},
          },
        ],
      }));
      // How fast is the bench's to say (bench/eventStore.ts), not a timed test's.
      await appendBatch(fresh.db, inputs);
      const people = await fresh.db
        .selectFrom('people')
        .select(({ fn }) => fn.countAll<bigint>().as('n'))
        .executeTakeFirstOrThrow();
      expect(people.n).toBe(1000n);
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 3000 });
      // A second seed is a no-op.
      expect((await appendBatch(fresh.db, inputs)).every((r) => r.duplicate)).toBe(true);
    } finally {
      await fresh.drop();
    }
  });

  describe('tampering by hand', () => {
    let fresh: TestDatabase;
    beforeAll(async () => {
      fresh = await createTestDatabase();
      await appendBatch(
        fresh.db,
        Array.from({ length: 5 }, (_, i) => input(`chain/${i}`, 0, `chain/${i}`, 4)),
      );
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 20 });
    });
    afterAll(async () => {
      await fresh?.drop();
    });

    it('is refused through a normal connection: events are append-only', async () => {
      await expect(sql`update events set type = type where position = 1`.execute(fresh.db)).rejects.toThrow(/append-only/);
      await expect(sql`delete from events where position = 1`.execute(fresh.db)).rejects.toThrow(/append-only/);
      await expect(sql`truncate events`.execute(fresh.db)).rejects.toThrow(/append-only/);
      // The types refuse it as well: no column of `events` can be set.
      // @ts-expect-error events columns have update type `never`
      fresh.db.updateTable('events').set({ type: 'CaseClosed' });
      expect(await verifyHashChain(fresh.db)).toMatchObject({ ok: true, checked: 20 });
    });

    it('finds an edited canonical text, an edited jsonb beside it, and a text that is not JSON under a re-hashed chain', async () => {
      const copy = async (): Promise<TestDatabase> => {
        const db = await createTestDatabase();
        await appendBatch(
          db.db,
          Array.from({ length: 5 }, (_, i) => input(`chain/${i}`, 0, `chain/${i}`, 4)),
        );
        return db;
      };
      const found = (p: number) => ({
        ok: false,
        checked: p - 1,
        firstBadPosition: String(p),
        reason: `hash of position ${p} does not match its contents`,
      });

      // The hashed text itself (the jsonb follows it: the database generates it): the hash no longer matches.
      const text = await copy();
      try {
        await tamper(text.db, sql`update events set data_canonical = replace(data_canonical, 'stage-1', 'forged') where position = 6`);
        expect((await text.db.selectFrom('events').select('data').where('position', '=', 6n).executeTakeFirstOrThrow()).data).toMatchObject(
          {
            stage: 'forged',
          },
        );
        expect(await verifyHashChain(text.db)).toMatchObject(found(6));
      } finally {
        await text.drop();
      }

      // The jsonb every reader reads cannot be written alone; a tamperer who alters the
      // table to write it anyway leaves the text and hash intact, and the jsonb is found
      // to differ from the text.
      const meta = await copy();
      try {
        await expect(
          tamper(meta.db, sql`update events set metadata = jsonb_set(metadata, '{causationId}', '"forged"') where position = 11`),
        ).rejects.toThrow(/can only be updated to DEFAULT/);
        expect(await verifyHashChain(meta.db)).toMatchObject({ ok: true, checked: 20 });
        await tamper(
          meta.db,
          sql`alter table events alter column metadata drop expression`,
          sql`update events set metadata = jsonb_set(metadata, '{causationId}', '"forged"') where position = 11`,
        );
        expect(await verifyHashChain(meta.db)).toMatchObject(found(11));
        expect(await verifyHashChain(meta.db, { fromPosition: 12n })).toMatchObject({ ok: true, checked: 9 });
      } finally {
        await meta.drop();
      }

      // A tamperer who re-hashes: the last event's text made into something that is not
      // JSON, its hash and the head recomputed. The check names it instead of failing.
      const rehashed = await copy();
      try {
        const [last] = await rehashed.db.selectFrom('events').selectAll().where('position', '=', 20n).execute();
        const forged = '{"stage": oops';
        const fields = {
          position: last!.position,
          streamId: last!.stream_id,
          streamVersion: last!.stream_version,
          type: last!.type,
          idempotencyKey: last!.idempotency_key,
          recordedAt: last!.recorded_at.toISOString(),
        };
        const hash = textHash(last!.prev_hash, hashedText(fields, forged, last!.metadata_canonical));
        await tamper(
          rehashed.db,
          // Text that is not JSON cannot be stored while the jsonb is generated from it.
          sql`alter table events alter column data drop expression`,
          sql`update events set data_canonical = ${forged}, hash = ${hash} where position = 20`,
          sql`update log_head set hash = ${hash} where id = 1`,
        );
        expect(await verifyHashChain(rehashed.db)).toMatchObject(found(20));
      } finally {
        await rehashed.drop();
      }
    });

    it('finds an edited event at its exact position, then a deleted one, then a swap', async () => {
      // Each case runs on its own copy of the log, so one break does not hide the next.
      const copy = async (): Promise<TestDatabase> => {
        const db = await createTestDatabase();
        await appendBatch(
          db.db,
          Array.from({ length: 5 }, (_, i) => input(`chain/${i}`, 0, `chain/${i}`, 4)),
        );
        return db;
      };

      const edited = await copy();
      try {
        await tamper(edited.db, sql`update events set data_canonical = jsonb_set(data, '{stage}', '"forged"')::text where position = 7`);
        expect(await verifyHashChain(edited.db, { batchSize: 3 })).toMatchObject({
          ok: false,
          checked: 6,
          firstBadPosition: '7',
          reason: expect.stringMatching(/hash of position 7 does not match/),
        });
      } finally {
        await edited.drop();
      }

      const deleted = await copy();
      try {
        await tamper(deleted.db, sql`delete from events where position = 12`);
        expect(await verifyHashChain(deleted.db)).toMatchObject({
          ok: false,
          checked: 11,
          firstBadPosition: '12',
          reason: expect.stringMatching(/position 12 is missing/),
        });
      } finally {
        await deleted.drop();
      }

      const swapped = await copy();
      try {
        await tamper(
          swapped.db,
          sql`update events set position = position + 1000000 where position in (3, 9)`,
          sql`update events set position = 9 where position = 1000003`,
          sql`update events set position = 3 where position = 1000009`,
        );
        expect(await verifyHashChain(swapped.db)).toMatchObject({ ok: false, checked: 2, firstBadPosition: '3' });
      } finally {
        await swapped.drop();
      }

      const truncatedTail = await copy();
      try {
        await tamper(truncatedTail.db, sql`delete from events where position = 20`);
        expect(await verifyHashChain(truncatedTail.db)).toMatchObject({
          ok: false,
          checked: 19,
          firstBadPosition: '20',
          reason: expect.stringMatching(/log_head is at position 20/),
        });
      } finally {
        await truncatedTail.drop();
      }
    });
  });

  describe('following the log', () => {
    let fresh: TestDatabase;
    beforeAll(async () => {
      fresh = await createTestDatabase();
    });
    afterAll(async () => {
      await fresh?.drop();
    });

    it('pages through the log in position order', async () => {
      await appendToStream(fresh.db, input('follow/1', 0, 'follow/1/a', 3));
      // Settled once no older transaction is open anywhere on the server; from then on for good.
      await eventually(
        () => readAll(fresh.db),
        (e) => e.length === 3,
        'the append to settle',
      );
      expect(positions(await readAll(fresh.db, { limit: 2 }))).toEqual([1n, 2n]);
      expect(positions(await readAll(fresh.db, { after: '2' }))).toEqual([3n]);
      expect(await readAll(fresh.db, { after: 3n })).toEqual([]);
    });

    it('does not see an append whose transaction is still open, nor anything queued behind it', async () => {
      const writer = await openPostgresDatabase(fresh.url, { max: 1 });
      const other = await openPostgresDatabase(fresh.url, { max: 1 });
      const open = await writer.db.startTransaction().execute();
      try {
        const mine = await appendToStream(open, input('follow/2', 0, 'follow/2/a'));
        expect(mine.firstPosition).toBe('4');
        const queued = appendToStream(other.db, input('follow/3', 0, 'follow/3/a'));
        await eventually(
          () => lockWaiters(fresh.db),
          (n) => n >= 1,
          'the second append to wait on the log lock',
        );

        // Whatever else the server is doing, position 4 cannot show up while its transaction is open.
        const seen = await eventually(
          () => readAll(fresh.db),
          (e) => e.length >= 3,
          'the earlier appends to settle',
        );
        expect(positions(seen)).toEqual([1n, 2n, 3n]);
        await open.commit().execute();
        expect(await queued).toMatchObject({ firstPosition: '5' });
        await eventually(
          () => readAll(fresh.db, { after: 3n }),
          (e) => e.length === 2,
          'both appends to settle',
        );
      } finally {
        // A failed assertion must not leave the transaction holding its connection (close would wait forever).
        if (!open.isCommitted) await open.rollback().execute();
        await writer.close();
        await other.close();
      }
    });

    it('stops before a row of an open transaction even when a later position has already committed', async () => {
      // A writer that takes positions without the log lock (as a sequence would) can commit
      // position 7 while position 6 is still in flight; a follower that returned 7 would
      // move its cursor past 6 and never see it.
      const { before } = await fresh.db
        .selectFrom('events')
        .select(({ fn }) => fn.max('position').as('before'))
        .executeTakeFirstOrThrow();
      const [p6, p7] = [before + 1n, before + 2n];
      const row = (position: bigint, key: string) => sql`
        insert into events (position, stream_id, stream_version, type, data_canonical, metadata_canonical, idempotency_key, recorded_at, prev_hash, hash)
        values (${position}, ${`gap/${key}`}, 1, 'CaseStageChanged', '{}', '{}', ${`gap/${key}#0`}, now(), repeat('0', 64), repeat('0', 64))`;
      const slow = await openPostgresDatabase(fresh.url, { max: 1 });
      const fast = await openPostgresDatabase(fresh.url, { max: 1 });
      const open = await slow.db.startTransaction().execute();
      try {
        await row(p6, 'slow').execute(open);
        await row(p7, 'fast').execute(fast.db);

        const naive = await fresh.db.selectFrom('events').select('position').where('position', '>', before).execute();
        expect(positions(naive)).toEqual([p7]);
        expect(await readAll(fresh.db, { after: before })).toEqual([]);

        await open.commit().execute();
        const settled = await eventually(
          () => readAll(fresh.db, { after: before }),
          (e) => e.length === 2,
          'the gap to close',
        );
        expect(positions(settled)).toEqual([p6, p7]);
      } finally {
        if (!open.isCommitted) await open.rollback().execute();
        await slow.close();
        await fast.close();
      }
    });
  });
});
