import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotInputError } from '../../domain/ballots/arithmetic';
import type { VoteTotals } from '../../domain/ballots/counting';
import { DEFAULT_POLICY, type Threshold } from '../../domain/policy';
import { checkSlate, defaultSlateRule, rankNominees, slateSize, type Recommendations, type SlateRule } from '../../domain/slate';

const SEATS = Array.from({ length: 15 }, (_, i) => i + 1);
const people = (n: number): string[] => Array.from({ length: n }, (_, i) => `候选人${String(i + 1).padStart(2, '0')}`);
const MORE_THAN_HALF: Threshold = { num: 1, den: 2, mode: 'more-than' };

/** The BallotInputError a call throws (fails the test if it throws anything else). */
function inputError(fn: () => unknown): BallotInputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BallotInputError);
    return err as BallotInputError;
  }
  throw new Error('expected a BallotInputError, nothing was thrown');
}

/** Every nominee recommended by everyone: the count rules alone decide. */
function unanimous(names: readonly string[]): Recommendations {
  const all = (cast: number): VoteTotals => ({ cast, valid: cast, votes: Object.fromEntries(names.map((n) => [n, cast])) });
  return { members: all(30), masses: all(60) };
}

describe('margin-percent (差额不少于20%)', () => {
  const rule = defaultSlateRule(DEFAULT_POLICY.election);

  it('takes the margin from the policy', () => {
    expect(rule).toEqual({ kind: 'margin-percent', percent: 20 });
  });

  it('rounds a fraction of a person up: ceil(seats × 120 / 100)', () => {
    const mins = SEATS.map((s) => slateSize(s, rule).min);
    expect(mins).toEqual([2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18]);
  });

  it('says what is missing, with the numbers', () => {
    expect(checkSlate(people(5), 5, rule)).toEqual({
      ok: false,
      reason: 'too-few-candidates',
      candidates: 5,
      seats: 5,
      min: 6,
      message: 'slate of 5 for 5 seats needs at least 6 candidates (seats + 20%)',
    });
    expect(checkSlate(people(6), 5, rule)).toEqual({ ok: true, candidates: 6, seats: 5, min: 6, max: null });
  });

  it('at its edge for seats 1..15 and any margin: min passes, min − 1 fails, no upper bound', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SEATS), fc.integer({ min: 0, max: 100 }), (seats, percent) => {
        const r: SlateRule = { kind: 'margin-percent', percent };
        const { min } = slateSize(seats, r);
        // The documented rounding, checked without division: the smallest n with n × 100 ≥ seats × (100 + p).
        expect(min * 100).toBeGreaterThanOrEqual(seats * (100 + percent));
        expect((min - 1) * 100).toBeLessThan(seats * (100 + percent));
        expect(checkSlate(people(min), seats, r).ok).toBe(true);
        expect(checkSlate(people(min - 1), seats, r)).toMatchObject({ ok: false, reason: 'too-few-candidates', min });
        expect(checkSlate(people(3 * seats + 2), seats, r).ok).toBe(true);
      }),
    );
  });

  it('a zero margin allows a slate as large as the seats (等额)', () => {
    expect(checkSlate(people(3), 3, { kind: 'margin-percent', percent: 0 }).ok).toBe(true);
  });
});

describe('range (seats + 2 to 2 × seats)', () => {
  const rule: SlateRule = { kind: 'range' };

  it('no size fits a single seat', () => {
    expect(checkSlate(people(3), 1, rule)).toEqual({
      ok: false,
      reason: 'no-size-fits',
      seats: 1,
      min: 3,
      max: 2,
      message: 'no slate fits 1 seat(s) under this rule: seats + 2 = 3 exceeds 2 × seats = 2',
    });
  });

  it.each(SEATS.filter((s) => s >= 2))('at its edges for %i seats', (seats) => {
    expect(checkSlate(people(seats + 1), seats, rule)).toMatchObject({ ok: false, reason: 'too-few-candidates', min: seats + 2 });
    expect(checkSlate(people(seats + 2), seats, rule)).toMatchObject({ ok: true, min: seats + 2, max: 2 * seats });
    expect(checkSlate(people(2 * seats), seats, rule).ok).toBe(true);
    expect(checkSlate(people(2 * seats + 1), seats, rule)).toEqual({
      ok: false,
      reason: 'too-many-candidates',
      candidates: 2 * seats + 1,
      seats,
      max: 2 * seats,
      message: `slate of ${2 * seats + 1} for ${seats} seats allows at most ${2 * seats} candidates (2 × seats)`,
    });
  });
});

