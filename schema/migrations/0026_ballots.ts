import { sql, type Kysely } from 'kysely';

/**
 * Online ballot sessions (docs/ballots.md): the sessions, their tokens by hash, and
 * their ballots in chain order. The database refuses what no cast or close may do, so
 * ad-hoc SQL cannot either: a ballot is never changed or removed; a token only goes
 * from issued to used or voided, and nothing else about it changes; a session's
 * definition never changes, its chain head only moves forward while it is open, and a
 * closed session stays closed. Deliberate tampering in tests has to switch the triggers
 * off visibly (session_replication_role), as for the events.
 *
 * No table links a token to a ballot, and no ballot has a time: the token row says only
 * that it was used, the ballot row only what it says and where it is in the chain.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ballot_sessions')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('hash_alg', 'text', (c) => c.notNull().check(sql`hash_alg in ('sha256', 'sm3')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'closed')`),
    )
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('closes_at', 'timestamptz')
    .addColumn('head_position', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`head_position >= 0`),
    )
    .addColumn('head_hash', 'text', (c) => c.notNull().defaultTo('0'.repeat(64)))
    .addColumn('closed_by', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('result', 'jsonb')
    .execute();
  // One open session per step: two sessions filling one decision would race.
  await sql`create unique index ballot_sessions_open_step on ballot_sessions (case_id, step) where status = 'open'`.execute(db);

  await db.schema
    .createTable('ballot_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) => c.notNull().references('ballot_sessions.session_id'))
    .addColumn('group_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('spare', 'boolean', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('issued')
        .check(sql`status in ('issued', 'used', 'voided')`),
    )
    .execute();
  await db.schema.createIndex('ballot_tokens_session').on('ballot_tokens').columns(['session_id', 'status']).execute();

  await db.schema
    .createTable('ballots')
    .addColumn('session_id', 'text', (c) => c.notNull().references('ballot_sessions.session_id'))
    .addColumn('position', 'integer', (c) => c.notNull().check(sql`position >= 1`))
    .addColumn('group_key', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('receipt', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballots_pk', ['session_id', 'position'])
    .execute();
  await db.schema.createIndex('ballots_receipt').on('ballots').columns(['session_id', 'receipt']).execute();

  await sql`
    create function ballots_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ballots are append-only: % on % is not allowed', tg_op, tg_table_name
        using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger ballots_no_update_delete before update or delete on ballots
    for each row execute function ballots_append_only()`.execute(db);
  await sql`
    create trigger ballots_no_truncate before truncate on ballots
    for each statement execute function ballots_append_only()`.execute(db);
  for (const table of ['ballot_tokens', 'ballot_sessions']) {
    await sql`
      create trigger ${sql.id(`${table}_no_delete`)} before delete on ${sql.table(table)}
      for each row execute function ballots_append_only()`.execute(db);
    await sql`
      create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function ballots_append_only()`.execute(db);
  }

  await sql`
    create function ballot_tokens_once() returns trigger language plpgsql as $$
    begin
      if old.status <> 'issued' or new.status not in ('used', 'voided')
         or new.token_hash <> old.token_hash or new.session_id <> old.session_id
         or new.group_key <> old.group_key or new.spare <> old.spare then
        raise exception 'a ballot token goes once from issued to used or voided (% to %)', old.status, new.status
          using errcode = 'restrict_violation';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger ballot_tokens_update before update on ballot_tokens
    for each row execute function ballot_tokens_once()`.execute(db);

  await sql`
    create function ballot_sessions_forward() returns trigger language plpgsql as $$
    begin
      if new.session_id <> old.session_id or new.case_id <> old.case_id or new.step <> old.step
         or new.definition <> old.definition or new.hash_alg <> old.hash_alg
         or new.opened_by <> old.opened_by or new.opened_at <> old.opened_at
         or new.closes_at is distinct from old.closes_at then
        raise exception 'a ballot session''s definition does not change' using errcode = 'restrict_violation';
      end if;
      if old.status = 'closed' then
        raise exception 'a closed ballot session does not change' using errcode = 'restrict_violation';
      end if;
      if new.head_position <> old.head_position
         and (new.head_position <> old.head_position + 1 or new.status <> 'open') then
        raise exception 'a ballot session''s head moves one ballot at a time while it is open' using errcode = 'restrict_violation';
      end if;
      return new;
    end
    $$`.execute(db);
  await sql`
    create trigger ballot_sessions_update before update on ballot_sessions
    for each row execute function ballot_sessions_forward()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ballots').execute();
  await db.schema.dropTable('ballot_tokens').execute();
  await db.schema.dropTable('ballot_sessions').execute();
  await sql`drop function ballots_append_only()`.execute(db);
  await sql`drop function ballot_tokens_once()`.execute(db);
  await sql`drop function ballot_sessions_forward()`.execute(db);
}
