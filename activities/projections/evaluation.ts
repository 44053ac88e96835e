/**
 * Read models of the annual evaluation: `evaluation_rounds`, `evaluation_units` and
 * `evaluation_cadres`. They fold with the core's read models (a ProcedureProjection), in the
 * append transaction and by rebuilds: the rows the events touch are read with the
 * append's call, changed in memory, and written back with the commit.
 *
 * Choices rather than facts of the events:
 * - A cadre's `grade` is the grade that stands now: the committee's, then whatever an
 *   upheld objection, a review or an appeal made of it; `grade_status` says whether it can still
 *   change (fixed) or not (final).
 * - A unit's row keeps the quota as it stood when the committee graded it (raised, if
 *   it graded under an approval); the 优秀 that stand now are counted from the cadres' rows.
 * - An event about a row that was never created changes nothing.
 */
import { addDays } from '../../domain/calendar';
import { EVALUATION_EVENT_TYPES, type EvaluationEvent } from '../../domain/events/evaluation';
import type { ProcedureProjection } from './projection';
import { instant, type Needs, type ReadModelState } from './state';

const unitKey = (roundId: string, unitId: string): string => `${roundId}|${unitId}`;

/** The rows an event reads or writes. */
function collectNeeds(e: EvaluationEvent, needs: Needs): void {
  switch (e.type) {
    case 'EvaluationRoundStarted':
    case 'EvaluationRoundCompleted':
      needs.add('evaluation_rounds', e.data.roundId);
      return;
    case 'EvaluationRoundCasesStarted':
      needs.add('evaluation_rounds', e.data.roundId);
      for (const u of e.data.units) needs.add('evaluation_units', unitKey(e.data.roundId, u.unitId));
      return;
    case 'EvaluationUnitGraded':
      needs.add('evaluation_units', unitKey(e.data.roundId, e.data.unitId));
      return;
    default:
      needs.add('evaluation_cadres', e.data.caseId);
  }
}

/** How one event changes the rows. Pure: every row it needs was loaded by `collectNeeds`. */
function apply(s: ReadModelState, e: EvaluationEvent): void {
  switch (e.type) {
    case 'EvaluationRoundStarted': {
      const d = e.data;
      s.put('evaluation_rounds', {
        round_id: d.roundId,
        year: d.year,
        scope: d.scope,
        township_ids: d.townshipIds,
        status: 'starting',
        cadres: d.cadres,
        started: null,
        skipped: null,
        quota_percent: d.quotaPercent,
        started_at: instant(d.at),
        cases_started_at: null,
        completed_at: null,
        distribution: null,
      });
      return;
    }
    case 'EvaluationRoundCasesStarted': {
      const d = e.data;
      s.patch('evaluation_rounds', d.roundId, {
        status: 'in-progress',
        started: d.started,
        skipped: d.skipped.length,
        cases_started_at: instant(d.at),
      });
      for (const u of d.units) {
        s.put('evaluation_units', {
          round_unit_id: unitKey(d.roundId, u.unitId),
          round_id: d.roundId,
          unit_id: u.unitId,
          unit_kind: u.kind,
          township_id: u.townshipId,
          assessed: u.assessed,
          allowed_excellent: u.allowedExcellent,
          quota_approval_percent: null,
          quota_approval_reference: null,
          quota_approved_on: null,
          excellent_at_grading: null,
          graded_at: null,
          graded_by: null,
        });
      }
      return;
    }
    case 'EvaluationUnitGraded': {
      const d = e.data;
      s.patch('evaluation_units', unitKey(d.roundId, d.unitId), {
        // The same as the policy's quota, unless an approval raised it.
        allowed_excellent: d.standing.allowed,
        quota_approval_percent: d.quotaApproval?.percent ?? null,
        quota_approval_reference: d.quotaApproval?.reference ?? null,
        quota_approved_on: d.quotaApproval?.approvedOn ?? null,
        excellent_at_grading: d.standing.excellent,
        graded_at: instant(d.at),
        graded_by: d.actor.id,
      });
      return;
    }
    case 'EvaluationRoundCompleted': {
      const d = e.data;
      s.patch('evaluation_rounds', d.roundId, { status: 'completed', completed_at: instant(d.at), distribution: d.distribution });
      return;
    }
    case 'EvaluationReviewDecided': {
      const d = e.data;
      s.patch('evaluation_cadres', d.caseId, {
        review_status: d.outcome,
        appeal_closes_on: addDays(d.decidedOn, d.appealDays),
        updated_at: instant(d.at),
      });
      return;
    }
    case 'EvaluationAppealDecided': {
      const d = e.data;
      s.patch('evaluation_cadres', d.caseId, { appeal_status: d.outcome, updated_at: instant(d.at) });
      return;
    }
    case 'EvaluationStarted': {
      const d = e.data;
      s.put('evaluation_cadres', {
        case_id: d.caseId,
        round_id: d.roundId,
        year: d.year,
        person_id: d.personId,
        person_name: d.personName,
        org_unit_id: d.orgUnitId,
        township_id: d.townshipId,
        unit_id: d.unitId,
        unit_kind: d.unitKind,
        steps_done: 0,
        vote_fail: null,
        vote_cast: null,
        vote_proposal: null,
        score: null,
        stars: null,
        supervisor_grade: null,
        recommended_grade: null,
        grade: null,
        grade_status: 'pending',
        fixed_at: null,
        notified_on: null,
        review_request_closes_on: null,
        review_status: 'none',
        review_decision_due_on: null,
        appeal_closes_on: null,
        appeal_status: 'none',
        appeal_decision_due_on: null,
        warning: 'none',
        re_rating_from: null,
        removal_flag: null,
        final_at: null,
        updated_at: instant(d.at),
      });
      return;
    }
    default:
      applyToCadre(s, e);
  }
}

