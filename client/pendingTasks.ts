/**
 * A case's open steps as the procedures' `show` commands list them, from the `tasks` read
 * model, oldest first.
 */
import type { DB } from '../schema/db';
import type { PendingStep } from '../domain/wire/pendingStep';

export type { PendingStep };

export async function pendingSteps(db: DB, caseId: string): Promise<PendingStep[]> {
  const tasks = await db
    .selectFrom('tasks')
    .select(['step', 'role', 'due_at', 'title'])
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .orderBy('opened_at')
    .execute();
  return tasks.map((t) => ({ step: t.step, role: t.role, dueAt: t.due_at.toISOString(), title: t.title }));
}
