import { sql, type Kysely } from 'kysely';

/**
 * Party member development (发展党员): the Party organizations whose members are listed
 * and the register of people from application to full membership. Both are folds of the
 * log (activities/projections/membership.ts) and rebuildable from it.
 *
 * Check constraints mirror the unions in schema/tables/membership.ts, so a projection bug
 * fails the append instead of leaving a value no reader expects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('party_organizations')
    .addColumn('org_unit_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) =>
      c.notNull().check(sql`category in ('village-branch', 'mobile', 'economic-association', 'demonstration-base', 'industrial-park')`),
    )
    .addColumn('village_id', 'text')
    .addColumn('township_id', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('party_members')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.check(sql`gender in ('male', 'female')`))
    .addColumn('birth_year', 'integer')
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text')
    .addColumn('township_id', 'text')
    .addColumn('mobile', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('applicant', 'activist', 'development-target', 'probationary', 'full', 'disqualified')`),
    )
    .addColumn('case_id', 'text')
    .addColumn('applied_on', 'date')
    .addColumn('talked_on', 'date')
    .addColumn('activist_on', 'date')
    .addColumn('contacts', 'text')
    .addColumn('reviews', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('target_on', 'date')
    .addColumn('sponsors', 'text')
    .addColumn('round', 'integer')
    .addColumn('blocked_until', 'date')
    .addColumn('assembly_on', 'date')
    .addColumn('admitted_on', 'date')
    .addColumn('probation_ends_on', 'date')
    .addColumn('extended', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('oath_on', 'date')
    .addColumn('full_on', 'date')
    .addColumn('disqualified_on', 'date')
    .addColumn('stopped_on', 'date')
    .addColumn('stop_outcome', 'text', (c) => c.check(sql`stop_outcome in ('not-designated', 'activist-removed', 'not-admitted')`))
    .addColumn('earliest_admission_on', 'date')
    .addColumn('next_step', 'text')
    .addColumn('next_due_on', 'date')
    .execute();
  // The pipeline reads a township's villages, stage by stage.
  await db.schema.createIndex('party_members_pipeline_idx').on('party_members').columns(['township_id', 'village_id', 'status']).execute();
  await db.schema.createIndex('party_members_case_idx').on('party_members').column('case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('party_members').execute();
  await db.schema.dropTable('party_organizations').execute();
}
