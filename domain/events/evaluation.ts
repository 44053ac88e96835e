/**
 * Events of the annual evaluation (年度考核, docs/domain.md §3).
 *
 * Two kinds of stream:
 * - the round, `evaluation-round/<year>/<scope>`: what the assessment committee (考核委员会)
 *   decides for a whole unit of assessment — the grades it fixes and the reviews (复核) it
 *   decides (and the appeals, 申诉, after them) — because the 优秀 quota is a fact about the unit, not about one person;
 * - each cadre's case, `evaluation/<year>/<personId>`: the person's own record, from the
 *   self-summary to the grade that stands, and what that grade leads to (诫勉, removal).
 *
 * Scores are hundredths of a point (integers), as domain/points.ts keeps them.
 */
import type { Actor } from '../actors';
import type { RatingMeeting, RatingVotes } from '../democraticRating';
import type { QuotaApproval } from '../excellentQuota';
import type { Grade, UnitKind } from '../grades';
import type { ScoreSheet } from '../quantifiedScore';
import type { Stars } from '../starRating';

/** The unit of assessment (考核单位) whose 优秀 quota a grade counts against. */
export interface EvaluationUnitInfo {
  unitId: string;
  kind: UnitKind;
  townshipId: string;
  /** Cadres assessed in this unit in this round. */
  assessed: number;
  /** floor(assessed × quota% / 100) under the round's policy. */
  allowedExcellent: number;
}

// ── The round ───────────────────────────────────────────────────────────────

export interface EvaluationRoundStarted {
  type: 'EvaluationRoundStarted';
  data: {
    roundId: string;
    year: number;
    /** `county`, or the townships' ids joined with `+`. */
    scope: string;
    /** null: the whole county. */
    townshipIds: string[] | null;
    /** Cadres found in scope (holding a post in a township or village of the scope). */
    cadres: number;
    quotaPercent: number;
    at: string;
  };
}

/** Every cadre's case has been started (or was already running under another round). */
export interface EvaluationRoundCasesStarted {
  type: 'EvaluationRoundCasesStarted';
  data: {
    roundId: string;
    started: number;
    /** Cadres whose case for this year already existed (another round's): not assessed here. */
    skipped: Array<{ personId: string; caseId: string }>;
    /** The units of assessment of the cadres assessed here. */
    units: EvaluationUnitInfo[];
    at: string;
  };
}

export interface EvaluationUnitGraded {
  type: 'EvaluationUnitGraded';
  data: {
    roundId: string;
    unitId: string;
    grades: Array<{ personId: string; caseId: string; grade: Grade; reason: string }>;
    /** The quota as it stood when the grades were fixed (percent: the approved one, with an approval). */
    standing: { assessed: number; percent: number; allowed: number; excellent: number };
    /** The day the committee met, when the grades were recorded afterwards. */
    gradedOn?: string;
    /** The day the unit's 优秀 notice was posted, when before it was recorded. */
    noticePostedOn?: string;
    /**
     * The approval that raised the unit's quota above the policy percent; it stays the
     * unit's ceiling for reviews. Absent without one, and in events from before approvals.
     */
    quotaApproval?: QuotaApproval;
    actor: Actor;
    at: string;
  };
}

export interface EvaluationReviewDecided {
  type: 'EvaluationReviewDecided';
  data: {
    roundId: string;
    unitId: string;
    caseId: string;
    personId: string;
    outcome: 'upheld' | 'changed';
    from: Grade;
    to: Grade;
    reason: string;
    /** The day of the decision: the appeal (申诉) window runs from it. */
    decidedOn: string;
    /** Calendar days to appeal, from the case's policy. */
    appealDays: number;
    actor: Actor;
    at: string;
  };
}

/** 申诉, decided like a review (复核) by the committee that sees the unit's quota; nothing follows it. */
export interface EvaluationAppealDecided {
  type: 'EvaluationAppealDecided';
  data: Omit<EvaluationReviewDecided['data'], 'appealDays'>;
}

export interface EvaluationRoundCompleted {
  type: 'EvaluationRoundCompleted';
  data: { roundId: string; distribution: Record<Grade, number>; at: string };
}

// ── A cadre's case ──────────────────────────────────────────────────────────

export interface EvaluationStarted {
  type: 'EvaluationStarted';
  data: {
    caseId: string;
    roundId: string;
    year: number;
    personId: string;
    personName: string;
    orgUnitId: string;
    townshipId: string;
    unitId: string;
    unitKind: UnitKind;
    at: string;
  };
}

/** 个人总结 / 述职. */
export interface EvaluationSelfSummaryFiled {
  type: 'EvaluationSelfSummaryFiled';
  data: { caseId: string; personId: string; summary: string; actor: Actor; at: string };
}

/** 民主测评, as counted. */
export interface EvaluationRated {
  type: 'EvaluationRated';
  data: {
    caseId: string;
    personId: string;
    meeting: RatingMeeting;
    votes: RatingVotes;
    cast: number;
    competentOrBetter: number;
    fail: number;
    /** Village cadres only: what the vote alone proposes (null: it settles nothing). */
    voteProposal: 'excellent' | 'not-competent' | null;
    warningDue: boolean;
    at: string;
  };
}

/** 实绩量化, and for a village cadre the stars (星级) it earns. */
export interface EvaluationScored {
  type: 'EvaluationScored';
  data: {
    caseId: string;
    personId: string;
    sheet: ScoreSheet;
    total: number;
    weighted: number;
    bonus: number;
    bonusCapped: boolean;
    stars: { stars: Stars; fromScore: Stars; negatives: string[] } | null;
    actor: Actor;
    at: string;
  };
}

