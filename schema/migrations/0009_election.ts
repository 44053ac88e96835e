import { sql, type Kysely } from 'kysely';

/**
 * The `elections` read model (两推一选 / 双推直选 results per branch), folded by
 * `activities/projections/election.ts` in the append transaction and rebuildable from
 * the log. Check constraints mirror the unions in `schema/tables/election.ts`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('elections')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('form', 'text', (c) => c.notNull().check(sql`form in ('village', 'township')`))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull().check(sql`seats >= 0`))
    .addColumn('seats_requested', 'integer', (c) => c.notNull().check(sql`seats_requested >= 1`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('requested', 'in-progress', 'rejected', 'elected', 'approved', 'not-approved', 'filed')`),
    )
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('election_date', 'date')
    .addColumn('method', 'text')
    .addColumn('eligible_voters', 'integer')
    .addColumn('nominees', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('slate', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('struck', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('elected', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('vacant', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('secretary', 'text')
    .addColumn('deputy', 'text')
    .addColumn('meetings_held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meetings', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('approved_on', 'date')
    .addColumn('filed_on', 'date')
    .execute();
  // `election results --township ts-03`: a township's elections, latest term first.
  await db.schema.createIndex('elections_township_idx').on('elections').columns(['township_id', 'term']).execute();
  await db.schema.createIndex('elections_org_unit_idx').on('elections').columns(['org_unit_id', 'term']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('elections').execute();
}
