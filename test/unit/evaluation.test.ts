import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RatingVotes } from '../../domain/democraticRating';
import type { EvaluationPolicy } from '../../domain/evaluationInput';
import { DEFAULT_POLICY } from '../../domain/policy';
import { checkRatingMeeting, earliestReRating, rateVillageCadre, reRate, VILLAGE_RATING_QUORUM } from '../../domain/democraticRating';
import { consequences, describeConsequence } from '../../domain/evaluationConsequences';
import { EvaluationInputError } from '../../domain/evaluationInput';
import { checkExcellentQuota, checkGradeProposal, excellentQuota } from '../../domain/excellentQuota';
import { gradeLabel, gradeRank, GRADES, isRaise, UNIT_KINDS, type Grade } from '../../domain/grades';
import { formatHundredths, pointsToHundredths } from '../../domain/points';
import { MAX_SUB_SCORE, quantifiedScore, type ScoreSheet } from '../../domain/quantifiedScore';
import { DEFAULT_STAR_BANDS, starRating } from '../../domain/starRating';
import { scoringRules } from '../../domain/evaluationRound';

const p: EvaluationPolicy = DEFAULT_POLICY.evaluation;

const votes = (excellent: number, competent: number, basicallyCompetent: number, notCompetent: number): RatingVotes => ({
  excellent,
  competent,
  basicallyCompetent,
  notCompetent,
});

const arbVotes = fc
  .record({
    excellent: fc.nat({ max: 200 }),
    competent: fc.nat({ max: 200 }),
    basicallyCompetent: fc.nat({ max: 200 }),
    notCompetent: fc.nat({ max: 200 }),
  })
  .filter((v) => v.excellent + v.competent + v.basicallyCompetent + v.notCompetent > 0);

const arbGrade = fc.constantFrom(...GRADES);

describe('grades', () => {
  it('use 称职 words in organs and villages and 合格 words in public institutions', () => {
    expect(GRADES.map((g) => gradeLabel(g, 'organ'))).toEqual(['优秀', '称职', '基本称职', '不称职']);
    expect(GRADES.map((g) => gradeLabel(g, 'village'))).toEqual(['优秀', '称职', '基本称职', '不称职']);
    expect(GRADES.map((g) => gradeLabel(g, 'public-institution'))).toEqual(['优秀', '合格', '基本合格', '不合格']);
    expect(gradeLabel('basically-competent', 'public-institution', 'en')).toBe('basically qualified');
  });

  it('every kind has a distinct word for every grade', () => {
    for (const kind of UNIT_KINDS) {
      expect(new Set(GRADES.map((g) => gradeLabel(g, kind))).size).toBe(GRADES.length);
    }
  });

  it('rank best first, and a raise is a move up that rank', () => {
    expect(GRADES.map(gradeRank)).toEqual([3, 2, 1, 0]);
    expect(isRaise('competent', 'excellent')).toBe(true);
    expect(isRaise('excellent', 'competent')).toBe(false);
    expect(isRaise('competent', 'competent')).toBe(false);
  });
});