function applyToCadre(s: ReadModelState, e: EvaluationEvent): void {
  const row = s.get('evaluation_cadres', (e.data as { caseId: string }).caseId);
  if (!row) return;
  const at = instant(e.data.at);
  const step = { steps_done: row.steps_done + 1, updated_at: at };
  switch (e.type) {
    case 'EvaluationSelfSummaryFiled':
      s.patch('evaluation_cadres', row.case_id, step);
      return;
    case 'EvaluationRated':
      s.patch('evaluation_cadres', row.case_id, {
        ...step,
        vote_fail: e.data.fail,
        vote_cast: e.data.cast,
        vote_proposal: e.data.voteProposal,
      });
      return;
    case 'EvaluationScored':
      s.patch('evaluation_cadres', row.case_id, { ...step, score: e.data.total, stars: e.data.stars?.stars ?? null });
      return;
    case 'EvaluationSupervisorCommented':
      s.patch('evaluation_cadres', row.case_id, { ...step, supervisor_grade: e.data.proposedGrade });
      return;
    case 'EvaluationRecommended':
      s.patch('evaluation_cadres', row.case_id, { ...step, recommended_grade: e.data.grade });
      return;
    case 'EvaluationGradeFixed':
      s.patch('evaluation_cadres', row.case_id, { grade: e.data.grade, grade_status: 'fixed', fixed_at: at, updated_at: at });
      return;
    case 'EvaluationGradeChanged':
      s.patch('evaluation_cadres', row.case_id, { grade: e.data.to, updated_at: at });
      return;
    case 'EvaluationNotified':
      s.patch('evaluation_cadres', row.case_id, {
        notified_on: e.data.notifiedOn,
        review_request_closes_on: e.data.reviewRequestClosesOn,
        updated_at: at,
      });
      return;
    case 'EvaluationReviewRequested':
      s.patch('evaluation_cadres', row.case_id, {
        review_status: 'requested',
        review_decision_due_on: e.data.decisionDueOn,
        updated_at: at,
      });
      return;
    case 'EvaluationAppealRequested':
      // The window the case counted: the review's decision as the case received it.
      s.patch('evaluation_cadres', row.case_id, {
        appeal_status: 'requested',
        appeal_closes_on: e.data.appealClosesOn,
        appeal_decision_due_on: e.data.decisionDueOn,
        updated_at: at,
      });
      return;
    case 'EvaluationGradeFinal':
      s.patch('evaluation_cadres', row.case_id, { grade: e.data.grade, grade_status: 'final', final_at: at, updated_at: at });
      return;
    case 'EvaluationWarningIssued':
      s.patch('evaluation_cadres', row.case_id, { warning: 'issued', re_rating_from: e.data.reRatingFrom, updated_at: at });
      return;
    case 'EvaluationReRated':
      s.patch('evaluation_cadres', row.case_id, { warning: e.data.outcome, updated_at: at });
      return;
    case 'EvaluationRemovalFlagged':
      s.patch('evaluation_cadres', row.case_id, { removal_flag: e.data.reason, updated_at: at });
      return;
    case 'EvaluationRoundStarted':
    case 'EvaluationRoundCasesStarted':
    case 'EvaluationUnitGraded':
    case 'EvaluationReviewDecided':
    case 'EvaluationAppealDecided':
    case 'EvaluationRoundCompleted':
    case 'EvaluationStarted':
      return;
    default: {
      const never: never = e;
      throw new Error(`evaluation projection: unhandled event ${JSON.stringify(never)}`);
    }
  }
}

export const evaluationProjection: ProcedureProjection<EvaluationEvent> = {
  name: 'evaluation',
  eventTypes: EVALUATION_EVENT_TYPES,
  tables: { evaluation_rounds: 'round_id', evaluation_units: 'round_unit_id', evaluation_cadres: 'case_id' },
  collectNeeds,
  apply,
};
