/**
 * The arithmetic every ballot rule shares (docs/domain.md §1, §5): shares decided in
 * exact integer arithmetic, because "more than 2/3 of 30" has to mean 21 and never a
 * float that lands a hair either side of 20.
 *
 * Two kinds of bad input, handled differently: numbers only a bug or a broken policy
 * can produce (a negative count, more present than eligible, a tie broken by lot)
 * throw BallotInputError; forms a person fills in go through the parsers of
 * domain/ballots/forms.ts, which refuse with a reason so a workflow validator can
 * answer instead of failing.
 */
import { type Threshold } from '../fraction';

/** Numbers no real meeting can produce; the message names the number and why. */
export class BallotInputError extends RangeError {
  override readonly name = 'BallotInputError';
}

export function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new BallotInputError(`${what} must be a whole number ≥ 0, got ${String(n)}`);
  }
}

export function requirePositive(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new BallotInputError(`${what} must be a whole number ≥ 1, got ${String(n)}`);
  }
}

/** Fails loudly on a share no policy file could hold, before any count depends on it. */
export function requireThreshold(t: Threshold, what: string): void {
  const { num, den, mode } = t;
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num < 0 || den < 1 || num > den) {
    throw new BallotInputError(`${what} must be a share num/den with 0 ≤ num ≤ den, got ${String(num)}/${String(den)}`);
  }
  switch (mode) {
    case 'more-than':
    case 'at-least':
      return;
    default: {
      const never: never = mode;
      throw new BallotInputError(`${what} has an unknown mode ${JSON.stringify(never)}`);
    }
  }
}

/**
 * The smallest part of `whole` that meets `t`: floor(num × whole / den) + 1 for
 * 'more-than', ceil(num × whole / den) for 'at-least', in BigInt so the product of
 * two safe integers cannot round. It is whole + 1 when no part can meet the share
 * (only "more than 1/1"), so a refusal never claims an attendance that would pass.
 */
export function smallestPassing(whole: number, t: Threshold): number {
  requireCount(whole, 'whole');
  requireThreshold(t, 'threshold');
  const product = BigInt(t.num) * BigInt(whole);
  const den = BigInt(t.den);
  switch (t.mode) {
    case 'more-than':
      return Number(product / den) + 1;
    case 'at-least':
      return Number((product + den - 1n) / den);
    default: {
      const never: never = t.mode;
      throw new BallotInputError(`unknown threshold mode ${JSON.stringify(never)}`);
    }
  }
}
