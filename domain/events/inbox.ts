/**
 * Who works on a task: a township committee's inbox hands a task to a named member
 * (分派), a member takes one (认领) or gives it back (退回). Each change is a fact with
 * the actor who made it in the event's metadata, folded into `tasks.assignee` by
 * activities/projections/core.ts. The rules that allow a change are
 * domain/taskAssignment.ts.
 *
 * They are written to the case's inbox stream (`inboxStreamId`), not to the case's own:
 * the case's workflow is the only writer of its stream and appends at versions it
 * counts itself, so a second writer there would break its next append.
 */

/** The task now belongs to `assignee` (a login); a reassignment names the one it had. */
export interface TaskAssigned {
  type: 'TaskAssigned';
  data: { caseId: string; taskId: string; assignee: string; previous: string | null; at: string };
}

/** The task belongs to nobody again (given back, or taken off its assignee). */
export interface TaskUnassigned {
  type: 'TaskUnassigned';
  data: { caseId: string; taskId: string; previous: string; at: string };
}

export type TaskAssignmentEvent = TaskAssigned | TaskUnassigned;

/** The stream that holds a case's inbox facts, beside the case's own stream. */
export function inboxStreamId(caseId: string): string {
  return `${caseId}#inbox`;
}
