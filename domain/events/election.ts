/**
 * Events of an election of a Party branch or township committee (两推一选 / 双推直选,
 * docs/domain.md §1). Person ids only: names belong to the registry and are looked up by
 * whoever reads, so a renamed person never makes the log disagree with itself.
 * Dates are `YYYY-MM-DD`, instants ISO-8601 UTC (see domain/events.ts).
 */
import type { Actor } from '../actors';

/** 双推直选 of a village branch, or 两推一选 of a township committee one level up. */
export type ElectionForm = 'village' | 'township';

/** The posts an election fills. */
export type OfficeRole = 'secretary' | 'deputy' | 'member';

/** Whether a meeting could vote (到会 quorum) and the smallest attendance that would have done. */
export interface QuorumResult {
  met: boolean;
  needed: number;
}

/** 请示: the branch asks to hold its election; the case starts with it. */
export interface ElectionRequested {
  type: 'ElectionRequested';
  data: {
    caseId: string;
    orgUnitId: string;
    townshipId: string;
    form: ElectionForm;
    term: string;
    seats: number;
    requestedAt: string;
    /** Assignments the elected committee will replace, as the registry held them at the start. */
    previousAssignments: string[];
  };
}

/** 批复 granting the request. */
export interface ElectionRequestApproved {
  type: 'ElectionRequestApproved';
  data: { caseId: string; reason: string; actor: Actor; at: string };
}

export interface ElectionRequestRejected {
  type: 'ElectionRequestRejected';
  data: { caseId: string; reason: string; actor: Actor; at: string };
}

/** 选举通知: date, method, and how many full members have a vote. */
export interface ElectionNoticePosted {
  type: 'ElectionNoticePosted';
  data: { caseId: string; electionDate: string; method: string; eligibleVoters: number; actor: Actor; at: string };
}

/** 党员推荐 or 群众推荐. Without a quorum (or with more ballots than voters) it counts for nothing and is held again. */
export interface RecommendationMeetingHeld {
  type: 'RecommendationMeetingHeld';
  data: {
    caseId: string;
    meeting: 'members' | 'masses';
    /** 1 for the first sitting, 2 when held again, … */
    round: number;
    eligible: number;
    present: number;
    quorum: QuorumResult;
    outcome: 'valid' | 'no-quorum' | 'void-count';
    cast: number | null;
    invalid: number | null;
    /** Recommendations per person; empty unless the meeting could vote. */
    votes: Record<string, number>;
    actor: Actor;
    at: string;
  };
}

/** The reviewing committee strikes a nominee off the recommended list (否决). */
export interface NomineeRejected {
  type: 'NomineeRejected';
  data: { caseId: string; personId: string; reason: string; actor: Actor; at: string };
}

/** 递补: someone takes the place of a rejected, failed or struck nominee. */
export interface NomineeReplaced {
  type: 'NomineeReplaced';
  data: {
    caseId: string;
    /** The rejected, failed or struck nominee whose place is taken; null when filling a gap no one left. */
    replaces: string | null;
    personId: string;
    memberVotes: number;
    massesVotes: number;
    actor: Actor;
    at: string;
  };
}

/** 考察 of one nominee. */
export interface CandidateVetted {
  type: 'CandidateVetted';
  data: { caseId: string; personId: string; passed: boolean; findings: string; actor: Actor; at: string };
}

/** 候选人预备人选, checked against the policy's margin (差额). */
export interface SlateSet {
  type: 'SlateSet';
  data: { caseId: string; round: number; slate: string[]; seats: number; minimum: number; actor: Actor; at: string };
}

/** An objection upheld during the slate's public notice takes the candidate off the slate. */
export interface CandidateStruck {
  type: 'CandidateStruck';
  data: { caseId: string; personId: string; noticeId: string; findings: string[]; actor: Actor; at: string };
}

