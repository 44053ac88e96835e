/**
 * Meetings and quorum (到会人数): whether a meeting may vote at all, and which policy
 * share governs each kind of meeting (docs/domain.md §1, §5).
 */
import { describeThreshold, meetsThreshold, type Threshold } from '../fraction';
import type { Policy } from '../policy';
import { BallotInputError, requireCount, requirePositive, requireThreshold, smallestPassing } from './arithmetic';

/**
 * A meeting that votes. `eligible` is everyone due to attend with a vote: full members
 * with voting rights (有表决权的正式党员) or villager representatives; those the rules
 * let the branch leave out (e.g. long-term absent members) are the caller's to exclude.
 */
export interface Meeting {
  readonly eligible: number;
  readonly present: number;
}

export type QuorumCheck =
  { ok: true } | { ok: false; reason: 'no-quorum'; present: number; eligible: number; needed: number; message: string };

export function requireMeeting(m: Meeting): void {
  requirePositive(m.eligible, 'eligible');
  requireCount(m.present, 'present');
  if (m.present > m.eligible) {
    throw new BallotInputError(`present (${m.present}) cannot exceed eligible (${m.eligible})`);
  }
}

/** Whether the meeting may vote at all; a refusal says the smallest attendance that would do. */
export function checkQuorum(meeting: Meeting, threshold: Threshold): QuorumCheck {
  requireMeeting(meeting);
  requireThreshold(threshold, 'quorum');
  const { present, eligible } = meeting;
  if (meetsThreshold(present, eligible, threshold)) return { ok: true };
  const needed = smallestPassing(eligible, threshold);
  return {
    ok: false,
    reason: 'no-quorum',
    present,
    eligible,
    needed,
    message: `${present} of ${eligible} present; the meeting needs at least ${needed} (${describeThreshold(threshold)})`,
  };
}

/** The meetings whose attendance the rules fix. */
export type MeetingKind = 'members-recommendation' | 'masses-recommendation' | 'election' | 'member-vote';

export interface QuorumPolicy {
  readonly election: Pick<Policy['election'], 'recommendationQuorum' | 'electionQuorum'>;
  readonly memberDevelopment: Pick<Policy['memberDevelopment'], 'memberVoteAttendance'>;
}

/** Which policy share governs a meeting's attendance, so workflows never pick the wrong one. */
export function quorumThreshold(kind: MeetingKind, policy: QuorumPolicy): Threshold {
  switch (kind) {
    case 'members-recommendation': // 党员推荐
    case 'masses-recommendation': // 群众推荐
      return policy.election.recommendationQuorum;
    case 'election': // 党员大会选举
      return policy.election.electionQuorum;
    case 'member-vote': // 支部大会讨论发展对象
      return policy.memberDevelopment.memberVoteAttendance;
    default: {
      const never: never = kind;
      throw new BallotInputError(`unknown meeting kind ${JSON.stringify(never)}`);
    }
  }
}
