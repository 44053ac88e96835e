import { sql, type Kysely } from 'kysely';

/**
 * The approval (批复) a committee graded a unit under, when it raised the unit's 优秀 quota
 * above the policy percent (`EvaluationUnitGraded.quotaApproval`). Nullable: units graded
 * without one, and every unit graded before approvals existed, have none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('evaluation_units')
    .addColumn('quota_approval_percent', 'integer', (c) => c.check(sql`quota_approval_percent between 1 and 100`))
    .addColumn('quota_approval_reference', 'text')
    .addColumn('quota_approved_on', 'date')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('evaluation_units')
    .dropColumn('quota_approval_percent')
    .dropColumn('quota_approval_reference')
    .dropColumn('quota_approved_on')
    .execute();
}
