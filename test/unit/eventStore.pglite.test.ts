/**
 * The event store and read models on embedded PGlite (the default when no
 * DATABASE_URL is set). The golden values are shared with the PostgreSQL suites, so
 * passing both means the two drivers store and hash the same events identically.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../domain/canonicalJson';
import { readAll, readStream } from '../../activities/eventReads';
import { appendBatch, appendToStream, StreamVersionConflictError } from '../../activities/eventStore';
import { eventHash, verifyHashChain } from '../../activities/hashChain';
import { diffReadModels, rebuildReadModels } from '../../activities/projections';
import { openDatabase, openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { Migrator } from 'kysely';
import { MigrationError, migrateToLatest } from '../../schema/migrate';
import { migrations } from '../../schema/migrations';
import {
  appendGoldenSequence,
  GOLDEN_APPEND,
  GOLDEN_HASH,
  GOLDEN_READ_MODEL_DIGEST,
  GOLDEN_RECORDED_AT,
  GOLDEN_SEQUENCE_HEAD,
  readModelDigest,
  realisticAppends,
} from '../support/db';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('writes bigints as bare integers and keeps non-ASCII text as is', () => {
    expect(canonicalJson({ position: 12345678901234567890n, name: '王芳' })).toBe('{"name":"王芳","position":12345678901234567890}');
  });

  it('writes undefined array slots as null, as JSON does', () => {
    expect(canonicalJson([1, undefined, 'a'])).toBe('[1,null,"a"]');
  });

  it('refuses values with no JSON form that would survive the database', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
    expect(() => canonicalJson({ n: Infinity })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
    expect(() => canonicalJson(undefined)).toThrow();
  });

  it('is the exact form the golden hash is computed from', () => {
    const canonical =
      '{"data":{"birthYear":1986,"gender":"female","name":"李四","orgUnitId":"town-1","personId":"p-golden","rank":"副科级"},' +
      '"idempotencyKey":"golden/register#0",' +
      '"metadata":{"actor":{"id":"clerk-1","role":"county-org-dept"},"causationId":"register","workflowId":"wf-golden"},' +
      '"position":1,"recordedAt":"2025-03-14T01:02:03.456Z","streamId":"person/p-golden","streamVersion":1,"type":"PersonRegistered"}';
    const { event, metadata } = GOLDEN_APPEND.events[0]!;
    const fields = {
      position: 1n,
      streamId: GOLDEN_APPEND.streamId,
      streamVersion: 1,
      type: event.type,
      data: event.data,
      metadata,
      idempotencyKey: `${GOLDEN_APPEND.idempotencyKey}#0`,
      recordedAt: GOLDEN_RECORDED_AT.toISOString(),
    };
    expect(canonicalJson(fields)).toBe(canonical);
    const expected = createHash('sha256')
      .update(`${'0'.repeat(64)}\n${canonical}`)
      .digest('hex');
    expect(eventHash('0'.repeat(64), fields)).toBe(expected);
    expect(expected).toBe(GOLDEN_HASH);
  });
});

describe('event store on PGlite', () => {
  let opened: OpenedDatabase;

  beforeAll(async () => {
    opened = await openPgliteDatabase();
    // Every migration, in order: the embedded database runs the same ones as the server.
    expect(await migrateToLatest(opened.db)).toEqual(Object.keys(migrations).sort());
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('migrates once; a second run applies nothing', async () => {
    const messages: string[] = [];
    expect(await migrateToLatest(opened.db, (m) => messages.push(m))).toEqual([]);
    expect(messages).toEqual(['schema is up to date']);
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(opened.db);
    expect(rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining([
        'events',
        'log_head',
        'org_units',
        'people',
        'post_assignments',
        'cases',
        'tasks',
        'public_notices',
        'probations',
      ]),
    );
  });

  it('hashes, chains and projects exactly as PostgreSQL does', async () => {
    await appendGoldenSequence(opened.db);
    const [golden] = await readStream(opened.db, GOLDEN_APPEND.streamId);
    expect(golden).toMatchObject({ position: 1n, hash: GOLDEN_HASH, recordedAt: GOLDEN_RECORDED_AT.toISOString() });
    expect(await verifyHashChain(opened.db, { batchSize: 5 })).toEqual({ ok: true, checked: 50, head: GOLDEN_SEQUENCE_HEAD });
    expect(await readModelDigest(opened.db)).toBe(GOLDEN_READ_MODEL_DIGEST);
  });

  it('returns int8 as bigint, date as YYYY-MM-DD and timestamptz as Date', async () => {
    const [first] = await readAll(opened.db, { limit: 1 });
    expect(typeof first!.position).toBe('bigint');
    const { n } = await opened.db
      .selectFrom('events')
      .select(({ fn }) => fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(50n);
    const unit = await opened.db.selectFrom('org_units').selectAll().where('org_unit_id', '=', 'town-2').executeTakeFirstOrThrow();
    expect(unit).toMatchObject({ effective_from: '2020-01-01', effective_to: '2021-06-30' });
    const kase = await opened.db.selectFrom('cases').selectAll().where('case_id', '=', 'c-1').executeTakeFirstOrThrow();
    expect(kase.started_at).toBeInstanceOf(Date);
  });

  it('rebuilds into a scratch schema equal to the live read models', async () => {
    expect(await rebuildReadModels(opened.db, { schema: 'scratch', batchSize: 7 })).toEqual({ schema: 'scratch', events: 50 });
    expect(await diffReadModels(opened.db, 'public', 'scratch')).toEqual([]);
    await sql`update cases set stage = 'tampered' where case_id = 'c-2'`.execute(opened.db);
    expect(await diffReadModels(opened.db, 'public', 'scratch')).toMatchObject([
      { table: 'cases', key: 'c-2', left: { stage: 'tampered' }, right: { stage: 'started' } },
    ]);
    await rebuildReadModels(opened.db);
    expect(await diffReadModels(opened.db, 'public', 'scratch')).toEqual([]);
  });

  it('is idempotent per key and refuses a stale expected version', async () => {
    const input = {
      streamId: 'case/c-9',
      expectedVersion: 0,
      idempotencyKey: 'c-9/start',
      events: [
        { event: { type: 'CaseStageChanged' as const, data: { caseId: 'c-9', stage: 'x', at: '2025-01-01T00:00:00.000Z' } }, metadata: {} },
      ],
    };
    const first = await appendToStream(opened.db, input);
    expect(await appendToStream(opened.db, input)).toEqual({ ...first, duplicate: true });
    await expect(appendToStream(opened.db, { ...input, idempotencyKey: 'c-9/again' })).rejects.toBeInstanceOf(StreamVersionConflictError);
    const [again] = await appendBatch(opened.db, [{ ...input, expectedVersion: 1, idempotencyKey: 'c-9/next' }]);
    expect(again).toMatchObject({ nextVersion: 2, duplicate: false });
    expect(await verifyHashChain(opened.db)).toMatchObject({ ok: true, checked: 52 });
  });

  it('refuses updates and deletes of events, and finds one edited by hand', async () => {
    await expect(sql`update events set type = type where position = 3`.execute(opened.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from events where position = 3`.execute(opened.db)).rejects.toThrow(/append-only/);
    await opened.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update events set metadata_canonical = '{"actor":{"id":"someone-else","role":"admin"}}' where position = 3`.execute(trx);
    });
    expect(await verifyHashChain(opened.db)).toMatchObject({ ok: false, checked: 2, firstBadPosition: '3' });
  });
});

/** GOLDEN_APPEND hashed with SM3 as position 1 of a fresh log: the same input as GOLDEN_HASH, another function. */
const GOLDEN_SM3_HASH = '7f80de96aa3026ceba5ed65f1210a19b601366dd38c2eaa93e6ac16c4924d1bc';

