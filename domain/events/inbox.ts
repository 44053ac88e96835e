/**
 * What people add around a case's procedure. Who works on a task: a township committee's
 * inbox hands a task to a named member (分派), a member takes one (认领) or gives it back
 * (退回), folded into `tasks.assignee` by activities/projections/core.ts; the rules are
 * domain/taskAssignment.ts. And notes and files on the case (CaseCommented,
 * AttachmentAdded), which no read model folds: they are read from the stream. Each is a
 * fact with the actor who made it in the event's metadata.
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

/** A note on the case (意见、说明), by the actor in the metadata. */
export interface CaseCommented {
  type: 'CaseCommented';
  data: { caseId: string; commentId: string; text: string; at: string };
}

/**
 * A file added to the case (scanned minutes, 考察材料). The bytes are in the `attachments`
 * table; their SHA-256 here, in the hash chain, is what the audit checks them against.
 */
export interface AttachmentAdded {
  type: 'AttachmentAdded';
  data: { caseId: string; attachmentId: string; fileName: string; contentType: string; size: number; sha256: string; at: string };
}

export type CaseNoteEvent = CaseCommented | AttachmentAdded;

/** The stream that holds a case's inbox facts, beside the case's own stream. */
export function inboxStreamId(caseId: string): string {
  return `${caseId}#inbox`;
}
