/**
 * The slate (候选人预备人选) and its margin (差额), docs/domain.md §1.4. Pure: the
 * township committee proposes a slate; these rules say whether the policy allows it.
 *
 * A county uses one SlateRule. The national rule is a margin of at least 20% over the
 * seats; local rules add a recommendation-vote bar, fix a size range, or rank nominees
 * by a weighted member/masses score. All arithmetic is on integers (BigInt where a
 * product could leave the safe range), so an edge never depends on float rounding.
 */
import { BallotInputError, requireThreshold, smallestPassing } from './ballots/arithmetic';
import { requireTotals, type VoteTotals } from './ballots/counting';
import { describeThreshold, meetsThreshold, type Fraction, type Threshold } from './fraction';
import type { Policy } from './policy';

/**
 * What a nominee's recommendation share is measured on: both meetings' votes pooled
 * ('combined'), or each meeting on its own, both of which must pass ('each').
 */
export type RecommendationBasis = 'combined' | 'each';

export type SlateRule =
  /** At least ceil(seats × (100 + percent) / 100) candidates: 5 seats at 20% → 6. */
  | { readonly kind: 'margin-percent'; readonly percent: number }
  /** The margin, and every candidate's recommendation votes meet `share` of the ballots cast. */
  | {
      readonly kind: 'majority-of-recommendation';
      readonly percent: number;
      readonly share: Threshold;
      readonly basis: RecommendationBasis;
    }
  /**
   * Between seats + 2 and 2 × seats candidates, inclusive. A local rule: for 1 seat no
   * size fits, and from 11 seats up its lower end is below the 20% margin.
   */
  | { readonly kind: 'range' }
  /**
   * The margin, and every candidate is a nominee; rankNominees orders them by
   * memberWeight × member share + massesWeight × masses share (weights sum to 100).
   */
  | { readonly kind: 'weighted'; readonly percent: number; readonly memberWeight: number; readonly massesWeight: number };

/** The Party members' recommendation (党员推荐) and the masses' (群众推荐). */
export interface Recommendations {
  readonly members: VoteTotals;
  readonly masses: VoteTotals;
}

/** The national margin from the policy; a county with a local rule names it instead. */
export function defaultSlateRule(p: Pick<Policy['election'], 'slateMarginPercent'>): SlateRule {
  return { kind: 'margin-percent', percent: p.slateMarginPercent };
}

function requirePercent(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > 100) {
    throw new BallotInputError(`${what} must be a whole percentage from 0 to 100, got ${String(n)}`);
  }
}

function requireSeats(seats: number): void {
  if (!Number.isSafeInteger(seats) || seats < 1) {
    throw new BallotInputError(`seats must be a whole number ≥ 1, got ${String(seats)}`);
  }
}

