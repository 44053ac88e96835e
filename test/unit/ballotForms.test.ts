/**
 * The Party member and masses votes (党员赞成票, 群众满意票) and the vote-count forms (计票结果表), as pure functions. Quorum, counting and winners: ballots.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotInputError } from '../../domain/ballots/arithmetic';
import { countBallots, type CountContext, type Tally } from '../../domain/ballots/counting';
import { decideMassesVote, decideMemberVote } from '../../domain/ballots/memberVotes';
import { parseMassesVote, parseMemberVote, totalsFromForm, voteCountParser } from '../../domain/ballots/forms';
import type { Ballot } from '../../domain/ballots/counting';
import { DEFAULT_POLICY } from '../../domain/policy';

const P = DEFAULT_POLICY;

const choose = (...marked: string[]): Ballot => ({ kind: 'choose', marked });

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

function tallied(result: ReturnType<typeof countBallots>): Tally {
  if (!result.ok) throw new Error(`count was void: ${result.message}`);
  return result.tally;
}

describe('decideMemberVote (党员赞成票)', () => {
  const md = P.memberDevelopment;

  it('counts yes-votes against the members due to attend, not those present', () => {
    // 9 due, 5 present: 4 yes is most of those present but not more than half of 9.
    expect(decideMemberVote({ eligible: 9, present: 5 }, { yes: 4, writtenYes: 0 }, md)).toEqual({
      outcome: 'rejected',
      yes: 4,
      eligible: 9,
      needed: 5,
    });
    expect(decideMemberVote({ eligible: 9, present: 5 }, { yes: 5, writtenYes: 0 }, md)).toEqual({
      outcome: 'approved',
      yes: 5,
      eligible: 9,
      needed: 5,
    });
  });

  it('yes from exactly half of those due fails; one more passes', () => {
    expect(decideMemberVote({ eligible: 10, present: 8 }, { yes: 5, writtenYes: 0 }, md)).toMatchObject({ outcome: 'rejected', needed: 6 });
    expect(decideMemberVote({ eligible: 10, present: 8 }, { yes: 6, writtenYes: 0 }, md)).toMatchObject({ outcome: 'approved' });
  });

  it('no quorum at exactly half attending, whatever the votes', () => {
    expect(decideMemberVote({ eligible: 10, present: 5 }, { yes: 5, writtenYes: 5 }, md)).toEqual({
      outcome: 'no-quorum',
      eligible: 10,
      present: 5,
      needed: 6,
    });
  });

  it('written yes from absent members counts in the votes but not in the attendance', () => {
    expect(decideMemberVote({ eligible: 10, present: 6 }, { yes: 4, writtenYes: 2 }, md)).toMatchObject({ outcome: 'approved', yes: 6 });
    expect(inputError(() => decideMemberVote({ eligible: 10, present: 6 }, { yes: 4, writtenYes: 5 }, md)).message).toBe(
      'writtenYes (5) cannot exceed the 4 members absent',
    );
    expect(inputError(() => decideMemberVote({ eligible: 10, present: 6 }, { yes: 7, writtenYes: 0 }, md)).message).toBe(
      'yes (7) cannot exceed present (6)',
    );
  });

  it('approves exactly when more than half attend and yes exceeds half of those due', () => {
    const arb = fc.integer({ min: 1, max: 300 }).chain((eligible) =>
      fc.integer({ min: 0, max: eligible }).chain((present) =>
        fc.record({
          eligible: fc.constant(eligible),
          present: fc.constant(present),
          yes: fc.integer({ min: 0, max: present }),
          writtenYes: fc.integer({ min: 0, max: eligible - present }),
        }),
      ),
    );
    fc.assert(
      fc.property(arb, ({ eligible, present, yes, writtenYes }) => {
        const r = decideMemberVote({ eligible, present }, { yes, writtenYes }, md);
        const expected = 2 * present <= eligible ? 'no-quorum' : 2 * (yes + writtenYes) > eligible ? 'approved' : 'rejected';
        expect(r.outcome).toBe(expected);
      }),
    );
  });
});

describe('decideMassesVote (群众满意票)', () => {
  it('half approving is enough under the default; fewer is not', () => {
    expect(decideMassesVote({ cast: 40, approving: 20 }, P.memberDevelopment)).toEqual({
      outcome: 'satisfied',
      approving: 20,
      cast: 40,
      needed: 20,
    });
    expect(decideMassesVote({ cast: 40, approving: 19 }, P.memberDevelopment)).toMatchObject({ outcome: 'not-satisfied', needed: 20 });
    expect(decideMassesVote({ cast: 41, approving: 20 }, P.memberDevelopment)).toMatchObject({ outcome: 'not-satisfied', needed: 21 });
  });

  it('follows a county that asks for more than half', () => {
    const strict = { massesApprovalShare: { num: 1, den: 2, mode: 'more-than' as const } };
    expect(decideMassesVote({ cast: 40, approving: 20 }, strict).outcome).toBe('not-satisfied');
    expect(decideMassesVote({ cast: 40, approving: 21 }, strict).outcome).toBe('satisfied');
  });

  it('refuses a vote with no ballots', () => {
    expect(inputError(() => decideMassesVote({ cast: 0, approving: 0 }, P.memberDevelopment)).message).toMatch(/cast/);
  });
});

// ── forms ──────────────────────────────────────────────────────────────────

describe('voteCountParser (计票结果表)', () => {
  const parse = voteCountParser({ candidates: ['张伟', '王芳', '李娜'], seats: 2 });
  const form = { eligible: 30, present: 25, cast: 25, invalid: 1, votes: { 张伟: 20, 王芳: 13, 李娜: 9 } };

  it('accepts a possible count', () => {
    expect(parse(form)).toEqual({ ok: true, value: form });
    expect(totalsFromForm(form)).toEqual({ ok: true, tally: { cast: 25, valid: 24, votes: form.votes } });
  });

  it.each([
    ['not an object', [1], 'vote count must be an object'],
    ['an unknown field', { ...form, spoilt: 1 }, 'unknown field(s): spoilt (allowed: eligible, present, cast, invalid, votes)'],
    ['a fractional count', { ...form, present: 24.5 }, 'present must be a whole number ≥ 0, got 24.5'],
    ['a missing count', { ...form, cast: undefined }, 'cast must be a whole number ≥ 0, got undefined'],
    [
      'no eligible voters',
      { ...form, eligible: 0, present: 0, cast: 0, invalid: 0, votes: { 张伟: 0, 王芳: 0, 李娜: 0 } },
      'eligible must be at least 1',
    ],
    ['more present than eligible', { ...form, present: 31 }, 'present (31) cannot exceed eligible (30)'],
    ['more invalid than cast', { ...form, invalid: 26 }, 'invalid (26) cannot exceed cast (25)'],
    ['votes not an object', { ...form, votes: [20, 13, 9] }, 'votes must map each candidate to a count'],
    ['a name off the list', { ...form, votes: { ...form.votes, 周强: 1 } }, 'votes: not on the list: 周强 (the list is 张伟, 王芳, 李娜)'],
    ['a candidate left out', { ...form, votes: { 张伟: 20, 王芳: 13 } }, 'votes: no count for 李娜 (enter 0 if no votes)'],
    ['a negative vote', { ...form, votes: { ...form.votes, 李娜: -1 } }, 'votes.李娜 must be a whole number ≥ 0, got -1'],
    ['votes beyond the valid ballots', { ...form, votes: { ...form.votes, 张伟: 25 } }, 'votes.张伟 is 25, more than the 24 valid ballots'],
    [
      'more marks than seats allow',
      { ...form, votes: { 张伟: 24, 王芳: 24, 李娜: 1 } },
      'votes add up to 49, more than 24 valid ballots × 2 seat(s) = 48',
    ],
  ])('refuses %s', (_what, raw, error) => {
    expect(parse(raw)).toEqual({ ok: false, error });
  });

  it('accepts more ballots than present, which then voids the count', () => {
    const stuffed = { ...form, cast: 26 };
    const parsed = parse(stuffed);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(totalsFromForm(parsed.value)).toMatchObject({ ok: false, reason: 'more-ballots-than-present', cast: 26, present: 25 });
  });

  it('accepts the totals of any real count of individual ballots', () => {
    const arb = fc
      .record({ candidates: fc.shuffledSubarray<string>([...NAMES], { minLength: 1 }), seats: fc.integer({ min: 1, max: 4 }) })
      .chain(({ candidates, seats }) =>
        fc.record({
          candidates: fc.constant(candidates),
          seats: fc.constant(seats),
          ballots: fc.array(fc.array(fc.constantFrom(...candidates, ...OUTSIDERS), { maxLength: seats + 1 }), { maxLength: 30 }),
          absent: fc.nat({ max: 10 }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ candidates, seats, ballots, absent }) => {
        const ctx: CountContext = { kind: 'choose', candidates, seats, present: ballots.length };
        const tally = tallied(
          countBallots(
            ballots.map((m) => choose(...m)),
            ctx,
          ),
        );
        const entered = {
          eligible: Math.max(1, ballots.length + absent),
          present: ballots.length,
          cast: tally.cast,
          invalid: tally.invalid.length,
          votes: tally.votes,
        };
        const parsed = voteCountParser({ candidates, seats })(entered);
        expect(parsed).toEqual({ ok: true, value: entered });
      }),
    );
  });

  it('a bad list is a bug at construction, not a refusal per form', () => {
    expect(inputError(() => voteCountParser({ candidates: ['张伟', '张伟'], seats: 1 })).message).toMatch(/twice/);
  });
});

describe('parseMemberVote and parseMassesVote', () => {
  it('reads a member vote; writtenYes may be left out', () => {
    expect(parseMemberVote({ eligible: 9, present: 6, yes: 5 })).toEqual({
      ok: true,
      value: { eligible: 9, present: 6, yes: 5, writtenYes: 0 },
    });
    expect(parseMemberVote({ eligible: 9, present: 6, yes: 4, writtenYes: 2 })).toMatchObject({ ok: true });
  });

  it.each([
    [{ eligible: 9, present: 10, yes: 5 }, 'present (10) cannot exceed eligible (9)'],
    [{ eligible: 9, present: 6, yes: 7 }, 'yes (7) cannot exceed present (6)'],
    [{ eligible: 9, present: 6, yes: 5, writtenYes: 4 }, 'writtenYes (4) cannot exceed the 3 members absent'],
    [{ eligible: 0, present: 0, yes: 0 }, 'eligible must be at least 1'],
    [{ eligible: 9, present: 6, yes: 5, no: 1 }, 'unknown field(s): no (allowed: eligible, present, yes, writtenYes)'],
    ['9/6/5', 'member vote must be an object'],
  ])('refuses member vote %j', (raw, error) => {
    expect(parseMemberVote(raw)).toEqual({ ok: false, error });
  });

  it('reads a masses vote and refuses an impossible one', () => {
    expect(parseMassesVote({ cast: 40, approving: 22 })).toEqual({ ok: true, value: { cast: 40, approving: 22 } });
    expect(parseMassesVote({ cast: 40, approving: 41 })).toEqual({ ok: false, error: 'approving (41) cannot exceed cast (40)' });
    expect(parseMassesVote({ cast: 0, approving: 0 })).toEqual({ ok: false, error: 'cast must be at least 1: no votes were cast' });
    expect(parseMassesVote({ cast: '40', approving: 22 })).toEqual({ ok: false, error: 'cast must be a whole number ≥ 0, got "40"' });
  });
});
