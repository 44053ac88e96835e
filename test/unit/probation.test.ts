/**
 * 试用期 rules (docs/domain.md §2), without Temporal: the plan of a probation, the
 * democratic rating's threshold and the county's final decision.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type Policy } from '../../domain/policy';
import { assessVotes, checkFinalDecision, parseAssessment, parseCheckIn, parseOutcome, planProbation } from '../../domain/probation';

const p = DEFAULT_POLICY.probation;

describe('the plan of a probation', () => {
  it('given an appointment, when planned, then it lasts a year with a check-in every three months before its end', () => {
    const plan = planProbation('2026-01-15', false, p);
    expect(plan.endsOn).toBe('2027-01-15');
    expect(plan.checkInDates).toEqual(['2026-04-15', '2026-07-15', '2026-10-15']);
  });

  it('given a village cadre and a county whose village probation is six months, when planned, then it follows the village duration', () => {
    const village: Policy['probation'] = { ...p, villageDurationMonths: 6 };
    const plan = planProbation('2026-01-31', true, village);
    expect(plan.endsOn).toBe('2026-07-31');
    expect(plan.checkInDates).toEqual(['2026-04-30']);
    expect(planProbation('2026-01-31', false, village).endsOn).toBe('2027-01-31');
  });
});

describe('the democratic rating at the end (民主测评)', () => {
  it('given exactly 2/3 competent or excellent votes, when assessed, then it meets the threshold; one vote less does not', () => {
    expect(assessVotes({ excellent: 10, competent: 10, basicallyCompetent: 5, notCompetent: 5 }, p)).toEqual({
      favourable: 20,
      cast: 30,
      meetsThreshold: true,
    });
    expect(assessVotes({ excellent: 10, competent: 9, basicallyCompetent: 6, notCompetent: 5 }, p).meetsThreshold).toBe(false);
  });

  it('given no votes, when the rating is parsed, then it is refused', () => {
    const parsed = parseAssessment({ votes: { excellent: 0, competent: 0, basicallyCompetent: 0, notCompetent: 0 } });
    expect(parsed).toEqual({ ok: false, error: 'votes: no votes were cast' });
  });
});

describe('the county decision', () => {
  const below = assessVotes({ excellent: 5, competent: 5, basicallyCompetent: 10, notCompetent: 10 }, p);
  const above = assessVotes({ excellent: 20, competent: 5, basicallyCompetent: 3, notCompetent: 2 }, p);

  it('given a rating below the threshold, when the county confirms, then it is refused with the numbers; removing with a reason is accepted', () => {
    const confirm = checkFinalDecision({ outcome: 'confirm', reason: '' }, below);
    expect(confirm.ok).toBe(false);
    expect(!confirm.ok && confirm.error).toContain('only 10 of 30 votes were competent or excellent');
    expect(checkFinalDecision({ outcome: 'remove', reason: '测评未达三分之二' }, below).ok).toBe(true);
  });

  it('given any rating, when the county removes without a reason, then it is refused; confirming a rating above the threshold is accepted', () => {
    expect(checkFinalDecision({ outcome: 'remove', reason: '' }, above)).toEqual({
      ok: false,
      error: 'reason is required when removing the trial post',
    });
    expect(checkFinalDecision({ outcome: 'confirm', reason: '' }, above).ok).toBe(true);
  });

  it('given a check-in or an outcome outside its choices, when parsed, then it is refused naming the field', () => {
    expect(parseCheckIn({ rating: 'great', comment: '' }).ok).toBe(false);
    expect(parseCheckIn({ rating: 'good', comment: '表现良好' })).toEqual({ ok: true, value: { rating: 'good', comment: '表现良好' } });
    const outcome = parseOutcome({ outcome: 'promote', reason: '' });
    expect(!outcome.ok && outcome.error).toContain('outcome');
  });
});
