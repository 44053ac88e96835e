import { sql, type Kysely } from 'kysely';

/**
 * Each event records the hash function its `hash` was computed with, so the chain can
 * move from SHA-256 to SM3 (the national crypto suite, client/crypto/suite.ts) at any
 * event and still verify. Every event from before is SHA-256: the constant default fills
 * them without rewriting a row (and without tripping the append-only trigger).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('events')
    .addColumn('hash_alg', 'text', (c) =>
      c
        .notNull()
        .defaultTo('sha256')
        .check(sql`hash_alg in ('sha256', 'sm3')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('hash_alg').execute();
}
