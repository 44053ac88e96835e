/**
 * What each decision of a cadre's 年度考核 case (docs/domain.md §3) records, as
 * decide-style functions (domain/decider.ts): the workflow opens the step, and when the
 * decision arrives it records exactly what these return. The state each one takes is what
 * its events name and the workflow already knows (the case, the person, the policy the case
 * started under); the rules themselves are domain/democraticRating.ts,
 * domain/quantifiedScore.ts, domain/starRating.ts and domain/evaluationConsequences.ts.
 *
 * The status a client queries changes with some of these events (the warning, a removal
 * flagged); `evolveEvaluationStatus` says how, so the workflow applies what it recorded.
 */
import type { Decide, Evolve } from './decider';
import type { Decided } from './decided';
import { earliestReRating, rateVillageCadre, reRate, type VillageRating } from './democraticRating';
import { APPEND_DATE, APPEND_TIME, type DomainEvent } from './events';
import { compareDates } from './calendar';
import type { CaseStarted } from './events';
import type {
  EvaluationAppealRequested,
  EvaluationGradeChanged,
  EvaluationGradeFinal,
  EvaluationGradeFixed,
  EvaluationNotified,
  EvaluationRated,
  EvaluationReRated,
  EvaluationRecommended,
  EvaluationRemovalFlagged,
  EvaluationReviewRequested,
  EvaluationScored,
  EvaluationStarted,
  EvaluationSelfSummaryFiled,
  EvaluationSupervisorCommented,
  EvaluationWarningIssued,
} from './events/evaluation';
import { consequences, type GradeRecord } from './evaluationConsequences';
import type { CommitteeGrade, RatingSession, SelfSummary, SupervisorComment, TownshipRecommendation } from './evaluationForms';
import { EvaluationInputError, type EvaluationPolicy } from './evaluationInput';
import { appealDecisionDueOn, reviewDecisionDueOn, reviewRequestWindow } from './evaluationReview';
import type { NotificationDecision, ScoreDecision, ScoringRules } from './evaluationRound';
import type { Grade, UnitKind } from './grades';
import { quantifiedScore } from './quantifiedScore';
import { starRating } from './starRating';

/** Every event of a cadre's case names the case and the person, in that order. */
export interface EvaluationCase {
  caseId: string;
  personId: string;
}

/** The case as a client sees it (the `evaluationStatus` query). */
export interface EvaluationStatus {
  stage: string;
  grade?: Grade;
  gradeFinal: boolean;
  reviewRequestClosesOn?: string;
  review: 'none' | 'requested' | 'upheld' | 'changed';
  /** Set once a decided review has opened the appeal window. */
  appealClosesOn?: string;
  appeal: 'none' | 'requested' | 'upheld' | 'changed';
  warning: 'none' | 'issued' | 'passed' | 'removal';
  removalFlagged: boolean;
}

/**
 * The day a step recorded afterwards happened: the day it names, when that is before
 * today; otherwise today (a day after today would only lengthen a wait).
 */
export function recordedOrToday(recorded: string | undefined, today: string): string {
  return recorded !== undefined && compareDates(recorded, today) < 0 ? recorded : today;
}

// ── the case opens ─────────────────────────────────────────────────────────────

export interface EvaluationStart {
  roundId: string;
  year: number;
  personName: string;
  orgUnitId: string;
  townshipId: string;
  unitId: string;
  unitKind: UnitKind;
  policyVersion: string;
}

/** The case, and the cadre's year in it. */
export const decideEvaluationStart: Decide<EvaluationStart, EvaluationCase, CaseStarted | EvaluationStarted> = (
  start,
  { caseId, personId },
) => [
  {
    type: 'CaseStarted',
    data: {
      caseId,
      kind: 'evaluation',
      subjectId: personId,
      townshipId: start.townshipId,
      policyVersion: start.policyVersion,
      startedAt: APPEND_TIME,
      summary: `${start.personName} ${start.year}年度考核`,
    },
  },
  {
    type: 'EvaluationStarted',
    data: {
      caseId,
      personId,
      roundId: start.roundId,
      year: start.year,
      personName: start.personName,
      orgUnitId: start.orgUnitId,
      townshipId: start.townshipId,
      unitId: start.unitId,
      unitKind: start.unitKind,
      at: APPEND_TIME,
    },
  },
];

