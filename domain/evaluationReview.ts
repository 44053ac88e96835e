/**
 * Review (复核) and appeal (申诉) of a fixed grade (docs/domain.md §3.7): their windows,
 * their due days, and the grade that stands meanwhile.
 */
import { addDays, compareDates } from './calendar';
import { fail, ok, type Parsed } from './decisions';
import { EvaluationInputError, type EvaluationPolicy } from './evaluationInput';
import type { Grade } from './grades';

/** Both ends inclusive. */
export interface DateWindow {
  opensOn: string;
  closesOn: string;
}

export type WindowStatus = 'not-yet-open' | 'open' | 'closed';

export function windowStatus(w: DateWindow, today: string): WindowStatus {
  if (compareDates(today, w.opensOn) < 0) return 'not-yet-open';
  return compareDates(today, w.closesOn) <= 0 ? 'open' : 'closed';
}

/**
 * "Within 30 days of notification": the day of notification does not count
 * (期间开始的当日不计入), so the 30th day after it is the last. Calendar days only;
 * a last day on a holiday is not moved.
 */
export function reviewRequestWindow(notifiedOn: string, p: EvaluationPolicy): DateWindow {
  return { opensOn: notifiedOn, closesOn: addDays(notifiedOn, p.reviewRequestDays) };
}

export function canRequestReview(notifiedOn: string, today: string, p: EvaluationPolicy): boolean {
  return windowStatus(reviewRequestWindow(notifiedOn, p), today) === 'open';
}

/** The last day the review body may decide. */
export function reviewDecisionDueOn(requestedOn: string, p: EvaluationPolicy): string {
  return addDays(requestedOn, p.reviewDecisionDays);
}

export function isReviewDecisionOverdue(requestedOn: string, today: string, p: EvaluationPolicy): boolean {
  return compareDates(today, reviewDecisionDueOn(requestedOn, p)) > 0;
}

/** Counted from the day the review decision is received, like the request window. */
export function appealWindow(reviewDecidedOn: string, p: EvaluationPolicy): DateWindow {
  return { opensOn: reviewDecidedOn, closesOn: addDays(reviewDecidedOn, p.appealDays) };
}

export function canAppeal(reviewDecidedOn: string, today: string, p: EvaluationPolicy): boolean {
  return windowStatus(appealWindow(reviewDecidedOn, p), today) === 'open';
}

/**
 * The last day the appeal may be decided. The policy names no term of its own for an
 * appeal, so the review's (`reviewDecisionDays`) is used, counted from the filing.
 */
export function appealDecisionDueOn(filedOn: string, p: EvaluationPolicy): string {
  return addDays(filedOn, p.reviewDecisionDays);
}

export type ReviewDecision = { outcome: 'upheld'; reason: string } | { outcome: 'changed'; grade: Grade; reason: string };

export type ReviewStatus =
  | { stage: 'none' }
  | { stage: 'review-requested'; requestedOn: string }
  | { stage: 'review-decided'; decidedOn: string; review: ReviewDecision }
  | { stage: 'appeal-filed'; filedOn: string; review: ReviewDecision }
  | { stage: 'appeal-decided'; review: ReviewDecision; appeal: ReviewDecision };

function after(grade: Grade, d: ReviewDecision): Grade {
  switch (d.outcome) {
    case 'upheld':
      return grade;
    case 'changed':
      return d.grade;
    default: {
      const never: never = d;
      throw new EvaluationInputError(`unknown review outcome ${JSON.stringify(never)}`);
    }
  }
}

/** The grade in force: the fixed grade stands while a review or appeal is pending. */
export function standingGrade(fixed: Grade, status: ReviewStatus): Grade {
  switch (status.stage) {
    case 'none':
    case 'review-requested':
      return fixed;
    case 'review-decided':
    case 'appeal-filed':
      return after(fixed, status.review);
    case 'appeal-decided':
      return after(after(fixed, status.review), status.appeal);
    default: {
      const never: never = status;
      throw new EvaluationInputError(`unknown review stage ${JSON.stringify(never)}`);
    }
  }
}

/** A change must change something; an unchanged grade is 'upheld'. */
export function checkReviewDecision(d: ReviewDecision, current: Grade): Parsed<ReviewDecision> {
  if (d.outcome === 'changed' && d.grade === current) {
    return fail(`the grade is already ${d.grade}: record the review as upheld`);
  }
  return ok(d);
}
