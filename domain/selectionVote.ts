/**
 * 讨论决定: the Party committee's vote on the candidates of a selection (docs/domain.md
 * §2.1). The meeting is valid with at least 2/3 of the members due to attend present;
 * each candidate is voted on separately and is approved by more than half of ALL the
 * members due to attend, not of those present. A member with a conflict (回避) leaves the
 * room for that candidate's vote and still counts as due. Both shares are policy
 * (`selection.committeeQuorum`, `selection.approvalShare`).
 */
import { smallestPassing } from './ballots/arithmetic';
import { compareDates } from './calendar';
import { count, fail, isRecord, ok, onlyKeys, recordedDay, type DecisionParser, type Parsed } from './decisions';
import { describeThreshold, meetsThreshold } from './fraction';
import type { Policy } from './policy';

/** One candidate's vote, as the minutes record it. */
export interface CandidateVote {
  personId: string;
  /** Members who withdrew (回避) from this vote; they are present at the meeting. */
  recused: number;
  yes: number;
  no: number;
  abstain: number;
}

/** The committee meeting as recorded: who was due, who came, and each candidate's vote. */
export interface CommitteeMeeting {
  /** 应到会成员: every member of the committee due to attend, recused members included. */
  membersDue: number;
  /** 实到会成员. */
  present: number;
  votes: CandidateVote[];
  /** The day the committee met, when its record is entered afterwards; else the day it is entered. */
  heldOn?: string;
  /**
   * The day the pre-appointment notice (任前公示) of the approved candidates went up, when
   * it was posted (on paper, say) before the vote was entered: the notice's working days
   * count from it. Needs `heldOn`, not before it: the notice follows the vote.
   */
  noticePostedOn?: string;
}

export interface CandidateResult {
  personId: string;
  approved: boolean;
  yes: number;
  /** The smallest number of yes votes that approves, out of the members due. */
  yesNeeded: number;
}

export type CommitteeJudgement =
  | { outcome: 'no-quorum'; present: number; membersDue: number; quorumNeeded: number }
  | { outcome: 'voted'; present: number; membersDue: number; quorumNeeded: number; results: CandidateResult[] };

/** The smallest attendance that makes the meeting valid. */
export function committeeQuorumNeeded(membersDue: number, policy: Pick<Policy, 'selection'>): number {
  return smallestPassing(membersDue, policy.selection.committeeQuorum);
}

/** The smallest number of yes votes that approves a candidate: a share of the members due, never of those present. */
export function approvalVotesNeeded(membersDue: number, policy: Pick<Policy, 'selection'>): number {
  return smallestPassing(membersDue, policy.selection.approvalShare);
}

/**
 * Judges a recorded meeting: refused when the numbers cannot have happened (more present
 * than due, more ballots than the members left in the room, a candidate twice); otherwise
 * no quorum, or each candidate approved or not.
 */
export function judgeCommitteeMeeting(m: CommitteeMeeting, policy: Pick<Policy, 'selection'>): Parsed<CommitteeJudgement> {
  const { membersDue, present } = m;
  if (membersDue < 1) return fail('membersDue must be at least 1');
  if (present > membersDue) return fail(`present (${present}) cannot exceed membersDue (${membersDue})`);
  const quorumNeeded = committeeQuorumNeeded(membersDue, policy);
  if (!meetsThreshold(present, membersDue, policy.selection.committeeQuorum)) {
    if (m.votes.length > 0) {
      return fail(
        `${present} of ${membersDue} members present: without a quorum (${describeThreshold(policy.selection.committeeQuorum)}, at least ${quorumNeeded}) no vote can be taken; record the meeting without votes`,
      );
    }
    return ok({ outcome: 'no-quorum', present, membersDue, quorumNeeded });
  }
  if (m.votes.length === 0) return fail('a meeting with a quorum votes on at least one candidate');
  const seen = new Set<string>();
  const yesNeeded = approvalVotesNeeded(membersDue, policy);
  const results: CandidateResult[] = [];
  for (const v of m.votes) {
    if (seen.has(v.personId)) return fail(`candidate ${v.personId} is voted on twice`);
    seen.add(v.personId);
    if (v.recused > present) return fail(`${v.personId}: recused (${v.recused}) cannot exceed present (${present})`);
    const voting = present - v.recused;
    const cast = v.yes + v.no + v.abstain;
    if (cast > voting) {
      return fail(
        `${v.personId}: ${cast} votes (yes ${v.yes}, no ${v.no}, abstain ${v.abstain}) but only ${voting} members voted (${present} present, ${v.recused} recused)`,
      );
    }
    results.push({
      personId: v.personId,
      approved: meetsThreshold(v.yes, membersDue, policy.selection.approvalShare),
      yes: v.yes,
      yesNeeded,
    });
  }
  return ok({ outcome: 'voted', present, membersDue, quorumNeeded, results });
}