// ── 个人总结 ─────────────────────────────────────────────────────────────────

export const decideSelfSummary: Decide<Decided<SelfSummary>, EvaluationCase, EvaluationSelfSummaryFiled> = (
  { value: d, actor },
  { caseId, personId },
) => [{ type: 'EvaluationSelfSummaryFiled', data: { caseId, personId, summary: d.summary, actor, at: APPEND_TIME } }];

// ── 民主测评 ─────────────────────────────────────────────────────────────────

export interface RatingState extends EvaluationCase {
  policy: EvaluationPolicy;
  village: boolean;
}

/** What the vote finds; `proposal` is the village rule's, so a township cadre's is null (only the warning share counts). */
export function voteFinding(
  d: RatingSession,
  p: EvaluationPolicy,
  village: boolean,
): VillageRating & { proposal: VillageRating['proposedGrade'] } {
  const r = rateVillageCadre(d.votes, p);
  return { ...r, proposal: village ? r.proposedGrade : null };
}

/** The count as the meeting reported it, and what it finds. The rating names no actor: it is the meeting's. */
export const decideRating: Decide<RatingSession, RatingState, EvaluationRated> = (d, { caseId, personId, policy, village }) => {
  const r = voteFinding(d, policy, village);
  return [
    {
      type: 'EvaluationRated',
      data: {
        caseId,
        personId,
        meeting: d.meeting,
        votes: d.votes,
        cast: r.cast,
        competentOrBetter: r.competentOrBetter,
        fail: r.fail,
        voteProposal: r.proposal,
        warningDue: r.warningDue,
        at: APPEND_TIME,
      },
    },
  ];
};

// ── 实绩量化 and 星级 ──────────────────────────────────────────────────────────

export interface ScoringState extends EvaluationCase {
  weights: EvaluationPolicy['weights'];
  rules: Pick<ScoringRules, 'bonusCap' | 'starBands'>;
  /** Only a village cadre gets stars. */
  village: boolean;
}

export const decideScore: Decide<Decided<ScoreDecision>, ScoringState, EvaluationScored> = (
  { value: d, actor },
  { caseId, personId, weights, rules, village },
) => {
  const score = quantifiedScore(d.sheet, weights, rules.bonusCap);
  const stars = village ? starRating(score.total, d.negatives, rules.starBands) : null;
  return [
    {
      type: 'EvaluationScored',
      data: {
        caseId,
        personId,
        sheet: d.sheet,
        total: score.total,
        weighted: score.weighted,
        bonus: score.bonus,
        bonusCapped: score.bonusCapped,
        stars: stars ? { stars: stars.stars, fromScore: stars.fromScore, negatives: [...stars.negatives] } : null,
        actor,
        at: APPEND_TIME,
      },
    },
  ];
};

// ── 分管领导评语, 乡镇党委推荐 ─────────────────────────────────────────────────────

export const decideSupervisorComment: Decide<Decided<SupervisorComment>, EvaluationCase, EvaluationSupervisorCommented> = (
  { value: d, actor },
  { caseId, personId },
) => [
  {
    type: 'EvaluationSupervisorCommented',
    data: { caseId, personId, comment: d.comment, proposedGrade: d.proposedGrade, actor, at: APPEND_TIME },
  },
];

export const decideRecommendation: Decide<Decided<TownshipRecommendation>, EvaluationCase, EvaluationRecommended> = (
  { value: d, actor },
  { caseId, personId },
) => [{ type: 'EvaluationRecommended', data: { caseId, personId, grade: d.grade, reason: d.reason, actor, at: APPEND_TIME } }];

// ── the committee's grade, and the written notification ───────────────────────────────

export interface UnitOfCase extends EvaluationCase {
  roundId: string;
  unitId: string;
}