describe('the hash chain under SM3 on PGlite', () => {
  let opened: OpenedDatabase;
  beforeAll(async () => {
    opened = await openPgliteDatabase();
    await migrateToLatest(opened.db);
  });
  afterAll(async () => {
    await opened?.close();
  });

  it('hashes the golden event with SM3 over the same input, and records the algorithm', async () => {
    await appendToStream(opened.db, GOLDEN_APPEND, { clock: () => GOLDEN_RECORDED_AT, hashAlgorithm: 'sm3' });
    const [golden] = await readStream(opened.db, GOLDEN_APPEND.streamId);
    expect(golden).toMatchObject({ position: 1n, hash: GOLDEN_SM3_HASH, hashAlgorithm: 'sm3' });
    const { hashAlgorithm: _alg, prevHash: _prev, hash: _hash, ...fields } = golden!;
    expect(eventHash('0'.repeat(64), fields, 'sm3')).toBe(
      createHash('sm3')
        .update(`${'0'.repeat(64)}\n${canonicalJson(fields)}`)
        .digest('hex'),
    );
    expect(eventHash('0'.repeat(64), fields)).toBe(GOLDEN_HASH);
  });

  it('verifies a log that switches between SHA-256 and SM3, and finds a changed SM3 event and a relabelled one', async () => {
    const clock = () => GOLDEN_RECORDED_AT;
    const appends = realisticAppends();
    // Position 1 is SM3 (above), then SHA-256 for the first half of the appends, SM3 again for the rest.
    const half = Math.floor(appends.length / 2);
    for (const [i, input] of appends.entries())
      await appendToStream(opened.db, input, { clock, hashAlgorithm: i < half ? 'sha256' : 'sm3' });
    const rows = await opened.db.selectFrom('events').select(['position', 'hash_alg']).orderBy('position').execute();
    expect(rows.map((r) => r.hash_alg).join(' ')).toMatch(/^sm3 (sha256 )+(sm3 )+sm3$/);
    expect(await verifyHashChain(opened.db, { batchSize: 5 })).toMatchObject({ ok: true, checked: 50 });
    const sm3 = rows.filter((r) => r.hash_alg === 'sm3').at(-3)!.position;

    const changed = await tamperedThenRolledBack(opened, async (trx) => {
      await sql`update events set data_canonical = jsonb_set(data, '{caseId}', '"c-other"')::text where position = ${sm3}`.execute(trx);
      return verifyHashChain(trx);
    });
    expect(changed).toMatchObject({
      ok: false,
      firstBadPosition: String(sm3),
      reason: `hash of position ${sm3} does not match its contents`,
    });
    const relabelled = await tamperedThenRolledBack(opened, async (trx) => {
      await sql`update events set hash_alg = 'sha256' where position = ${sm3}`.execute(trx);
      return verifyHashChain(trx);
    });
    expect(relabelled).toMatchObject({ ok: false, firstBadPosition: String(sm3) });
    const unknown = await tamperedThenRolledBack(opened, async (trx) => {
      await sql`alter table events drop constraint events_hash_alg_check`.execute(trx);
      await sql`update events set hash_alg = 'md5' where position = ${sm3}`.execute(trx);
      return verifyHashChain(trx);
    });
    expect(unknown).toMatchObject({
      ok: false,
      firstBadPosition: String(sm3),
      reason: `position ${sm3} names hash algorithm "md5", not one of sha256, sm3`,
    });
    expect(await verifyHashChain(opened.db)).toMatchObject({ ok: true, checked: 50 });
    await expect(
      sql`insert into events (position, stream_id, stream_version, type, data_canonical, metadata_canonical, idempotency_key, recorded_at, prev_hash, hash, hash_alg)
      values (999, 's', 1, 'x', '{}', '{}', 'k', now(), ${'0'.repeat(64)}, ${'0'.repeat(64)}, 'md5')`.execute(opened.db),
    ).rejects.toThrow(/check constraint/);
  });

  it('gives every event from before the migration sha256, so an existing log verifies unchanged', async () => {
    const old = await openPgliteDatabase();
    try {
      await migrateToLatest(old.db);
      await appendGoldenSequence(old.db);
      const migrator = new Migrator({ db: old.db, provider: { getMigrations: async () => ({ ...migrations }) } });
      // Back to the schema before 0014 (the column gone), then forward again: the rows are the same rows.
      const names = Object.keys(migrations).sort();
      const { error } = await migrator.migrateTo(names[names.indexOf('0014_event_hash_algorithm') - 1]!);
      expect(error).toBeUndefined();
      expect(await sql`select hash_alg from events`.execute(old.db).catch((e: Error) => e.message)).toMatch(/hash_alg/);
      expect(await migrateToLatest(old.db)).toContain('0014_event_hash_algorithm');
      const algs = await old.db.selectFrom('events').select('hash_alg').distinct().execute();
      expect(algs).toEqual([{ hash_alg: 'sha256' }]);
      expect(await verifyHashChain(old.db)).toEqual({ ok: true, checked: 50, head: GOLDEN_SEQUENCE_HEAD });
    } finally {
      await old.close();
    }
  });
});

