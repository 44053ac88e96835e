/**
 * What the chair's ballot routes answer (POST /cases/:id/ballot-sessions, GET
 * /ballot-sessions/:id/turnout): the wire types, written once for the service
 * (client/ballots/service.ts), the routes' schemas and the web UI (web/src/ballots/).
 * The definition and the quorum are the domain's own types. Type-only.
 */
import type { BallotSessionDefinition } from '../ballots/sessionDefinition';
import type { SessionQuorum } from '../ballots/sessionQuorum';

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
