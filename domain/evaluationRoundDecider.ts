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
import { APPEND_DATE, APPEND_TIME, type CaseStarted, type DomainEvent } from './events';
import type {
  EvaluationAppealDecided,
  EvaluationReviewDecided,
  EvaluationRoundCasesStarted,
  EvaluationRoundCompleted,
  EvaluationRoundStarted,
  EvaluationUnitGraded,
} from './events/evaluation';
import { EvaluationInputError, type EvaluationPolicy } from './evaluationInput';
import { checkUnitGrades, gradeDistribution, type UnitGradesDecision, type UnitMember } from './evaluationRound';
import type { ReviewDecision } from './evaluationReview';
import { excellentQuota, type AssessmentUnit, type QuotaApproval } from './excellentQuota';
import type { Grade } from './grades';

/** Every round event names the round. */
export interface RoundCase {
  roundId: string;
}

// ── the round opens, finds its cadres and starts their cases ──────────────────────────────

export interface RoundStart {
  year: number;
  /** The scope as roundScope names it: `county`, or the townships joined with `+`. */
  scope: string;
  townshipIds: string[] | null;
  policyVersion: string;
}

/** The round's case: a round of one township belongs to that township, any other to its scope. */
export const decideRoundStart: Decide<RoundStart, RoundCase, CaseStarted> = ({ year, scope, townshipIds, policyVersion }, { roundId }) => [
  {
    type: 'CaseStarted',
    data: {
      caseId: roundId,
      kind: 'evaluation-round',
      subjectId: `${year}/${scope}`,
      townshipId: townshipIds?.length === 1 ? townshipIds[0]! : scope,
      policyVersion,
      startedAt: APPEND_TIME,
      summary: `${year}年度考核 ${scope}`,
    },
  },
];

/** The cadres the registry found in scope, and the quota the round counts under. */
export const decideRoundScope: Decide<
  Omit<RoundStart, 'policyVersion'> & { cadres: number },
  RoundCase & { policy: EvaluationPolicy },
  EvaluationRoundStarted
> = ({ year, scope, townshipIds, cadres }, { roundId, policy }) => [
  {
    type: 'EvaluationRoundStarted',
    data: { roundId, year, scope, townshipIds, cadres, quotaPercent: policy.excellentQuotaPercent, at: APPEND_TIME },
  },
];

export interface CasesStarted {
  started: number;
  /** Cadres another round of the year assesses already. */
  skipped: Array<{ personId: string; caseId: string }>;
  /** The units of assessment of the cadres assessed here, with how many each. */
  units: Array<{ unitId: string; kind: AssessmentUnit['kind']; townshipId: string; assessed: number }>;
}

/** The cases started, and each unit's 优秀 quota under the policy (an approval may raise it later). */
export const decideCasesStarted: Decide<CasesStarted, RoundCase & { policy: EvaluationPolicy }, EvaluationRoundCasesStarted> = (
  { started, skipped, units },
  { roundId, policy },
) => [
  {
    type: 'EvaluationRoundCasesStarted',
    data: {
      roundId,
      started,
      skipped,
      units: units.map((u) => ({ ...u, allowedExcellent: excellentQuota(u.assessed, policy.excellentQuotaPercent) })),
      at: APPEND_TIME,
    },
  },
];

/** The round closes with the grades that stood in its cases (a case ended by hand has none). */
export const decideRoundCompleted: Decide<{ finals: Iterable<Grade> }, RoundCase, EvaluationRoundCompleted> = ({ finals }, { roundId }) => [
  { type: 'EvaluationRoundCompleted', data: { roundId, distribution: gradeDistribution(finals), at: APPEND_TIME } },
];

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
        grades: members.map((m) => ({
          personId: m.personId,
          caseId: m.caseId,
          grade: d.grades[m.personId]!.grade,
          reason: d.grades[m.personId]!.reason,
        })),
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
export const decideReconsideration: Decide<
  Decided<ReviewDecision>,
  ReconsiderationState,
  EvaluationReviewDecided | EvaluationAppealDecided
> = ({ value: d, actor }, { kind, roundId, unitId, caseId, personId, from, policy }) => {
  const to = d.outcome === 'changed' ? d.grade : from;
  const data = { roundId, unitId, caseId, personId, outcome: d.outcome, from, to, reason: d.reason, decidedOn: APPEND_DATE };
  return kind === 'review'
    ? [{ type: 'EvaluationReviewDecided', data: { ...data, appealDays: policy.appealDays, actor, at: APPEND_TIME } }]
    : [{ type: 'EvaluationAppealDecided', data: { ...data, actor, at: APPEND_TIME } }];
};
