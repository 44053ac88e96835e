import { sql, type Kysely } from 'kysely';

/**
 * Signed checkpoints of the log's head (`cadreflow audit checkpoint`). The file an
 * auditor keeps elsewhere is what protects the log; the rows here let every
 * `audit verify` re-check each checkpoint ever taken without anyone handing it the
 * files. A row is as tamper-evident as its signature, and append-only like the log: a
 * deleted checkpoint is what a rewrite would want, so deleting one must be deliberate.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('position', 'bigint', (c) => c.notNull().check(sql`position >= 0`))
    .addColumn('hash', 'text', (c) => c.notNull().check(sql`hash ~ '^[0-9a-f]{64}$'`))
    // The signed time; millisecond instants round-trip timestamptz exactly, so the signed text can be rebuilt.
    .addColumn('signed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('key_fingerprint', 'text', (c) => c.notNull())
    .execute();

  await sql`
    create function audit_checkpoints_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit checkpoints are append-only: % on audit_checkpoints is not allowed', tg_op
        using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  await sql`
    create trigger audit_checkpoints_no_update_delete before update or delete on audit_checkpoints
    for each row execute function audit_checkpoints_append_only()`.execute(db);
  await sql`
    create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
    for each statement execute function audit_checkpoints_append_only()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
  await sql`drop function audit_checkpoints_append_only()`.execute(db);
}
