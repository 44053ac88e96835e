/** A case's step still to be decided, as the procedures' views list it (client/pendingTasks.ts). Type-only. */
export interface PendingStep {
  step: string;
  role: string;
  dueAt: string;
  title: string;
}
