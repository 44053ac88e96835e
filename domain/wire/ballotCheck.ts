/**
 * The ballot part of a verification (docs/audit.md, check 7): sessions recounted and
 * decisions that carry a session held against it, with each finding in Chinese and
 * English. Written once for `audit verify`, the case verification route and the web UI's
 * audit page. Type-only.
 */
import type { DecisionBallotFinding } from '../ballots/decisionBallotCheck';

export type { DecisionBallotFinding };

/** A session whose chain does not verify: where, and why. */
export interface BallotSessionFinding {
  sessionId: string;
  caseId: string;
  step: string;
  /** The first ballot that does not verify, when the chain itself is broken there. */
  position?: number;
  zh: string;
  en: string;
}

export type BallotCheck =
  | {
      checked: true;
      sessions: number;
      ballots: number;
      /** Decision events that carry a session (`data.ballot`). */
      decisions: number;
      /** In the order the sessions were opened: the first is the first bad one. */
      sessionFindings: BallotSessionFinding[];
      decisionFindings: DecisionBallotFinding[];
    }
  | { checked: false; why: string };
