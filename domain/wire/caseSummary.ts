/**
 * A case as the list of cases shows it (GET /cases), and the heading its view shares (GET
 * /cases/:id, domain/wire/caseView.ts): the wire types, written once for the server
 * (client/api/routes/cases.ts, client/backend.ts) and the web UI (web/src/api.ts). Type-only.
 */

/** What the list and the view both show of a case: its row in the `cases` read model. */
export interface CaseHeading {
  caseId: string;
  kind: string;
  summary: string;
  townshipId: string;
  stage: string;
  status: 'open' | 'closed';
  outcome: string | null;
  policyVersion: string;
  startedAt: string;
}

export interface CaseSummary extends CaseHeading {
  subjectId: string;
  updatedAt: string;
  closedAt: string | null;
  /** The soonest due time of the case's pending steps; null when none is pending (client/caseList.ts). */
  nextDueAt: string | null;
}
