/**
 * The chair's ballot routes as the pages call them (docs/api.md, "Online ballots"). The
 * definition, the tally and the quorum are the domain's own types, imported type-only;
 * the answers' envelopes are written here as the routes' schemas give them.
 */
import { api, enc, type DecisionReceipt } from '../api';
import type { BallotSessionDefinition } from '../../../domain/ballots/sessionDefinition';
import type { SessionCount, SessionTally } from '../../../domain/ballots/sessionTally';
import type { SessionQuorum } from '../../../domain/ballots/sessionQuorum';

export type { BallotSessionDefinition, SessionCount, SessionTally, SessionQuorum };

/** One printed token: its rater group ('' without groups), its text and the voting page's URL. */
export interface SheetEntry {
  group: string;
  token: string;
  url: string;
}

/** What opening answers — once: the tokens are stored only as hashes. */
export interface OpenedSheet {
  sessionId: string;
  definition: BallotSessionDefinition;
  tokens: SheetEntry[];
  spares: SheetEntry[];
}

export interface GroupTurnout {
  key: string;
  label: string;
  due: number;
  issued: number;
  used: number;
  voided: number;
}

export interface Turnout {
  sessionId: string;
  status: 'open' | 'closed';
  due: number;
  cast: number;
  tokens: { issued: number; used: number; voided: number; spares: number };
  /** Per rater group; absent from a server before it counted them. */
  groups?: GroupTurnout[];
  quorum: SessionQuorum | null;
  closesAt: string | null;
}

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
/** Decides the step from a closed session's result, with the fields the ballots cannot give. */
export const decideFromSession = (sessionId: string, extra: Record<string, unknown>) =>
  api<{ receipt: DecisionReceipt }>('POST', `/ballot-sessions/${enc(sessionId)}/decision`, Object.keys(extra).length > 0 ? { extra } : {});
