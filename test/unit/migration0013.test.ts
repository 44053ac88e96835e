/**
 * Migration 0013 on a database that already has sessions: the raw session ids go (their
 * holders sign in again), the column holds hashes from then on, and the access log
 * starts empty with its head at zero. Embedded PGlite.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Migrator, sql } from 'kysely';
import { migrations } from '../../schema/migrations';
import { migrateToLatest } from '../../schema/migrate';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { verifyAccessLog } from '../../client/api/accessLog';

let database: OpenedDatabase | undefined;

afterAll(async () => {
  await database?.close();
});

describe('migration 0013', () => {
  it('ends the sessions stored in clear, renames the column to id_hash, and starts an empty access log', async () => {
    database = await openPgliteDatabase();
    const db = database.db;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
    const before = await migrator.migrateTo('0012_evaluation_appeal');
    expect(before.error).toBeUndefined();
    const raw = 'a'.repeat(64);
    await sql`insert into users (login, display_name, role, password_hash) values ('old-user', 'old', 'auditor', '$argon2id$v=19$x')`.execute(
      db,
    );
    await sql`insert into sessions (id, user_id, expires_at) select ${raw}, id, now() + interval '1 hour' from users where login = 'old-user'`.execute(
      db,
    );

    expect(await migrateToLatest(db)).toContain('0013_sessions_hashed_access_log');
    const rows = await sql<Record<string, unknown>>`select * from sessions`.execute(db);
    expect(rows.rows).toEqual([]);
    const columns = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_name = 'sessions' order by column_name`.execute(db);
    expect(columns.rows.map((c) => c.column_name)).toEqual(['created_at', 'expires_at', 'id_hash', 'user_id']);
    expect(await verifyAccessLog(db)).toEqual({ ok: true, checked: 0, from: null, head: null });

    // And back: the migration's down restores the old shape.
    const down = await migrator.migrateTo('0012_evaluation_appeal');
    expect(down.error).toBeUndefined();
    const after = await sql<{
      column_name: string;
    }>`select column_name from information_schema.columns where table_name = 'sessions' and column_name = 'id'`.execute(db);
    expect(after.rows).toHaveLength(1);
  });
});
