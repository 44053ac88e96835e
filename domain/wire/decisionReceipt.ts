/**
 * What a case answers a decision it accepted (the workflow's update, POST /cases/:id/decisions):
 * the wire type, written once for the workflows (workflows/kit/messages.ts), the server and
 * the web UI (web/src/api.ts). Type-only.
 */
export interface DecisionReceipt {
  caseId: string;
  step: string;
  taskId: string;
  /** Global log position of the last event the decision appended. */
  position: string;
}