function requireWeights(w: { readonly memberWeight: number; readonly massesWeight: number }): void {
  const { memberWeight, massesWeight } = w;
  for (const [what, v] of [
    ['memberWeight', memberWeight],
    ['massesWeight', massesWeight],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw new BallotInputError(`${what} must be a whole number ≥ 0, got ${String(v)}`);
  }
  if (memberWeight + massesWeight !== 100) {
    throw new BallotInputError(`weights must sum to 100, got ${memberWeight} + ${massesWeight} = ${memberWeight + massesWeight}`);
  }
}

/** A rule a policy file could not sensibly hold is a configuration bug: fail before judging anything. */
function requireRule(rule: SlateRule): void {
  switch (rule.kind) {
    case 'margin-percent':
      return requirePercent(rule.percent, 'percent');
    case 'majority-of-recommendation':
      requirePercent(rule.percent, 'percent');
      requireThreshold(rule.share, 'share');
      if (rule.basis !== 'combined' && rule.basis !== 'each') {
        throw new BallotInputError(`basis must be "combined" or "each", got ${JSON.stringify(rule.basis)}`);
      }
      return;
    case 'range':
      return;
    case 'weighted':
      requirePercent(rule.percent, 'percent');
      return requireWeights(rule);
    default: {
      const never: never = rule;
      throw new BallotInputError(`unknown slate rule ${JSON.stringify(never)}`);
    }
  }
}

export interface SlateSize {
  readonly min: number;
  /** null: no upper bound. */
  readonly max: number | null;
  /** How the bounds read in a refusal: "seats + 20%", "2 × seats". */
  readonly minRule: string;
  readonly maxRule: string | null;
}

/** ceil(seats × (100 + p) / 100) exactly: the rule says "at least 20% more", so a fraction of a person rounds up. */
function marginMin(seats: number, percent: number): number {
  return Number((BigInt(seats) * BigInt(100 + percent) + 99n) / 100n);
}

/** The sizes the rule allows for `seats`; min > max means none (the range rule at 1 seat). */
export function slateSize(seats: number, rule: SlateRule): SlateSize {
  requireSeats(seats);
  requireRule(rule);
  switch (rule.kind) {
    case 'margin-percent':
    case 'majority-of-recommendation':
    case 'weighted':
      return { min: marginMin(seats, rule.percent), max: null, minRule: `seats + ${rule.percent}%`, maxRule: null };
    case 'range':
      return { min: seats + 2, max: 2 * seats, minRule: 'seats + 2', maxRule: '2 × seats' };
    default: {
      const never: never = rule;
      throw new BallotInputError(`unknown slate rule ${JSON.stringify(never)}`);
    }
  }
}

export type SlateRefusal =
  | { readonly ok: false; readonly reason: 'blank-name'; readonly message: string }
  | { readonly ok: false; readonly reason: 'duplicate-candidate'; readonly name: string; readonly message: string }
  | {
      readonly ok: false;
      readonly reason: 'no-size-fits';
      readonly seats: number;
      readonly min: number;
      readonly max: number;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'too-few-candidates';
      readonly candidates: number;
      readonly seats: number;
      readonly min: number;
      readonly message: string;
    }
  | {
      readonly ok: false;
      readonly reason: 'too-many-candidates';
      readonly candidates: number;
      readonly seats: number;
      readonly max: number;
      readonly message: string;
    }
  | { readonly ok: false; readonly reason: 'not-a-nominee'; readonly name: string; readonly message: string }
  | {
      readonly ok: false;
      readonly reason: 'below-recommendation-share';
      readonly name: string;
      /** Which count fell short: both pooled, or one meeting under the 'each' basis. */
      readonly of: 'combined' | 'members' | 'masses';
      readonly votes: number;
      readonly cast: number;
      readonly needed: number;
      readonly message: string;
    };

export type SlateCheck =
  | { readonly ok: true; readonly candidates: number; readonly seats: number; readonly min: number; readonly max: number | null }
  | SlateRefusal;

function isNominee(name: string, r: Recommendations): boolean {
  return Object.hasOwn(r.members.votes, name) || Object.hasOwn(r.masses.votes, name);
}

function votesOf(t: VoteTotals, name: string): number {
  return Object.hasOwn(t.votes, name) ? (t.votes[name] ?? 0) : 0;
}

function requireRecommendations(r: Recommendations | undefined, who: string): Recommendations {
  if (r === undefined) throw new BallotInputError(`${who} needs the recommendation tallies`);
  requireTotals(r.members, 'members');
  requireTotals(r.masses, 'masses');
  return r;
}

/** One share test, or the refusal naming the count that fell short. */
function shareShortfall(
  name: string,
  of: 'combined' | 'members' | 'masses',
  votes: number,
  cast: number,
  share: Threshold,
): SlateRefusal | undefined {
  if (cast === 0) throw new BallotInputError(`the ${of} recommendation has no ballots, so no share can be taken`);
  if (meetsThreshold(votes, cast, share)) return undefined;
  const needed = smallestPassing(cast, share);
  const where = of === 'combined' ? 'the recommendations' : `the ${of}' recommendation`;
  return {
    ok: false,
    reason: 'below-recommendation-share',
    name,
    of,
    votes,
    cast,
    needed,
    message: `${name} has ${votes} of ${cast} votes in ${where}; ` + `a candidate needs ${describeThreshold(share)} (at least ${needed})`,
  };
}

function checkShare(name: string, r: Recommendations, share: Threshold, basis: RecommendationBasis): SlateRefusal | undefined {
  const m = votesOf(r.members, name);
  const M = votesOf(r.masses, name);
  switch (basis) {
    case 'combined':
      return shareShortfall(name, 'combined', m + M, r.members.cast + r.masses.cast, share);
    case 'each':
      return shareShortfall(name, 'members', m, r.members.cast, share) ?? shareShortfall(name, 'masses', M, r.masses.cast, share);
    default: {
      const never: never = basis;
      throw new BallotInputError(`unknown basis ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Whether the slate may be posted (公示). Checks, first failure reported: names (blank,
 * twice), whether any size fits, the size, then per candidate (in slate order) that
 * they are a nominee and meet the recommendation share where the rule asks.
 * `recommendations` is required by the 'majority-of-recommendation' and 'weighted'
 * rules (missing it is a bug and throws); the others judge the size alone.
 */
export function checkSlate(slate: readonly string[], seats: number, rule: SlateRule, recommendations?: Recommendations): SlateCheck {
  const size = slateSize(seats, rule);
  const seen = new Set<string>();
  for (const name of slate) {
    if (typeof name !== 'string' || name.trim() === '') {
      return { ok: false, reason: 'blank-name', message: 'every candidate on the slate needs a name' };
    }
    if (seen.has(name)) {
      return { ok: false, reason: 'duplicate-candidate', name, message: `${name} is on the slate twice` };
    }
    seen.add(name);
  }
  const n = slate.length;
  if (size.max !== null && size.min > size.max) {
    return {
      ok: false,
      reason: 'no-size-fits',
      seats,
      min: size.min,
      max: size.max,
      message:
        `no slate fits ${seats} seat(s) under this rule: ` + `${size.minRule} = ${size.min} exceeds ${size.maxRule ?? ''} = ${size.max}`,
    };
  }
  if (n < size.min) {
    return {
      ok: false,
      reason: 'too-few-candidates',
      candidates: n,
      seats,
      min: size.min,
      message: `slate of ${n} for ${seats} seats needs at least ${size.min} candidates (${size.minRule})`,
    };
  }
  if (size.max !== null && n > size.max) {
    return {
      ok: false,
      reason: 'too-many-candidates',
      candidates: n,
      seats,
      max: size.max,
      message: `slate of ${n} for ${seats} seats allows at most ${size.max} candidates (${size.maxRule ?? ''})`,
    };
  }
  const passed: SlateCheck = { ok: true, candidates: n, seats, min: size.min, max: size.max };
  switch (rule.kind) {
    case 'margin-percent':
    case 'range':
      return passed;
    case 'majority-of-recommendation':
    case 'weighted': {
      const r = requireRecommendations(recommendations, `the ${rule.kind} rule`);
      for (const name of slate) {
        if (!isNominee(name, r)) {
          return { ok: false, reason: 'not-a-nominee', name, message: `${name} was not recommended by either meeting` };
        }
        if (rule.kind === 'majority-of-recommendation') {
          const short = checkShare(name, r, rule.share, rule.basis);
          if (short) return short;
        }
      }
      return passed;
    }
    default: {
      const never: never = rule;
      throw new BallotInputError(`unknown slate rule ${JSON.stringify(never)}`);
    }
  }
}

// ── Weighted ranking (综合得票) ───────────────────────────────────────────────

export interface RankedNominee {
  readonly name: string;
  /** 1 for the first; no two nominees share a rank (see rankNominees for the tie-breaks). */
  readonly rank: number;
  /** Points out of 100, as an exact fraction in lowest terms. */
  readonly score: Fraction;
  readonly memberVotes: number;
  readonly massesVotes: number;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function toSafe(n: bigint, what: string): number {
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new BallotInputError(`${what} is too large to report exactly`);
  return Number(n);
}

interface Scored {
  name: string;
  num: bigint;
  den: bigint;
  memberVotes: number;
  massesVotes: number;
}

/**
 * Orders nominees by score = memberWeight × (member votes / member ballots cast) +
 * massesWeight × (masses votes / masses ballots cast), in points out of 100. Ballots
 * cast, invalid ones included, are the base, as "share of those who took part".
 * Equal scores (compared exactly, as fractions) go to more member votes, then to the
 * name in code-unit order, so the order is total and does not depend on the order the
 * tallies list names in. Nominees are everyone named in either tally.
 */
export function rankNominees(
  recommendations: Recommendations,
  weights: { readonly memberWeight: number; readonly massesWeight: number },
): RankedNominee[] {
  requireWeights(weights);
  const { members, masses } = requireRecommendations(recommendations, 'ranking');
  if (members.cast === 0 || masses.cast === 0) {
    throw new BallotInputError(`both recommendations need ballots to weigh (members cast ${members.cast}, masses cast ${masses.cast})`);
  }
  const cm = BigInt(members.cast);
  const cM = BigInt(masses.cast);
  const names = [...new Set([...Object.keys(members.votes), ...Object.keys(masses.votes)])];
  // Over the common denominator cm × cM, so the numerators compare directly.
  const scored: Scored[] = names.map((name) => {
    const memberVotes = votesOf(members, name);
    const massesVotes = votesOf(masses, name);
    const num = BigInt(weights.memberWeight) * BigInt(memberVotes) * cM + BigInt(weights.massesWeight) * BigInt(massesVotes) * cm;
    return { name, num, den: cm * cM, memberVotes, massesVotes };
  });
  scored.sort((a, b) => {
    if (a.num !== b.num) return a.num > b.num ? -1 : 1;
    if (a.memberVotes !== b.memberVotes) return b.memberVotes - a.memberVotes;
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
  });
  return scored.map((s, i) => {
    const g = s.num === 0n ? s.den : gcd(s.num, s.den);
    return {
      name: s.name,
      rank: i + 1,
      score: { num: toSafe(s.num / g, 'a score'), den: toSafe(s.den / g, 'a score') },
      memberVotes: s.memberVotes,
      massesVotes: s.massesVotes,
    };
  });
}
