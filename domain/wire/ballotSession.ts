/**
 * What the online ballot routes answer about a session's result and the decision taken
 * from it (docs/ballots.md, docs/api.md "Online ballots"), and what a TaskDecided event
 * records of the session a decision came from: the wire types, written once for the
 * workflows (workflows/kit/messages.ts), the server, `audit verify` and the web UI.
 * Type-only.
 */
import type { DecisionReceipt } from './decisionReceipt';

/**
 * The session a decision was taken from, as the decision carries it and its TaskDecided
 * event records it (`data.ballot`): the session's id, the head of its ballot chain (64
 * hex digits) and the ballots in that chain. `audit verify` checks it against the
 * ballot store.
 */
export interface DecisionBallot {
  sessionId: string;
  head: string;
  cast: number;
}

/** A closed session's published result: the count and the step's decision as its form takes it. */
export interface BallotSessionResult {
  sessionId: string;
  caseId: string;
  step: string;
  /** The chain's last hash: the decision cites it, and the recount must end on it. */
  head: string;
  cast: number;
  /** The count in all (`total`) and per rater group (`byGroup`), as domain/ballots/sessionTally.ts makes it. */
  tally: { readonly total: unknown; readonly byGroup: Readonly<Record<string, unknown>> };
  decision: Record<string, unknown>;
}

/** Why the step did not take the session's decision: the case's refusal (e.g. `MalformedDecision`) in both languages. */
export interface SessionDecisionRefusal {
  code: string;
  zh: string;
  en: string;
}

/** POST /ballot-sessions/{id}/close: the result, and the step decided from it (or why not). */
export interface ClosedBallotSession extends BallotSessionResult {
  /** The decision's receipt; null when the step did not take it (then `decisionRefusal` says why). */
  decided: DecisionReceipt | null;
  decisionRefusal?: SessionDecisionRefusal;
}

/** POST /ballot-sessions/{id}/decision. */
export interface SessionDecided {
  receipt: DecisionReceipt;
}
