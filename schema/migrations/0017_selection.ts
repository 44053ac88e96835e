import { sql, type Kysely } from 'kysely';

/**
 * The `selection_cases` read model (选拔任用: one row per selection case), folded by
 * `activities/projections/selection.ts` in the append transaction and rebuildable from
 * the log. Check constraints mirror the unions in `schema/tables/selection.ts`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('selection_cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('org_unit_name', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('post_title', 'text', (c) => c.notNull())
    .addColumn('post_rank', 'text', (c) => c.notNull())
    .addColumn('positions', 'integer', (c) => c.notNull().check(sql`positions >= 1`))
    .addColumn('non_elected', 'boolean', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('competitive', 'ordinary')`))
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('plan_approved_on', 'date')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull().check(sql`round >= 0`))
    .addColumn('targets', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('removed', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('approved', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('appointed', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('cancelled', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('probation_case_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('outcome', 'text')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The county's list by township, open ones first; and a unit's selections over time.
  await db.schema.createIndex('selection_cases_township_idx').on('selection_cases').columns(['township_id', 'outcome']).execute();
  await db.schema.createIndex('selection_cases_org_unit_idx').on('selection_cases').columns(['org_unit_id', 'opened_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('selection_cases').execute();
}
