import { sql, type Kysely } from 'kysely';

/**
 * Accounts for the HTTP API: users, their browser sessions and their API tokens.
 *
 * These are access-control state, not domain facts, so they are plain tables outside
 * the event log: a password change or an expired session is not part of any case's
 * record. The actor a decision is stamped with (login, role, township) is copied into
 * the event log when the decision is taken, so deleting or renaming a user later never
 * rewrites who decided what.
 *
 * Check constraints mirror the unions in `schema/db.ts` and the rule that only a
 * township committee member belongs to a township.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    // The actor id in the event log: short, stable, lower-case.
    .addColumn('login', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`login ~ '^[a-z0-9][a-z0-9._-]{1,62}$'`),
    )
    .addColumn('display_name', 'text', (c) => c.notNull().check(sql`length(display_name) between 1 and 200`))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('county-org-dept', 'township-committee', 'auditor', 'admin')`))
    .addColumn('township_id', 'text')
    .addColumn('password_hash', 'text', (c) => c.notNull().check(sql`password_hash like '$argon2id$%'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addCheckConstraint('users_township_iff_committee', sql`(role = 'township-committee') = (township_id is not null)`)
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey().check(sql`id ~ '^[0-9a-f]{64}$'`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();
  // Expired sessions are swept by expiry time.
  await db.schema.createIndex('sessions_expires_idx').on('sessions').column('expires_at').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
    // SHA-256 of the token: the token itself is shown once and never stored.
    .addColumn('token_hash', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`token_hash ~ '^[0-9a-f]{64}$'`),
    )
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addUniqueConstraint('api_tokens_user_name_key', ['user_id', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
