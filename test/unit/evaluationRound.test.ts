/**
 * The round's pure rules: business ids, units of assessment, the committee's grades for
 * a whole unit (coverage, the village vote, the 优秀 quota at its edge) and the decisions
 * only the evaluation asks for.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy, PolicyError } from '../../domain/policy';
import { checkGradeProposal, quotaWithApprovalPercent } from '../../domain/excellentQuota';
import type { Grade } from '../../domain/grades';
import {
  assessmentUnitId,
  CASES_PER_PART,
  checkQuotaApprovalDay,
  checkUnitGrades,
  checkVillageGrade,
  evaluationWorkflowId,
  evaluationYearFor,
  gradeDistribution,
  checkNotifiedOn,
  checkRegrade,
  parseNotification,
  parseScoreDecision,
  parseUnitGrades,
  roundPartWorkflowId,
  roundScope,
  roundWorkflowId,
  scoringRules,
  splitIntoParts,
  workingDaysUntil,
  type GradeEntry,
  type UnitMember,
} from '../../domain/evaluationRound';

const p = DEFAULT_POLICY.evaluation;

function villageUnit(n: number): UnitMember[] {
  return Array.from({ length: n }, (_, i) => ({
    personId: `p-${String(i + 1).padStart(3, '0')}`,
    village: true,
    voteProposal: i < 15 ? ('excellent' as const) : null,
    recommended: 'competent' as const,
  }));
}

function grades(members: UnitMember[], excellent: number): Record<string, GradeEntry> {
  return Object.fromEntries(
    members.map((m, i) => [m.personId, { grade: (i < excellent ? 'excellent' : 'competent') as Grade, reason: '' }]),
  );
}

describe('round ids', () => {
  it('names one round per year and scope, whatever the order of townships', () => {
    expect(roundScope(null)).toBe('county');
    expect(roundScope([])).toBe('county');
    expect(roundScope(['ts-05', 'ts-03', 'ts-05'])).toBe('ts-03+ts-05');
    expect(roundWorkflowId(2026, roundScope(['ts-04']))).toBe('evaluation-round/2026/ts-04');
    expect(evaluationWorkflowId(2026, 'p-0001')).toBe('evaluation/2026/p-0001');
  });

  it('a round opened in the first half of a year assesses the year before', () => {
    expect(evaluationYearFor('2026-12-01')).toBe(2026);
    expect(evaluationYearFor('2026-07-01')).toBe(2026);
    expect(evaluationYearFor('2027-01-05')).toBe(2026);
  });

  it('assesses a township’s own cadres and its village cadres as two units', () => {
    expect(assessmentUnitId('ts-04', 'organ')).toBe('ts-04/township');
    expect(assessmentUnitId('ts-04', 'village')).toBe('ts-04/villages');
  });
});

describe('a round in parts', () => {
  it('cuts ten thousand cadres into twenty parts of 500, in order, each part under its round', () => {
    const cadres = Array.from({ length: 10_000 }, (_, i) => i);
    const parts = splitIntoParts(cadres, CASES_PER_PART);
    expect(parts).toHaveLength(20);
    expect(parts.every((part) => part.length === 500)).toBe(true);
    expect(parts.flat()).toEqual(cadres);
    expect(roundPartWorkflowId('evaluation-round/2026/county', 3)).toBe('evaluation-round/2026/county/part-3');
  });

  it('keeps the remainder as a last, smaller part, and an empty round has no part', () => {
    expect(splitIntoParts([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(splitIntoParts([], 500)).toEqual([]);
  });

  it('refuses a part size that holds no case', () => {
    expect(() => splitIntoParts([1], 0)).toThrow(RangeError);
    expect(() => splitIntoParts([1], 2.5)).toThrow('a part holds at least one case, not 2.5');
  });
});

describe('the committee grades a unit', () => {
  const unit = { unitId: 'ts-01/villages', kind: 'village' as const };

  it('accepts 10 优秀 of 50 and refuses 11 with the numbers', () => {
    const members = villageUnit(50);
    const ten = checkUnitGrades(unit, members, grades(members, 10), p);
    expect(ten.ok).toBe(true);
    if (ten.ok) expect(ten.value.standing).toEqual({ assessed: 50, percent: 20, allowed: 10, excellent: 10 });

    const eleven = checkUnitGrades(unit, members, grades(members, 11), p);
    expect(eleven.ok).toBe(false);
    if (!eleven.ok) {
      expect(eleven.refusal).toEqual({
        kind: 'over-quota',
        unitId: 'ts-01/villages',
        assessed: 50,
        percent: 20,
        allowed: 10,
        proposed: 11,
        over: 1,
        withApproval: { percent: 25, allowed: 12 },
      });
      expect(eleven.error).toBe(
        'ts-01/villages: 10 优秀 of 50 allowed (20%); a proposal of 11 is over quota by 1 (allowed = floor(50 × 20 / 100) = 10); ' +
          'an approval (quotaApproval) may raise it to 25%: floor(50 × 25 / 100) = 12',
      );
    }
  });

  it('follows the policy’s percent: 15% of 50 allows 7', () => {
    const members = villageUnit(50);
    const strict = { ...p, excellentQuotaPercent: 15 };
    expect(checkUnitGrades(unit, members, grades(members, 7), strict).ok).toBe(true);
    const eight = checkUnitGrades(unit, members, grades(members, 8), strict);
    expect(!eight.ok && eight.refusal.kind === 'over-quota' && eight.refusal.allowed).toBe(7);
  });

  it('with a 25% approval accepts 12 优秀 of 50 (floor 12.5) and refuses 13 with the approved numbers', () => {
    const members = villageUnit(50);
    const approval = { percent: 25, reference: '县委组字〔2026〕12号', approvedOn: '2026-12-20' };
    const twelve = checkUnitGrades(unit, members, grades(members, 12), p, approval);
    expect(twelve.ok && twelve.value.standing).toEqual({ assessed: 50, percent: 25, allowed: 12, excellent: 12 });

    const thirteen = checkUnitGrades(unit, members, grades(members, 13), p, approval);
    expect(!thirteen.ok && thirteen.refusal).toEqual({
      kind: 'over-quota',
      unitId: 'ts-01/villages',
      assessed: 50,
      percent: 25,
      allowed: 12,
      proposed: 13,
      over: 1,
      approval,
    });
    expect(!thirteen.ok && thirteen.error).toBe(
      'ts-01/villages: 12 优秀 of 50 allowed (25% by approval 县委组字〔2026〕12号); a proposal of 13 is over quota by 1 (allowed = floor(50 × 25 / 100) = 12)',
    );
    // Without the approval the same 12 are over the policy's quota.
    expect(checkUnitGrades(unit, members, grades(members, 12), p)).toMatchObject({
      ok: false,
      refusal: { kind: 'over-quota', allowed: 10, over: 2 },
    });
  });

  it('refuses an approval above the policy’s ceiling (26%) or not above its quota (20%)', () => {
    const members = villageUnit(50);
    const over = checkUnitGrades(unit, members, grades(members, 10), p, { percent: 26, reference: '县委组字〔2026〕12号' });
    expect(over).toEqual({
      ok: false,
      error: 'ts-01/villages: quotaApproval.percent 26 is above 25%, the most an approval may raise the 优秀 quota to',
      refusal: { kind: 'quota-approval', unitId: 'ts-01/villages' },
    });
    const same = checkUnitGrades(unit, members, grades(members, 10), p, { percent: 20, reference: '县委组字〔2026〕12号' });
    expect(!same.ok && same.error).toBe(
      'ts-01/villages: quotaApproval.percent 20 is not above the quota without approval (20%): leave quotaApproval out',
    );
  });

  it('a review re-checks the quota against the unit’s approved ceiling', () => {
    const approval = { percent: 25, reference: '县委组字〔2026〕12号' };
    const current = new Map(villageUnit(50).map((m, i) => [m.personId, (i < 12 ? 'excellent' : 'competent') as Grade]));
    const raise = [{ personId: 'p-050', grade: 'excellent' as const }];
    expect(checkGradeProposal(unit, current, raise, p, approval)).toMatchObject({
      ok: false,
      refusal: { kind: 'over-quota', percent: 25, allowed: 12, proposed: 13, approval },
    });
    // Lowering one of the twelve makes room for the raise.
    const swap = checkGradeProposal(unit, current, [{ personId: 'p-001', grade: 'competent' }, ...raise], p, approval);
    expect(swap.ok && swap.value.get('p-050')).toBe('excellent');
  });

  it('grades everyone of the unit at once', () => {
    const members = villageUnit(5);
    const some = grades(members, 0);
    delete some['p-002'];
    const missing = checkUnitGrades(unit, members, some, p);
    expect(!missing.ok && missing.refusal).toEqual({ kind: 'coverage', unitId: 'ts-01/villages', missing: ['p-002'], unknown: [] });
    const extra = checkUnitGrades(unit, members, { ...grades(members, 0), 'p-999': { grade: 'competent', reason: '' } }, p);
    expect(!extra.ok && extra.error).toMatch(/not assessed in ts-01\/villages: p-999/);
  });

  it('holds a village cadre’s grade to the vote', () => {
    const members: UnitMember[] = [
      { personId: 'a', village: true, voteProposal: 'not-competent', recommended: 'not-competent' },
      { personId: 'b', village: true, voteProposal: null, recommended: 'competent' },
      { personId: 'c', village: false, voteProposal: null, recommended: 'competent' },
      { personId: 'd', village: false, voteProposal: null, recommended: 'competent' },
      { personId: 'e', village: false, voteProposal: null, recommended: 'competent' },
    ];
    const base = {
      a: { grade: 'not-competent' as Grade, reason: '测评不称职票过半' },
      b: { grade: 'competent' as Grade, reason: '' },
      c: { grade: 'excellent' as Grade, reason: '' },
      d: { grade: 'competent' as Grade, reason: '' },
      e: { grade: 'competent' as Grade, reason: '' },
    };
    expect(checkUnitGrades(unit, members, base, p).ok).toBe(true);
    const lifted = checkUnitGrades(unit, members, { ...base, a: { grade: 'basically-competent', reason: '' } }, p);
    expect(!lifted.ok && lifted.refusal).toEqual({ kind: 'vote-rule', personId: 'a' });
    const unearned = checkUnitGrades(
      unit,
      members,
      { ...base, b: { grade: 'excellent', reason: '' }, c: { grade: 'competent', reason: '' } },
      p,
    );
    expect(!unearned.ok && unearned.error).toMatch(/^b: the vote proposes neither/);
  });

  it('village vote rules', () => {
    expect(checkVillageGrade('excellent', 'excellent').ok).toBe(true);
    expect(checkVillageGrade('excellent', 'competent').ok).toBe(true);
    expect(checkVillageGrade('excellent', 'not-competent').ok).toBe(false);
    expect(checkVillageGrade('not-competent', 'not-competent').ok).toBe(true);
    expect(checkVillageGrade(null, 'basically-competent').ok).toBe(true);
    expect(checkVillageGrade(null, 'excellent').ok).toBe(false);
  });

  it('counts a distribution', () => {
    expect(gradeDistribution(['excellent', 'competent', 'competent'])).toEqual({
      excellent: 1,
      competent: 2,
      'basically-competent': 0,
      'not-competent': 0,
    });
  });
});

describe('decisions', () => {
  it('parses a unit’s grades: a grade alone or with its reason; 不称职 needs one', () => {
    expect(parseUnitGrades({ grades: { 'p-1': 'excellent', 'p-2': { grade: 'not-competent', reason: '失职' } } })).toEqual({
      ok: true,
      value: { grades: { 'p-1': { grade: 'excellent', reason: '' }, 'p-2': { grade: 'not-competent', reason: '失职' } } },
    });
    expect(parseUnitGrades({ grades: { 'p-2': 'not-competent' } })).toEqual({
      ok: false,
      error: 'grades.p-2: reason is required for a not-competent grade',
    });
    expect(parseUnitGrades({ grades: { 'p-1': 'great' } }).ok).toBe(false);
    expect(parseUnitGrades({ grade: {} }).ok).toBe(false);
  });

  it('parses a score sheet with negative-list items', () => {
    expect(parseScoreDecision({ supervisor: 90, staff: 85.5, assessmentTeam: 88, bonus: 2, negatives: ['违规用款'] })).toEqual({
      ok: true,
      value: { sheet: { supervisor: 9000, staff: 8550, assessmentTeam: 8800, bonus: 200 }, negatives: ['违规用款'] },
    });
    expect(parseScoreDecision({ supervisor: 90, staff: 85, assessmentTeam: 88, negatives: '违规用款，信访属实' })).toMatchObject({
      ok: true,
      value: { negatives: ['违规用款', '信访属实'] },
    });
    expect(parseScoreDecision({ supervisor: 101, staff: 85, assessmentTeam: 88 }).ok).toBe(false);
    expect(parseScoreDecision({ supervisor: 90, staff: 85, assessmentTeam: 88, extra: 1 }).ok).toBe(false);
  });

  it('parses a written notification', () => {
    expect(parseNotification({ method: 'in-person' })).toEqual({ ok: true, value: { method: 'in-person', note: '' } });
    expect(parseNotification({ method: 'pigeon' }).ok).toBe(false);
  });

  it('a regrade after an upheld objection to the 优秀 notice may be anything but 优秀', () => {
    expect(checkRegrade({ grade: 'competent', reason: '公示异议属实' })).toEqual({
      ok: true,
      value: { grade: 'competent', reason: '公示异议属实' },
    });
    expect(checkRegrade({ grade: 'excellent', reason: '' })).toEqual({
      ok: false,
      error: 'an upheld objection to the 优秀 notice rules out excellent: give another grade',
    });
  });

  it('takes the days of steps recorded afterwards: the meeting, the notice, the letter', () => {
    expect(parseUnitGrades({ grades: { 'p-1': 'competent' }, gradedOn: '2026-12-28', noticePostedOn: '2026-12-29' })).toEqual({
      ok: true,
      value: { grades: { 'p-1': { grade: 'competent', reason: '' } }, gradedOn: '2026-12-28', noticePostedOn: '2026-12-29' },
    });
    expect(parseUnitGrades({ grades: {}, gradedOn: '' })).toEqual({ ok: true, value: { grades: {} } });
    expect(parseUnitGrades({ grades: {}, gradedOn: '2026-12-28', noticePostedOn: '2026-12-27' })).toEqual({
      ok: false,
      error: 'noticePostedOn 2026-12-27 is before gradedOn 2026-12-28: the notice follows the grades',
    });
    expect(parseUnitGrades({ grades: {}, noticePostedOn: '2026-12-29' })).toEqual({
      ok: false,
      error: "noticePostedOn needs gradedOn: the 优秀 notice follows the committee's grades",
    });
    expect(parseUnitGrades({ grades: {}, gradedOn: '2026-02-30' })).toEqual({
      ok: false,
      error: 'gradedOn: no such calendar day: 2026-02-30',
    });
    expect(parseUnitGrades({ grades: {}, gradedOn: '2031-01-05' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^gradedOn 2031-01-05: /),
    });
    expect(parseUnitGrades({ grades: {}, gradedOn: 20261228 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('gradedOn must be a date YYYY-MM-DD'),
    });

    const letter = parseNotification({ method: 'post', notifiedOn: '2027-01-08' });
    expect(letter).toEqual({ ok: true, value: { method: 'post', note: '', notifiedOn: '2027-01-08' } });
    const value = (letter as { ok: true; value: Parameters<typeof checkNotifiedOn>[0] }).value;
    // Not before the day the grade could first be told; the boundary day itself is fine.
    expect(checkNotifiedOn(value, '2027-01-08').ok).toBe(true);
    expect(checkNotifiedOn(value, '2027-01-09')).toEqual({
      ok: false,
      error: 'notifiedOn 2027-01-08 is before 2027-01-09, the first day the grade could be notified',
    });
    expect(checkNotifiedOn(value, undefined)).toMatchObject({ ok: false, error: expect.stringContaining('leave notifiedOn out') });
    expect(checkNotifiedOn({ method: 'post', note: '' }, undefined).ok).toBe(true);
  });

  it('parses a quota approval: percent, the approving document, and its day; unknown fields and a missing reference are refused', () => {
    const decision = {
      grades: { 'p-1': 'excellent' },
      gradedOn: '2026-12-28',
      quotaApproval: { percent: 25, reference: ' 县委组字〔2026〕12号 ', approvedOn: '2026-12-20' },
    };
    expect(parseUnitGrades(decision)).toEqual({
      ok: true,
      value: {
        grades: { 'p-1': { grade: 'excellent', reason: '' } },
        gradedOn: '2026-12-28',
        quotaApproval: { percent: 25, reference: '县委组字〔2026〕12号', approvedOn: '2026-12-20' },
      },
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 25, reference: '批复' } })).toEqual({
      ok: true,
      value: { grades: {}, quotaApproval: { percent: 25, reference: '批复' } },
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 25 } })).toEqual({
      ok: false,
      error: 'quotaApproval.reference is required',
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 25, reference: '   ' } })).toEqual({
      ok: false,
      error: 'quotaApproval.reference is required: it holds only blank or invisible characters',
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 25, reference: '批复', by: '县委' } })).toEqual({
      ok: false,
      error: 'quotaApproval: unknown field(s): by (allowed: percent, reference, approvedOn)',
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 24.5, reference: '批复' } })).toEqual({
      ok: false,
      error: 'quotaApproval.percent must be a whole percentage from 1 to 100, got 24.5',
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: 25 })).toMatchObject({
      ok: false,
      error: expect.stringContaining('quotaApproval must be an object'),
    });
    expect(parseUnitGrades({ grades: {}, quotaApproval: { percent: 25, reference: '批复', approvedOn: '2026-02-30' } })).toEqual({
      ok: false,
      error: 'quotaApproval.approvedOn: no such calendar day: 2026-02-30',
    });
    // The approval comes before the grades it allows.
    expect(
      parseUnitGrades({ grades: {}, gradedOn: '2026-12-28', quotaApproval: { percent: 25, reference: '批复', approvedOn: '2026-12-29' } }),
    ).toEqual({
      ok: false,
      error: 'quotaApproval.approvedOn 2026-12-29 is after gradedOn 2026-12-28: the approval comes before the grades it allows',
    });
    // Not after today, which the forms know and the round's validator does not.
    const dated = { grades: {}, quotaApproval: { percent: 25, reference: '批复', approvedOn: '2026-12-29' } };
    expect(checkQuotaApprovalDay(dated, '2026-12-29').ok).toBe(true);
    expect(checkQuotaApprovalDay(dated, '2026-12-28')).toEqual({
      ok: false,
      error: 'quotaApproval.approvedOn 2026-12-29 is after today (2026-12-28)',
    });
  });

  it('turns a calendar-day limit into working days, due on the last working day not after it', () => {
    // 2026-12-01 is a Tuesday; 2026-12-31 a Thursday; 2027-01-01 New Year's Day.
    expect(workingDaysUntil('2026-12-01', '2026-12-31')).toBe(22);
    expect(workingDaysUntil('2026-12-01', '2027-01-01')).toBe(22);
    expect(workingDaysUntil('2026-12-01', '2026-12-01')).toBe(1);
  });
});

describe('scoring rules', () => {
  it('come from the policy, and a case started under a policy without them keeps the built-in values', () => {
    const policy = structuredClone(DEFAULT_POLICY);
    policy.evaluation.bonusCapPoints = 3;
    policy.evaluation.starBands = { five: 95, four: 85, three: 75, two: 65 };
    policy.evaluation.ratingQuorum = { num: 1, den: 2, mode: 'more-than' };
    expect(scoringRules(policy)).toEqual({
      bonusCap: 300,
      starBands: { five: 95, four: 85, three: 75, two: 65 },
      ratingQuorum: { num: 1, den: 2, mode: 'more-than' },
    });
    const before = structuredClone(DEFAULT_POLICY) as unknown as { evaluation: Record<string, unknown> };
    delete before.evaluation.bonusCapPoints;
    delete before.evaluation.starBands;
    delete before.evaluation.ratingQuorum;
    expect(scoringRules(before as unknown as typeof DEFAULT_POLICY)).toEqual({
      bonusCap: 500,
      starBands: { five: 90, four: 80, three: 70, two: 60 },
      ratingQuorum: { num: 2, den: 3, mode: 'more-than' },
    });
  });
});

describe('the 优秀 quota with approval in the policy', () => {
  it('is 25% by default, checked against the quota when the policy loads, and 25 for a policy from before the field', () => {
    expect(quotaWithApprovalPercent(p)).toBe(25);
    expect(
      parsePolicy({ version: 'c.1', evaluation: { excellentQuotaWithApprovalPercent: 22 } }).evaluation.excellentQuotaWithApprovalPercent,
    ).toBe(22);
    const low = (() => {
      try {
        parsePolicy({ version: 'c.2', evaluation: { excellentQuotaPercent: 20, excellentQuotaWithApprovalPercent: 15 } });
      } catch (err) {
        return err;
      }
    })();
    expect(low).toBeInstanceOf(PolicyError);
    expect((low as PolicyError).message).toBe(
      'policy.evaluation.excellentQuotaWithApprovalPercent: expected excellentQuotaWithApprovalPercent ≥ excellentQuotaPercent (20), got 15',
    );
    expect(() => parsePolicy({ version: 'c.3', evaluation: { excellentQuotaWithApprovalPercent: 101 } })).toThrow(
      'policy.evaluation.excellentQuotaWithApprovalPercent: expected a whole percentage from 0 to 100, got 101',
    );

    const before = structuredClone(DEFAULT_POLICY) as unknown as { evaluation: Record<string, unknown> };
    delete before.evaluation.excellentQuotaWithApprovalPercent;
    const old = (before as unknown as typeof DEFAULT_POLICY).evaluation;
    expect(quotaWithApprovalPercent(old)).toBe(25);
    const unit = { unitId: 'ts-01/villages', kind: 'village' as const };
    const members = villageUnit(50);
    expect(checkUnitGrades(unit, members, grades(members, 12), old, { percent: 25, reference: '批复' })).toMatchObject({
      ok: true,
      value: { standing: { percent: 25, allowed: 12 } },
    });
    expect(checkUnitGrades(unit, members, grades(members, 12), old, { percent: 26, reference: '批复' })).toMatchObject({
      ok: false,
      refusal: { kind: 'quota-approval' },
    });
  });
});