describe('majority-of-recommendation (推荐票过半)', () => {
  const combined: SlateRule = { kind: 'majority-of-recommendation', percent: 20, share: MORE_THAN_HALF, basis: 'combined' };
  const each: SlateRule = { ...combined, basis: 'each' };

  it.each(SEATS)('keeps the margin at its edge for %i seats', (seats) => {
    const min = slateSize(seats, combined).min;
    expect(checkSlate(people(min), seats, combined, unanimous(people(min))).ok).toBe(true);
    expect(checkSlate(people(min - 1), seats, combined, unanimous(people(min)))).toMatchObject({ reason: 'too-few-candidates', min });
  });

  const recs = (a: [number, number], b: [number, number]): Recommendations => ({
    members: { cast: 20, valid: 19, votes: { 张伟: a[0], 王芳: b[0], 李娜: 19 } },
    masses: { cast: 40, valid: 40, votes: { 张伟: a[1], 王芳: b[1], 李娜: 40 } },
  });
  const slate = ['张伟', '王芳', '李娜'];

  it('pooled: exactly half of the ballots cast fails; one more passes', () => {
    // 60 ballots cast in all (invalid ones included): 30 is half, 31 passes.
    expect(checkSlate(slate, 2, combined, recs([10, 21], [10, 20]))).toEqual({
      ok: false,
      reason: 'below-recommendation-share',
      name: '王芳',
      of: 'combined',
      votes: 30,
      cast: 60,
      needed: 31,
      message: '王芳 has 30 of 60 votes in the recommendations; a candidate needs more than 1/2 (at least 31)',
    });
    expect(checkSlate(slate, 2, combined, recs([10, 21], [10, 21])).ok).toBe(true);
  });

  it('each meeting on its own: passing the pool is not enough', () => {
    expect(checkSlate(slate, 2, each, recs([11, 21], [19, 20]))).toMatchObject({
      ok: false,
      name: '王芳',
      of: 'masses',
      votes: 20,
      cast: 40,
      needed: 21,
      message: "王芳 has 20 of 40 votes in the masses' recommendation; a candidate needs more than 1/2 (at least 21)",
    });
    expect(checkSlate(slate, 2, each, recs([10, 39], [19, 21]))).toMatchObject({ name: '张伟', of: 'members', needed: 11 });
    expect(checkSlate(slate, 2, each, recs([11, 21], [11, 21])).ok).toBe(true);
  });

  it('refuses someone neither meeting recommended', () => {
    expect(checkSlate([...slate, '周强'], 2, combined, recs([19, 40], [19, 40]))).toEqual({
      ok: false,
      reason: 'not-a-nominee',
      name: '周强',
      message: '周强 was not recommended by either meeting',
    });
  });

  it('cannot judge without the recommendation tallies', () => {
    expect(inputError(() => checkSlate(slate, 2, combined)).message).toBe(
      'the majority-of-recommendation rule needs the recommendation tallies',
    );
  });
});

describe('weighted (综合得票)', () => {
  const rule: SlateRule = { kind: 'weighted', percent: 20, memberWeight: 60, massesWeight: 40 };

  it.each(SEATS)('keeps the margin at its edge for %i seats', (seats) => {
    const min = slateSize(seats, rule).min;
    expect(checkSlate(people(min), seats, rule, unanimous(people(min)))).toMatchObject({ ok: true, min });
    expect(checkSlate(people(min - 1), seats, rule, unanimous(people(min)))).toMatchObject({ reason: 'too-few-candidates', min });
  });

  it('refuses someone neither meeting recommended', () => {
    expect(checkSlate(['张伟', '周强'], 1, rule, unanimous(['张伟', '王芳']))).toMatchObject({ reason: 'not-a-nominee', name: '周强' });
  });

  it('refuses weights that do not sum to 100, or a margin beyond 100%', () => {
    expect(inputError(() => slateSize(3, { ...rule, massesWeight: 39 })).message).toBe('weights must sum to 100, got 60 + 39 = 99');
    expect(inputError(() => slateSize(3, { ...rule, memberWeight: 60.5, massesWeight: 39.5 })).message).toMatch(/memberWeight/);
    expect(inputError(() => slateSize(3, { kind: 'margin-percent', percent: 101 })).message).toMatch(/percent/);
  });
});

