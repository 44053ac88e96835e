/**
 * Someone a task may be assigned to (GET /tasks/:taskId/assignees): a member of the task's
 * township committee, or county staff. The wire type, written once for the server
 * (client/taskAssignment.ts) and the web UI (web/src/inboxApi.ts). Type-only.
 */
export interface Assignable {
  login: string;
  displayName: string;
  role: string;
}
