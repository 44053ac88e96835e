/**
 * Events of Party member development (发展党员, docs/domain.md §5) and of the membership
 * register it keeps: who is an applicant, activist, development target, probationary
 * or full member, in which Party organization.
 *
 * A case's stream is its workflow id (`member-development/<personId>`). Dates are the
 * days things happened in the branch or committee (a meeting, an approval), recorded by
 * the township committee; they can lie before the day they are recorded, because the
 * calendar periods of the rules (one year of observation, one year on probation) run
 * from those days and not from the day someone typed them in.
 */
import type { Actor } from '../actors';

/** Where a person stands in the register (党员发展名册). */
export type MemberStatus = 'applicant' | 'activist' | 'development-target' | 'probationary' | 'full' | 'disqualified';

/** The stage a development case is in; a closed case leaves the person at full or disqualified, or stopped. */
export type DevelopmentStage = 'applicant' | 'activist' | 'development-target' | 'probationary';

/** The gates of the seed's county, in the order the workflow takes them (两考、两票、两审、两公示). */
export type DevelopmentGate =
  | 'theory-exam'
  | 'branch-inspection'
  | 'masses-vote'
  | 'village-notice'
  | 'township-review'
  | 'members-vote'
  | 'county-review'
  | 'higher-notice'
  | 'approval';

/** Kinds of Party organization the county has below the township committees. */
export type PartyOrganizationCategory = 'village-branch' | 'mobile' | 'economic-association' | 'demonstration-base' | 'industrial-park';

/** Why a case ended without the person becoming a member. */
export type DevelopmentStopOutcome = 'not-designated' | 'activist-removed' | 'not-admitted';

// ── Register ────────────────────────────────────────────────────────────────

/** A Party organization (党组织) whose members the register lists; its org unit is established separately. */
export interface PartyOrganizationRegistered {
  type: 'PartyOrganizationRegistered';
  data: {
    orgUnitId: string;
    name: string;
    category: PartyOrganizationCategory;
    /** The village a village branch serves; null for the county's special organizations. */
    villageId: string | null;
    townshipId: string;
  };
}

/**
 * A person as the existing register lists them, entered without a case (e.g. the
 * county's members when the system went live). A case opened for them later starts
 * from what is recorded here.
 */
export interface MembershipRecorded {
  type: 'MembershipRecorded';
  data: {
    personId: string;
    name: string;
    gender: 'male' | 'female';
    birthYear: number;
    branchId: string;
    status: MemberStatus;
    appliedOn: string | null;
    activistOn: string | null;
    targetOn: string | null;
    /** The township committee's approval (审批). */
    admittedOn: string | null;
    probationEndsOn: string | null;
    fullOn: string | null;
    /** Membership of a mobile-member organization (流动党员). */
    mobile: boolean;
    /** The first day admission can come under the policy, for the pipeline's forecast; null once admitted. */
    earliestAdmissionOn: string | null;
  };
}

// ── A development case ──────────────────────────────────────────────────────

/** The case opens: a new application, or a person taken over from the register at their stage. */
export interface MemberDevelopmentOpened {
  type: 'MemberDevelopmentOpened';
  data: {
    caseId: string;
    personId: string;
    name: string;
    branchId: string;
    villageId: string | null;
    townshipId: string;
    stage: DevelopmentStage;
    appliedOn: string;
    activistOn: string | null;
    targetOn: string | null;
    admittedOn: string | null;
    probationEndsOn: string | null;
    earliestAdmissionOn: string | null;
  };
}

/** 谈话: the branch talks with the applicant (within a month of the application). */
export interface ApplicantTalkRecorded {
  type: 'ApplicantTalkRecorded';
  data: { caseId: string; personId: string; on: string; talkedBy: string; comment: string; actor: Actor; at: string };
}

/** 确定入党积极分子: chosen by the branch, recorded by the township committee. */
export interface ActivistDesignated {
  type: 'ActivistDesignated';
  data: {
    caseId: string;
    personId: string;
    on: string;
    /** 培养联系人 */
    contacts: string[];
    /** The observation ends on this day at the earliest; development can follow from then. */
    observationEndsOn: string;
    actor: Actor;
    at: string;
  };
}

export type ActivistRating = 'good' | 'adequate' | 'concern';

/** 半年考察: the half-yearly review of an activist. */
export interface ActivistReviewed {
  type: 'ActivistReviewed';
  data: {
    caseId: string;
    personId: string;
    index: number;
    rating: ActivistRating;
    keep: boolean;
    comment: string;
    actor: Actor;
    at: string;
  };
}

/** 确定发展对象, with the two sponsors (入党介绍人). */
export interface DevelopmentTargetDesignated {
  type: 'DevelopmentTargetDesignated';
  data: { caseId: string; personId: string; on: string; sponsors: string[]; actor: Actor; at: string };
}

/** 理论考试, after the training (集中培训). */
export interface TheoryExamRecorded {
  type: 'TheoryExamRecorded';
  data: {
    caseId: string;
    personId: string;
    round: number;
    score: number;
    passMark: number;
    passed: boolean;
    trainingDays: number;
    trainingHours: number;
    actor: Actor;
    at: string;
  };
}

/** 支部考察 (with the political review, 政审). */
export interface BranchInspectionRecorded {
  type: 'BranchInspectionRecorded';
  data: { caseId: string; personId: string; round: number; passed: boolean; comment: string; actor: Actor; at: string };
}