describe('village democratic rating (民主测评)', () => {
  it('exactly 90% competent-or-better proposes 优秀; one vote less does not', () => {
    expect(rateVillageCadre(votes(10, 17, 3, 0), p).proposedGrade).toBe('excellent'); // 27/30
    expect(rateVillageCadre(votes(10, 16, 4, 0), p).proposedGrade).toBeNull(); // 26/30
  });

  it('counts 优秀 and 称职 ballots together as "competent"', () => {
    expect(rateVillageCadre(votes(27, 0, 3, 0), p)).toMatchObject({ competentOrBetter: 27, proposedGrade: 'excellent' });
  });

  it('exactly 50% 不称职 is 不称职; one vote less is not', () => {
    expect(rateVillageCadre(votes(0, 10, 5, 15), p).proposedGrade).toBe('not-competent');
    expect(rateVillageCadre(votes(0, 11, 5, 14), p).proposedGrade).toBeNull();
  });

  it('exactly 40% 不称职 makes a warning (诫勉) due; one vote less does not', () => {
    expect(rateVillageCadre(votes(0, 15, 3, 12), p)).toMatchObject({ fail: 12, cast: 30, warningDue: true, proposedGrade: null });
    expect(rateVillageCadre(votes(0, 16, 3, 11), p).warningDue).toBe(false);
  });

  it('a 不称职 result also carries the warning, since its fail share is over 40%', () => {
    expect(rateVillageCadre(votes(0, 5, 0, 5), p)).toMatchObject({ proposedGrade: 'not-competent', warningDue: true });
  });

  it('agrees with the rule in exact integers for any ballot', () => {
    fc.assert(
      fc.property(arbVotes, (v) => {
        const cast = v.excellent + v.competent + v.basicallyCompetent + v.notCompetent;
        const r = rateVillageCadre(v, p);
        const notCompetent = 2 * v.notCompetent >= cast;
        const excellent = 10 * (v.excellent + v.competent) >= 9 * cast;
        expect(r.cast).toBe(cast);
        expect(r.proposedGrade).toBe(notCompetent ? 'not-competent' : excellent ? 'excellent' : null);
        expect(r.warningDue).toBe(5 * v.notCompetent >= 2 * cast);
      }),
    );
  });

  it('refuses to rate on no ballots', () => {
    expect(() => rateVillageCadre(votes(0, 0, 0, 0), p)).toThrow(EvaluationInputError);
  });
});

describe('the rating meeting (村民代表会议)', () => {
  const v = votes(0, 20, 1, 0);

  it('needs more than 2/3 of the representatives: exactly 2/3 is refused', () => {
    const r = checkRatingMeeting({ present: 20, due: 30 }, votes(0, 20, 0, 0), VILLAGE_RATING_QUORUM);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.refusal).toEqual({ kind: 'no-quorum', present: 20, due: 30, quorum: VILLAGE_RATING_QUORUM });
      expect(r.error).toContain('20 of 30 representatives present, more than 2/3 must attend');
    }
    expect(checkRatingMeeting({ present: 21, due: 30 }, v)).toEqual({ ok: true, value: { present: 21, due: 30, cast: 21 } });
  });

  it('takes the quorum as an argument', () => {
    expect(checkRatingMeeting({ present: 20, due: 30 }, votes(0, 20, 0, 0), { num: 2, den: 3, mode: 'at-least' }).ok).toBe(true);
  });

  it('refuses more ballots than people present, and no ballots at all', () => {
    const r = checkRatingMeeting({ present: 21, due: 30 }, votes(0, 22, 0, 0));
    expect(!r.ok && r.refusal).toEqual({ kind: 'more-ballots-than-present', cast: 22, present: 21 });
    expect(checkRatingMeeting({ present: 21, due: 30 }, votes(0, 0, 0, 0))).toMatchObject({ ok: false, refusal: { kind: 'no-ballots' } });
  });
});

