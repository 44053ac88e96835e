/**
 * The chair's ballot routes as the pages call them (docs/api.md, "Online ballots"). The
 * answers are the server's own types, imported type-only: the open's sheet and the turnout
 * from domain/wire/, the definition, the tally and the quorum from domain/ballots/.
 */
import { api, enc, type DecisionReceipt } from '../api';
import type { BallotSessionDefinition } from '../../../domain/ballots/sessionDefinition';
import type { SessionCount, SessionTally } from '../../../domain/ballots/sessionTally';
import type { SessionQuorum } from '../../../domain/ballots/sessionQuorum';
import type { BallotSheetEntry, BallotTurnout, GroupTurnout, OpenedBallotSheet } from '../../../domain/wire/ballotSession';

// The open's and the turnout's answers are the wire types (domain/wire/ballotSession.ts); the close's
// answer is written here, as the route's schema gives it, with the fields a deciding close adds.
export type { BallotSessionDefinition, SessionCount, SessionTally, SessionQuorum, GroupTurnout };
export type SheetEntry = BallotSheetEntry;
export type OpenedSheet = OpenedBallotSheet;

export type Turnout = BallotTurnout;

/** Why the close could not decide the step by itself (fields the ballots cannot give), in both languages. */
export interface DecisionRefusal {
  code: string;
  zh: string;
  en: string;
}

export interface BallotResult {
  sessionId: string;
  caseId: string;
  step: string;
  head: string;
  cast: number;
  tally: SessionTally;
  /** The step's decision as its form takes it. */
  decision: Record<string, unknown>;
  /** The case's receipt when the close decided the step; absent from a server that does not decide at closing. */
  decided?: DecisionReceipt | null;
  decisionRefusal?: DecisionRefusal | null;
}

export const openBallotSession = (caseId: string, body: { step: string; definition: Record<string, unknown>; spares?: number }) =>
  api<OpenedSheet>('POST', `/cases/${enc(caseId)}/ballot-sessions`, body);
export const getTurnout = (sessionId: string) => api<Turnout>('GET', `/ballot-sessions/${enc(sessionId)}/turnout`);
export const voidSpareToken = (sessionId: string, token: string) =>
  api<void>('POST', `/ballot-sessions/${enc(sessionId)}/voided-tokens`, { token });
export const closeBallotSession = (sessionId: string) => api<BallotResult>('POST', `/ballot-sessions/${enc(sessionId)}/close`);
/** A closed session's published ballots and result (public: anyone may recount); the page reads its result. */
export const getPublishedResult = (sessionId: string) =>
  api<{ result: BallotResult }>('GET', `/ballot-sessions/${enc(sessionId)}/ballots`).then((p) => p.result);
/** Decides the step from a closed session's result, with the fields the ballots cannot give. */
export const decideFromSession = (sessionId: string, extra: Record<string, unknown>) =>
  api<{ receipt: DecisionReceipt }>('POST', `/ballot-sessions/${enc(sessionId)}/decision`, Object.keys(extra).length > 0 ? { extra } : {});