/** 群众满意票 */
export interface MassesVoteRecorded {
  type: 'MassesVoteRecorded';
  data: {
    caseId: string;
    personId: string;
    round: number;
    cast: number;
    approving: number;
    /** The fewest approving that would have satisfied the policy share. */
    needed: number;
    satisfied: boolean;
    actor: Actor;
    at: string;
  };
}

/** 党员赞成票 at the branch assembly (支部大会). */
export interface MembersVoteRecorded {
  type: 'MembersVoteRecorded';
  data: {
    caseId: string;
    personId: string;
    round: number;
    on: string;
    eligible: number;
    present: number;
    yes: number;
    writtenYes: number;
    needed: number;
    approved: boolean;
    actor: Actor;
    at: string;
  };
}

/** 两审: the township committee's review (预审) and the county committee's. */
export interface DevelopmentReviewRecorded {
  type: 'DevelopmentReviewRecorded';
  data: {
    caseId: string;
    personId: string;
    round: number;
    level: 'township' | 'county';
    passed: boolean;
    comment: string;
    actor: Actor;
    at: string;
  };
}

/** A gate failed: the submission is deferred (暂缓发展); a failed members' vote also blocks it for a while. */
export interface DevelopmentRoundFailed {
  type: 'DevelopmentRoundFailed';
  data: {
    caseId: string;
    personId: string;
    round: number;
    gate: DevelopmentGate;
    reason: string;
    /** No resubmission before this day (failedVoteBlockMonths after a failed members' vote); else null. */
    blockedUntil: string | null;
  };
}

/** The development target is put forward again, from the gate that failed. */
export interface DevelopmentResubmitted {
  type: 'DevelopmentResubmitted';
  data: { caseId: string; personId: string; round: number; fromGate: DevelopmentGate; comment: string; actor: Actor; at: string };
}

/** 接收为预备党员: approved by the township committee; the probation runs from the branch assembly. */
export interface MemberAdmitted {
  type: 'MemberAdmitted';
  data: {
    caseId: string;
    personId: string;
    /** The branch assembly that voted (预备期 starts here). */
    assemblyOn: string;
    /** The township committee's approval. */
    admittedOn: string;
    probationEndsOn: string;
    reason: string;
    actor: Actor;
    at: string;
  };
}

/** 入党宣誓 */
export interface OathTaken {
  type: 'OathTaken';
  data: { caseId: string; personId: string; on: string; actor: Actor; at: string };
}

/** 延长预备期: once, from the end of the probation. */
export interface ProbationaryExtended {
  type: 'ProbationaryExtended';
  data: {
    caseId: string;
    personId: string;
    months: number;
    previousEndsOn: string;
    probationEndsOn: string;
    decidedOn: string;
    reason: string;
    actor: Actor;
    at: string;
  };
}

/** 转正: full membership from the day the probation ended. */
export interface MemberConverted {
  type: 'MemberConverted';
  data: { caseId: string; personId: string; fullOn: string; decidedOn: string; actor: Actor; at: string };
}

/** 取消预备党员资格 */
export interface ProbationaryDisqualified {
  type: 'ProbationaryDisqualified';
  data: { caseId: string; personId: string; decidedOn: string; reason: string; actor: Actor; at: string };
}

/** The case ends without admission: not chosen as activist, removed as activist, or not put forward again. */
export interface MemberDevelopmentStopped {
  type: 'MemberDevelopmentStopped';
  data: {
    caseId: string;
    personId: string;
    stage: DevelopmentStage;
    outcome: DevelopmentStopOutcome;
    reason: string;
    actor: Actor;
    at: string;
  };
}

/** The case waits for a calendar day before its next step (a review, the end of a block or of the probation). */
export interface DevelopmentStepScheduled {
  type: 'DevelopmentStepScheduled';
  data: { caseId: string; personId: string; step: string; on: string };
}

export type MembershipEvent =
  | PartyOrganizationRegistered
  | MembershipRecorded
  | MemberDevelopmentOpened
  | ApplicantTalkRecorded
  | ActivistDesignated
  | ActivistReviewed
  | DevelopmentTargetDesignated
  | TheoryExamRecorded
  | BranchInspectionRecorded
  | MassesVoteRecorded
  | MembersVoteRecorded
  | DevelopmentReviewRecorded
  | DevelopmentRoundFailed
  | DevelopmentResubmitted
  | MemberAdmitted
  | OathTaken
  | ProbationaryExtended
  | MemberConverted
  | ProbationaryDisqualified
  | MemberDevelopmentStopped
  | DevelopmentStepScheduled;

export const MEMBERSHIP_EVENT_TYPES = [
  'PartyOrganizationRegistered',
  'MembershipRecorded',
  'MemberDevelopmentOpened',
  'ApplicantTalkRecorded',
  'ActivistDesignated',
  'ActivistReviewed',
  'DevelopmentTargetDesignated',
  'TheoryExamRecorded',
  'BranchInspectionRecorded',
  'MassesVoteRecorded',
  'MembersVoteRecorded',
  'DevelopmentReviewRecorded',
  'DevelopmentRoundFailed',
  'DevelopmentResubmitted',
  'MemberAdmitted',
  'OathTaken',
  'ProbationaryExtended',
  'MemberConverted',
  'ProbationaryDisqualified',
  'MemberDevelopmentStopped',
  'DevelopmentStepScheduled',
] as const satisfies ReadonlyArray<MembershipEvent['type']>;

// Fails to compile when an event type is missing from the list above.
type MissingMembershipType = Exclude<MembershipEvent['type'], (typeof MEMBERSHIP_EVENT_TYPES)[number]>;
const membershipTypesComplete: [MissingMembershipType] extends [never] ? true : MissingMembershipType = true;
void membershipTypesComplete;
