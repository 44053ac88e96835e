/**
 * A case as the list of cases shows it (GET /cases): the wire type, written once for the
 * server (client/api/routes/cases.ts) and the web UI (web/src/api.ts). Type-only.
 */
export interface CaseSummary {
  caseId: string;
  kind: string;
  subjectId: string;
  summary: string;
  townshipId: string;
  stage: string;
  status: 'open' | 'closed';
  outcome: string | null;
  policyVersion: string;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
}
