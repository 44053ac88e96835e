/**
 * One case's answer in a bulk decision (POST /tasks/bulk-decisions): accepted with its
 * receipt, or refused with the reason and the words of whichever refused it. The wire type,
 * written once for the server (client/bulkDecisions.ts) and the web UI (web/src/inboxApi.ts).
 * Type-only.
 */
import type { DecisionReceipt } from './decisionReceipt';

export interface BulkAccepted {
  caseId: string;
  accepted: true;
  receipt: DecisionReceipt;
}

export interface BulkRefused {
  caseId: string;
  accepted: false;
  /** The case's refusal (e.g. `DuplicateDecision`), `NotFound` for a case the caller cannot see, `NotBulk` for a step decided one case at a time. */
  reason: string;
  detail: string;
}

export type BulkOutcome = BulkAccepted | BulkRefused;
