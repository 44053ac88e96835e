/**
 * The quantified score (实绩量化, docs/domain.md §3.3): the weighted sum of three
 * sub-scores plus a capped bonus, in hundredths of a point.
 */
import { EvaluationInputError, requireCount, type EvaluationPolicy } from './evaluationInput';
import { formatHundredths } from './points';

/** A sub-score is 0–100 points, held as 0–10000 hundredths. */
export const MAX_SUB_SCORE = 10_000;

/** The three weighted sub-scores and the bonus (加分), all in hundredths of a point. */
export interface ScoreSheet {
  supervisor: number;
  staff: number;
  assessmentTeam: number;
  bonus: number;
}

export interface QuantifiedScore {
  /** weighted + bonus, hundredths. */
  total: number;
  /** Σ weight% × sub-score, rounded half up (四舍五入) to a hundredth. */
  weighted: number;
  /** The bonus counted, after the cap. */
  bonus: number;
  bonusCapped: boolean;
}

/**
 * Σ weight% × sub-score is computed exactly in ten-thousandths of a point and
 * rounded once, half up, to hundredths: the only rounding, so the same sheet
 * always gives the same total whatever order the parts are added in. The bonus
 * is capped, then added unrounded (it is already in hundredths). The total may
 * exceed 100 by at most the cap.
 */
export function quantifiedScore(sheet: ScoreSheet, weights: EvaluationPolicy['weights'], bonusCap: number): QuantifiedScore {
  const { supervisor, staff, assessmentTeam } = weights;
  for (const [name, w] of Object.entries(weights)) requireCount(w, `weight ${name}`);
  if (supervisor + staff + assessmentTeam !== 100) {
    throw new EvaluationInputError(`weights must sum to 100, got ${supervisor} + ${staff} + ${assessmentTeam}`);
  }
  for (const name of ['supervisor', 'staff', 'assessmentTeam'] as const) {
    requireCount(sheet[name], `${name} score`);
    if (sheet[name] > MAX_SUB_SCORE) throw new EvaluationInputError(`${name} score ${formatHundredths(sheet[name])} is over 100`);
  }
  requireCount(sheet.bonus, 'bonus');
  requireCount(bonusCap, 'bonus cap');
  const tenThousandths = supervisor * sheet.supervisor + staff * sheet.staff + assessmentTeam * sheet.assessmentTeam;
  const weighted = Math.floor((tenThousandths + 50) / 100);
  const bonus = Math.min(sheet.bonus, bonusCap);
  return { total: weighted + bonus, weighted, bonus, bonusCapped: sheet.bonus > bonusCap };
}
