/**
 * The probation read model (`probations`), and what probation's events change in the
 * registry: the person's probation status, rank and current post, and the trial post's
 * confirmation or end.
 *
 * Because these events change the same `people` and `post_assignments` rows as the
 * core's registry events, probation folds inside the core's batch, in log order, on the
 * same in-memory rows (a ProcedureProjection), which it must: a later registry event in the
 * same batch then applies after it.
 *
 * Rules that are choices rather than facts of the events:
 * - ProbationStarted upserts, as the core's creation events do.
 * - `people.rank` is restored to `restoredRank` by ProbationFailed / ProbationEndedEarly;
 *   the current post then falls back as for PostEnded (activities/projections/posts.ts).
 * - An event about a probation that was never started changes nothing.
 */
import { assertNever, PROBATION_EVENT_TYPES, type ProbationEvent } from '../../domain/events';
import type { ProcedureProjection } from './projection';
import { confirmAssignment, endAssignment, refreshCurrentPost } from './posts';
import type { Needs, ReadModelState } from './state';

/** The rows an event reads or writes. */
function collectNeeds(event: ProbationEvent, needs: Needs): void {
  switch (event.type) {
    case 'ProbationStarted':
      needs.add('probations', event.data.caseId);
      needs.add('people', event.data.personId);
      return;
    case 'ProbationCheckInRecorded':
    case 'ProbationAssessed':
    case 'ProbationRecommended':
      needs.add('probations', event.data.caseId);
      return;
    case 'ProbationConfirmed':
      needs.add('probations', event.data.caseId);
      needs.add('post_assignments', event.data.assignmentId);
      needs.add('people', event.data.personId);
      return;
    case 'ProbationFailed':
    case 'ProbationEndedEarly':
      needs.add('probations', event.data.caseId);
      needs.add('post_assignments', event.data.assignmentId);
      needs.add('people', event.data.personId);
      needs.assignmentsOf.add(event.data.personId);
      return;
    default:
      assertNever(event, 'event type');
  }
}

/** How one event changes the rows. Pure: every row it needs was loaded by `collectNeeds`. */
function apply(s: ReadModelState, event: ProbationEvent): void {
  switch (event.type) {
    case 'ProbationStarted': {
      const d = event.data;
      s.put('probations', {
        case_id: d.caseId,
        person_id: d.personId,
        assignment_id: d.assignmentId,
        org_unit_id: d.orgUnitId,
        title: d.title,
        trial_rank: d.trialRank,
        previous_rank: d.previousRank,
        appointed_on: d.appointedOn,
        ends_on: d.endsOn,
        status: 'on-probation',
        check_ins: 0,
        last_rating: null,
        assessment: null,
        recommendation: null,
        decided_on: null,
      });
      s.patch('people', d.personId, { probation_status: 'on-probation', probation_case_id: d.caseId });
      return;
    }
    case 'ProbationCheckInRecorded': {
      const probation = s.get('probations', event.data.caseId);
      if (probation) s.patch('probations', probation.case_id, { check_ins: probation.check_ins + 1, last_rating: event.data.rating });
      return;
    }
    case 'ProbationAssessed': {
      const d = event.data;
      s.patch('probations', d.caseId, {
        assessment: { votes: d.votes, approval: d.approval, meetsThreshold: d.meetsThreshold, at: d.at },
      });
      return;
    }
    case 'ProbationRecommended': {
      const d = event.data;
      s.patch('probations', d.caseId, { recommendation: d.recommendation });
      return;
    }
    case 'ProbationConfirmed': {
      const d = event.data;
      s.patch('probations', d.caseId, { status: 'confirmed', decided_on: d.confirmedOn });
      confirmAssignment(s, d.assignmentId, d.confirmedOn);
      s.patch('people', d.personId, { probation_status: 'confirmed', probation_case_id: d.caseId });
      return;
    }
    case 'ProbationFailed':
    case 'ProbationEndedEarly': {
      const d = event.data;
      const [status, reason] =
        event.type === 'ProbationFailed' ? (['removed', 'removed-after-probation'] as const) : (['ended-early', 'ended-early'] as const);
      s.patch('probations', d.caseId, { status, decided_on: d.endedOn });
      endAssignment(s, d.assignmentId, d.endedOn, reason);
      s.patch('people', d.personId, { probation_status: status, probation_case_id: d.caseId, rank: d.restoredRank });
      refreshCurrentPost(s, d.personId, d.assignmentId);
      return;
    }
    default:
      assertNever(event, 'event type');
  }
}

/** Its table, in the order the core's fold writes it (after the core's own). */
export const PROBATION_READ_MODEL_TABLES = ['probations'] as const;
export const PROBATION_READ_MODEL_KEYS = { probations: 'case_id' } as const;

export const probationProjection: ProcedureProjection<ProbationEvent> = {
  name: 'probation',
  eventTypes: PROBATION_EVENT_TYPES,
  tables: PROBATION_READ_MODEL_KEYS,
  collectNeeds,
  apply,
};
