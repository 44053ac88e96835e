/**
 * What the assessment committee's decisions in a round record
 * (domain/evaluationRoundDecider.ts), given the round's state, without Temporal: exact
 * events, field by field, and the unit's grades that follow from them.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_DATE, APPEND_TIME } from '../../domain/events';
import { EvaluationInputError } from '../../domain/evaluationInput';
import type { GradeEntry, UnitMember } from '../../domain/evaluationRound';
import {
  decideCasesStarted,
  decideReconsideration,
  decideRoundCompleted,
  decideRoundScope,
  decideRoundStart,
  decideUnitGrades,
  evolveGradedUnit,
  type GradedUnit,
} from '../../domain/evaluationRoundDecider';
import type { Grade } from '../../domain/grades';
import { DEFAULT_POLICY } from '../../domain/policy';
import { decider } from '../support/decider';

const policy = DEFAULT_POLICY.evaluation;
const roundId = 'evaluation-round/2026/county';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const at = APPEND_TIME;
const unit = { unitId: 'ts-01/organ', kind: 'organ' as const };

/** n township cadres of one unit, each with a case. */
function members(n: number): Array<UnitMember & { caseId: string }> {
  return Array.from({ length: n }, (_, i) => {
    const personId = `p-${String(i + 1).padStart(3, '0')}`;
    return { personId, caseId: `evaluation/2026/${personId}`, village: false, voteProposal: null, recommended: 'competent' as const };
  });
}

/** The first `excellent` graded 优秀, the rest 称职. */
function grades(ms: readonly UnitMember[], excellent: number): Record<string, GradeEntry> {
  return Object.fromEntries(ms.map((m, i) => [m.personId, { grade: (i < excellent ? 'excellent' : 'competent') as Grade, reason: '' }]));
}

describe('the round opens, finds its cadres and starts their cases', () => {
  it('given a round of one township, when it starts, then the case belongs to that township; a county round to its scope', () => {
    const oneTownship = 'evaluation-round/2026/ts-04';
    decider(decideRoundStart)
      .given({ roundId: oneTownship })
      .when({ year: 2026, scope: 'ts-04', townshipIds: ['ts-04'], policyVersion: '3' })
      .then([
        {
          type: 'CaseStarted',
          data: {
            caseId: oneTownship,
            kind: 'evaluation-round',
            subjectId: '2026/ts-04',
            townshipId: 'ts-04',
            policyVersion: '3',
            startedAt: at,
            summary: '2026年度考核 ts-04',
          },
        },
      ]);
    decider(decideRoundStart)
      .given({ roundId })
      .when({ year: 2026, scope: 'county', townshipIds: null, policyVersion: '3' })
      .then([
        {
          type: 'CaseStarted',
          data: {
            caseId: roundId,
            kind: 'evaluation-round',
            subjectId: '2026/county',
            townshipId: 'county',
            policyVersion: '3',
            startedAt: at,
            summary: '2026年度考核 county',
          },
        },
      ]);
  });

  it('given the cadres found, when the scope is recorded, then it names the policy’s quota', () => {
    decider(decideRoundScope)
      .given({ roundId, policy })
      .when({ year: 2026, scope: 'county', townshipIds: null, cadres: 57 })
      .then([
        {
          type: 'EvaluationRoundStarted',
          data: { roundId, year: 2026, scope: 'county', townshipIds: null, cadres: 57, quotaPercent: 20, at },
        },
      ]);
  });

  it('given units of 7 and 4, when the cases have started, then each unit’s quota is rounded down: 1 and none', () => {
    const skipped = [{ personId: 'p-009', caseId: 'evaluation/2026/p-009' }];
    decider(decideCasesStarted)
      .given({ roundId, policy })
      .when({
        started: 11,
        skipped,
        units: [
          { unitId: 'ts-01/organ', kind: 'organ', townshipId: 'ts-01', assessed: 7 },
          { unitId: 'ts-01/village', kind: 'village', townshipId: 'ts-01', assessed: 4 },
        ],
      })
      .then([
        {
          type: 'EvaluationRoundCasesStarted',
          data: {
            roundId,
            started: 11,
            skipped,
            units: [
              { unitId: 'ts-01/organ', kind: 'organ', townshipId: 'ts-01', assessed: 7, allowedExcellent: 1 },
              { unitId: 'ts-01/village', kind: 'village', townshipId: 'ts-01', assessed: 4, allowedExcellent: 0 },
            ],
            at,
          },
        },
      ]);
  });

  it('given the grades that stood, when the round completes, then it records their distribution, every grade counted', () => {
    decider(decideRoundCompleted)
      .given({ roundId })
      .when({ finals: ['excellent', 'competent', 'competent', 'not-competent'] })
      .then([
        {
          type: 'EvaluationRoundCompleted',
          data: { roundId, distribution: { excellent: 1, competent: 2, 'basically-competent': 0, 'not-competent': 1 }, at },
        },
      ]);
  });
});

