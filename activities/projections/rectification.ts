/**
 * The rectification read model (`rectification_cases`), folded from each case's own
 * events and the core stage and close events of those cases.
 *
 * Rules that are choices rather than facts of the events:
 * - Report and inspection counts are over the whole case, every round; `plan_*`
 *   describe the current round's plan and reset when a new round starts.
 * - `reports_late` counts reports whose task escalated (ProgressReportLate), filed
 *   since or not.
 * - A repeated RectificationStarted replaces the row, as the core's creation events do;
 *   an event about a case the log never started changes nothing.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { assertNever, type CaseClosed, type CaseStageChanged, type RecordedEvent } from '../../domain/events';
import { RECTIFICATION_EVENT_TYPES, type RectificationEvent } from '../../domain/events/rectification';
import type { DB } from '../../schema/db';
import type { RectificationCasesTable } from '../../schema/tables/rectification';
import type { ProcedureProjection } from './projection';

type Row = Selectable<RectificationCasesTable>;
type Folded = RectificationEvent | CaseStageChanged | CaseClosed;

const TABLE = 'rectification_cases';
const KEY = 'case_id';
/** Case ids are `rectification/<branch>/<year>`: other kinds' stage events are skipped unread. */
const CASE_PREFIX = 'rectification/';

function apply(rows: Map<string, Row>, dirty: Set<string>, event: Folded): void {
  const patch = (caseId: string, changes: Partial<Row> | ((row: Row) => Partial<Row>)): void => {
    const row = rows.get(caseId);
    if (!row) return;
    rows.set(caseId, { ...row, ...(typeof changes === 'function' ? changes(row) : changes) });
    dirty.add(caseId);
  };
  switch (event.type) {
    case 'RectificationStarted': {
      const d = event.data;
      rows.set(d.caseId, {
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
      dirty.add(d.caseId);
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

const FOLDED_TYPES: ReadonlySet<string> = new Set([...RECTIFICATION_EVENT_TYPES, 'CaseStageChanged', 'CaseClosed']);

export const rectificationProjection: ProcedureProjection = {
  name: 'rectification',
  eventTypes: [...FOLDED_TYPES],
  tables: { [TABLE]: KEY },
  async project(trx: DB, recorded: readonly RecordedEvent[]): Promise<void> {
    const events = recorded
      .map((e) => ({ type: e.type, data: e.data }) as Folded)
      .filter((e) => FOLDED_TYPES.has(e.type) && e.data.caseId.startsWith(CASE_PREFIX));
    if (events.length === 0) return;
    const rows = new Map<string, Row>();
    const ids = [...new Set(events.map((e) => e.data.caseId))];
    for (let i = 0; i < ids.length; i += 1000) {
      const found = await trx
        .selectFrom(TABLE)
        .selectAll()
        .where(KEY, 'in', ids.slice(i, i + 1000))
        .execute();
      for (const row of found) rows.set(row.case_id, row);
    }
    const dirty = new Set<string>();
    for (const event of events) apply(rows, dirty, event);
    if (dirty.size === 0) return;

    const changed = [...dirty].map((id) => rows.get(id)!);
    const columns = Object.keys(changed[0]!);
    const update = Object.fromEntries(columns.filter((c) => c !== KEY).map((c) => [c, sql.ref(`excluded.${c}`)]));
    // The row type is the read-back one; Kysely's insert type differs only in `case_id`'s never-update.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
    const anyDb = trx as unknown as Kysely<any>;
    for (let i = 0; i < changed.length; i += 500) {
      await anyDb
        .insertInto(TABLE)
        .values(changed.slice(i, i + 500))
        .onConflict((oc) => oc.column(KEY).doUpdateSet(update))
        .execute();
    }
  },
};
