/**
 * The pipelining handle (schema/pipeline.ts) on the real server: a transaction's writes
 * wait for its next read or its commit and then run in order, values written as literals
 * read back as the ordinary path writes them, a held write that fails fails the commit and
 * leaves nothing, and the connection serves the next transaction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { batchQuery, pipeliningHandle } from '../../schema/pipeline';
import { createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
// A scratch table outside the project's typed schema.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test's own table
let plain: Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test's own table
let piped: Kysely<any>;

beforeAll(async () => {
  database = await createTestDatabase();
  plain = database.db as never;
  piped = pipeliningHandle(database.db)! as never;
  await sql`create table probe (id text primary key, words text, at timestamptz, day date, big int8, doc jsonb, n int4)`.execute(plain);
});

afterAll(async () => {
  await database?.drop();
});

const row = (id: string) => ({
  id,
  words: `it's "quoted", \\ back\\slashed, 中文, $1 -- not a comment`,
  at: new Date('2026-03-01T02:03:04.005Z'),
  day: '2026-02-28',
  big: 9007199254740993n,
  doc: JSON.stringify({ a: [1, "o'k", null], b: '\\' }),
  n: -7,
});

describe('the pipelining handle', () => {
  it('exists for a PostgreSQL handle opened by schema/connect.ts', () => {
    expect(piped).toBeDefined();
    expect(piped).not.toBe(plain);
  });

  it('writes values as literals that read back as the ordinary path wrote them', async () => {
    await plain.insertInto('probe').values(row('plain')).execute();
    await piped.transaction().execute(async (trx) => {
      await trx.insertInto('probe').values(row('piped')).execute();
    });
    const rows = await plain.selectFrom('probe').selectAll().where('id', 'in', ['plain', 'piped']).orderBy('id').execute();
    expect(rows).toHaveLength(2);
    const { id: _a, ...piped1 } = rows[0]!;
    const { id: _b, ...plain1 } = rows[1]!;
    expect(piped1).toEqual(plain1);
  });

  it('runs held writes before the next read of the same transaction, and answers a batch statement by statement', async () => {
    const seen = await piped.transaction().execute(async (trx) => {
      await trx.insertInto('probe').values(row('r1')).execute();
      await trx.updateTable('probe').set({ n: 41 }).where('id', '=', 'r1').execute();
      const one = await trx.selectFrom('probe').select('n').where('id', '=', 'r1').executeTakeFirstOrThrow();
      await trx.updateTable('probe').set({ n: 42 }).where('id', '=', 'r1').execute();
      const batch = await trx.executeQuery(
        batchQuery([trx.selectFrom('probe').select('n').where('id', '=', 'r1').compile(), sql`select ${'x'}::text as x`.compile(trx)]),
      );
      return { one: one.n, batch: batch.rows.map((r) => r.rows) };
    });
    expect(seen).toEqual({ one: 41, batch: [[{ n: 42 }], [{ x: 'x' }]] });
  });

  it('fails the commit when a held write fails, writes nothing of the transaction, and serves the next one', async () => {
    await expect(
      piped.transaction().execute(async (trx) => {
        await trx.insertInto('probe').values(row('fresh')).execute();
        await trx.insertInto('probe').values(row('plain')).execute(); // the key exists: 23505 at commit
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await plain.selectFrom('probe').select('id').where('id', '=', 'fresh').execute()).toEqual([]);
    // Every connection of the pool is still usable, in and out of transactions.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        piped.transaction().execute((trx) =>
          trx
            .insertInto('probe')
            .values(row(`after${i}`))
            .execute(),
        ),
      ),
    );
    const after = await piped
      .selectFrom('probe')
      .select(sql<bigint>`count(*)`.as('n'))
      .where('id', 'like', 'after%')
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(12n);
  });

  it('rolls back a transaction whose callback throws, held writes and all', async () => {
    await expect(
      piped.transaction().execute(async (trx) => {
        await trx.selectFrom('probe').select('id').limit(1).execute();
        await trx.insertInto('probe').values(row('undone')).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await plain.selectFrom('probe').select('id').where('id', '=', 'undone').execute()).toEqual([]);
  });
});
