/**
 * What a poor record calls for (docs/domain.md §3.8): removal after two years running
 * 不称职, a warning (诫勉) when the fail votes reach the policy share.
 */
import { EvaluationInputError, type EvaluationPolicy } from './evaluationInput';
import { meetsFraction } from './fraction';
import type { Grade } from './grades';

export interface GradeRecord {
  year: number;
  grade: Grade;
}

/** 不称职 votes and ballots cast at the latest democratic rating. */
export interface FailVotes {
  fail: number;
  cast: number;
}

export type Consequence =
  /** 连续两年不称职 → removal procedure. */
  | { kind: 'removal'; years: readonly [number, number] }
  /** 诫勉: fail votes reached the policy share. */
  | { kind: 'warning'; fail: number; cast: number };

/**
 * What the record calls for now. Removal looks at the latest year and the one
 * before it only: an old pair of bad years was acted on when it happened, and a
 * missing year (not assessed) breaks the run.
 */
export function consequences(history: readonly GradeRecord[], latestRating: FailVotes | null, p: EvaluationPolicy): Consequence[] {
  const byYear = new Map<number, Grade>();
  for (const { year, grade } of history) {
    if (!Number.isSafeInteger(year)) throw new EvaluationInputError(`not a year: ${year}`);
    if (byYear.has(year)) throw new EvaluationInputError(`two grades for ${year}`);
    byYear.set(year, grade);
  }
  const out: Consequence[] = [];
  if (byYear.size > 0) {
    const latest = Math.max(...byYear.keys());
    if (byYear.get(latest) === 'not-competent' && byYear.get(latest - 1) === 'not-competent') {
      out.push({ kind: 'removal', years: [latest - 1, latest] });
    }
  }
  if (latestRating !== null && latestRating.cast > 0) {
    if (meetsFraction(latestRating.fail, latestRating.cast, p.warningFailShare, p.warningFailShare.mode)) {
      out.push({ kind: 'warning', fail: latestRating.fail, cast: latestRating.cast });
    }
  }
  return out;
}

export function describeConsequence(c: Consequence): string {
  switch (c.kind) {
    case 'removal':
      return `not competent in ${c.years[0]} and ${c.years[1]} (连续两年不称职): start the removal procedure`;
    case 'warning':
      return `${c.fail} of ${c.cast} votes were not competent: a warning case (诫勉) is due`;
    default: {
      const never: never = c;
      throw new EvaluationInputError(`unknown consequence ${JSON.stringify(never)}`);
    }
  }
}
