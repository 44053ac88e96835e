/**
 * The two votes of 发展党员 (两票, docs/domain.md §5.4): the members' approval at the
 * branch assembly, measured on the members due to attend, and the masses' satisfaction.
 */
import { meetsThreshold } from '../fraction';
import type { Policy } from '../policy';
import { BallotInputError, requireCount, requirePositive, requireThreshold, smallestPassing } from './arithmetic';
import { checkQuorum, requireMeeting, type Meeting } from './quorum';

export type MemberVotePolicy = Pick<Policy['memberDevelopment'], 'memberVoteAttendance' | 'memberVoteYesShareOfDue'>;

export interface MemberVotes {
  /** Yes-votes cast at the meeting. */
  readonly yes: number;
  /**
   * Yes in writing from members who could not attend and sent their opinion to the
   * branch before the meeting (书面意见): counted in the votes, not in the attendance.
   */
  readonly writtenYes: number;
}

export type MemberVoteOutcome =
  | { readonly outcome: 'no-quorum'; readonly eligible: number; readonly present: number; readonly needed: number }
  | { readonly outcome: 'approved'; readonly yes: number; readonly eligible: number; readonly needed: number }
  /** Not admitted; the policy's failedVoteBlockMonths run before the candidate may be put forward again. */
  | { readonly outcome: 'rejected'; readonly yes: number; readonly eligible: number; readonly needed: number };

/**
 * 党员赞成票: the branch assembly needs more than half of the members due to attend, and
 * the yes-votes must exceed half of those *due to attend*, not of those present: 5 yes of
 * 5 present passes for 9 due, 4 yes of 5 present does not.
 */
export function decideMemberVote(meeting: Meeting, votes: MemberVotes, policy: MemberVotePolicy): MemberVoteOutcome {
  requireMeeting(meeting);
  requireCount(votes.yes, 'yes');
  requireCount(votes.writtenYes, 'writtenYes');
  const { eligible, present } = meeting;
  if (votes.yes > present) throw new BallotInputError(`yes (${votes.yes}) cannot exceed present (${present})`);
  if (votes.writtenYes > eligible - present) {
    throw new BallotInputError(`writtenYes (${votes.writtenYes}) cannot exceed the ${eligible - present} members absent`);
  }
  const quorum = checkQuorum(meeting, policy.memberVoteAttendance);
  if (!quorum.ok) return { outcome: 'no-quorum', eligible, present, needed: quorum.needed };
  requireThreshold(policy.memberVoteYesShareOfDue, 'memberVoteYesShareOfDue');
  const yes = votes.yes + votes.writtenYes;
  const needed = smallestPassing(eligible, policy.memberVoteYesShareOfDue);
  return meetsThreshold(yes, eligible, policy.memberVoteYesShareOfDue)
    ? { outcome: 'approved', yes, eligible, needed }
    : { outcome: 'rejected', yes, eligible, needed };
}

export type MassesVotePolicy = Pick<Policy['memberDevelopment'], 'massesApprovalShare'>;

export interface MassesVotes {
  readonly cast: number;
  /** 满意 (including 基本满意 where the local form has it: the caller decides what approves). */
  readonly approving: number;
}

export type MassesVoteOutcome =
  | { readonly outcome: 'satisfied'; readonly approving: number; readonly cast: number; readonly needed: number }
  /** Fewer than the share approve: not admitted now (暂缓发展). */
  | { readonly outcome: 'not-satisfied'; readonly approving: number; readonly cast: number; readonly needed: number };

/** 群众满意票: the masses' approval must reach the policy share of the votes cast. */
export function decideMassesVote(votes: MassesVotes, policy: MassesVotePolicy): MassesVoteOutcome {
  requirePositive(votes.cast, 'cast');
  requireCount(votes.approving, 'approving');
  if (votes.approving > votes.cast) {
    throw new BallotInputError(`approving (${votes.approving}) cannot exceed cast (${votes.cast})`);
  }
  requireThreshold(policy.massesApprovalShare, 'massesApprovalShare');
  const needed = smallestPassing(votes.cast, policy.massesApprovalShare);
  const outcome = meetsThreshold(votes.approving, votes.cast, policy.massesApprovalShare) ? 'satisfied' : 'not-satisfied';
  return { outcome, approving: votes.approving, cast: votes.cast, needed };
}
