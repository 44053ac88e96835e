/**
 * What the assessment committee's decisions in an evaluation round (docs/domain.md §3.5,
 * §3.7) record, as decide-style functions (domain/decider.ts): the grades of a whole unit,
 * and each review (复核) or appeal (申诉) it decides. The rules are domain/evaluationRound.ts
 * `checkUnitGrades` and domain/excellentQuota.ts; the workflow has run them as the task's
 * check before the decision reaches these.
 *
 * The unit's grades are the round's state a decision changes: `evolveGradedUnit` says how
 * the committee's grading sets them; a review or an appeal changes one person's grade to
 * the `to` its event records.
 */
import type { Decide, Evolve } from './decider';
import type { Decided } from './decided';
import { APPEND_DATE, APPEND_TIME, type DomainEvent } from './events';
import type { EvaluationAppealDecided, EvaluationReviewDecided, EvaluationUnitGraded } from './events/evaluation';
import { EvaluationInputError, type EvaluationPolicy } from './evaluationInput';
import { checkUnitGrades, type UnitGradesDecision, type UnitMember } from './evaluationRound';
import type { ReviewDecision } from './evaluationReview';
import type { AssessmentUnit, QuotaApproval } from './excellentQuota';
import type { Grade } from './grades';

// ── the committee grades a unit ───────────────────────────────────────────────────

export interface UnitGradingState {
  roundId: string;
  unit: AssessmentUnit;
  /** Everyone assessed in the unit, in the round's order, with their case. */
  members: ReadonlyArray<UnitMember & { caseId: string }>;
  policy: EvaluationPolicy;
}

/** The unit's grades, everyone's in the members' order, with the quota as it stood. */
export const decideUnitGrades: Decide<Decided<UnitGradesDecision>, UnitGradingState, EvaluationUnitGraded> = (
  { value: d, actor },
  { roundId, unit, members, policy },
) => {
  const graded = checkUnitGrades(unit, members, d.grades, policy, d.quotaApproval);
  // The task's check refused it already: grades here that checkUnitGrades refuses are the caller's bug.
  if (!graded.ok) throw new EvaluationInputError(graded.error);
  return [
    {
      type: 'EvaluationUnitGraded',
      data: {
        roundId,
        unitId: unit.unitId,
        grades: members.map((m) => ({ personId: m.personId, caseId: m.caseId, grade: d.grades[m.personId]!.grade, reason: d.grades[m.personId]!.reason })),
        standing: graded.value.standing,
        ...(d.gradedOn !== undefined ? { gradedOn: d.gradedOn } : {}),
        ...(d.noticePostedOn !== undefined ? { noticePostedOn: d.noticePostedOn } : {}),
        ...(d.quotaApproval !== undefined ? { quotaApproval: d.quotaApproval } : {}),
        actor,
        at: APPEND_TIME,
      },
    },
  ];
};

/** What the round keeps of a unit once graded: the grades that stand now, and the approval it was graded under. */
export interface GradedUnit {
  grades?: Map<string, Grade>;
  approval?: QuotaApproval;
}

/**
 * The committee's grading sets the unit's grades and, with an approval, the unit's quota
 * for its reviews and appeals too. Other events leave the unit as it was.
 */
export const evolveGradedUnit: Evolve<GradedUnit> = (unit, event: DomainEvent) => {
  if (event.type !== 'EvaluationUnitGraded') return unit;
  const { grades, quotaApproval } = event.data;
  return {
    ...unit,
    grades: new Map(grades.map((g) => [g.personId, g.grade])),
    ...(quotaApproval !== undefined ? { approval: quotaApproval } : {}),
  };
};

// ── 复核 and 申诉 ──────────────────────────────────────────────────────────────────

export interface ReconsiderationState {
  kind: 'review' | 'appeal';
  roundId: string;
  unitId: string;
  caseId: string;
  personId: string;
  /** The grade that stands when the decision is taken. */
  from: Grade;
  policy: EvaluationPolicy;
}

/**
 * The decision, on the day it is recorded. A review's event carries the appeal window's
 * length, since the appeal that may follow counts from it; an appeal's does not: nothing follows it.
 */
export const decideReconsideration: Decide<Decided<ReviewDecision>, ReconsiderationState, EvaluationReviewDecided | EvaluationAppealDecided> = (
  { value: d, actor },
  { kind, roundId, unitId, caseId, personId, from, policy },
) => {
  const to = d.outcome === 'changed' ? d.grade : from;
  const data = { roundId, unitId, caseId, personId, outcome: d.outcome, from, to, reason: d.reason, decidedOn: APPEND_DATE };
  return kind === 'review'
    ? [{ type: 'EvaluationReviewDecided', data: { ...data, appealDays: policy.appealDays, actor, at: APPEND_TIME } }]
    : [{ type: 'EvaluationAppealDecided', data: { ...data, actor, at: APPEND_TIME } }];
};
