import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotInputError, smallestPassing } from '../../domain/ballots/arithmetic';
import { checkQuorum, quorumThreshold } from '../../domain/ballots/quorum';
import {
  countBallots,
  type Ballot,
  type CountContext,
  type InvalidReason,
  type Mark,
  type Tally,
  type VoteTotals,
} from '../../domain/ballots/counting';
import { decideFurtherBallot, decideSeatReduction, electWinners } from '../../domain/ballots/winners';
import { DEFAULT_POLICY, meetsThreshold, type Threshold } from '../../domain/policy';

const P = DEFAULT_POLICY;
const { recommendationQuorum, electionQuorum, winnerShare } = P.election;
const { memberVoteAttendance } = P.memberDevelopment;

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'] as const;
const OUTSIDERS = ['周强', '吴霞'] as const;

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

const thresholdArb: fc.Arbitrary<Threshold> = fc.integer({ min: 1, max: 12 }).chain((den) =>
  fc.record({
    num: fc.integer({ min: 0, max: den }),
    den: fc.constant(den),
    mode: fc.constantFrom('more-than' as const, 'at-least' as const),
  }),
);

function tallied(result: ReturnType<typeof countBallots>): Tally {
  if (!result.ok) throw new Error(`count was void: ${result.message}`);
  return result.tally;
}

