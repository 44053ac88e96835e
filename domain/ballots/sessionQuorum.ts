/**
 * The attendance a session's step needs, for the chair's live turnout (docs/ballots.md):
 * the same policy share the step's rule applies when it is decided, and the smallest
 * turnout that meets it. null when the step's rule sets no attendance (a probation
 * rating, the masses' vote, a selection's meeting recommendation).
 */
import type { Threshold } from '../fraction';
import type { Policy } from '../policy';
import { smallestPassing } from './arithmetic';
import { quorumThreshold } from './quorum';
import type { BallotSessionDefinition } from './sessionDefinition';

export interface SessionQuorum {
  readonly threshold: Threshold;
  /** The smallest turnout of `due` that meets it. */
  readonly needed: number;
}

export function sessionQuorum(
  def: BallotSessionDefinition,
  policy: Pick<Policy, 'election' | 'memberDevelopment' | 'evaluation'>,
): SessionQuorum | null {
  const threshold = thresholdOf(def, policy);
  return threshold ? { threshold, needed: smallestPassing(def.due, threshold) } : null;
}

function thresholdOf(
  def: BallotSessionDefinition,
  policy: Pick<Policy, 'election' | 'memberDevelopment' | 'evaluation'>,
): Threshold | null {
  switch (def.form) {
    case 'election.recommendation':
      return quorumThreshold(def.step.startsWith('masses') ? 'masses-recommendation' : 'members-recommendation', policy);
    case 'election.ballot':
      return quorumThreshold('election', policy);
    case 'member-development.members-vote':
      return quorumThreshold('member-vote', policy);
    case 'evaluation.rating':
      return policy.evaluation.ratingQuorum;
    case 'probation.rating':
    case 'member-development.masses-vote':
    case 'selection.meeting-recommendation':
      return null;
    default: {
      const never: never = def.form;
      throw new Error(`unknown ballot form ${String(never)}`);
    }
  }
}
