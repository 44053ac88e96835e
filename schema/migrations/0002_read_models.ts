import { sql, type Kysely } from 'kysely';

/**
 * Read models: folds of the event log, written by `activities/projections.ts` in the
 * append transaction and rebuildable from the log at any time. Calendar days are
 * `date` (read back as `YYYY-MM-DD`), instants `timestamptz`.
 *
 * Check constraints mirror the unions in `schema/db.ts`, so a projection bug fails
 * the append instead of leaving a value no reader expects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('org_units')
    .addColumn('org_unit_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('county', 'township', 'village', 'branch')`))
    .addColumn('parent_id', 'text')
    .addColumn('township_id', 'text')
    .addColumn('effective_from', 'date', (c) => c.notNull())
    .addColumn('effective_to', 'date')
    .addColumn('merged_into', 'text')
    .execute();
  await db.schema.createIndex('org_units_parent_idx').on('org_units').column('parent_id').execute();

  await db.schema
    .createTable('people')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('gender', 'text', (c) => c.notNull().check(sql`gender in ('male', 'female')`))
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text')
    .addColumn('rank', 'text', (c) => c.notNull())
    .addColumn('current_assignment_id', 'text')
    .addColumn('current_title', 'text')
    .addColumn('current_org_unit_id', 'text')
    .addColumn('probation_status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('none')
        .check(sql`probation_status in ('none', 'on-probation', 'confirmed', 'removed', 'ended-early')`),
    )
    .addColumn('probation_case_id', 'text')
    .execute();
  await db.schema.createIndex('people_township_idx').on('people').columns(['township_id', 'name']).execute();

  await db.schema
    .createTable('post_assignments')
    .addColumn('assignment_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('rank', 'text', (c) => c.notNull())
    .addColumn('started_on', 'date', (c) => c.notNull())
    .addColumn('ended_on', 'date')
    .addColumn('on_trial', 'boolean', (c) => c.notNull())
    .addColumn('confirmed_on', 'date')
    .addColumn('end_reason', 'text', (c) => c.check(sql`end_reason in ('removed-after-probation', 'ended-early', 'replaced', 'other')`))
    .execute();
  await db.schema.createIndex('post_assignments_person_idx').on('post_assignments').columns(['person_id', 'started_on']).execute();
  await db.schema.createIndex('post_assignments_org_unit_idx').on('post_assignments').column('org_unit_id').execute();

  await db.schema
    .createTable('cases')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('policy_version', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('outcome', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('cases_township_idx').on('cases').columns(['township_id', 'status', 'updated_at']).execute();
  await db.schema.createIndex('cases_subject_idx').on('cases').column('subject_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('task_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('township_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'decided', 'withdrawn')`))
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('remind_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_working_days', 'integer', (c) => c.notNull())
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('escalated_at', 'timestamptz')
    .addColumn('escalated_to', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decided_by', 'text')
    .addColumn('decision', 'jsonb')
    .execute();
  // A township committee's inbox: its pending tasks, soonest due first.
  await db.schema.createIndex('tasks_inbox_idx').on('tasks').columns(['township_id', 'status', 'due_at']).execute();
  await db.schema.createIndex('tasks_case_idx').on('tasks').column('case_id').execute();

  await db.schema
    .createTable('public_notices')
    .addColumn('notice_id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('working_days', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('objections', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('upheld', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('clear', 'upheld-objection')`))
    .execute();
  await db.schema.createIndex('public_notices_case_idx').on('public_notices').column('case_id').execute();

  await db.schema
    .createTable('probations')
    .addColumn('case_id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('org_unit_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('trial_rank', 'text', (c) => c.notNull())
    .addColumn('previous_rank', 'text', (c) => c.notNull())
    .addColumn('appointed_on', 'date', (c) => c.notNull())
    .addColumn('ends_on', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('on-probation', 'confirmed', 'removed', 'ended-early')`))
    .addColumn('check_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_rating', 'text', (c) => c.check(sql`last_rating in ('good', 'adequate', 'concern')`))
    .addColumn('assessment', 'jsonb')
    .addColumn('recommendation', 'text', (c) => c.check(sql`recommendation in ('confirm', 'remove')`))
    .addColumn('decided_on', 'date')
    .execute();
  await db.schema.createIndex('probations_person_idx').on('probations').column('person_id').execute();
  await db.schema.createIndex('probations_ends_idx').on('probations').columns(['status', 'ends_on']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['probations', 'public_notices', 'tasks', 'cases', 'post_assignments', 'people', 'org_units']) {
    await db.schema.dropTable(table).execute();
  }
}
