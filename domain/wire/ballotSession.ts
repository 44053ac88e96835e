/**
 * What the online ballot routes answer (docs/ballots.md, docs/api.md "Online ballots"):
 * the chair's sheet and turnout, a session's result and the decision taken from it, and
 * what a TaskDecided event records of the session a decision came from. Written once for
 * the workflows (workflows/kit/messages.ts), the service, the routes' schemas, `audit
 * verify` and the web UI (web/src/ballots/). Type-only.
 */
import type { DecisionReceipt } from './decisionReceipt';
import type { BallotSessionDefinition } from '../ballots/sessionDefinition';
import type { SessionQuorum } from '../ballots/sessionQuorum';
import type { SessionTally } from '../ballots/sessionTally';

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
  tally: SessionTally;
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

/** One token on the sheet: its rater group ('' without groups), its text and the voting page's URL. */
export interface BallotSheetEntry {
  group: string;
  token: string;
  url: string;
}

/** The open's answer — once: the tokens are stored only as hashes. */
export interface OpenedBallotSheet {
  sessionId: string;
  definition: BallotSessionDefinition;
  tokens: BallotSheetEntry[];
  /** `spares` of them, or `spares` per rater group. */
  spares: BallotSheetEntry[];
}

/** One rater group's tokens, beside its due. */
export interface GroupTurnout {
  key: string;
  label: string;
  due: number;
  issued: number;
  used: number;
  voided: number;
}

/** The chair's live count: how many have voted, against the quorum; never the running result. */
export interface BallotTurnout {
  sessionId: string;
  status: 'open' | 'closed';
  due: number;
  /** Ballots cast: never what they say, until the session is closed. */
  cast: number;
  tokens: { issued: number; used: number; voided: number; spares: number };
  /** Per rater group (none without groups), so the chair sees which group is still missing. */
  groups: GroupTurnout[];
  /** The attendance the step's rule needs, or null when it sets none. */
  quorum: SessionQuorum | null;
  closesAt: string | null;
}

/**
 * One of a case's sessions, as GET /cases/{caseId}/ballot-sessions lists it: where the
 * chair finds a session again. Never a token, never what the ballots say while open.
 */
export interface CaseBallotSession {
  sessionId: string;
  step: string;
  status: 'open' | 'closed';
  /** Participants due (应到). */
  due: number;
  /** Ballots cast. */
  cast: number;
  openedAt: string;
  /** The deadline of a session that closes itself; null when the chair closes it. */
  closesAt: string | null;
  closedAt: string | null;
}

/** GET /cases/{caseId}/ballot-sessions: the sessions the caller may see, the newest first. */
export interface CaseBallotSessions {
  caseId: string;
  sessions: CaseBallotSession[];
}
