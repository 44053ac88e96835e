/**
 * The committee's vote as the table holds it (SelectionCommitteeForm): what is sent, and
 * what the table says as the numbers are typed — the quorum, each candidate's approval,
 * a row with more votes than the members voting. Every answer comes from the functions
 * the case judges the meeting with (domain/selectionVote.ts); nothing is counted here.
 */
import { meetsThreshold } from '../../../domain/fraction';
import type { Policy } from '../../../domain/policy';
import { approvalVotesNeeded, committeeQuorumNeeded, judgeCommitteeMeeting, type CommitteeMeeting } from '../../../domain/selectionVote';

export const VOTE_COUNTS = ['recused', 'yes', 'no', 'abstain'] as const;
export type VoteCounts = Partial<Record<(typeof VOTE_COUNTS)[number], number | null>>;

/** The table as typed: blank cells are null or absent. */
export interface CommitteeEntry {
  membersDue?: number | null;
  present?: number | null;
  /** The day the committee met, when entered afterwards; the pre-appointment notice's day, when posted before. */
  heldOn?: string;
  noticePostedOn?: string;
  votes?: Record<string, VoteCounts | undefined>;
}

const given = (x: unknown): x is number => typeof x === 'number';

/**
 * The meeting as the step's parser reads it. A candidate with no vote typed is not voted
 * on; in a row that has votes, a blank cell is none. Without a quorum the votes are left
 * out: the meeting is recorded with its counts only (and held again).
 */
export function committeeDecision(entry: CommitteeEntry, candidates: readonly string[], quorum: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { membersDue: entry.membersDue ?? undefined, present: entry.present ?? undefined };
  if (entry.heldOn) out.heldOn = entry.heldOn;
  if (!quorum) return out;
  // No notice follows a meeting without a quorum: its day goes only with a vote.
  if (entry.noticePostedOn) out.noticePostedOn = entry.noticePostedOn;
  out.votes = candidates
    .map((personId) => ({ personId, row: entry.votes?.[personId] ?? {} }))
    .filter(({ row }) => given(row.yes) || given(row.no) || given(row.abstain))
    .map(({ personId, row }) => ({ personId, recused: row.recused ?? 0, yes: row.yes ?? 0, no: row.no ?? 0, abstain: row.abstain ?? 0 }));
  return out;
}

/** The meeting's attendance: unknown until both counts are typed (and possible); else whether it has its quorum. */
export type Attendance =
  | { state: 'unknown'; presentOverDue: boolean }
  | { state: 'counted'; quorum: boolean; membersDue: number; present: number; quorumNeeded: number; yesNeeded: number };

export function attendanceOf(entry: CommitteeEntry, policy: Pick<Policy, 'selection'>): Attendance {
  const { membersDue, present } = entry;
  if (!given(membersDue) || !given(present) || membersDue < 1 || present > membersDue) {
    return { state: 'unknown', presentOverDue: given(membersDue) && given(present) && present > membersDue };
  }
  return {
    state: 'counted',
    quorum: meetsThreshold(present, membersDue, policy.selection.committeeQuorum),
    membersDue,
    present,
    quorumNeeded: committeeQuorumNeeded(membersDue, policy),
    yesNeeded: approvalVotesNeeded(membersDue, policy),
  };
}

export type Standing = { state: 'none' } | { state: 'approved' | 'not-approved'; yes: number } | { state: 'over'; error: string };

/** One candidate's standing at a meeting with its quorum, judged alone as the row is typed. */
export function standingOf(
  membersDue: number,
  present: number,
  personId: string,
  row: VoteCounts | undefined,
  policy: Pick<Policy, 'selection'>,
): Standing {
  const votes = committeeDecision({ membersDue, present, votes: { [personId]: row } }, [personId], true).votes as CommitteeMeeting['votes'];
  if (votes.length === 0) return { state: 'none' };
  const judged = judgeCommitteeMeeting({ membersDue, present, votes }, policy);
  if (!judged.ok) return { state: 'over', error: judged.error };
  if (judged.value.outcome !== 'voted') return { state: 'none' };
  const r = judged.value.results[0]!;
  return { state: r.approved ? 'approved' : 'not-approved', yes: r.yes };
}