/** 分管领导评语. */
export interface EvaluationSupervisorCommented {
  type: 'EvaluationSupervisorCommented';
  data: { caseId: string; personId: string; comment: string; proposedGrade: Grade; actor: Actor; at: string };
}

/** 乡镇党委推荐等次. */
export interface EvaluationRecommended {
  type: 'EvaluationRecommended';
  data: { caseId: string; personId: string; grade: Grade; reason: string; actor: Actor; at: string };
}

/** The committee's grade as the cadre's case received it from the round. */
export interface EvaluationGradeFixed {
  type: 'EvaluationGradeFixed';
  data: { caseId: string; personId: string; roundId: string; unitId: string; grade: Grade; reason: string; actor: Actor; at: string };
}

export interface EvaluationGradeChanged {
  type: 'EvaluationGradeChanged';
  data: {
    caseId: string;
    personId: string;
    from: Grade;
    to: Grade;
    /** An upheld objection to the 优秀 notice, a review (复核), or an appeal (申诉) after it. */
    source: 'notice-objection' | 'review' | 'appeal';
    reason: string;
    actor: Actor;
    at: string;
  };
}

/** 书面通知本人. */
export interface EvaluationNotified {
  type: 'EvaluationNotified';
  data: {
    caseId: string;
    personId: string;
    grade: Grade;
    method: 'in-person' | 'post' | 'electronic';
    notifiedOn: string;
    /** The last day a review (复核) may be requested. */
    reviewRequestClosesOn: string;
    actor: Actor;
    at: string;
  };
}

export interface EvaluationReviewRequested {
  type: 'EvaluationReviewRequested';
  data: { caseId: string; personId: string; grounds: string; requestedOn: string; decisionDueOn: string; actor: Actor; at: string };
}

/** 申诉 against the review's decision, within the appeal window. */
export interface EvaluationAppealRequested {
  type: 'EvaluationAppealRequested';
  data: {
    caseId: string;
    personId: string;
    grounds: string;
    /** The day it was filed: the day recorded, or an earlier one the record names. */
    filedOn: string;
    /** The last day of the window it was filed in. */
    appealClosesOn: string;
    decisionDueOn: string;
    actor: Actor;
    at: string;
  };
}

/** The grade that stands once no review or appeal can change it. */
export interface EvaluationGradeFinal {
  type: 'EvaluationGradeFinal';
  data: { caseId: string; personId: string; year: number; grade: Grade; at: string };
}

/** 诫勉: fail votes reached the policy share. */
export interface EvaluationWarningIssued {
  type: 'EvaluationWarningIssued';
  data: { caseId: string; personId: string; fail: number; cast: number; warnedOn: string; reRatingFrom: string; at: string };
}

export interface EvaluationReRated {
  type: 'EvaluationReRated';
  data: {
    caseId: string;
    personId: string;
    meeting: RatingMeeting;
    votes: RatingVotes;
    pass: number;
    cast: number;
    outcome: 'passed' | 'removal';
    ratedOn: string;
    actor: Actor;
    at: string;
  };
}

/** The removal procedure (罢免 / 责令辞职) is due; it is a procedure of its own. */
export interface EvaluationRemovalFlagged {
  type: 'EvaluationRemovalFlagged';
  data: {
    caseId: string;
    personId: string;
    reason: 'two-years-not-competent' | 'failed-re-rating';
    /** The two years graded 不称职, for the first reason. */
    years: number[];
    at: string;
  };
}

export type EvaluationEvent =
  | EvaluationRoundStarted
  | EvaluationRoundCasesStarted
  | EvaluationUnitGraded
  | EvaluationReviewDecided
  | EvaluationAppealDecided
  | EvaluationRoundCompleted
  | EvaluationStarted
  | EvaluationSelfSummaryFiled
  | EvaluationRated
  | EvaluationScored
  | EvaluationSupervisorCommented
  | EvaluationRecommended
  | EvaluationGradeFixed
  | EvaluationGradeChanged
  | EvaluationNotified
  | EvaluationReviewRequested
  | EvaluationAppealRequested
  | EvaluationGradeFinal
  | EvaluationWarningIssued
  | EvaluationReRated
  | EvaluationRemovalFlagged;

export const EVALUATION_EVENT_TYPES = [
  'EvaluationRoundStarted',
  'EvaluationRoundCasesStarted',
  'EvaluationUnitGraded',
  'EvaluationReviewDecided',
  'EvaluationAppealDecided',
  'EvaluationRoundCompleted',
  'EvaluationStarted',
  'EvaluationSelfSummaryFiled',
  'EvaluationRated',
  'EvaluationScored',
  'EvaluationSupervisorCommented',
  'EvaluationRecommended',
  'EvaluationGradeFixed',
  'EvaluationGradeChanged',
  'EvaluationNotified',
  'EvaluationReviewRequested',
  'EvaluationAppealRequested',
  'EvaluationGradeFinal',
  'EvaluationWarningIssued',
  'EvaluationReRated',
  'EvaluationRemovalFlagged',
] as const satisfies ReadonlyArray<EvaluationEvent['type']>;

// Fails to compile when an evaluation event type is missing from the list above.
type MissingEvaluationType = Exclude<EvaluationEvent['type'], (typeof EVALUATION_EVENT_TYPES)[number]>;
const evaluationTypesComplete: [MissingEvaluationType] extends [never] ? true : MissingEvaluationType = true;
void evaluationTypesComplete;
