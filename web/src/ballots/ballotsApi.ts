/**
 * The chair's ballot routes as the pages call them (docs/api.md, "Online ballots"). The
 * answers are the server's own types, imported type-only: the open's sheet, the turnout,
 * the close's result and decision, a case's sessions from domain/wire/ballotSession.ts;
 * the definition, the tally and the quorum from domain/ballots/. The UI keeps no copy.
 */
import { api, enc } from '../api';
import type { BallotSessionDefinition } from '../../../domain/ballots/sessionDefinition';
import type { SessionCount, SessionTally } from '../../../domain/ballots/sessionTally';
import type { SessionQuorum } from '../../../domain/ballots/sessionQuorum';
import type {
  BallotSessionResult,
  BallotSheetEntry,
  BallotTurnout,
  CaseBallotSession,
  CaseBallotSessions,
  ClosedBallotSession,
  GroupTurnout,
  OpenedBallotSheet,
  SessionDecided,
} from '../../../domain/wire/ballotSession';

export type {
  BallotSessionDefinition,
  BallotSessionResult,
  CaseBallotSession,
  ClosedBallotSession,
  GroupTurnout,
  SessionCount,
  SessionQuorum,
  SessionTally,
};
export type SheetEntry = BallotSheetEntry;
export type OpenedSheet = OpenedBallotSheet;
export type Turnout = BallotTurnout;

/**
 * What the session page shows as the result: the close's answer (with the decision taken
 * or refused), or the published result of a session closed elsewhere, which says nothing
 * of a decision.
 */
export type ShownResult = BallotSessionResult & Partial<Pick<ClosedBallotSession, 'decided' | 'decisionRefusal'>>;

export const openBallotSession = (caseId: string, body: { step: string; definition: Record<string, unknown>; spares?: number }) =>
  api<OpenedSheet>('POST', `/cases/${enc(caseId)}/ballot-sessions`, body);
/** The case's sessions the user may see: an open one only to its chair, closed ones to every reader of the case. */
export const getCaseSessions = (caseId: string) =>
  api<CaseBallotSessions>('GET', `/cases/${enc(caseId)}/ballot-sessions`).then((r) => r.sessions);
export const getTurnout = (sessionId: string) => api<Turnout>('GET', `/ballot-sessions/${enc(sessionId)}/turnout`);
export const voidSpareToken = (sessionId: string, token: string) =>
  api<void>('POST', `/ballot-sessions/${enc(sessionId)}/voided-tokens`, { token });
export const closeBallotSession = (sessionId: string) => api<ClosedBallotSession>('POST', `/ballot-sessions/${enc(sessionId)}/close`);
/** A closed session's published ballots and result (public: anyone may recount); the page reads its result. */
export const getPublishedResult = (sessionId: string) =>
  api<{ result: BallotSessionResult }>('GET', `/ballot-sessions/${enc(sessionId)}/ballots`).then((p) => p.result);
/** Decides the step from a closed session's result, with the fields the ballots cannot give. */
export const decideFromSession = (sessionId: string, extra: Record<string, unknown>) =>
  api<SessionDecided>('POST', `/ballot-sessions/${enc(sessionId)}/decision`, Object.keys(extra).length > 0 ? { extra } : {});