describe('quorum (到会人数)', () => {
  it('a recommendation meeting at exactly 2/3 has no quorum; one more has', () => {
    expect(checkQuorum({ eligible: 30, present: 20 }, recommendationQuorum)).toEqual({
      ok: false,
      reason: 'no-quorum',
      present: 20,
      eligible: 30,
      needed: 21,
      message: '20 of 30 present; the meeting needs at least 21 (more than 2/3)',
    });
    expect(checkQuorum({ eligible: 30, present: 21 }, recommendationQuorum)).toEqual({ ok: true });
  });

  it('an election at exactly 4/5 has no quorum; one more has', () => {
    expect(checkQuorum({ eligible: 25, present: 20 }, electionQuorum)).toMatchObject({ ok: false, needed: 21 });
    expect(checkQuorum({ eligible: 25, present: 21 }, electionQuorum)).toEqual({ ok: true });
    expect(checkQuorum({ eligible: 50, present: 40 }, electionQuorum)).toMatchObject({ ok: false, needed: 41 });
    expect(checkQuorum({ eligible: 50, present: 41 }, electionQuorum)).toEqual({ ok: true });
  });

  it('a member vote at exactly half the members due has no quorum; one more has', () => {
    expect(checkQuorum({ eligible: 10, present: 5 }, memberVoteAttendance)).toMatchObject({ ok: false, needed: 6 });
    expect(checkQuorum({ eligible: 10, present: 6 }, memberVoteAttendance)).toEqual({ ok: true });
    expect(checkQuorum({ eligible: 9, present: 4 }, memberVoteAttendance)).toMatchObject({ ok: false, needed: 5 });
    expect(checkQuorum({ eligible: 9, present: 5 }, memberVoteAttendance)).toEqual({ ok: true });
  });

  it('"at least" passes at exactly the share', () => {
    const half: Threshold = { num: 1, den: 2, mode: 'at-least' };
    expect(checkQuorum({ eligible: 10, present: 5 }, half)).toEqual({ ok: true });
    expect(checkQuorum({ eligible: 10, present: 4 }, half)).toMatchObject({ ok: false, needed: 5 });
  });

  it('needed is eligible + 1 when no attendance can pass', () => {
    expect(smallestPassing(7, { num: 1, den: 1, mode: 'more-than' })).toBe(8);
    expect(checkQuorum({ eligible: 7, present: 7 }, { num: 1, den: 1, mode: 'more-than' })).toMatchObject({ needed: 8 });
  });

  it('needed is minimal: needed passes, needed − 1 fails, for the policy shares', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.constantFrom(recommendationQuorum, electionQuorum, memberVoteAttendance),
        (eligible, t) => {
          const needed = smallestPassing(eligible, t);
          expect(needed).toBeLessThanOrEqual(eligible);
          expect(checkQuorum({ eligible, present: needed }, t)).toEqual({ ok: true });
          if (needed > 0) expect(checkQuorum({ eligible, present: needed - 1 }, t)).toMatchObject({ ok: false, needed });
        },
      ),
    );
  });

  it('needed agrees with meetsThreshold for any share and attendance', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), thresholdArb, fc.nat(), (eligible, t, p) => {
        const present = p % (eligible + 1);
        const needed = smallestPassing(eligible, t);
        const result = checkQuorum({ eligible, present }, t);
        expect(result.ok).toBe(present >= needed);
        expect(result.ok).toBe(meetsThreshold(present, eligible, t));
        // Brute force: the first attendance that passes.
        let first = 0;
        while (first <= eligible && !meetsThreshold(first, eligible, t)) first += 1;
        expect(needed).toBe(first);
      }),
    );
  });

  it('needed stays exact where floats would not (huge counts)', () => {
    const eligible = Number.MAX_SAFE_INTEGER;
    const needed = smallestPassing(eligible, recommendationQuorum);
    expect(BigInt(needed) * 3n > 2n * BigInt(eligible)).toBe(true);
    expect(BigInt(needed - 1) * 3n > 2n * BigInt(eligible)).toBe(false);
  });

  it('refuses impossible meetings with a BallotInputError that says why', () => {
    const quorumError = (eligible: number, present: number, t: Threshold = recommendationQuorum) =>
      inputError(() => checkQuorum({ eligible, present }, t)).message;
    expect(quorumError(10, 11)).toBe('present (11) cannot exceed eligible (10)');
    expect(quorumError(10, -1)).toMatch(/present must be a whole number/);
    expect(inputError(() => checkQuorum({ eligible: 10, present: 6.5 }, recommendationQuorum)).message).toMatch(/got 6\.5/);
    expect(inputError(() => checkQuorum({ eligible: Number.NaN, present: 1 }, recommendationQuorum)).message).toMatch(/eligible/);
    expect(quorumError(0, 0)).toMatch(/eligible must be a whole number ≥ 1/);
    expect(quorumError(3, 2, { num: 3, den: 2, mode: 'more-than' })).toMatch(/0 ≤ num ≤ den/);
    expect(inputError(() => checkQuorum({ eligible: 3, present: 2 }, { num: 1, den: 0, mode: 'more-than' })).message).toMatch(/quorum/);
    const badMode = { num: 1, den: 2, mode: 'around' } as unknown as Threshold;
    expect(inputError(() => checkQuorum({ eligible: 3, present: 2 }, badMode)).message).toMatch(/unknown mode "around"/);
  });

  it('each meeting takes its own share from the policy', () => {
    expect(quorumThreshold('members-recommendation', P)).toBe(recommendationQuorum);
    expect(quorumThreshold('masses-recommendation', P)).toBe(recommendationQuorum);
    expect(quorumThreshold('election', P)).toBe(electionQuorum);
    expect(quorumThreshold('member-vote', P)).toBe(memberVoteAttendance);
  });
});

// ── counting ───────────────────────────────────────────────────────────────

const choose = (...marked: string[]): Ballot => ({ kind: 'choose', marked });
const approve = (votes: Record<string, Mark>): Ballot => ({ kind: 'approve', votes });

/** The reason the rules give for a recommendation ballot, worked out independently. */
function expectedReason(marked: readonly string[], candidates: readonly string[], seats: number): InvalidReason | undefined {
  if (marked.some((n) => !candidates.includes(n))) return 'unknown-name';
  if (new Set(marked).size !== marked.length) return 'duplicate-name';
  if (marked.length > seats) return 'over-marked';
  return undefined;
}

