import type { Kysely } from 'kysely';

/**
 * Who works on a task (TaskAssigned / TaskUnassigned, domain/events/inbox.ts): the login
 * of its assignee, or null when nobody has it. Indexed with the inbox's own columns for
 * "assigned to me" and "unassigned".
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').addColumn('assignee', 'text').execute();
  await db.schema.createIndex('tasks_assignee_idx').on('tasks').columns(['assignee', 'status', 'due_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_assignee_idx').execute();
  await db.schema.alterTable('tasks').dropColumn('assignee').execute();
}