describe('re-rating after a warning', () => {
  it('passes with more than 60% pass votes; exactly 60% means removal', () => {
    expect(reRate(votes(0, 10, 9, 11), '2026-01-10', '2026-04-10', p)).toEqual({
      ok: true,
      value: { outcome: 'passed', pass: 19, cast: 30 },
    });
    expect(reRate(votes(0, 10, 8, 12), '2026-01-10', '2026-04-10', p)).toEqual({
      ok: true,
      value: { outcome: 'removal', pass: 18, cast: 30 },
    });
  });

  it('is held no earlier than warningMonths after the warning', () => {
    expect(earliestReRating('2026-01-31', p)).toBe('2026-04-30');
    const early = reRate(votes(0, 30, 0, 0), '2026-01-31', '2026-04-29', p);
    expect(early).toMatchObject({ ok: false, refusal: { kind: 'too-early', earliestOn: '2026-04-30' } });
    expect(reRate(votes(0, 30, 0, 0), '2026-01-31', '2026-04-30', p).ok).toBe(true);
  });

  // The workflow's re-rating step checks its meeting with checkRatingMeeting and the
  // policy's ratingQuorum (scoringRules) before reRate counts a ballot: reRate alone
  // never sees who attended.
  it('a re-rating meeting needs the policy’s rating quorum, more than 2/3: at exactly 2/3 even a passing vote is refused', () => {
    const quorum = scoringRules(DEFAULT_POLICY).ratingQuorum;
    expect(quorum).toEqual({ num: 2, den: 3, mode: 'more-than' });
    const passing = votes(1, 4, 2, 3); // 7 of 10 pass
    expect(reRate(passing, '2026-01-10', '2026-04-10', p)).toEqual({ ok: true, value: { outcome: 'passed', pass: 7, cast: 10 } });
    const twoThirds = checkRatingMeeting({ present: 10, due: 15 }, passing, quorum);
    expect(twoThirds).toEqual({
      ok: false,
      error: 'the rating meeting is not valid: 10 of 15 representatives present, more than 2/3 must attend',
      refusal: { kind: 'no-quorum', present: 10, due: 15, quorum },
    });
    expect(checkRatingMeeting({ present: 11, due: 15 }, passing, quorum)).toEqual({ ok: true, value: { present: 11, due: 15, cast: 10 } });
  });

  it('a re-rating meeting follows the quorum of the policy the case started under', () => {
    const policy = structuredClone(DEFAULT_POLICY);
    policy.evaluation.ratingQuorum = { num: 2, den: 3, mode: 'at-least' };
    expect(checkRatingMeeting({ present: 10, due: 15 }, votes(1, 4, 2, 3), scoringRules(policy).ratingQuorum).ok).toBe(true);
    expect(checkRatingMeeting({ present: 9, due: 15 }, votes(1, 4, 2, 2), scoringRules(policy).ratingQuorum)).toMatchObject({
      ok: false,
      refusal: { kind: 'no-quorum', present: 9, due: 15 },
    });
  });

  it('with the default quorum, a meeting counts exactly when 3 × present > 2 × due', () => {
    const quorum = scoringRules(DEFAULT_POLICY).ratingQuorum;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }).chain((due) => fc.record({ due: fc.constant(due), present: fc.integer({ min: 1, max: due }) })),
        ({ due, present }) => {
          // One ballot: never more than the people present, so only the quorum can refuse.
          expect(checkRatingMeeting({ present, due }, votes(0, 0, 1, 0), quorum).ok).toBe(3 * present > 2 * due);
        },
      ),
    );
  });

  it('with the default shares, passes exactly when a fresh warning would not be due', () => {
    fc.assert(
      fc.property(arbVotes, (v) => {
        const r = reRate(v, '2026-01-01', '2026-06-01', p);
        expect(r.ok && r.value.outcome === 'passed').toBe(!rateVillageCadre(v, p).warningDue);
      }),
    );
  });
});