describe('countBallots (计票)', () => {
  const ctx: CountContext = { kind: 'choose', candidates: ['张伟', '王芳', '李娜'], seats: 2, present: 10 };

  it('counts every candidate, zero included, and keeps each invalid ballot with its reason', () => {
    const tally = tallied(
      countBallots(
        [choose('张伟', '王芳'), choose('张伟', '王芳', '李娜'), choose('周强'), choose('张伟', '张伟'), choose(), choose('张伟')],
        ctx,
      ),
    );
    expect(tally).toEqual({
      kind: 'choose',
      cast: 6,
      valid: 3,
      votes: { 张伟: 2, 王芳: 1, 李娜: 0 },
      invalid: [
        { index: 1, reason: 'over-marked', detail: 'marks 3 names for 2 seat(s)' },
        { index: 2, reason: 'unknown-name', detail: 'marks "周强", who is not on the list' },
        { index: 3, reason: 'duplicate-name', detail: 'marks "张伟" more than once' },
      ],
    });
  });

  it('reports the first reason in the documented order: unknown, duplicate, over-marked', () => {
    const tally = tallied(countBallots([choose('张伟', '张伟', '王芳', '周强'), choose('张伟', '张伟', '王芳')], ctx));
    expect(tally.invalid.map((i) => i.reason)).toEqual(['unknown-name', 'duplicate-name']);
  });

  it('an election ballot counts yes, no and abstain; unmarked is abstain', () => {
    const slate: CountContext = { kind: 'approve', candidates: ['张伟', '王芳', '李娜'], seats: 2, present: 5 };
    const tally = tallied(
      countBallots(
        [
          approve({ 张伟: 'yes', 王芳: 'no', 李娜: 'abstain' }),
          approve({ 张伟: 'yes' }),
          approve({ 张伟: 'yes', 王芳: 'yes', 李娜: 'yes' }),
          approve({ 张伟: 'yes', 周强: 'yes' }),
          approve({ 张伟: 'maybe' as Mark }),
        ],
        slate,
      ),
    );
    expect(tally).toEqual({
      kind: 'approve',
      cast: 5,
      valid: 2,
      votes: { 张伟: 2, 王芳: 0, 李娜: 0 },
      against: { 张伟: 0, 王芳: 1, 李娜: 0 },
      abstained: { 张伟: 0, 王芳: 1, 李娜: 2 },
      invalid: [
        { index: 2, reason: 'over-marked', detail: 'approves 3 candidates for 2 seat(s)' },
        { index: 3, reason: 'unknown-name', detail: 'marks "周强", who is not on the slate' },
        { index: 4, reason: 'malformed', detail: 'the mark for "张伟" is "maybe", not yes, no or abstain' },
      ],
    });
  });

  it('a ballot of the other kind, or no ballot at all, is invalid, not dropped', () => {
    const junk = [
      approve({ 张伟: 'yes' }),
      null,
      { kind: 'choose', marked: '张伟' },
      { kind: 'choose', marked: [1] },
    ] as unknown as Ballot[];
    const tally = tallied(countBallots(junk, ctx));
    expect(tally.valid).toBe(0);
    expect(tally.invalid.map((i) => [i.index, i.reason])).toEqual([
      [0, 'wrong-kind'],
      [1, 'malformed'],
      [2, 'malformed'],
      [3, 'malformed'],
    ]);
  });

  it('more ballots than voters present voids the whole count; as many is fine', () => {
    const ballots = Array.from({ length: 4 }, () => choose('张伟'));
    expect(countBallots(ballots, { ...ctx, present: 3 })).toEqual({
      ok: false,
      reason: 'more-ballots-than-present',
      cast: 4,
      present: 3,
      message: '4 ballots returned but only 3 voters present: the count is void and the vote must be held again',
    });
    expect(countBallots(ballots, { ...ctx, present: 4 }).ok).toBe(true);
  });

  it('names that are also object keys are ordinary names', () => {
    const odd: CountContext = { kind: 'choose', candidates: ['__proto__', 'constructor', 'toString'], seats: 2, present: 3 };
    const tally = tallied(countBallots([choose('__proto__', 'constructor'), choose('__proto__'), choose('hasOwnProperty')], odd));
    expect(Object.entries(tally.votes)).toEqual([
      ['__proto__', 2],
      ['constructor', 1],
      ['toString', 0],
    ]);
    expect(tally.invalid).toMatchObject([{ index: 2, reason: 'unknown-name' }]);
  });

  it('a bad candidate list or seat count is a bug, refused by BallotInputError', () => {
    expect(inputError(() => countBallots([], { ...ctx, candidates: ['张伟', '张伟'] })).message).toBe('candidate "张伟" is listed twice');
    expect(inputError(() => countBallots([], { ...ctx, candidates: [] })).message).toMatch(/at least one/);
    expect(inputError(() => countBallots([], { ...ctx, candidates: [' '] })).message).toMatch(/non-empty/);
    expect(inputError(() => countBallots([], { ...ctx, seats: 0 })).message).toMatch(/seats/);
    expect(inputError(() => countBallots([], { ...ctx, present: -1 })).message).toMatch(/present/);
  });

  const recommendationArb = fc
    .record({
      candidates: fc.shuffledSubarray<string>([...NAMES], { minLength: 1 }),
      seats: fc.integer({ min: 1, max: 4 }),
    })
    .chain(({ candidates, seats }) =>
      fc.record({
        candidates: fc.constant(candidates),
        seats: fc.constant(seats),
        ballots: fc.array(fc.array(fc.constantFrom(...candidates, ...OUTSIDERS), { maxLength: seats + 2 }), { maxLength: 40 }),
        spare: fc.nat({ max: 5 }),
      }),
    );

  it('never loses a ballot: valid + invalid = cast, each invalid one with the right reason', () => {
    fc.assert(
      fc.property(recommendationArb, ({ candidates, seats, ballots, spare }) => {
        const tally = tallied(
          countBallots(
            ballots.map((m) => choose(...m)),
            { kind: 'choose', candidates, seats, present: ballots.length + spare },
          ),
        );
        expect(tally.cast).toBe(ballots.length);
        expect(tally.valid + tally.invalid.length).toBe(tally.cast);
        expect(Object.keys(tally.votes)).toEqual(candidates);
        const expected = ballots.flatMap((m, index) => {
          const reason = expectedReason(m, candidates, seats);
          return reason ? [{ index, reason }] : [];
        });
        expect(tally.invalid.map(({ index, reason }) => ({ index, reason }))).toEqual(expected);
        for (const c of candidates) {
          const marked = ballots.filter((m) => !expectedReason(m, candidates, seats) && m.includes(c)).length;
          expect(tally.votes[c]).toBe(marked);
        }
      }),
    );
  });

  it('an election count accounts for every valid ballot per candidate: yes + no + abstain = valid', () => {
    const electionArb = fc
      .record({ candidates: fc.shuffledSubarray<string>([...NAMES], { minLength: 1 }), seats: fc.integer({ min: 1, max: 4 }) })
      .chain(({ candidates, seats }) =>
        fc.record({
          candidates: fc.constant(candidates),
          seats: fc.constant(seats),
          ballots: fc.array(fc.dictionary(fc.constantFrom(...candidates, ...OUTSIDERS), fc.constantFrom<Mark>('yes', 'no', 'abstain')), {
            maxLength: 40,
          }),
        }),
      );
    fc.assert(
      fc.property(electionArb, ({ candidates, seats, ballots }) => {
        const tally = tallied(countBallots(ballots.map(approve), { kind: 'approve', candidates, seats, present: ballots.length }));
        if (tally.kind !== 'approve') throw new Error('expected an election tally');
        expect(tally.valid + tally.invalid.length).toBe(ballots.length);
        for (const c of candidates) {
          expect(tally.votes[c]! + tally.against[c]! + tally.abstained[c]!).toBe(tally.valid);
        }
        ballots.forEach((b, index) => {
          const names = Object.keys(b);
          const yes = names.filter((n) => b[n] === 'yes').length;
          const reason = names.some((n) => !candidates.includes(n)) ? 'unknown-name' : yes > seats ? 'over-marked' : undefined;
          expect(tally.invalid.find((i) => i.index === index)?.reason).toBe(reason);
        });
      }),
    );
  });
});

