/**
 * The `selection_cases` read model: one row per selection (选拔任用) case, where it stands
 * as a list of selections or the county's dashboard shows it. Folded with the core's read
 * models (a ProcedureProjection), in the append transaction and by rebuilds, through the same
 * code.
 *
 * Choices rather than facts of the events:
 * - The stage mirrors the case's own (CaseStageChanged, and `closed` on CaseClosed), so a
 *   list of selections and the case view never disagree; other kinds' stage events are
 *   skipped unread (case ids are `selection/<unit>/<post>/<opened-on>`).
 * - `targets`, `removed` and `approved` are the current round's: a new target list (round
 *   N+1 after a failed vote, or the same round's list again after an upheld objection to
 *   it) starts them afresh. `appointed`, `cancelled` and `probation_case_ids` are the case's.
 * - A committee meeting without a quorum approves nobody and leaves `approved` as it was
 *   (empty: a round holds meetings until one votes).
 * - `updated_at` is when the latest of the case's events folded here was recorded, so a
 *   rebuild from the log gives the same instant.
 * - A repeated SelectionOpened replaces the row, as the core's creation events do; an
 *   event about a case the log never opened changes nothing.
 */
import type { Selectable } from 'kysely';
import { assertNever, type CaseClosed, type CaseStageChanged } from '../../domain/events';
import { SELECTION_EVENT_TYPES, type SelectionEvent } from '../../domain/events/selection';
import type { SelectionCasesTable } from '../../schema/tables/selection';
import type { ProcedureProjection } from './projection';
import type { Needs, ReadModelState } from './state';

export type SelectionCaseRow = Selectable<SelectionCasesTable>;
export type SelectionFolded = SelectionEvent | CaseStageChanged | CaseClosed;

const CASE_PREFIX = 'selection/';
const FOLDED_TYPES = [...SELECTION_EVENT_TYPES, 'CaseStageChanged', 'CaseClosed'];

const added = (list: readonly string[], id: string): string[] => (list.includes(id) ? [...list] : [...list, id]);

/**
 * How one event, recorded at `recordedAt`, changes a selection's row; undefined when there
 * is no row to change (a case the log never opened). Pure: the unit tests call it directly.
 */
export function foldSelection(row: SelectionCaseRow | undefined, event: SelectionFolded, recordedAt: Date): SelectionCaseRow | undefined {
  if (event.type === 'SelectionOpened') {
    const d = event.data;
    return {
      case_id: d.caseId,
      org_unit_id: d.orgUnitId,
      org_unit_name: d.orgUnitName,
      township_id: d.townshipId,
      post_id: d.post.postId,
      post_title: d.post.title,
      post_rank: d.post.rank,
      positions: d.post.positions,
      non_elected: d.post.nonElected,
      method: d.method,
      opened_on: d.openedOn,
      plan_approved_on: null,
      // CaseStarted comes before the opening and CaseStageChanged after it; a repeat keeps the stage.
      stage: row?.stage ?? 'started',
      round: 0,
      targets: [],
      removed: [],
      approved: [],
      appointed: [],
      cancelled: [],
      probation_case_ids: [],
      outcome: null,
      updated_at: recordedAt,
    };
  }
  if (!row) return undefined;
  const next = { ...row, updated_at: recordedAt };
  switch (event.type) {
    case 'CaseStageChanged':
      return { ...next, stage: event.data.stage };
    case 'CaseClosed':
      return { ...next, stage: 'closed', outcome: event.data.outcome };
    case 'SelectionPlanApproved':
      return { ...next, plan_approved_on: event.data.approvedOn };
    case 'InspectionTargetsChosen': {
      const d = event.data;
      return { ...next, round: d.round, targets: d.targets.map((t) => t.personId), removed: [], approved: [] };
    }
    case 'InspectionTargetRemoved':
      return { ...next, removed: added(row.removed, event.data.personId) };
    case 'CommitteeVoteHeld': {
      const d = event.data;
      if (d.outcome !== 'voted') return next;
      return { ...next, approved: d.results.filter((r) => r.approved).map((r) => r.personId) };
    }
    case 'SelectionAppointed': {
      const d = event.data;
      return {
        ...next,
        appointed: added(row.appointed, d.personId),
        probation_case_ids: d.probationCaseId === null ? row.probation_case_ids : added(row.probation_case_ids, d.probationCaseId),
      };
    }
    case 'SelectionAppointmentCancelled':
      return { ...next, cancelled: added(row.cancelled, event.data.personId) };
    // Facts of the record (全程纪实) that move nothing a list shows but the row's time.
    case 'MeetingRecommendationRecorded':
    case 'TalkRecommendationRecorded':
    case 'InspectionTeamFormed':
    case 'InspectionCheckReturned':
    case 'InspectionReported':
    case 'SelectionVoteFailed':
      return next;
    default:
      return assertNever(event, 'selection event');
  }
}

/** Other kinds' stage events are not a selection's: they are skipped unread. */
const isSelections = (event: SelectionFolded): boolean => event.data.caseId.startsWith(CASE_PREFIX);

export const selectionProjection: ProcedureProjection<SelectionFolded> = {
  name: 'selection',
  eventTypes: FOLDED_TYPES,
  tables: { selection_cases: 'case_id' },
  collectNeeds(event: SelectionFolded, needs: Needs): void {
    if (isSelections(event)) needs.add('selection_cases', event.data.caseId);
  },
  apply(state: ReadModelState, event: SelectionFolded, recordedAt: string): void {
    if (!isSelections(event)) return;
    const next = foldSelection(state.get('selection_cases', event.data.caseId), event, new Date(recordedAt));
    if (next) state.put('selection_cases', next);
  },
};
