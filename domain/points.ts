/**
 * Points held as integers in hundredths (87.65 → 8765), so no float decides a grade or
 * a star: the conversion from points as entered, its parser, and the way back for display.
 */
import { fail, ok, type Parsed } from './decisions';
import { EvaluationInputError } from './evaluationInput';

/**
 * 87.65 → 8765. More than two decimals is refused rather than rounded: a score
 * sheet that says 87.655 has a typo, and guessing would change a grade.
 */
export function pointsToHundredths(points: number): number {
  if (!Number.isFinite(points)) throw new EvaluationInputError(`not a score: ${points}`);
  const scaled = points * 100;
  const hundredths = Math.round(scaled);
  // 87.65 * 100 is 8764.999999999999 in binary floating point: allow that, not 87.655.
  if (Math.abs(scaled - hundredths) > 1e-6) {
    throw new EvaluationInputError(`a score has at most two decimals, got ${points}`);
  }
  return hundredths;
}

/** 8765 → "87.65"; 9000 → "90.00". */
export function formatHundredths(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths)) throw new EvaluationInputError(`not hundredths: ${hundredths}`);
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * A score as entered, in points with at most two decimals, as hundredths. A string
 * is refused: "85,5" and "85.5" would have to be guessed at.
 */
export function points(raw: unknown, field: string, maxPoints = 100): Parsed<number> {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`${field} must be a number of points, got ${JSON.stringify(raw)}`);
  if (raw < 0 || raw > maxPoints) return fail(`${field} must be from 0 to ${maxPoints} points, got ${raw}`);
  try {
    return ok(pointsToHundredths(raw));
  } catch {
    return fail(`${field} has at most two decimals, got ${raw}`);
  }
}