class Rollback extends Error {}

/** Runs `fn` past the append-only trigger in a transaction that is always rolled back. */
async function tamperedThenRolledBack<T>(opened: OpenedDatabase, fn: (trx: OpenedDatabase['db']) => Promise<T>): Promise<T> {
  let out: T | undefined;
  await opened.db
    .transaction()
    .execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      out = await fn(trx);
      throw new Rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof Rollback)) throw err;
    });
  return out as T;
}

describe('migrations', () => {
  it('name the migration that failed', async () => {
    const clash = await openPgliteDatabase();
    try {
      await sql`create table org_units (id int)`.execute(clash.db);
      const err = await migrateToLatest(clash.db).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationError);
      expect(err).toMatchObject({
        migrationName: '0002_read_models',
        message: expect.stringMatching(/^migration 0002_read_models failed: .*org_units/),
      });
    } finally {
      await clash.close();
    }
  });
});

describe('PGlite persisted in a data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cf-pglite-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the log across a restart', async () => {
    const first = await openDatabase({ dataDir });
    expect(first.kind).toBe('pglite');
    expect(first.describe).toContain(join(dataDir, 'pglite'));
    await migrateToLatest(first.db);
    await appendToStream(first.db, GOLDEN_APPEND, { clock: () => GOLDEN_RECORDED_AT });
    await first.close();

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrateToLatest(second.db)).toEqual([]);
      expect(await verifyHashChain(second.db)).toEqual({ ok: true, checked: 1, head: { position: '1', hash: GOLDEN_HASH } });
      expect(await appendToStream(second.db, GOLDEN_APPEND)).toMatchObject({ duplicate: true, firstPosition: '1' });
    } finally {
      await second.close();
    }
  });
});