/** The grade the round's committee fixed, as the case received it. */
export const decideGradeFixed: Decide<Decided<{ grade: Grade; reason: string }>, UnitOfCase, EvaluationGradeFixed> = (
  { value: d, actor },
  { caseId, personId, roundId, unitId },
) => [
  { type: 'EvaluationGradeFixed', data: { caseId, personId, roundId, unitId, grade: d.grade, reason: d.reason, actor, at: APPEND_TIME } },
];

export interface NotificationState extends EvaluationCase {
  policy: EvaluationPolicy;
  /** The grade told to the cadre: the committee's, or what the 优秀 notice left of it. */
  grade: Grade;
}

/**
 * 书面通知, received on `notifiedOn` (recordedOrToday of the day the decision names);
 * the review window is counted from it.
 */
export const decideNotified: Decide<
  Decided<{ method: NotificationDecision['method']; notifiedOn: string }>,
  NotificationState,
  EvaluationNotified
> = ({ value: { method, notifiedOn }, actor }, { caseId, personId, policy, grade }) => [
  {
    type: 'EvaluationNotified',
    data: {
      caseId,
      personId,
      grade,
      method,
      notifiedOn,
      reviewRequestClosesOn: reviewRequestWindow(notifiedOn, policy).closesOn,
      actor,
      at: APPEND_TIME,
    },
  },
];

// ── 复核 and 申诉, as the cadre files them ─────────────────────────────────────────────

/** A review request on the day it is recorded; the round must decide it by the policy's term. */
export const decideReviewRequest: Decide<
  Decided<{ grounds: string; requestedOn: string }>,
  EvaluationCase & { policy: EvaluationPolicy },
  EvaluationReviewRequested
> = ({ value: { grounds, requestedOn }, actor }, { caseId, personId, policy }) => [
  {
    type: 'EvaluationReviewRequested',
    data: { caseId, personId, grounds, requestedOn, decisionDueOn: reviewDecisionDueOn(requestedOn, policy), actor, at: APPEND_TIME },
  },
];

export interface AppealState extends EvaluationCase {
  policy: EvaluationPolicy;
  /** The last day of the window the appeal is filed in. */
  appealClosesOn: string;
}

/** An appeal filed on `filedOn` (recordedOrToday of the day the decision names). */
export const decideAppealRequest: Decide<Decided<{ grounds: string; filedOn: string }>, AppealState, EvaluationAppealRequested> = (
  { value: { grounds, filedOn }, actor },
  { caseId, personId, policy, appealClosesOn },
) => [
  {
    type: 'EvaluationAppealRequested',
    data: {
      caseId,
      personId,
      grounds,
      filedOn,
      appealClosesOn,
      decisionDueOn: appealDecisionDueOn(filedOn, policy),
      actor,
      at: APPEND_TIME,
    },
  },
];

export interface GradeChange {
  from: Grade;
  to: Grade;
  /** Which decision changed it: the round's review (复核) or appeal (申诉). */
  source: 'review' | 'appeal';
  reason: string;
}

/** The round's decision changed the grade; the workflow calls this only when it did. */
export const decideGradeChange: Decide<Decided<GradeChange>, EvaluationCase, EvaluationGradeChanged> = (
  { value: { from, to, source, reason }, actor },
  { caseId, personId },
) => [{ type: 'EvaluationGradeChanged', data: { caseId, personId, from, to, source, reason, actor, at: APPEND_TIME } }];

// ── 优秀公示: an upheld objection ─────────────────────────────────────────────────

export interface NoticeObjectionState extends EvaluationCase {
  /** The findings of the objections upheld: the reason when the committee gives none. */
  findings: readonly string[];
}

/** The committee regrades a 优秀 the notice's objections brought down. */
export const decideNoticeRegrade: Decide<Decided<CommitteeGrade>, NoticeObjectionState, EvaluationGradeChanged> = (
  { value: d, actor },
  { caseId, personId, findings },
) => [
  {
    type: 'EvaluationGradeChanged',
    data: {
      caseId,
      personId,
      from: 'excellent',
      to: d.grade,
      source: 'notice-objection',
      reason: d.reason || findings.join('；'),
      actor,
      at: APPEND_TIME,
    },
  },
];

