/**
 * One thing the audit's decision check found (`cadreflow audit verify`, GET
 * /audit/cases/:id/verification): a decision in a history without its event in the log, an
 * event without its decision, a receipt naming another event, or a decision still in
 * flight. The wire type, written once for the server (client/audit/decisions.ts) and the
 * web UI (web/src/api.ts). Type-only.
 */
export interface DecisionFinding {
  caseId: string;
  step?: string;
  updateName?: string;
  updateId?: string;
  historyEventId?: string;
  position?: string;
  eventType?: string;
  reason: string;
}