describe('quantified score (实绩量化)', () => {
  const sheet = (supervisor: number, staff: number, assessmentTeam: number, bonus = 0): ScoreSheet => ({
    supervisor,
    staff,
    assessmentTeam,
    bonus,
  });

  it('weights 20/40/40 of the sub-scores', () => {
    // 0.2 × 85 + 0.4 × 90 + 0.4 × 77.5 = 17 + 36 + 31 = 84
    expect(quantifiedScore(sheet(8500, 9000, 7750), p.weights, 500)).toEqual({ total: 8400, weighted: 8400, bonus: 0, bonusCapped: false });
  });

  it('rounds half up to a hundredth, once', () => {
    const w = { supervisor: 25, staff: 25, assessmentTeam: 50 };
    expect(quantifiedScore(sheet(2, 0, 0), w, 0).weighted).toBe(1); // 0.005 → 0.01
    expect(quantifiedScore(sheet(1, 0, 0), w, 0).weighted).toBe(0); // 0.0025 → 0.00
    expect(quantifiedScore(sheet(3, 0, 0), w, 0).weighted).toBe(1); // 0.0075 → 0.01
    const thirds = { supervisor: 33, staff: 33, assessmentTeam: 34 };
    expect(quantifiedScore(sheet(8001, 8001, 8000), thirds, 0).weighted).toBe(8001); // 80.0066 → 80.01
  });

  it('caps the bonus', () => {
    expect(quantifiedScore(sheet(9000, 9000, 9000, 800), p.weights, 500)).toEqual({
      total: 9500,
      weighted: 9000,
      bonus: 500,
      bonusCapped: true,
    });
    expect(quantifiedScore(sheet(9000, 9000, 9000, 500), p.weights, 500).bonusCapped).toBe(false);
  });

  it('refuses weights that do not sum to 100 and sub-scores over 100', () => {
    expect(() => quantifiedScore(sheet(1, 1, 1), { supervisor: 20, staff: 40, assessmentTeam: 39 }, 0)).toThrow(/sum to 100/);
    expect(() => quantifiedScore(sheet(10_001, 1, 1), p.weights, 0)).toThrow(/over 100/);
  });

  const arbWeights = fc
    .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
    .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
    .map(([lo, hi]) => ({ supervisor: lo, staff: hi - lo, assessmentTeam: 100 - hi }));
  const arbSub = fc.integer({ min: 0, max: MAX_SUB_SCORE });

  it('is the exact weighted sum rounded half up, between the lowest and highest sub-score', () => {
    fc.assert(
      fc.property(arbWeights, arbSub, arbSub, arbSub, (w, a, b, c) => {
        const exact = w.supervisor * a + w.staff * b + w.assessmentTeam * c; // ten-thousandths
        const { weighted } = quantifiedScore(sheet(a, b, c), w, 0);
        expect(100 * weighted - 50).toBeLessThanOrEqual(exact);
        expect(exact).toBeLessThan(100 * weighted + 50);
        expect(weighted).toBeGreaterThanOrEqual(Math.min(a, b, c));
        expect(weighted).toBeLessThanOrEqual(Math.max(a, b, c));
      }),
    );
  });

  it('equal sub-scores give that score whatever the weights', () => {
    fc.assert(
      fc.property(arbWeights, arbSub, (w, s) => {
        expect(quantifiedScore(sheet(s, s, s), w, 0).weighted).toBe(s);
      }),
    );
  });

  it('converts and prints points exactly', () => {
    expect(pointsToHundredths(87.65)).toBe(8765);
    expect(pointsToHundredths(0.07)).toBe(7);
    expect(() => pointsToHundredths(87.655)).toThrow(/two decimals/);
    expect(formatHundredths(9000)).toBe('90.00');
    expect(formatHundredths(8705)).toBe('87.05');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (h) => {
        expect(pointsToHundredths(Number(formatHundredths(h)))).toBe(h);
      }),
    );
  });
});

describe('star rating (星级管理)', () => {
  it('follows the default bands at their edges', () => {
    const cases: Array<[number, number]> = [
      [10_000, 5],
      [9000, 5],
      [8999, 4],
      [8000, 4],
      [7999, 3],
      [7000, 3],
      [6999, 2],
      [6000, 2],
      [5999, 1],
      [0, 1],
    ];
    for (const [score, stars] of cases) expect(starRating(score, []).stars, `score ${score}`).toBe(stars);
  });

  it('loses one star per negative-list item, never below ★1', () => {
    expect(starRating(9500, ['违规用款', '群众信访属实'])).toEqual({ stars: 3, fromScore: 5, negatives: ['违规用款', '群众信访属实'] });
    expect(starRating(6500, ['a', 'b', 'c']).stars).toBe(1);
    expect(starRating(5000, ['a']).stars).toBe(1);
  });

  it('counts an item listed twice once', () => {
    expect(starRating(9500, ['违规用款', '违规用款 ', '']).stars).toBe(4);
  });

  it('takes other bands', () => {
    const strict = { five: 95, four: 85, three: 75, two: 65 };
    expect(starRating(9400, [], strict).stars).toBe(4);
    expect(() => starRating(9400, [], { five: 80, four: 90, three: 70, two: 60 })).toThrow(/fall from/);
  });

  it('is monotone in the score and floored at ★1', () => {
    const arbItems = fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 8 });
    fc.assert(
      fc.property(fc.nat({ max: 11_000 }), fc.nat({ max: 11_000 }), arbItems, (x, y, items) => {
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = starRating(lo, items);
        const b = starRating(hi, items);
        expect(a.stars).toBeLessThanOrEqual(b.stars);
        expect(a.stars).toBe(Math.max(1, a.fromScore - new Set(items).size));
      }),
    );
    expect(DEFAULT_STAR_BANDS).toEqual({ five: 90, four: 80, three: 70, two: 60 });
  });
});