// ── the winner rule ────────────────────────────────────────────────────────

const totals = (votes: Record<string, number>, cast: number, valid = cast): VoteTotals => ({ cast, valid, votes });

describe('electWinners (当选)', () => {
  it('exactly half of those present fails; one more passes', () => {
    const r = electWinners(totals({ 张伟: 6, 王芳: 5 }, 10), 10, 2, P.election, 'further-ballot');
    expect(r).toEqual({
      outcome: 'vacant',
      elected: [{ name: '张伟', votes: 6 }],
      vacant: 1,
      remaining: [{ name: '王芳', votes: 5 }],
      needed: 6,
    });
  });

  it('measures the share on those present, not on ballots cast', () => {
    // 6 of 8 ballots, but only 6 of 12 present: not elected.
    const r = electWinners(totals({ 张伟: 6 }, 8), 12, 1, P.election, 'further-ballot');
    expect(r).toMatchObject({ outcome: 'vacant', vacant: 1, needed: 7 });
  });

  it('fills the seats in order of votes', () => {
    const r = electWinners(totals({ 张伟: 7, 王芳: 9, 李娜: 8, 刘洋: 2 }, 10), 10, 3, P.election, 'further-ballot');
    expect(r).toEqual({
      outcome: 'filled',
      elected: [
        { name: '王芳', votes: 9 },
        { name: '李娜', votes: 8 },
        { name: '张伟', votes: 7 },
      ],
      needed: 6,
    });
  });

  it('when more pass than there are seats, the most-voted take them', () => {
    const r = electWinners(totals({ 张伟: 7, 王芳: 9, 李娜: 8, 刘洋: 6 }, 10), 10, 2, P.election, 'further-ballot');
    expect(r).toMatchObject({ outcome: 'filled', elected: [{ name: '王芳' }, { name: '李娜' }] });
  });

  it('a tie at the cut-off demands a further ballot among the tied', () => {
    const r = electWinners(totals({ 张伟: 9, 王芳: 7, 李娜: 7, 刘洋: 7, 陈静: 6 }, 10), 10, 3, P.election, 'further-ballot');
    expect(r).toEqual({
      outcome: 'further-ballot',
      elected: [{ name: '张伟', votes: 9 }],
      tie: { names: ['刘洋', '李娜', '王芳'].sort(), seats: 2 },
      needed: 6,
    });
  });

  it('equal votes inside the seats are no tie', () => {
    const r = electWinners(totals({ 张伟: 8, 王芳: 8, 李娜: 6 }, 10), 10, 2, P.election, 'further-ballot');
    expect(r).toMatchObject({ outcome: 'filled', elected: [{ name: '张伟' }, { name: '王芳' }] });
  });

  it('refuses drawing lots, tie or no tie', () => {
    const message = inputError(() => electWinners(totals({ 张伟: 8 }, 10), 10, 1, P.election, 'lot')).message;
    expect(message).toMatch(/抽签/);
    expect(message).toMatch(/further ballot/);
  });

  it('counts the vacancies and leaves the rest for a second ballot (另行选举)', () => {
    const r = electWinners(totals({ 张伟: 8, 王芳: 5, 李娜: 3, 刘洋: 5 }, 10), 10, 3, P.election, 'further-ballot');
    expect(r).toEqual({
      outcome: 'vacant',
      elected: [{ name: '张伟', votes: 8 }],
      vacant: 2,
      remaining: [
        { name: '刘洋', votes: 5 },
        { name: '王芳', votes: 5 },
        { name: '李娜', votes: 3 },
      ],
      needed: 6,
    });
  });

  it('refuses a void or impossible count', () => {
    expect(inputError(() => electWinners(totals({ 张伟: 8 }, 11), 10, 1, P.election, 'further-ballot')).message).toMatch(/void/);
    expect(inputError(() => electWinners(totals({ 张伟: 9 }, 10, 8), 10, 1, P.election, 'further-ballot')).message).toMatch(
      /9 votes but only 8 ballots are valid/,
    );
    expect(inputError(() => electWinners(totals({ 张伟: 1 }, 1), 0, 1, P.election, 'further-ballot')).message).toMatch(/present/);
    expect(inputError(() => electWinners(totals({ 张伟: 1 }, 1), 1, 0, P.election, 'further-ballot')).message).toMatch(/seats/);
  });

  it('elected, tied and vacant seats always add up to the seats, and only passing candidates win', () => {
    const arb = fc.record({ present: fc.integer({ min: 1, max: 60 }), seats: fc.integer({ min: 1, max: 5 }) }).chain(({ present, seats }) =>
      fc.record({
        present: fc.constant(present),
        seats: fc.constant(seats),
        votes: fc.dictionary(fc.constantFrom<string>(...NAMES), fc.integer({ min: 0, max: present }), { minKeys: 1 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ present, seats, votes }) => {
        const r = electWinners(totals(votes, present), present, seats, P.election, 'further-ballot');
        const passes = (n: string) => meetsThreshold(votes[n]!, present, winnerShare);
        const passing = Object.keys(votes).filter(passes);
        expect(r.elected.every((c) => passes(c.name))).toBe(true);
        for (let i = 1; i < r.elected.length; i += 1) expect(r.elected[i - 1]!.votes).toBeGreaterThanOrEqual(r.elected[i]!.votes);
        switch (r.outcome) {
          case 'filled':
            expect(r.elected).toHaveLength(seats);
            break;
          case 'further-ballot': {
            expect(r.elected.length + r.tie.seats).toBe(seats);
            expect(r.tie.names.length).toBeGreaterThan(r.tie.seats);
            const tied = new Set(r.tie.names.map((n) => votes[n]));
            expect(tied.size).toBe(1);
            expect(r.tie.names.every(passes)).toBe(true);
            expect(r.elected.every((c) => c.votes > votes[r.tie.names[0]!]!)).toBe(true);
            break;
          }
          case 'vacant':
            expect(passing).toHaveLength(r.elected.length);
            expect(r.elected.length + r.vacant).toBe(seats);
            expect(r.remaining).toHaveLength(Object.keys(votes).length - passing.length);
            break;
          default: {
            const never: never = r;
            throw new Error(`unexpected ${String(never)}`);
          }
        }
      }),
    );
  });
});

describe('decideFurtherBallot (再次投票)', () => {
  const tie = { names: ['王芳', '李娜', '刘洋'], seats: 2 };

  it('the most votes win among the tied, with no share to meet', () => {
    expect(decideFurtherBallot(totals({ 王芳: 3, 李娜: 2, 刘洋: 1 }, 10), tie)).toEqual({
      outcome: 'filled',
      elected: [
        { name: '王芳', votes: 3 },
        { name: '李娜', votes: 2 },
      ],
    });
  });

  it('equal votes at the cut-off again mean another further ballot', () => {
    expect(decideFurtherBallot(totals({ 王芳: 5, 李娜: 2, 刘洋: 2 }, 10), tie)).toEqual({
      outcome: 'further-ballot',
      elected: [{ name: '王芳', votes: 5 }],
      tie: { names: ['刘洋', '李娜'], seats: 1 },
    });
  });

  it('refuses votes for anyone outside the tie', () => {
    expect(inputError(() => decideFurtherBallot(totals({ 王芳: 5, 张伟: 2 }, 10), tie)).message).toMatch(/张伟/);
  });
});

describe('decideSeatReduction (减少名额)', () => {
  it('exactly half agreeing fails; one more passes', () => {
    expect(decideSeatReduction(10, 20, P.election)).toEqual({ outcome: 'not-reduced', agreeing: 10, present: 20, needed: 11 });
    expect(decideSeatReduction(11, 20, P.election)).toEqual({ outcome: 'reduced', agreeing: 11, present: 20, needed: 11 });
  });

  it('refuses more agreeing than present', () => {
    expect(inputError(() => decideSeatReduction(21, 20, P.election)).message).toBe('agreeing (21) cannot exceed present (20)');
  });
});

// ── 发展党员: the two votes ─────────────────────────────────────────────────
