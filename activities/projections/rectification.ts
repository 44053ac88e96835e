/**
 * The rectification read model (`rectification_cases`), folded from each case's own
 * events and the core stage and close events of those cases, with the core's read models
 * (a ProcedureProjection), in the append transaction and by rebuilds.
 *
 * Rules that are choices rather than facts of the events:
 * - Report and inspection counts are over the whole case, every round; `plan_*`
 *   describe the current round's plan and reset when a new round starts.
 * - `reports_late` counts reports whose task escalated (ProgressReportLate), filed
 *   since or not.
 * - A repeated RectificationStarted replaces the row, as the core's creation events do;
 *   an event about a case the log never started changes nothing.
 */
import type { Selectable } from 'kysely';
import { assertNever, type CaseClosed, type CaseStageChanged } from '../../domain/events';
import { RECTIFICATION_EVENT_TYPES, type RectificationEvent } from '../../domain/events/rectification';
import type { RectificationCasesTable } from '../../schema/tables/rectification';
import type { ProcedureProjection } from './projection';
import type { Needs, ReadModelState } from './state';

type Row = Selectable<RectificationCasesTable>;
type Folded = RectificationEvent | CaseStageChanged | CaseClosed;

/** Case ids are `rectification/<branch>/<year>`: other kinds' stage events are skipped unread. */
const CASE_PREFIX = 'rectification/';

/** How one event changes the rows. Pure: every row it needs was loaded by `collectNeeds`. */
function apply(s: ReadModelState, event: Folded): void {
  if (!event.data.caseId.startsWith(CASE_PREFIX)) return;
  const patch = (caseId: string, changes: Partial<Row> | ((row: Row) => Partial<Row>)): void => {
    const row = s.get('rectification_cases', caseId);
    if (row) s.put('rectification_cases', { ...row, ...(typeof changes === 'function' ? changes(row) : changes) });
  };
  switch (event.type) {
    case 'RectificationStarted': {
      const d = event.data;
      s.put('rectification_cases', {
        case_id: d.caseId,
        branch_id: d.branchId,
        branch_name: d.branchName,
        township_id: d.townshipId,
        year: d.year,
        listed_on: d.listedOn,
        screening: d.screening,
        round: 1,
        round_started_on: d.listedOn,
        stage: 'started',
        status: 'rectifying',
        support: null,
        plan_status: 'none',
        plan_drafts: 0,
        plan_complete_by: null,
        reports_due: 0,
        reports_filed: 0,
        reports_late: 0,
        inspections: 0,
        last_inspection: null,
        consolidate_until: null,
        signed_off_on: null,
        follow_up_until: null,
        followed_up_on: null,
      });
      return;
    }
    case 'RectificationSupportAssigned':
      return patch(event.data.caseId, { support: event.data.support });
    case 'RectificationRoundStarted': {
      const d = event.data;
      return patch(d.caseId, {
        round: d.round,
        round_started_on: d.startedOn,
        status: 'rectifying',
        plan_status: 'none',
        plan_drafts: 0,
        plan_complete_by: null,
        consolidate_until: null,
      });
    }
    case 'RectificationPlanDrafted':
      return patch(event.data.caseId, { plan_status: 'drafted', plan_drafts: event.data.draft });
    case 'RectificationPlanRejected':
      return patch(event.data.caseId, { plan_status: 'rejected' });
    case 'RectificationPlanApproved': {
      const d = event.data;
      return patch(d.caseId, (row) => ({
        plan_status: 'approved',
        plan_complete_by: d.completeBy,
        reports_due: row.reports_due + d.reportsDue.length,
      }));
    }
    case 'ProgressReportFiled':
      return patch(event.data.caseId, (row) => ({ reports_filed: row.reports_filed + 1 }));
    case 'ProgressReportLate':
      return patch(event.data.caseId, (row) => ({ reports_late: row.reports_late + 1 }));
    case 'RectificationInspected': {
      const d = event.data;
      const o = d.outcome;
      return patch(d.caseId, (row) => ({
        inspections: row.inspections + 1,
        last_inspection: { ...o, round: d.round, inspection: d.inspection, inspectedOn: d.inspectedOn },
        // A failed inspection leaves the branch rectifying; the next round's start follows.
        status: o.result === 'pass' ? 'passed' : o.result === 'basic-pass' ? 'consolidating' : 'rectifying',
        consolidate_until: o.result === 'basic-pass' ? o.consolidateUntil : null,
      }));
    }
    case 'RectificationSignedOff': {
      const d = event.data;
      return patch(d.caseId, { status: 'follow-up', signed_off_on: d.signedOffOn, follow_up_until: d.followUpUntil });
    }
    case 'RectificationFollowUpReported':
      return patch(event.data.caseId, { followed_up_on: event.data.reportedOn });
    case 'CaseStageChanged':
      return patch(event.data.caseId, { stage: event.data.stage });
    case 'CaseClosed':
      return patch(event.data.caseId, { status: 'rectified', stage: 'closed' });
    default:
      assertNever(event, 'rectification event');
  }
}

export const rectificationProjection: ProcedureProjection<Folded> = {
  name: 'rectification',
  eventTypes: [...RECTIFICATION_EVENT_TYPES, 'CaseStageChanged', 'CaseClosed'],
  tables: { rectification_cases: 'case_id' },
  collectNeeds(event: Folded, needs: Needs): void {
    if (event.data.caseId.startsWith(CASE_PREFIX)) needs.add('rectification_cases', event.data.caseId);
  },
  apply,
};
