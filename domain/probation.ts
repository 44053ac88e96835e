/**
 * 试用期 rules (docs/domain.md §2), pure: the workflow calls these with the policy the case
 * started under, so a later policy change never alters a running case.
 */
import type { ProbationCheckInRating } from './events';
import type { DemocraticRatingVotes } from './ratingVotes';
import { count, fail, ok, oneOf, record, text, type DecisionParser, type Parsed } from './decisions';
import { addMonths } from './calendar';
import { meetsFraction } from './fraction';
import type { Policy } from './policy';

export type ProbationPolicy = Policy['probation'];

export interface ProbationPlan {
  endsOn: string;
  /** Calendar days on which the township committee checks in (试用期考察). */
  checkInDates: string[];
}

/** One year for promotions to non-elected posts; village practice may differ by policy. */
export function planProbation(appointedOn: string, village: boolean, p: ProbationPolicy): ProbationPlan {
  const months = village ? p.villageDurationMonths : p.durationMonths;
  const endsOn = addMonths(appointedOn, months);
  const checkInDates: string[] = [];
  for (let m = p.checkInEveryMonths; m < months; m += p.checkInEveryMonths) {
    checkInDates.push(addMonths(appointedOn, m));
  }
  return { endsOn, checkInDates };
}

export interface AssessmentResult {
  favourable: number;
  cast: number;
  meetsThreshold: boolean;
}

/** Local rule: competent + excellent votes below the policy share (2/3) means not made formal. */
export function assessVotes(votes: DemocraticRatingVotes, p: ProbationPolicy): AssessmentResult {
  const favourable = votes.excellent + votes.competent;
  const cast = favourable + votes.basicallyCompetent + votes.notCompetent;
  return { favourable, cast, meetsThreshold: cast > 0 && meetsFraction(favourable, cast, p.minFavourableShare, 'at-least') };
}

// ── Decisions people make during probation ──────────────────────────────────

export const CHECK_IN_RATINGS = ['good', 'adequate', 'concern'] as const satisfies readonly ProbationCheckInRating[];

export interface CheckInDecision {
  rating: ProbationCheckInRating;
  comment: string;
}

export const parseCheckIn: DecisionParser<CheckInDecision> = record<CheckInDecision>({
  rating: (v) => oneOf(v, 'rating', CHECK_IN_RATINGS),
  comment: (v) => text(v, 'comment', { required: false }),
});

export interface AssessmentDecision {
  votes: DemocraticRatingVotes;
}

const parseVotes = record<DemocraticRatingVotes & Record<string, unknown>>({
  excellent: (v) => count(v, 'votes.excellent'),
  competent: (v) => count(v, 'votes.competent'),
  basicallyCompetent: (v) => count(v, 'votes.basicallyCompetent'),
  notCompetent: (v) => count(v, 'votes.notCompetent'),
});

export const parseAssessment: DecisionParser<AssessmentDecision> = (raw) => {
  const parsed = record<{ votes: DemocraticRatingVotes }>({ votes: (v) => parseVotes(v) })(raw);
  if (!parsed.ok) return parsed;
  const { votes } = parsed.value;
  if (votes.excellent + votes.competent + votes.basicallyCompetent + votes.notCompetent === 0) {
    return fail('votes: no votes were cast');
  }
  return parsed;
};

export const OUTCOMES = ['confirm', 'remove'] as const;
/** What the township recommends and the county decides at the end; the case's own outcome is workflows/probation.ts `ProbationCaseOutcome`. */
export type ProbationDecisionOutcome = (typeof OUTCOMES)[number];

export interface OutcomeDecision {
  outcome: ProbationDecisionOutcome;
  reason: string;
}

export const parseOutcome: DecisionParser<OutcomeDecision> = record<OutcomeDecision>({
  outcome: (v) => oneOf(v, 'outcome', OUTCOMES),
  reason: (v) => text(v, 'reason', { required: false }),
});

/**
 * The county's final decision: it may not make formal a cadre whose democratic rating
 * fell below the policy share, and a removal must give a reason.
 */
export function checkFinalDecision(d: OutcomeDecision, assessment: AssessmentResult): Parsed<OutcomeDecision> {
  if (d.outcome === 'confirm' && !assessment.meetsThreshold) {
    return fail(
      `cannot confirm: only ${assessment.favourable} of ${assessment.cast} votes were competent or excellent, below the policy share`,
    );
  }
  if (d.outcome === 'remove' && d.reason === '') return fail('reason is required when removing the trial post');
  return ok(d);
}

export interface EndEarlyDecision {
  reason: string;
}

export const parseEndEarly: DecisionParser<EndEarlyDecision> = record<EndEarlyDecision>({
  reason: (v) => text(v, 'reason', { required: true }),
});
