import { sql, type Kysely } from 'kysely';

/**
 * The rectification read model (后进党组织整顿): one row per case. Check constraints
 * mirror the unions in schema/tables/rectification.ts, so a projection bug fails the
 * append instead of leaving a value no reader expects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('rectification_cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('branch_name', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('listed_on', 'date', (c) => c.notNull())
    .addColumn('screening', 'jsonb', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().check(sql`round >= 1`))
    .addColumn('round_started_on', 'date', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('rectifying', 'consolidating', 'passed', 'follow-up', 'rectified')`),
    )
    .addColumn('support', 'jsonb')
    .addColumn('plan_status', 'text', (c) => c.notNull().check(sql`plan_status in ('none', 'drafted', 'rejected', 'approved')`))
    .addColumn('plan_drafts', 'integer', (c) => c.notNull())
    .addColumn('plan_complete_by', 'date')
    .addColumn('reports_due', 'integer', (c) => c.notNull())
    .addColumn('reports_filed', 'integer', (c) => c.notNull())
    .addColumn('reports_late', 'integer', (c) => c.notNull())
    .addColumn('inspections', 'integer', (c) => c.notNull())
    .addColumn('last_inspection', 'jsonb')
    .addColumn('consolidate_until', 'date')
    .addColumn('signed_off_on', 'date')
    .addColumn('follow_up_until', 'date')
    .addColumn('followed_up_on', 'date')
    .execute();
  // The county's list by township, and a branch's cases over the years.
  await db.schema.createIndex('rectification_cases_township_idx').on('rectification_cases').columns(['township_id', 'status']).execute();
  await db.schema.createIndex('rectification_cases_branch_idx').on('rectification_cases').columns(['branch_id', 'year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rectification_cases').execute();
}