describe('优秀 quota', () => {
  it('accepts 10 优秀 of 50 and refuses 11, with the numbers', () => {
    expect(checkExcellentQuota('township-3', 50, 10, p)).toEqual({
      ok: true,
      value: { unitId: 'township-3', assessed: 50, percent: 20, allowed: 10, excellent: 10 },
    });
    const r = checkExcellentQuota('township-3', 50, 11, p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal).toEqual({
      kind: 'over-quota',
      unitId: 'township-3',
      assessed: 50,
      percent: 20,
      allowed: 10,
      proposed: 11,
      over: 1,
      withApproval: { percent: 25, allowed: 12 },
    });
    expect(r.error).toContain('10 优秀 of 50 allowed (20%); a proposal of 11 is over quota by 1');
    expect(r.error).toContain('floor(50 × 20 / 100) = 10');
  });

  it('rounds down: 7 assessed allow 1, 4 allow none, 15% of 50 allow 7', () => {
    expect(excellentQuota(7, 20)).toBe(1);
    expect(excellentQuota(4, 20)).toBe(0);
    expect(excellentQuota(50, 15)).toBe(7);
    expect(excellentQuota(0, 20)).toBe(0);
    const r = checkExcellentQuota('village-9', 7, 2, p);
    expect(!r.ok && r.error).toContain('floor(7 × 20 / 100) = 1');
  });

  it('accepts exactly when count × 100 ≤ assessed × percent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 100 }), fc.nat(), (assessed, percent, seed) => {
        const excellent = assessed === 0 ? 0 : seed % (assessed + 1);
        const r = checkExcellentQuota('u', assessed, excellent, { ...p, excellentQuotaPercent: percent });
        expect(r.ok).toBe(excellent * 100 <= assessed * percent);
        if (!r.ok) expect(r.refusal.over).toBe(excellent - excellentQuota(assessed, percent));
      }),
    );
  });

  it('refuses a count that cannot be', () => {
    expect(() => checkExcellentQuota('u', 5, 6, p)).toThrow(EvaluationInputError);
    expect(() => checkExcellentQuota('u', -1, 0, p)).toThrow(EvaluationInputError);
  });
});

describe('grade proposals re-check the quota', () => {
  const unit = { unitId: 'township-3', kind: 'organ' as const };
  const grades = (n: number, excellent: number): Map<string, Grade> =>
    new Map(Array.from({ length: n }, (_, i) => [`c${i}`, i < excellent ? 'excellent' : 'competent'] as const));

  it('refuses raising an 11th person to 优秀 in a unit of 50', () => {
    const r = checkGradeProposal(unit, grades(50, 10), [{ personId: 'c20', grade: 'excellent' }], p);
    expect(r).toMatchObject({ ok: false, refusal: { kind: 'over-quota', allowed: 10, proposed: 11, over: 1 } });
    // A review cannot bring an approval (the committee's grades do), so none is suggested.
    expect(!r.ok && r.refusal.kind === 'over-quota' && r.refusal.withApproval).toBeUndefined();
    expect(!r.ok && r.error).toBe(
      'township-3: 10 优秀 of 50 allowed (20%); a proposal of 11 is over quota by 1 (allowed = floor(50 × 20 / 100) = 10)',
    );
  });

  it('accepts a swap that keeps the count, and any lowering', () => {
    const swap = checkGradeProposal(
      unit,
      grades(50, 10),
      [
        { personId: 'c0', grade: 'competent' },
        { personId: 'c20', grade: 'excellent' },
      ],
      p,
    );
    expect(swap.ok && [swap.value.get('c0'), swap.value.get('c20')]).toEqual(['competent', 'excellent']);
    // A unit already over quota can always be corrected downwards.
    expect(checkGradeProposal(unit, grades(50, 12), [{ personId: 'c0', grade: 'competent' }], p).ok).toBe(true);
  });

  it('refuses a person not assessed in the unit, and the same person twice', () => {
    expect(checkGradeProposal(unit, grades(5, 0), [{ personId: 'x', grade: 'competent' }], p)).toMatchObject({
      ok: false,
      refusal: { kind: 'not-assessed-here', personId: 'x' },
    });
    expect(
      checkGradeProposal(
        unit,
        grades(5, 0),
        [
          { personId: 'c1', grade: 'competent' },
          { personId: 'c1', grade: 'not-competent' },
        ],
        p,
      ),
    ).toMatchObject({ ok: false, refusal: { kind: 'duplicate-change', personId: 'c1' } });
  });

  it('never lets a unit exceed the quota, whatever proposals arrive', () => {
    const arbUnit = fc.integer({ min: 1, max: 60 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        percent: fc.integer({ min: 0, max: 100 }),
        proposals: fc.array(
          fc.array(fc.record({ personId: fc.nat({ max: n - 1 }).map((i) => `c${i}`), grade: arbGrade }), { maxLength: 4 }),
          { maxLength: 30 },
        ),
      }),
    );
    fc.assert(
      fc.property(arbUnit, ({ n, percent, proposals }) => {
        const policy = { ...p, excellentQuotaPercent: percent };
        const allowed = excellentQuota(n, percent);
        let current: ReadonlyMap<string, Grade> = grades(n, 0);
        for (const changes of proposals) {
          const r = checkGradeProposal(unit, current, changes, policy);
          if (r.ok) current = r.value;
          expect([...current.values()].filter((g) => g === 'excellent').length).toBeLessThanOrEqual(allowed);
        }
      }),
    );
  });
});

