/**
 * One case verified (GET /audit/cases/:caseId/verification): its runs replayed against the
 * current workflow code, its decisions paired with the log, the whole log's hash chain, the
 * inputs that reached it unsealed, its runs in Temporal against its read model and its
 * online ballot sessions. The wire
 * type, written once for the server (client/api/routes/audit.ts) and the web UI
 * (web/src/pages/AuditPage.tsx). Type-only.
 */
import type { ReplayStatus, UnsealedInput } from '../auditReports';
import type { DecisionFinding } from './decisionFinding';
import type { BallotCheck } from './ballotCheck';

/** One run of the case, replayed. */
export interface VerifiedRun {
  runId: string;
  workflowType: string;
  historyEvents: number;
  ok: boolean;
  status: ReplayStatus;
  /** For a nondeterministic run: what the code did where the history did something else. */
  divergence?: string;
  error?: string;
}

/** The case's decisions against its events; `why` instead of the counts when they were not compared. */
export interface VerifiedDecisions {
  checked: boolean;
  why?: string;
  updates?: number;
  matched?: number;
  inFlight?: DecisionFinding[];
  decisionsWithoutEvents?: DecisionFinding[];
  eventsWithoutDecisions?: DecisionFinding[];
  receiptMismatches?: DecisionFinding[];
}

/** The whole event log's hash chain, recomputed. */
export interface VerifiedChain {
  ok: boolean;
  checked: number;
  /** What `log_head` records as the last event; null for an empty log. */
  head: { position: string; hash: string } | null;
  firstBadPosition?: string;
  reason?: string;
}

/** An input that reached one of the case's runs in clear, in a history its workers sealed. */
export interface VerifiedUnsealed extends UnsealedInput {
  runId: string;
}

/** A run Temporal ended or reset that the read model still shows as it was. */
export interface VerifiedExecutionFinding {
  caseId: string;
  runId?: string;
  /** Temporal's status of the run (`TERMINATED`, …); `NONE` when Temporal has no execution. */
  status: string;
  readModelStatus?: string;
  reason: string;
}

/** The case's runs in Temporal against its read model; `why` when Temporal could not be asked. */
export interface VerifiedExecutions {
  checked: boolean;
  why?: string;
  runs?: number;
  findings?: VerifiedExecutionFinding[];
}

export interface CaseVerification {
  caseId: string;
  /** Every run replays, decisions and events pair up, the chain verifies, nothing unsealed, no run ended outside the workflow. */
  ok: boolean;
  checkedAt: string;
  /** Events in the case's stream. */
  events: number;
  /** Why a side of the record is missing, when one is. */
  note?: string;
  runs: VerifiedRun[];
  decisions: VerifiedDecisions;
  chain: VerifiedChain;
  unsealed: VerifiedUnsealed[];
  executions: VerifiedExecutions;
  /** The case's online ballot sessions recounted, and its decisions that carry one held against it. */
  ballots: BallotCheck;
}