describe('checkSlate, every rule', () => {
  const rules: SlateRule[] = [
    { kind: 'margin-percent', percent: 20 },
    { kind: 'range' },
    { kind: 'majority-of-recommendation', percent: 20, share: MORE_THAN_HALF, basis: 'combined' },
    { kind: 'weighted', percent: 20, memberWeight: 50, massesWeight: 50 },
  ];

  it.each(rules)('refuses a name twice or a blank name ($kind)', (rule) => {
    const names = people(6);
    expect(checkSlate([...names.slice(0, 5), names[0]!], 2, rule, unanimous(names))).toEqual({
      ok: false,
      reason: 'duplicate-candidate',
      name: names[0],
      message: `${names[0]} is on the slate twice`,
    });
    expect(checkSlate([...names.slice(0, 3), ' '], 2, rule, unanimous(names))).toMatchObject({ reason: 'blank-name' });
  });

  it.each(rules)('refuses a seat count that is not a positive whole number ($kind)', (rule) => {
    expect(inputError(() => checkSlate(people(3), 0, rule)).message).toBe('seats must be a whole number ≥ 1, got 0');
    expect(inputError(() => checkSlate(people(3), 1.5, rule)).message).toMatch(/1\.5/);
  });
});

// ── ranking ────────────────────────────────────────────────────────────────

const POOL = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇', '周强', '吴霞'];

/** Exact comparison of a/b and c/d for the test's own oracle. */
const cmp = (a: { num: number; den: number }, b: { num: number; den: number }): number => {
  const l = BigInt(a.num) * BigInt(b.den);
  const r = BigInt(b.num) * BigInt(a.den);
  return l === r ? 0 : l > r ? 1 : -1;
};

/** A count for every name, none above the ballots cast. */
const votesArb = (names: readonly string[], cast: number): fc.Arbitrary<Record<string, number>> =>
  fc.tuple(...names.map((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: cast })))).map((e) => Object.fromEntries(e));

const recommendationsArb = fc
  .record({
    names: fc.shuffledSubarray(POOL, { minLength: 1 }),
    membersCast: fc.integer({ min: 1, max: 80 }),
    massesCast: fc.integer({ min: 1, max: 300 }),
    memberWeight: fc.integer({ min: 0, max: 100 }),
  })
  .chain(({ names, membersCast, massesCast, memberWeight }) =>
    fc.record({
      recommendations: fc.record({
        members: fc.record({
          cast: fc.constant(membersCast),
          valid: fc.constant(membersCast),
          votes: votesArb(names, membersCast),
        }),
        masses: fc.record({
          cast: fc.constant(massesCast),
          valid: fc.constant(massesCast),
          votes: votesArb(names, massesCast),
        }),
      }),
      weights: fc.constant({ memberWeight, massesWeight: 100 - memberWeight }),
    }),
  );