/** One ballot of the members' assembly (党员大会): the first, a further one among tied candidates, or 另行选举. */
export interface ElectionMeetingHeld {
  type: 'ElectionMeetingHeld';
  data: {
    caseId: string;
    step: string;
    ballot: 'first' | 'further' | 'second';
    candidates: string[];
    seatsContested: number;
    eligible: number;
    present: number;
    quorum: QuorumResult;
    outcome: 'no-quorum' | 'void-count' | 'filled' | 'further-ballot' | 'vacant';
    cast: number | null;
    invalid: number | null;
    votes: Record<string, number>;
    /** Elected by this ballot. */
    elected: string[];
    /** Yes-votes a candidate needed; null when nothing was counted or no share applies. */
    needed: number | null;
    /** Seats of the whole committee still unfilled after this ballot. */
    unfilled: number;
    tie: { names: string[]; seats: number } | null;
    actor: Actor;
    at: string;
  };
}

/** The recorder chose 另行选举 for the seats left vacant. */
export interface SecondBallotCalled {
  type: 'SecondBallotCalled';
  data: { caseId: string; seats: number; candidates: string[]; actor: Actor; at: string };
}

/** 减少名额: the assembly agreed to leave the vacant seats unfilled. */
export interface SeatsReduced {
  type: 'SeatsReduced';
  data: { caseId: string; from: number; to: number; agreeing: number; present: number; needed: number; actor: Actor; at: string };
}

/** The vote to reduce the seats fell short; the seats stay vacant until a second ballot. */
export interface SeatReductionRefused {
  type: 'SeatReductionRefused';
  data: { caseId: string; seats: number; agreeing: number; present: number; needed: number; actor: Actor; at: string };
}

/** The new committee elects its secretary and deputy (书记、副书记). */
export interface OfficersElected {
  type: 'OfficersElected';
  data: { caseId: string; secretary: string; deputy: string | null; committee: string[]; actor: Actor; at: string };
}

/** The approving body approves the result; the new posts start on this day. */
export interface ElectionApproved {
  type: 'ElectionApproved';
  data: { caseId: string; approvedOn: string; reason: string; actor: Actor; at: string };
}

export interface ElectionNotApproved {
  type: 'ElectionNotApproved';
  data: { caseId: string; reason: string; actor: Actor; at: string };
}

/** 报县委组织部备案. */
export interface ElectionFiled {
  type: 'ElectionFiled';
  data: { caseId: string; filedOn: string; reference: string; actor: Actor; at: string };
}

export type ElectionEvent =
  | ElectionRequested
  | ElectionRequestApproved
  | ElectionRequestRejected
  | ElectionNoticePosted
  | RecommendationMeetingHeld
  | NomineeRejected
  | NomineeReplaced
  | CandidateVetted
  | SlateSet
  | CandidateStruck
  | ElectionMeetingHeld
  | SecondBallotCalled
  | SeatsReduced
  | SeatReductionRefused
  | OfficersElected
  | ElectionApproved
  | ElectionNotApproved
  | ElectionFiled;

export const ELECTION_EVENT_TYPES = [
  'ElectionRequested',
  'ElectionRequestApproved',
  'ElectionRequestRejected',
  'ElectionNoticePosted',
  'RecommendationMeetingHeld',
  'NomineeRejected',
  'NomineeReplaced',
  'CandidateVetted',
  'SlateSet',
  'CandidateStruck',
  'ElectionMeetingHeld',
  'SecondBallotCalled',
  'SeatsReduced',
  'SeatReductionRefused',
  'OfficersElected',
  'ElectionApproved',
  'ElectionNotApproved',
  'ElectionFiled',
] as const satisfies ReadonlyArray<ElectionEvent['type']>;

// Fails to compile when an election event type is missing from the list above.
type MissingElectionType = Exclude<ElectionEvent['type'], (typeof ELECTION_EVENT_TYPES)[number]>;
const electionTypesComplete: [MissingElectionType] extends [never] ? true : MissingElectionType = true;
void electionTypesComplete;
