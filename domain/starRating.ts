/**
 * Star rating (星级管理, docs/domain.md §3.3): ★1–★5 from the quantified score, less one
 * per negative-list item.
 */
import { EvaluationInputError, requireCount } from './evaluationInput';
import { pointsToHundredths } from './points';

export type Stars = 1 | 2 | 3 | 4 | 5;

/** The lowest score, in points, that earns each star count; below `two` is ★1. */
export interface StarBands {
  five: number;
  four: number;
  three: number;
  two: number;
}

export const DEFAULT_STAR_BANDS: StarBands = { five: 90, four: 80, three: 70, two: 60 };

export interface StarRating {
  stars: Stars;
  /** Before the negative list. */
  fromScore: Stars;
  /** The distinct negative-list items that lowered it. */
  negatives: readonly string[];
}

function toStars(n: number): Stars {
  const clamped = Math.min(5, Math.max(1, n));
  return clamped as Stars;
}

/**
 * ★ from the score, then one star less per negative-list (负面清单) item, never below
 * ★1. An item listed twice is one item: the list names kinds of conduct, and one
 * kind lowers the rating once per period.
 */
export function starRating(scoreHundredths: number, negativeItems: readonly string[], bands: StarBands = DEFAULT_STAR_BANDS): StarRating {
  requireCount(scoreHundredths, 'score');
  const five = pointsToHundredths(bands.five);
  const four = pointsToHundredths(bands.four);
  const three = pointsToHundredths(bands.three);
  const two = pointsToHundredths(bands.two);
  if (!(five > four && four > three && three > two && two >= 0)) {
    throw new EvaluationInputError(`star bands must fall from ★5 to ★2, got ${bands.five} / ${bands.four} / ${bands.three} / ${bands.two}`);
  }
  const fromScore: Stars =
    scoreHundredths >= five ? 5 : scoreHundredths >= four ? 4 : scoreHundredths >= three ? 3 : scoreHundredths >= two ? 2 : 1;
  const negatives = [...new Set(negativeItems.map((item) => item.trim()).filter((item) => item !== ''))];
  return { stars: toStars(fromScore - negatives.length), fromScore, negatives };
}
