/**
 * What a probation case records (docs/domain.md §2), as pure functions of the case and
 * the decision: the workflow (workflows/probation.ts) opens the task, waits, and appends
 * what these return. Instants and days the case cannot know are APPEND_TIME / APPEND_DATE.
 * Field order inside each event is the order the log has always recorded.
 */
import type { Actor } from './actors';
import type { Decide } from './decider';
import { APPEND_DATE, APPEND_TIME, type CaseStarted, type PostAssigned, type PostConfirmed, type PostEnded } from './events';
import type {
  ProbationAssessed,
  ProbationCheckInRecorded,
  ProbationConfirmed,
  ProbationEndedEarly,
  ProbationFailed,
  ProbationRecommended,
  ProbationStarted,
} from './events/probation';
import {
  assessVotes,
  type AssessmentDecision,
  type CheckInDecision,
  type EndEarlyDecision,
  type OutcomeDecision,
  type ProbationPolicy,
} from './probation';

/** The facts of one probation case, fixed when it starts. */
export interface ProbationCase {
  caseId: string;
  personId: string;
  personName: string;
  /** The unit of the trial post, and the township that scopes who decides. */
  orgUnitId: string;
  townshipId: string;
  title: string;
  trialRank: string;
  /** The rank restored when the trial post is removed or the probation ends early. */
  previousRank: string;
  appointedOn: string;
  endsOn: string;
  /** The trial post's assignment (`<caseId>/post`). */
  assignmentId: string;
  policyVersion: string;
  /** The probation rules the case started under. */
  policy: ProbationPolicy;
}

/** A person's decision with who made it, as a task's `onDecided` receives them. */
export interface Decided<D> {
  decision: D;
  actor: Actor;
}

/** The case opens: who is on trial in which post. */
export function caseOpened(c: ProbationCase): [CaseStarted] {
  return [
    {
      type: 'CaseStarted',
      data: {
        caseId: c.caseId,
        kind: 'probation',
        subjectId: c.personId,
        townshipId: c.townshipId,
        policyVersion: c.policyVersion,
        startedAt: APPEND_TIME,
        summary: `${c.personName} 试任 ${c.title}`,
      },
    },
  ];
}

/** The appointment takes effect (after the pre-appointment notice, if any): the trial post and the probation start. */
export function appointmentTakesEffect(c: ProbationCase): [PostAssigned, ProbationStarted] {
  return [
    {
      type: 'PostAssigned',
      data: {
        assignmentId: c.assignmentId,
        personId: c.personId,
        orgUnitId: c.orgUnitId,
        title: c.title,
        rank: c.trialRank,
        startedOn: c.appointedOn,
        onTrial: true,
      },
    },
    {
      type: 'ProbationStarted',
      data: {
        caseId: c.caseId,
        personId: c.personId,
        assignmentId: c.assignmentId,
        orgUnitId: c.orgUnitId,
        title: c.title,
        trialRank: c.trialRank,
        previousRank: c.previousRank,
        appointedOn: c.appointedOn,
        endsOn: c.endsOn,
      },
    },
  ];
}

/** The township committee's `index`-th check-in (试用期考察), counted from 1. */
export const decideCheckIn: Decide<Decided<CheckInDecision> & { index: number }, ProbationCase, ProbationCheckInRecorded> = (
  { decision, actor, index },
  c,
) => [
  {
    type: 'ProbationCheckInRecorded',
    data: { caseId: c.caseId, personId: c.personId, index, rating: decision.rating, comment: decision.comment, actor, at: APPEND_TIME },
  },
];

/** The democratic rating's votes, with whether they meet the case's policy share. */
export const decideAssessment: Decide<AssessmentDecision, ProbationCase, ProbationAssessed> = (decision, c) => {
  const result = assessVotes(decision.votes, c.policy);
  return [
    {
      type: 'ProbationAssessed',
      data: {
        caseId: c.caseId,
        personId: c.personId,
        votes: decision.votes,
        approval: { favourable: result.favourable, cast: result.cast },
        meetsThreshold: result.meetsThreshold,
        at: APPEND_TIME,
      },
    },
  ];
};

/** The township committee's recommendation to the county. */
export const decideRecommendation: Decide<Decided<OutcomeDecision>, ProbationCase, ProbationRecommended> = ({ decision, actor }, c) => [
  {
    type: 'ProbationRecommended',
    data: { caseId: c.caseId, personId: c.personId, recommendation: decision.outcome, reason: decision.reason, actor, at: APPEND_TIME },
  },
];

/**
 * The county's decision (already checked against the rating by `checkFinalDecision`):
 * the post becomes formal, or it is removed and the previous rank restored.
 */
type CountyDecisionEvent = ProbationConfirmed | PostConfirmed | ProbationFailed | PostEnded;

export const decideCountyDecision: Decide<Decided<OutcomeDecision>, ProbationCase, CountyDecisionEvent> = ({ decision, actor }, c) => {
  if (decision.outcome === 'remove') return removal(c, decision.reason, actor, false);
  return [
    {
      type: 'ProbationConfirmed',
      data: { caseId: c.caseId, personId: c.personId, assignmentId: c.assignmentId, confirmedOn: APPEND_DATE, actor },
    },
    { type: 'PostConfirmed', data: { assignmentId: c.assignmentId, personId: c.personId, confirmedOn: APPEND_DATE } },
  ];
};

/** The county ends the probation early: the trial post ends today and the previous rank is restored. */
export const decideEndEarly: Decide<Decided<EndEarlyDecision>, ProbationCase, ProbationEndedEarly | PostEnded> = ({ decision, actor }, c) =>
  removal(c, decision.reason, actor, true);

function removal(c: ProbationCase, reason: string, actor: Actor, endedEarly: true): [ProbationEndedEarly, PostEnded];
function removal(c: ProbationCase, reason: string, actor: Actor, endedEarly: false): [ProbationFailed, PostEnded];
function removal(c: ProbationCase, reason: string, actor: Actor, endedEarly: boolean): [ProbationEndedEarly | ProbationFailed, PostEnded] {
  const data = {
    caseId: c.caseId,
    personId: c.personId,
    assignmentId: c.assignmentId,
    endedOn: APPEND_DATE,
    restoredRank: c.previousRank,
    reason,
    actor,
  };
  return [
    endedEarly ? { type: 'ProbationEndedEarly', data } : { type: 'ProbationFailed', data },
    {
      type: 'PostEnded',
      data: {
        assignmentId: c.assignmentId,
        personId: c.personId,
        endedOn: APPEND_DATE,
        reason: endedEarly ? 'ended-early' : 'removed-after-probation',
      },
    },
  ];
}
