/**
 * The PostgreSQL driver (schema/connect.ts: `pg` through Kysely's PostgresDialect) on the
 * real server: it returns the values the conventions of schema/db.ts promise, exactly as
 * postgres.js (the driver before) returned them, whatever the database's own DateStyle
 * and TimeZone; and a connection killed under it fails the query in flight, never the
 * process, and is not handed to the next query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { Client } from 'pg';
import postgres from 'postgres';
import { openPostgresDatabase } from '../../schema/connect';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/db';

let database: TestDatabase;
let dbName: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dbName = new URL(database.url).pathname.slice(1);
  // Defaults unlike the pinned ones: a server configured otherwise must not change a value.
  await sql.raw(`alter database ${dbName} set timezone = 'Asia/Shanghai'`).execute(database.db);
  await sql.raw(`alter database ${dbName} set datestyle = 'SQL, DMY'`).execute(database.db);
});

afterAll(async () => {
  await database?.drop();
});

/**
 * One value of every type the schema uses, and the settings a session runs with. No NULL
 * inside an array: postgres.js 3.4 mis-read those (a string "NULL", or a throw for int8);
 * the schema has no such arrays, and test/unit/pgTypes.test.ts covers them for `pg`.
 */
const PROBE = `
  select 9007199254740993::int8 as big, (select count(*) from generate_series(1, 3)) as n, 7::int4 as small,
         '2026-02-28'::date as day, array['2026-01-01'::date, '2026-12-31'] as days, array[1::int8, 9007199254740993] as bigs,
         '2025-03-14 09:02:03.456+08'::timestamptz as at,
         '{"b":[1,"x",{"c":null}],"a":true}'::jsonb as doc, '1.50'::numeric as dec, 'f'::bool as flag,
         '中文'::text as words, null::text as nothing,
         current_setting('DateStyle') as date_style, current_setting('TimeZone') as time_zone`;

describe('the PostgreSQL driver', () => {
  it('returns the schema conventions under a database whose own DateStyle and TimeZone differ', async () => {
    const opened = await openPostgresDatabase(database.url, { max: 1 });
    try {
      const { rows } = await sql.raw<Record<string, unknown>>(PROBE).execute(opened.db);
      expect(rows[0]).toEqual({
        big: 9007199254740993n,
        n: 3n,
        small: 7,
        day: '2026-02-28',
        days: ['2026-01-01', '2026-12-31'],
        bigs: [1n, 9007199254740993n],
        at: new Date('2025-03-14T01:02:03.456Z'),
        doc: { a: true, b: [1, 'x', { c: null }] },
        dec: '1.50',
        flag: false,
        words: '中文',
        nothing: null,
        date_style: 'ISO, MDY',
        time_zone: 'UTC',
      });
    } finally {
      await opened.close();
    }
  });

  it('returns exactly what postgres.js, configured as before, returned', async () => {
    const before = postgres(database.url, {
      max: 1,
      onnotice: () => {},
      connection: { DateStyle: 'ISO, MDY', TimeZone: 'UTC', application_name: 'cadreflow' },
      types: {
        bigint: postgres.BigInt,
        dateOnly: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
      },
    });
    const opened = await openPostgresDatabase(database.url, { max: 1 });
    try {
      const old = await before.unsafe(PROBE);
      const { rows } = await sql.raw<Record<string, unknown>>(PROBE).execute(opened.db);
      expect(rows[0]).toEqual({ ...old[0] });
      // Written through the new driver, read back through the old: the same instant and day.
      await sql`create table roundtrip (at timestamptz, day date, n int8, doc jsonb)`.execute(opened.db);
      await sql`insert into roundtrip values (${new Date('2025-03-14T01:02:03.456Z')}, ${'2026-02-28'}, ${9007199254740993n}, ${{ k: [1] }})`.execute(
        opened.db,
      );
      const [viaOld] = await before`select * from roundtrip`;
      const { rows: viaNew } = await sql<Record<string, unknown>>`select * from roundtrip`.execute(opened.db);
      expect(viaNew[0]).toEqual({ ...viaOld });
      expect(viaNew[0]).toEqual({ at: new Date('2025-03-14T01:02:03.456Z'), day: '2026-02-28', n: 9007199254740993n, doc: { k: [1] } });
    } finally {
      await before.end();
      await opened.close();
    }
  });

  it('fails the query whose backend is terminated, reports the lost connection, and serves the next query on a new connection', async () => {
    const errors: Error[] = [];
    const opened = await openPostgresDatabase(database.url, { max: 1, onConnectionError: (err) => errors.push(err) });
    const admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    try {
      const before = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
      const sleeping = sql`select pg_sleep(30)`.execute(opened.db).then(
        () => 'finished',
        (err: Error) => err.message,
      );
      // Terminated once it is seen running, not after a guessed delay.
      for (;;) {
        const r = await admin.query(
          `select count(*)::int as n from pg_stat_activity where datname = $1 and query like 'select pg_sleep(30)%'`,
          [dbName],
        );
        if ((r.rows[0] as { n: number }).n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
      expect(await sleeping).toMatch(/terminating connection due to administrator command|Connection terminated/);

      // The one connection of the pool was dropped, not handed on: the next query works at once, on a new backend.
      const after = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(opened.db);
      expect(after.rows[0]!.pid).not.toBe(before.rows[0]!.pid);
      // An idle connection killed between queries: reported, replaced.
      await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
      await expect.poll(() => errors.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const again = await sql<{ one: number }>`select 1 as one`.execute(opened.db);
      expect(again.rows[0]!.one).toBe(1);
      expect(errors.every((e) => e instanceof Error)).toBe(true);
    } finally {
      await admin.end();
      await opened.close();
    }
  });
});
