import { sql, type Kysely } from 'kysely';

/**
 * Read models of the annual evaluation (年度考核), folded by
 * `activities/projections/evaluation.ts` in the append transaction and rebuildable from
 * the log. Check constraints mirror the unions in `schema/tables/evaluation.ts`.
 */
const GRADE = `('excellent', 'competent', 'basically-competent', 'not-competent')`;
const UNIT_KIND = `('organ', 'village', 'public-institution')`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('evaluation_rounds')
    .addColumn('round_id', 'text', (c) => c.primaryKey())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('township_ids', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('starting', 'in-progress', 'completed')`))
    .addColumn('cadres', 'integer', (c) => c.notNull().check(sql`cadres >= 0`))
    .addColumn('started', 'integer')
    .addColumn('skipped', 'integer')
    .addColumn('quota_percent', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('cases_started_at', 'timestamptz')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('distribution', 'jsonb')
    .execute();
  await db.schema.createIndex('evaluation_rounds_year_idx').on('evaluation_rounds').columns(['year', 'scope']).execute();

  await db.schema
    .createTable('evaluation_units')
    .addColumn('round_unit_id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('unit_kind', 'text', (c) => c.notNull().check(sql.raw(`unit_kind in ${UNIT_KIND}`)))
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('assessed', 'integer', (c) => c.notNull().check(sql`assessed >= 0`))
    .addColumn('allowed_excellent', 'integer', (c) => c.notNull().check(sql`allowed_excellent >= 0`))
    .addColumn('excellent_at_grading', 'integer')
    .addColumn('graded_at', 'timestamptz')
    .addColumn('graded_by', 'text')
    .execute();
  await db.schema.createIndex('evaluation_units_round_idx').on('evaluation_units').columns(['round_id', 'township_id']).execute();

  await db.schema
    .createTable('evaluation_cadres')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('round_id', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('person_name', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('unit_id', 'text', (c) => c.notNull())
    .addColumn('unit_kind', 'text', (c) => c.notNull().check(sql.raw(`unit_kind in ${UNIT_KIND}`)))
    .addColumn('steps_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('vote_fail', 'integer')
    .addColumn('vote_cast', 'integer')
    .addColumn('vote_proposal', 'text', (c) => c.check(sql`vote_proposal in ('excellent', 'not-competent')`))
    .addColumn('score', 'integer')
    .addColumn('stars', 'integer', (c) => c.check(sql`stars between 1 and 5`))
    .addColumn('supervisor_grade', 'text', (c) => c.check(sql.raw(`supervisor_grade in ${GRADE}`)))
    .addColumn('recommended_grade', 'text', (c) => c.check(sql.raw(`recommended_grade in ${GRADE}`)))
    .addColumn('grade', 'text', (c) => c.check(sql.raw(`grade in ${GRADE}`)))
    .addColumn('grade_status', 'text', (c) => c.notNull().check(sql`grade_status in ('pending', 'fixed', 'final')`))
    .addColumn('fixed_at', 'timestamptz')
    .addColumn('notified_on', 'date')
    .addColumn('review_request_closes_on', 'date')
    .addColumn('review_status', 'text', (c) => c.notNull().check(sql`review_status in ('none', 'requested', 'upheld', 'changed')`))
    .addColumn('review_decision_due_on', 'date')
    .addColumn('appeal_closes_on', 'date')
    .addColumn('warning', 'text', (c) => c.notNull().check(sql`warning in ('none', 'issued', 'passed', 'removal')`))
    .addColumn('re_rating_from', 'date')
    .addColumn('removal_flag', 'text', (c) => c.check(sql`removal_flag in ('two-years-not-competent', 'failed-re-rating')`))
    .addColumn('final_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The dashboard: a round's cadres by township.
  await db.schema.createIndex('evaluation_cadres_round_idx').on('evaluation_cadres').columns(['round_id', 'township_id']).execute();
  // The two-years rule: a person's grades by year.
  await db.schema.createIndex('evaluation_cadres_person_idx').on('evaluation_cadres').columns(['person_id', 'year']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['evaluation_cadres', 'evaluation_units', 'evaluation_rounds']) {
    await db.schema.dropTable(table).execute();
  }
}