// ── 诫勉 and the re-rating ─────────────────────────────────────────────────────

export interface WarningDecision {
  fail: number;
  cast: number;
  /** The server's day when the warning is issued. */
  warnedOn: string;
}

/** 诫勉, with the first day of the re-rating the case then sleeps until. */
export const decideWarning: Decide<WarningDecision, EvaluationCase & { policy: EvaluationPolicy }, EvaluationWarningIssued> = (
  { fail, cast, warnedOn },
  { caseId, personId, policy },
) => [
  {
    type: 'EvaluationWarningIssued',
    data: { caseId, personId, fail, cast, warnedOn, reRatingFrom: earliestReRating(warnedOn, policy), at: APPEND_TIME },
  },
];

export interface ReRatingState extends EvaluationCase {
  policy: EvaluationPolicy;
  warnedOn: string;
  /** The day the re-rating task opened: the day the re-rating is held, for the 3-month rule. */
  openedOn: string;
}

/** The re-rating passes, or the removal procedure is flagged with it. */
export const decideReRating: Decide<Decided<RatingSession>, ReRatingState, EvaluationReRated | EvaluationRemovalFlagged> = (
  { value: d, actor },
  { caseId, personId, policy, warnedOn, openedOn },
) => {
  const checked = reRate(d.votes, warnedOn, openedOn, policy);
  // The task's check refused it already: a re-rating here that reRate refuses is the caller's bug.
  if (!checked.ok) throw new EvaluationInputError(checked.error);
  const r = checked.value;
  const events: Array<EvaluationReRated | EvaluationRemovalFlagged> = [
    {
      type: 'EvaluationReRated',
      data: {
        caseId,
        personId,
        meeting: d.meeting,
        votes: d.votes,
        pass: r.pass,
        cast: r.cast,
        outcome: r.outcome,
        ratedOn: APPEND_DATE,
        actor,
        at: APPEND_TIME,
      },
    },
  ];
  if (r.outcome === 'removal') {
    events.push({ type: 'EvaluationRemovalFlagged', data: { caseId, personId, reason: 'failed-re-rating', years: [], at: APPEND_TIME } });
  }
  return events;
};

// ── the grade that stands ──────────────────────────────────────────────────────

export interface FinalGrade {
  year: number;
  grade: Grade;
  /** The person's final grades of the years before, from the read model. */
  history: readonly GradeRecord[];
}

/** The grade stands; two straight years 不称职 flag removal beside it. */
export const decideFinalGrade: Decide<
  FinalGrade,
  EvaluationCase & { policy: EvaluationPolicy },
  EvaluationGradeFinal | EvaluationRemovalFlagged
> = ({ year, grade, history }, { caseId, personId, policy }) => {
  const removal = consequences([...history, { year, grade }], null, policy).find((c) => c.kind === 'removal');
  const events: Array<EvaluationGradeFinal | EvaluationRemovalFlagged> = [
    { type: 'EvaluationGradeFinal', data: { caseId, personId, year, grade, at: APPEND_TIME } },
  ];
  if (removal) {
    events.push({
      type: 'EvaluationRemovalFlagged',
      data: { caseId, personId, reason: 'two-years-not-competent', years: [...removal.years], at: APPEND_TIME },
    });
  }
  return events;
};

// ── the status a client sees ──────────────────────────────────────────────────────

/**
 * The warning and the removal flag, as the events recorded them. The rest of the status
 * (the stage, the windows) follows the workflow's own steps, which set it directly.
 */
export const evolveEvaluationStatus: Evolve<EvaluationStatus> = (status, event: DomainEvent) => {
  switch (event.type) {
    case 'EvaluationWarningIssued':
      return { ...status, warning: 'issued' };
    case 'EvaluationReRated':
      return { ...status, warning: event.data.outcome };
    case 'EvaluationRemovalFlagged':
      return { ...status, removalFlagged: true };
    default:
      return status;
  }
};
