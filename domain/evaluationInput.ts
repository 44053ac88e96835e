/**
 * What every 年度考核 rule (docs/domain.md §3) takes: the policy the case started under.
 * The workflow passes that policy and the day it asks about, so neither a later policy
 * change nor a replay alters an answer. An input no parser lets through is the caller's
 * bug and throws EvaluationInputError.
 */
import type { Policy } from './policy';

export type EvaluationPolicy = Policy['evaluation'];

/**
 * An input no parser lets through (a negative count, a duplicate year): the
 * caller's bug, so it throws instead of becoming a refusal a person would read.
 */
export class EvaluationInputError extends RangeError {
  override readonly name = 'EvaluationInputError';
}

/** A count (votes, people, points in hundredths) is a whole number ≥ 0, or the caller has a bug. */
export function requireCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new EvaluationInputError(`${what} must be a whole number ≥ 0, got ${n}`);
}