const PERSON_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function parseCandidateVote(raw: unknown, index: number): Parsed<CandidateVote> {
  const at = `votes[${index}]`;
  if (!isRecord(raw)) return fail(`${at} must be an object`);
  const extra = onlyKeys(raw, ['personId', 'recused', 'yes', 'no', 'abstain']);
  if (extra) return fail(`${at}: ${extra}`);
  if (typeof raw.personId !== 'string' || !PERSON_ID.test(raw.personId)) {
    return fail(`${at}.personId must be a person id, got ${JSON.stringify(raw.personId)}`);
  }
  const out: Partial<CandidateVote> = { personId: raw.personId };
  for (const field of ['recused', 'yes', 'no', 'abstain'] as const) {
    const n = count(raw[field] ?? (field === 'recused' ? 0 : undefined), `${at}.${field}`);
    if (!n.ok) return n;
    out[field] = n.value;
  }
  return ok(out as CandidateVote);
}

/** The meeting's record as entered (CLI, API, web form): counts, then each candidate's vote. */
export const parseCommitteeMeeting: DecisionParser<CommitteeMeeting> = (raw) => {
  if (!isRecord(raw)) return fail('decision must be an object');
  const extra = onlyKeys(raw, ['membersDue', 'present', 'votes', 'heldOn', 'noticePostedOn']);
  if (extra) return fail(extra);
  const membersDue = count(raw.membersDue, 'membersDue');
  if (!membersDue.ok) return membersDue;
  const present = count(raw.present, 'present');
  if (!present.ok) return present;
  const rawVotes = raw.votes ?? [];
  if (!Array.isArray(rawVotes)) return fail('votes must be a list of candidates');
  const votes: CandidateVote[] = [];
  for (const [i, v] of rawVotes.entries()) {
    const parsed = parseCandidateVote(v, i);
    if (!parsed.ok) return parsed;
    votes.push(parsed.value);
  }
  const heldOn = recordedDay(raw.heldOn, 'heldOn');
  if (!heldOn.ok) return heldOn;
  const posted = recordedDay(raw.noticePostedOn, 'noticePostedOn');
  if (!posted.ok) return posted;
  // Without heldOn the vote is the day it is entered, and a notice cannot precede it.
  if (posted.value !== undefined && heldOn.value === undefined) {
    return fail('noticePostedOn needs heldOn: the pre-appointment notice follows the committee’s vote');
  }
  if (posted.value !== undefined && heldOn.value !== undefined && compareDates(posted.value, heldOn.value) < 0) {
    return fail(`noticePostedOn ${posted.value} is before heldOn ${heldOn.value}: the notice follows the vote`);
  }
  return ok({
    membersDue: membersDue.value,
    present: present.value,
    votes,
    ...(heldOn.value !== undefined ? { heldOn: heldOn.value } : {}),
    ...(posted.value !== undefined ? { noticePostedOn: posted.value } : {}),
  });
};

/**
 * The meeting's days against the case: held after the selection was opened and not after
 * today, and a notice posted not after today and only when the vote approved someone (no
 * notice follows a meeting without a quorum or a vote that approved nobody). `today` is
 * the caller's (the workflow's clock when the record arrives).
 */
export function checkCommitteeDays(
  m: CommitteeMeeting,
  judgement: CommitteeJudgement,
  days: { openedOn: string; today: string },
): Parsed<CommitteeMeeting> {
  if (m.heldOn !== undefined) {
    if (compareDates(m.heldOn, days.openedOn) < 0) return fail(`heldOn ${m.heldOn} is before the selection was opened (${days.openedOn})`);
    if (compareDates(m.heldOn, days.today) > 0) return fail(`heldOn ${m.heldOn} is after today (${days.today})`);
  }
  if (m.noticePostedOn !== undefined) {
    if (compareDates(m.noticePostedOn, days.today) > 0) return fail(`noticePostedOn ${m.noticePostedOn} is after today (${days.today})`);
    if (judgement.outcome !== 'voted' || !judgement.results.some((r) => r.approved)) {
      return fail('noticePostedOn: this meeting approved nobody, so no pre-appointment notice follows it');
    }
  }
  return ok(m);
}
