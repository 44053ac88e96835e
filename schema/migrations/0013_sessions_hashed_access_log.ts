import { sql, type Kysely } from 'kysely';

/**
 * Session ids stored hashed, and the access log.
 *
 * `sessions.id` held the cookie's value itself: anyone who could read the table could
 * sign in as every signed-in user. It now holds the SHA-256 of the value (`id_hash`),
 * as `api_tokens` always did. The old rows cannot be converted meaningfully without
 * keeping the raw ids a moment longer than needed, so they are deleted: everyone signs
 * in again once.
 *
 * `access_log`: who administered which account (created, role changed, password reset,
 * disabled or enabled, renamed) and who viewed a person's full personal data. Its rows
 * are chained like the event log's (`hash` = SHA-256 over the previous hash and the
 * row's canonical JSON; `access_log_head` names the last one, taken FOR UPDATE by each
 * append so positions are gap-free), and a trigger makes the table append-only:
 * UPDATE and TRUNCATE are refused, and DELETE is refused for rows younger than six
 * months (the retention the Cybersecurity Law, art. 21, asks for network logs). Older
 * rows may be deleted from the oldest up; a verify then starts at the first row kept.
 * `recorded_at` must be the inserting transaction's time (to the millisecond), so a row
 * cannot be back-dated into the deletable range.
 */
const ZERO_HASH = '0'.repeat(64);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`delete from sessions`.execute(db);
  await sql`alter table sessions rename column id to id_hash`.execute(db);

  await db.schema
    .createTable('access_log')
    .addColumn('position', 'bigint', (c) => c.primaryKey().check(sql`position > 0`))
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    // admin-user.created | …, person.viewed: see client/api/accessLog.ts.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind ~ '^[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*$'`))
    // Who: { login, role, townshipId? } for an API user, { osUser } for the CLI's operator.
    .addColumn('actor', 'jsonb', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    // The account's login or the person's id.
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('api', 'cli', 'system')`))
    .addColumn('request_id', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull().check(sql`prev_hash ~ '^[0-9a-f]{64}$'`))
    .addColumn('hash', 'text', (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    .execute();
  await db.schema.createIndex('access_log_recorded_idx').on('access_log').column('recorded_at').execute();
  await db.schema.createIndex('access_log_actor_idx').on('access_log').columns(['actor_id', 'position']).execute();
  await db.schema.createIndex('access_log_subject_idx').on('access_log').columns(['subject', 'position']).execute();

  await db.schema
    .createTable('access_log_head')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await sql`insert into access_log_head (id, position, hash) values (1, 0, ${sql.lit(ZERO_HASH)})`.execute(db);

  await sql`
    create function access_log_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        if new.recorded_at <> date_trunc('milliseconds', now()) then
          raise exception 'access_log.recorded_at must be the transaction time' using errcode = 'check_violation';
        end if;
        return new;
      end if;
      if tg_op = 'DELETE' and old.recorded_at < now() - interval '6 months' then
        return old;
      end if;
      raise exception 'the access log is append-only and kept 6 months: % on access_log is not allowed', tg_op
        using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger access_log_append_only before insert or update or delete on access_log
    for each row execute function access_log_guard()`.execute(db);
  await sql`
    create trigger access_log_no_truncate before truncate on access_log
    for each statement execute function access_log_guard()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('access_log_head').execute();
  await db.schema.dropTable('access_log').execute();
  await sql`drop function access_log_guard()`.execute(db);
  await sql`delete from sessions`.execute(db);
  await sql`alter table sessions rename column id_hash to id`.execute(db);
}