describe('the committee grades a unit', () => {
  it('given 10 cadres, when 2 are graded 优秀 (20%), then everyone’s grade is recorded in order with the quota as it stood', () => {
    const ms = members(10);
    decider(decideUnitGrades)
      .given({ roundId, unit, members: ms, policy })
      .when({ value: { grades: grades(ms, 2), gradedOn: '2027-01-05' }, actor: county })
      .then([
        {
          type: 'EvaluationUnitGraded',
          data: {
            roundId,
            unitId: 'ts-01/organ',
            grades: ms.map((m, i) => ({ personId: m.personId, caseId: m.caseId, grade: i < 2 ? 'excellent' : 'competent', reason: '' })),
            standing: { assessed: 10, percent: 20, allowed: 2, excellent: 2 },
            gradedOn: '2027-01-05',
            actor: county,
            at,
          },
        },
      ]);
  });

  it('given 10 cadres and a 25% approval, when graded, then the approval and its percent are recorded, and the notice day when given', () => {
    const ms = members(10);
    const quotaApproval = { percent: 25, reference: '县委组字〔2026〕12号' };
    const [event] = decider(decideUnitGrades)
      .given({ roundId, unit, members: ms, policy })
      .when({ value: { grades: grades(ms, 2), noticePostedOn: '2027-01-06', quotaApproval }, actor: county })
      .then([
        {
          type: 'EvaluationUnitGraded',
          data: {
            roundId,
            unitId: 'ts-01/organ',
            grades: ms.map((m, i) => ({ personId: m.personId, caseId: m.caseId, grade: i < 2 ? 'excellent' : 'competent', reason: '' })),
            standing: { assessed: 10, percent: 25, allowed: 2, excellent: 2 },
            noticePostedOn: '2027-01-06',
            quotaApproval,
            actor: county,
            at,
          },
        },
      ]);
    // Optional fields absent stay absent: the event's keys are exactly these, in this order.
    expect(Object.keys(event!.data)).toEqual(['roundId', 'unitId', 'grades', 'standing', 'noticePostedOn', 'quotaApproval', 'actor', 'at']);
  });

  it('given 10 cadres, when 3 are graded 优秀 (over the quota), then it throws: the task’s check refused it', () => {
    const ms = members(10);
    decider(decideUnitGrades)
      .given({ roundId, unit, members: ms, policy })
      .when({ value: { grades: grades(ms, 3) }, actor: county })
      .thenThrows(/over quota by 1/);
    expect(() => decideUnitGrades({ value: { grades: grades(ms, 3) }, actor: county }, { roundId, unit, members: ms, policy })).toThrow(
      EvaluationInputError,
    );
  });

  it('the grading sets the unit’s grades and its approval; other events leave the unit as it was', () => {
    const ms = members(3);
    const quotaApproval = { percent: 25, reference: '县委组字〔2026〕12号' };
    const graded = decideUnitGrades(
      { value: { grades: grades(ms, 0), quotaApproval }, actor: county },
      { roundId, unit, members: ms, policy },
    );
    const before: GradedUnit = {};
    const after = graded.reduce(evolveGradedUnit, before);
    expect([...after.grades!]).toEqual([
      ['p-001', 'competent'],
      ['p-002', 'competent'],
      ['p-003', 'competent'],
    ]);
    expect(after.approval).toEqual(quotaApproval);
    const withoutApproval = decideUnitGrades({ value: { grades: grades(ms, 0) }, actor: county }, { roundId, unit, members: ms, policy });
    expect(withoutApproval.reduce(evolveGradedUnit, before)).not.toHaveProperty('approval');
    const review = decideReconsideration(
      { value: { outcome: 'upheld', reason: '' }, actor: county },
      { kind: 'review', roundId, unitId: unit.unitId, caseId: 'evaluation/2026/p-001', personId: 'p-001', from: 'competent', policy },
    );
    expect(review.reduce(evolveGradedUnit, after)).toBe(after);
  });
});

describe('the committee decides a review or an appeal', () => {
  const person = { roundId, unitId: 'ts-01/organ', caseId: 'evaluation/2026/p-004', personId: 'p-004' };

  it('given 基本称职, when the review changes it to 称职, then the decision names both grades, its day and the appeal window', () => {
    decider(decideReconsideration)
      .given({ kind: 'review', ...person, from: 'basically-competent', policy })
      .when({ value: { outcome: 'changed', grade: 'competent', reason: '材料补正' }, actor: county })
      .then([
        {
          type: 'EvaluationReviewDecided',
          data: {
            ...person,
            outcome: 'changed',
            from: 'basically-competent',
            to: 'competent',
            reason: '材料补正',
            decidedOn: APPEND_DATE,
            appealDays: 15,
            actor: county,
            at,
          },
        },
      ]);
  });

  it('given 称职, when the appeal upholds it, then the grade stays and no appeal window follows', () => {
    decider(decideReconsideration)
      .given({ kind: 'appeal', ...person, from: 'competent', policy })
      .when({ value: { outcome: 'upheld', reason: '维持原等次' }, actor: county })
      .then([
        {
          type: 'EvaluationAppealDecided',
          data: {
            ...person,
            outcome: 'upheld',
            from: 'competent',
            to: 'competent',
            reason: '维持原等次',
            decidedOn: APPEND_DATE,
            actor: county,
            at,
          },
        },
      ]);
  });
});
