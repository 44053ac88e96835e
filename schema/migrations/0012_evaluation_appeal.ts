import { sql, type Kysely } from 'kysely';

/**
 * The appeal (申诉) after a review (复核), beside the review's columns: where it stands and
 * when its decision is due. Every cadre's row, including those from before appeals
 * existed, starts at 'none'; `appeal_closes_on` was already there (0010).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('evaluation_cadres')
    .addColumn('appeal_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`appeal_status in ('none', 'requested', 'upheld', 'changed')`),
    )
    .addColumn('appeal_decision_due_on', 'date')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('evaluation_cadres').dropColumn('appeal_status').dropColumn('appeal_decision_due_on').execute();
}
