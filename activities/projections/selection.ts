/**
 * The `selection_cases` read model: one row per selection (选拔任用) case, where it stands
 * as a list of selections or the county's dashboard shows it. Folded in the append
 * transaction and by rebuilds, through the same code.
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
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import { assertNever, type CaseClosed, type CaseStageChanged, type RecordedEvent } from '../../domain/events';
import { SELECTION_EVENT_TYPES, type SelectionEvent } from '../../domain/events/selection';
import type { DB } from '../../schema/db';
import type { SelectionCasesTable } from '../../schema/tables/selection';
import type { ProcedureProjection } from './projection';

export type SelectionCaseRow = Selectable<SelectionCasesTable>;
export type SelectionFolded = SelectionEvent | CaseStageChanged | CaseClosed;

const TABLE = 'selection_cases';
const KEY = 'case_id';
const CASE_PREFIX = 'selection/';
const FOLDED_TYPES: ReadonlySet<string> = new Set([...SELECTION_EVENT_TYPES, 'CaseStageChanged', 'CaseClosed']);
/** Columns held as jsonb lists of ids. */
const LIST_COLUMNS = ['targets', 'removed', 'approved', 'appointed', 'cancelled', 'probation_case_ids'] as const;

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

/**
 * jsonb from a text parameter. A JS array would go out as a PostgreSQL array, and a
 * parameter cast straight to jsonb is typed jsonb, which the driver may encode again.
 */
const json = (value: unknown): RawBuilder<unknown> => sql`cast(cast(${JSON.stringify(value)} as text) as jsonb)`;

export const selectionProjection: ProcedureProjection = {
  name: 'selection',
  eventTypes: [...FOLDED_TYPES],
  tables: { [TABLE]: KEY },

  async project(trx: DB, recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded
      .map((e) => ({ event: { type: e.type, data: e.data } as SelectionFolded, at: new Date(e.recordedAt) }))
      .filter(({ event }) => FOLDED_TYPES.has(event.type) && event.data.caseId.startsWith(CASE_PREFIX));
    if (events.length === 0) return;
    const ids = [...new Set(events.map(({ event }) => event.data.caseId))];
    const rows = new Map<string, SelectionCaseRow>();
    for (const row of await trx.selectFrom(TABLE).selectAll().where(KEY, 'in', ids).execute()) rows.set(row.case_id, row);
    const dirty = new Set<string>();
    for (const { event, at } of events) {
      const next = foldSelection(rows.get(event.data.caseId), event, at);
      if (next === undefined) continue;
      rows.set(next.case_id, next);
      dirty.add(next.case_id);
    }
    if (dirty.size === 0) return;
    const values = [...dirty].map((id) => {
      const r = rows.get(id)!;
      return { ...r, ...Object.fromEntries(LIST_COLUMNS.map((c) => [c, json(r[c])])) };
    });
    // Columns are named here, not taken from the table: a rebuild's scratch table has the same ones.
    const columns = Object.keys(values[0]!).filter((c) => c !== KEY);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb values are SQL expressions, not the row's types
    const anyDb = trx as unknown as Kysely<any>;
    await anyDb
      .insertInto(TABLE)
      .values(values)
      .onConflict((oc) => oc.column(KEY).doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))))
      .execute();
  },
};
