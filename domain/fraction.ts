/**
 * Shares of votes and counts in exact integer arithmetic. Kept apart from the policy
 * schema so workflow code can use it without bundling the schema library.
 */

/** A share asked of counts that cannot have one (nobody to count, or more parts than the whole). */
export class FractionInputError extends RangeError {
  override readonly name = 'FractionInputError';
}

export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** 'more-than': part/whole > f (超过). 'at-least': part/whole ≥ f (不少于, 达到). */
export type FractionMode = 'more-than' | 'at-least';

/** A share with the side of the boundary that passes, as the rule text says it. */
export interface Threshold extends Fraction {
  readonly mode: FractionMode;
}

function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new FractionInputError(`${what} must be a whole number ≥ 0, got ${n}`);
  }
}

/**
 * Whether part out of whole reaches the share f: part*den > num*whole
 * ('more-than') or ≥ ('at-least'), in exact integer arithmetic. A share of
 * nothing is refused rather than answered, because "≥ 1/2 of 0 ballots" being
 * true (or false) would silently decide a case.
 */
export function meetsFraction(part: number, whole: number, f: Fraction, mode: FractionMode): boolean {
  requireCount(part, 'part');
  requireCount(whole, 'whole');
  if (whole === 0) throw new FractionInputError(`cannot take a share of 0 (part ${part})`);
  if (part > whole) throw new FractionInputError(`part ${part} exceeds whole ${whole}`);
  if (!Number.isSafeInteger(f.num) || !Number.isSafeInteger(f.den) || f.num < 0 || f.den <= 0) {
    throw new FractionInputError(`not a fraction: ${f.num}/${f.den}`);
  }
  // BigInt: products of two safe integers can exceed 2^53.
  const lhs = BigInt(part) * BigInt(f.den);
  const rhs = BigInt(f.num) * BigInt(whole);
  switch (mode) {
    case 'more-than':
      return lhs > rhs;
    case 'at-least':
      return lhs >= rhs;
    default: {
      const never: never = mode;
      throw new FractionInputError(`unknown fraction mode ${String(never)}`);
    }
  }
}

/** meetsFraction with the mode the policy gives. */
export function meetsThreshold(part: number, whole: number, t: Threshold): boolean {
  return meetsFraction(part, whole, t, t.mode);
}

/** "more than 2/3", "at least 9/10": how a rule, or a refusal, states the share it applies. */
export function describeThreshold(t: Threshold): string {
  switch (t.mode) {
    case 'more-than':
      return `more than ${t.num}/${t.den}`;
    case 'at-least':
      return `at least ${t.num}/${t.den}`;
    default: {
      const never: never = t.mode;
      throw new FractionInputError(`unknown threshold mode ${JSON.stringify(never)}`);
    }
  }
}