describe('consequences', () => {
  it('two straight years 不称职 flag removal', () => {
    expect(
      consequences(
        [
          { year: 2025, grade: 'not-competent' },
          { year: 2024, grade: 'not-competent' },
        ],
        null,
        p,
      ),
    ).toEqual([{ kind: 'removal', years: [2024, 2025] }]);
  });

  it('two years not in a row do not', () => {
    const split = [
      { year: 2023, grade: 'not-competent' as const },
      { year: 2024, grade: 'competent' as const },
      { year: 2025, grade: 'not-competent' as const },
    ];
    expect(consequences(split, null, p)).toEqual([]);
    // A year not assessed breaks the run too.
    expect(consequences([split[0]!, split[2]!], null, p)).toEqual([]);
  });

  it('an old pair, since followed by a better year, is not flagged again', () => {
    const old = [
      { year: 2022, grade: 'not-competent' as const },
      { year: 2023, grade: 'not-competent' as const },
      { year: 2024, grade: 'competent' as const },
    ];
    expect(consequences(old, null, p)).toEqual([]);
  });

  it('a fail share of 40% or more calls for a warning', () => {
    expect(consequences([], { fail: 12, cast: 30 }, p)).toEqual([{ kind: 'warning', fail: 12, cast: 30 }]);
    expect(consequences([], { fail: 11, cast: 30 }, p)).toEqual([]);
    expect(describeConsequence({ kind: 'warning', fail: 12, cast: 30 })).toContain('诫勉');
    expect(describeConsequence({ kind: 'removal', years: [2024, 2025] })).toContain('连续两年不称职');
  });

  it('flags removal exactly when the latest two calendar years are both 不称职', () => {
    const arbHistory = fc.uniqueArray(fc.record({ year: fc.integer({ min: 2015, max: 2030 }), grade: arbGrade }), {
      selector: (r) => r.year,
      maxLength: 10,
    });
    fc.assert(
      fc.property(arbHistory, (history) => {
        const flagged = consequences(history, null, p).some((c) => c.kind === 'removal');
        const latest = Math.max(...history.map((h) => h.year));
        const gradeIn = (y: number) => history.find((h) => h.year === y)?.grade;
        expect(flagged).toBe(gradeIn(latest) === 'not-competent' && gradeIn(latest - 1) === 'not-competent');
      }),
    );
  });

  it('refuses two grades for one year', () => {
    expect(() =>
      consequences(
        [
          { year: 2025, grade: 'competent' },
          { year: 2025, grade: 'excellent' },
        ],
        null,
        p,
      ),
    ).toThrow(/two grades for 2025/);
  });
});