describe('rankNominees', () => {
  it('scores exactly: 30% members, 70% masses', () => {
    const ranked = rankNominees(
      {
        members: { cast: 30, valid: 30, votes: { 张伟: 30, 王芳: 15, 李娜: 0 } },
        masses: { cast: 70, valid: 70, votes: { 张伟: 0, 王芳: 35, 李娜: 70 } },
      },
      { memberWeight: 30, massesWeight: 70 },
    );
    expect(ranked).toEqual([
      { name: '李娜', rank: 1, score: { num: 70, den: 1 }, memberVotes: 0, massesVotes: 70 },
      { name: '王芳', rank: 2, score: { num: 50, den: 1 }, memberVotes: 15, massesVotes: 35 },
      { name: '张伟', rank: 3, score: { num: 30, den: 1 }, memberVotes: 30, massesVotes: 0 },
    ]);
  });

  it('breaks an exact tie by member votes, even where floats would see a difference', () => {
    // In floats 30 × 0/30 + 70 × 29/70 = 29.000000000000004 > 30 × 1/30 + 70 × 28/70 = 29.
    const ranked = rankNominees(
      {
        members: { cast: 30, valid: 30, votes: { 甲: 0, 乙: 1 } },
        masses: { cast: 70, valid: 70, votes: { 甲: 29, 乙: 28 } },
      },
      { memberWeight: 30, massesWeight: 70 },
    );
    expect(ranked.map((r) => [r.name, r.score])).toEqual([
      ['乙', { num: 29, den: 1 }],
      ['甲', { num: 29, den: 1 }],
    ]);
  });

  it('breaks a tie in score and member votes by name', () => {
    const ranked = rankNominees(
      { members: { cast: 10, valid: 10, votes: { 王芳: 5, 李娜: 5 } }, masses: { cast: 10, valid: 10, votes: { 王芳: 5, 李娜: 5 } } },
      { memberWeight: 50, massesWeight: 50 },
    );
    expect(ranked.map((r) => r.name)).toEqual(['李娜', '王芳']);
  });

  it('is a permutation of the nominees, ordered by score, then member votes, then name', () => {
    fc.assert(
      fc.property(recommendationsArb, ({ recommendations, weights }) => {
        const ranked = rankNominees(recommendations, weights);
        expect(ranked.map((r) => r.name).sort()).toEqual(Object.keys(recommendations.members.votes).sort());
        expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
        for (let i = 1; i < ranked.length; i += 1) {
          const a = ranked[i - 1]!;
          const b = ranked[i]!;
          const byScore = cmp(a.score, b.score);
          expect(byScore).toBeGreaterThanOrEqual(0);
          if (byScore === 0) {
            expect(a.memberVotes).toBeGreaterThanOrEqual(b.memberVotes);
            if (a.memberVotes === b.memberVotes) expect(a.name < b.name).toBe(true);
          }
        }
        for (const r of ranked) {
          // The score as documented, checked by cross-multiplication.
          const { members, masses } = recommendations;
          const num = weights.memberWeight * r.memberVotes * masses.cast + weights.massesWeight * r.massesVotes * members.cast;
          expect(cmp(r.score, { num, den: members.cast * masses.cast })).toBe(0);
        }
      }),
    );
  });

  it('is stable: the order the tallies list names in does not matter', () => {
    fc.assert(
      fc.property(recommendationsArb, fc.nat(), ({ recommendations, weights }, seed) => {
        const rotate = (votes: Readonly<Record<string, number>>): Record<string, number> => {
          const entries = Object.entries(votes);
          const k = seed % entries.length;
          return Object.fromEntries([...entries.slice(k), ...entries.slice(0, k)].reverse());
        };
        const shuffled: Recommendations = {
          members: { ...recommendations.members, votes: rotate(recommendations.members.votes) },
          masses: { ...recommendations.masses, votes: rotate(recommendations.masses.votes) },
        };
        expect(rankNominees(shuffled, weights)).toEqual(rankNominees(recommendations, weights));
      }),
    );
  });

  it('counts a nominee missing from one tally as 0 there', () => {
    const ranked = rankNominees(
      { members: { cast: 10, valid: 10, votes: { 张伟: 6 } }, masses: { cast: 20, valid: 20, votes: { 王芳: 20 } } },
      { memberWeight: 50, massesWeight: 50 },
    );
    expect(ranked).toMatchObject([
      { name: '王芳', score: { num: 50, den: 1 }, memberVotes: 0, massesVotes: 20 },
      { name: '张伟', score: { num: 30, den: 1 }, memberVotes: 6, massesVotes: 0 },
    ]);
  });

  it('refuses tallies it cannot weigh', () => {
    const empty: VoteTotals = { cast: 0, valid: 0, votes: {} };
    const some: VoteTotals = { cast: 10, valid: 10, votes: { 张伟: 3 } };
    const impossible: VoteTotals = { cast: 10, valid: 9, votes: { 张伟: 10 } };
    const even = { memberWeight: 50, massesWeight: 50 };
    const rankError = (r: Recommendations, w = even) => inputError(() => rankNominees(r, w)).message;
    expect(rankError({ members: some, masses: empty })).toMatch(/masses cast 0/);
    expect(rankError({ members: impossible, masses: some })).toMatch(/10 votes but only 9 ballots are valid/);
    expect(rankError({ members: some, masses: some }, { memberWeight: 70, massesWeight: 70 })).toMatch(/sum to 100/);
  });
});
