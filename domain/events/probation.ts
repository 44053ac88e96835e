/**
 * Events of probation (试用期, docs/domain.md §2): a cadre appointed on trial, the
 * township committee's check-ins, the democratic rating at the end, and the county's
 * decision. One stream per case (`probation/<person>/<appointment>`); the case's tasks,
 * stages and notices, and the post it assigns, confirms or ends, are the core's events.
 *
 * Dates are `YYYY-MM-DD` (Asia/Shanghai); instants are ISO-8601 UTC.
 */
import type { Actor } from '../actors';
import type { DemocraticRatingVotes } from '../ratingVotes';

export interface ProbationStarted {
  type: 'ProbationStarted';
  data: {
    caseId: string;
    personId: string;
    assignmentId: string;
    orgUnitId: string;
    title: string;
    trialRank: string;
    previousRank: string;
    appointedOn: string;
    endsOn: string;
  };
}

export interface ProbationCheckInRecorded {
  type: 'ProbationCheckInRecorded';
  data: { caseId: string; personId: string; index: number; rating: ProbationCheckInRating; comment: string; actor: Actor; at: string };
}

export type ProbationCheckInRating = 'good' | 'adequate' | 'concern';

export interface ProbationAssessed {
  type: 'ProbationAssessed';
  data: {
    caseId: string;
    personId: string;
    votes: DemocraticRatingVotes;
    /** Share of excellent + competent votes among all cast, as a fraction string for exactness. */
    approval: { favourable: number; cast: number };
    meetsThreshold: boolean;
    at: string;
  };
}

export interface ProbationRecommended {
  type: 'ProbationRecommended';
  data: { caseId: string; personId: string; recommendation: 'confirm' | 'remove'; reason: string; actor: Actor; at: string };
}

export interface ProbationConfirmed {
  type: 'ProbationConfirmed';
  data: { caseId: string; personId: string; assignmentId: string; confirmedOn: string; actor: Actor };
}

export interface ProbationFailed {
  type: 'ProbationFailed';
  data: { caseId: string; personId: string; assignmentId: string; endedOn: string; restoredRank: string; reason: string; actor: Actor };
}

export interface ProbationEndedEarly {
  type: 'ProbationEndedEarly';
  data: { caseId: string; personId: string; assignmentId: string; endedOn: string; restoredRank: string; reason: string; actor: Actor };
}

export type ProbationEvent =
  | ProbationStarted
  | ProbationCheckInRecorded
  | ProbationAssessed
  | ProbationRecommended
  | ProbationConfirmed
  | ProbationFailed
  | ProbationEndedEarly;

export const PROBATION_EVENT_TYPES = [
  'ProbationStarted',
  'ProbationCheckInRecorded',
  'ProbationAssessed',
  'ProbationRecommended',
  'ProbationConfirmed',
  'ProbationFailed',
  'ProbationEndedEarly',
] as const satisfies ReadonlyArray<ProbationEvent['type']>;

// Fails to compile when an event type is missing from the list above.
type MissingType = Exclude<ProbationEvent['type'], (typeof PROBATION_EVENT_TYPES)[number]>;
const typesComplete: [MissingType] extends [never] ? true : MissingType = true;
void typesComplete;
