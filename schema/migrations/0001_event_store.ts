import { sql, type Kysely } from 'kysely';

/**
 * The append-only event log and its single-row head.
 *
 * Positions are not taken from a sequence: a sequence hands out numbers at insert time,
 * so a slow transaction can commit after a faster one and a follower could read past
 * it. Instead every append locks `log_head` FOR UPDATE and takes the next numbers from
 * it, which makes positions gap-free and in commit order and gives the hash chain its
 * predecessor. `transaction_id` is still recorded (as Emmett does) so followers can
 * additionally refuse to read past any transaction that is still open.
 */

const ZERO_HASH = '0'.repeat(64);

// Migrations take `Kysely<any>`: they must keep working after `schema/db.ts` moves on.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('position', 'bigint', (c) => c.primaryKey().check(sql`position > 0`))
    .addColumn('stream_id', 'text', (c) => c.notNull())
    .addColumn('stream_version', 'integer', (c) => c.notNull().check(sql`stream_version > 0`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull())
    .addColumn('metadata', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('transaction_id', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull().check(sql`prev_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('hash', 'text', (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .addUniqueConstraint('events_stream_version_key', ['stream_id', 'stream_version'])
    .addUniqueConstraint('events_idempotency_key_key', ['idempotency_key'])
    .execute();

  await db.schema
    .createTable('log_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into log_head (id, position, hash) values (1, 0, ${sql.lit(ZERO_HASH)})`.execute(db);

  // The refusal lives in the database so that no code path — including ad-hoc SQL —
  // can rewrite history; deliberate tampering in tests has to switch it off visibly.
  await sql`
    create function events_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'events are append-only: % on events is not allowed', tg_op
        using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger events_no_update_delete before update or delete on events
    for each row execute function events_append_only()`.execute(db);
  await sql`
    create trigger events_no_truncate before truncate on events
    for each statement execute function events_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('log_head').execute();
  await db.schema.dropTable('events').execute();
  await sql`drop function events_append_only()`.execute(db);
}
