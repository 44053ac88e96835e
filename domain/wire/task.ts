/**
 * An open step of a case as the CLI and the API show it (`cadreflow tasks`, GET /tasks, a
 * case's view, the dashboard's overdue steps): the wire type, written once for the server
 * (client/backend.ts `taskView`) and the web UI (web/src/api.ts). Type-only.
 */
import type { Role } from '../actors';
import type { FormKey } from '../forms';

export interface Task {
  taskId: string;
  caseId: string;
  step: string;
  title: string;
  role: Role;
  townshipId: string;
  dueAt: string;
  remindAt: string;
  escalated: boolean;
  /** The form that decides the task (domain/forms.ts); computed when read, so tasks opened before forms had keys carry one too; null when no form knows its step. */
  form: FormKey | null;
  /** The login the task is assigned to (domain/taskAssignment.ts); null when nobody has it. */
  assignee: string | null;
}
