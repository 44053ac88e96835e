/**
 * Events of a selection (选拔任用, docs/domain.md §2.1): one stream per case, from the
 * work plan to the appointment. Together they are the full-process record (全程纪实): each
 * step's facts, who decided, the counts and the outcomes, so the record can be written
 * again from the log at any time. The case's tasks, notices and stages are the core's events.
 *
 * Dates are `YYYY-MM-DD` (Asia/Shanghai); instants are ISO-8601 UTC.
 */
import type { Actor } from '../actors';
import type {
  CheckResult,
  InspectionCheck,
  InspectionTarget,
  MeetingRecommendation,
  SelectionMethod,
  TalkRecommendation,
} from '../selection';
import type { CandidateResult, CandidateVote } from '../selectionVote';

/** The post a selection fills. */
export interface SelectionPost {
  postId: string;
  title: string;
  /** The rank the post carries, e.g. 副科级. */
  rank: string;
  positions: number;
  /** A promotion to a post not filled by election starts a probation (试用期). */
  nonElected: boolean;
}

/** 分析研判和动议: the county opened a selection. */
export interface SelectionOpened {
  type: 'SelectionOpened';
  data: {
    caseId: string;
    orgUnitId: string;
    orgUnitName: string;
    townshipId: string;
    post: SelectionPost;
    method: SelectionMethod;
    qualifications: string;
    scope: string;
    openedOn: string;
    actor: Actor;
  };
}

/** 工作方案: the county Party committee's leaders approved the work plan. */
export interface SelectionPlanApproved {
  type: 'SelectionPlanApproved';
  data: { caseId: string; approvedBy: string; approvedOn: string; notes: string; actor: Actor; at: string };
}

/** 会议推荐. */
export interface MeetingRecommendationRecorded {
  type: 'MeetingRecommendationRecorded';
  data: { caseId: string } & MeetingRecommendation & { actor: Actor; at: string };
}

/** 谈话调研推荐. */
export interface TalkRecommendationRecorded {
  type: 'TalkRecommendationRecorded';
  data: { caseId: string } & TalkRecommendation & { actor: Actor; at: string };
}

/** 确定考察对象: the targets, each with the written reason for the pick. */
export interface InspectionTargetsChosen {
  type: 'InspectionTargetsChosen';
  data: { caseId: string; round: number; targets: InspectionTarget[]; actor: Actor; at: string };
}

/** 考察组. */
export interface InspectionTeamFormed {
  type: 'InspectionTeamFormed';
  data: { caseId: string; round: number; members: string[]; actor: Actor; at: string };
}

/** One of the four checks (凡提四必) came back for one target. */
export interface InspectionCheckReturned {
  type: 'InspectionCheckReturned';
  data: { caseId: string; round: number; personId: string } & CheckResult & { actor: Actor; at: string };
}

/** A failed check took the target out of the selection. */
export interface InspectionTargetRemoved {
  type: 'InspectionTargetRemoved';
  data: { caseId: string; round: number; personId: string; failedChecks: InspectionCheck[]; reasons: string[]; at: string };
}

/** 考察材料: the inspection's rating, conversations and written report on one target. */
export interface InspectionReported {
  type: 'InspectionReported';
  data: {
    caseId: string;
    round: number;
    personId: string;
    conversations: number;
    rating: string;
    report: string;
    actor: Actor;
    at: string;
  };
}

/** 讨论决定: the committee met; without a quorum no vote was taken. */
export interface CommitteeVoteHeld {
  type: 'CommitteeVoteHeld';
  data: {
    caseId: string;
    round: number;
    meeting: number;
    membersDue: number;
    present: number;
    quorumNeeded: number;
    outcome: 'no-quorum' | 'voted';
    votes: CandidateVote[];
    results: CandidateResult[];
    /** The day the committee met, when the record was entered afterwards (events before it have none). */
    heldOn?: string;
    actor: Actor;
    at: string;
  };
}

/** No candidate was approved: the county kept the post open, or went back to the targets. */
export interface SelectionVoteFailed {
  type: 'SelectionVoteFailed';
  data: { caseId: string; round: number; next: 'keep-open' | 'return-to-targets'; reason: string; actor: Actor; at: string };
}

/** 任职: the appointment letter and talk; a probation case follows for a non-elected post. */
export interface SelectionAppointed {
  type: 'SelectionAppointed';
  data: {
    caseId: string;
    personId: string;
    postTitle: string;
    letterOn: string;
    talkOn: string;
    /** The probation case this appointment started; null when the post has none. */
    probationCaseId: string | null;
    actor: Actor;
    at: string;
  };
}

/** An upheld objection to the pre-appointment notice cancelled one candidate's appointment. */
export interface SelectionAppointmentCancelled {
  type: 'SelectionAppointmentCancelled';
  data: { caseId: string; personId: string; findings: string[]; at: string };
}

export type SelectionEvent =
  | SelectionOpened
  | SelectionPlanApproved
  | MeetingRecommendationRecorded
  | TalkRecommendationRecorded
  | InspectionTargetsChosen
  | InspectionTeamFormed
  | InspectionCheckReturned
  | InspectionTargetRemoved
  | InspectionReported
  | CommitteeVoteHeld
  | SelectionVoteFailed
  | SelectionAppointed
  | SelectionAppointmentCancelled;

export const SELECTION_EVENT_TYPES = [
  'SelectionOpened',
  'SelectionPlanApproved',
  'MeetingRecommendationRecorded',
  'TalkRecommendationRecorded',
  'InspectionTargetsChosen',
  'InspectionTeamFormed',
  'InspectionCheckReturned',
  'InspectionTargetRemoved',
  'InspectionReported',
  'CommitteeVoteHeld',
  'SelectionVoteFailed',
  'SelectionAppointed',
  'SelectionAppointmentCancelled',
] as const satisfies readonly SelectionEvent['type'][];
