/**
 * The read models every procedure shares — the registry (org_units, people,
 * post_assignments), cases, tasks and public notices — folded from the core events
 * (domain/events/core.ts), and the fold that runs every projection. Projection runs
 * inside the append transaction (so a read model never lags or leads the log), and
 * `rebuildReadModels` (rebuild.ts) replays the whole log through the same code, which is
 * what lets an auditor demand that a rebuild equals the live tables.
 *
 * Rules that are choices rather than facts of the events:
 * - Creation events (OrgUnitEstablished, PersonRegistered, PostAssigned, CaseStarted,
 *   TaskOpened, PublicNoticePosted) upsert: a repeated fact replaces the row instead of
 *   failing the append that carries it, because the event is already decided by then and
 *   refusing it would only wedge the workflow. A repeated PersonRegistered replaces only
 *   the registry fields, not the person's post or probation status.
 * - An event about a row that was never created (a task, notice, case or person the
 *   log does not know) changes nothing.
 * - `people.rank` is the rank held now: PostAssigned sets it to the post's rank (a
 *   trial post's rank while on probation; probation.ts restores the previous one).
 * - A person's current post is the one most recently assigned. When it ends (PostEnded,
 *   or probation's removal events) the current post falls back to the person's latest
 *   other open assignment (latest `started_on`, then highest assignment id), or to none
 *   (posts.ts).
 * - An assignment's end is recorded once: a later end event for an already ended
 *   assignment does not move its date or reason.
 * - `cases.updated_at` moves with the case's own lifecycle events (started, stage
 *   changed, closed), not with task or notice traffic.
 */
import { assertNever, isCoreEvent, type CoreEvent, type RecordedEvent } from '../../domain/events';
import type { Database, DB } from '../../schema/db';
import { PROCEDURE_PROJECTIONS } from '../procedureProjections';
import type { ProcedureProjection } from './projection';
import { confirmAssignment, endAssignment, refreshCurrentPost } from './posts';
import { registerDetails } from './personDetails';
import { applyRegistryChange } from './registryChanges';
import { instant, Needs, ReadModelState, type FoldRead, type FoldTable } from './state';

export const CORE_READ_MODEL_TABLES = [
  'org_units',
  'people',
  'person_departures',
  'person_details',
  'post_assignments',
  'cases',
  'tasks',
  'public_notices',
] as const satisfies ReadonlyArray<keyof Database>;

export type CoreReadModelTable = (typeof CORE_READ_MODEL_TABLES)[number];

/** Each read model's primary key column, which is also the key `diffReadModels` reports. */
export const CORE_READ_MODEL_KEYS = {
  org_units: 'org_unit_id',
  people: 'person_id',
  person_departures: 'person_id',
  person_details: 'person_id',
  post_assignments: 'assignment_id',
  cases: 'case_id',
  tasks: 'task_id',
  public_notices: 'notice_id',
} as const satisfies { [T in CoreReadModelTable]: keyof Database[T] & string };

/** The tables the fold holds, with their keys: the core's own, then each procedure projection's. */
function foldKeys(): Partial<Record<FoldTable, string>> {
  return Object.assign({}, CORE_READ_MODEL_KEYS, ...PROCEDURE_PROJECTIONS.map((p) => p.tables)) as Partial<Record<FoldTable, string>>;
}

/** Applies one recorded event to the read models, through `trx` (the append's transaction). */
export async function project(trx: DB, e: RecordedEvent): Promise<void> {
  await projectEvents(trx, [e]);
}

type Folded = { recordedAt?: string } & (
  { event: CoreEvent; by?: undefined } | { event: { type: string; data: unknown }; by: ProcedureProjection }
);

/**
 * Applies recorded events, in order, as one fold: loads every row the events touch
 * (one query per table), applies the events to those rows in memory, then writes the
 * changed rows back (one upsert per table). The result is the same as projecting the
 * events one by one — a row a later event needs is already in memory — but thousands of
 * events cost a handful of statements, which is what keeps the demo seed and a rebuild
 * fast on PGlite. Appends and rebuilds both go through here, so they cannot diverge.
 */
export async function projectEvents(trx: DB, events: readonly RecordedEvent[], preloaded?: ReadModelState): Promise<void> {
  if (events.length === 0) return;
  // The core's events and the procedures' fold together, in log order,
  // on the same rows; one event may be the core's and a projection's (a stage change).
  const folded = foldable(events);
  if (folded.length > 0) {
    const state = preloaded ?? (await ReadModelState.load(trx, foldKeys(), foldNeeds(folded)));
    for (const f of folded) {
      if (f.by) f.by.apply(state, f.event, f.recordedAt!);
      else apply(state, f.event);
    }
    await state.flush(trx);
  }
}

/** `recordedAt` is known for recorded events, not for the events of an append not yet made (their reads only). */
function foldable(events: ReadonlyArray<{ type: string; data: unknown; recordedAt?: string }>): Folded[] {
  const folded: Folded[] = [];
  for (const e of events) {
    const event = asDomainEvent(e);
    if (isCoreEvent(event)) folded.push({ event });
    for (const by of PROCEDURE_PROJECTIONS) if (by.eventTypes.includes(e.type)) folded.push({ event, by, recordedAt: e.recordedAt });
  }
  return folded;
}

function foldNeeds(folded: readonly Folded[]): Needs {
  const needs = new Needs();
  for (const f of folded) {
    if (f.by) f.by.collectNeeds(f.event, needs);
    else collectNeeds(f.event, needs);
  }
  return needs;
}

/**
 * The reads the core fold of `events` will make, ahead of it: the append sends them in
 * the round trip of its `append_events` call (activities/appendCall.ts) and passes the
 * state `build` makes of their rows to `projectEvents`. Events that turn out not to be
 * written (duplicates, conflicts) only add rows that are read and left unchanged.
 */
export function foldReads(
  trx: DB,
  events: ReadonlyArray<{ type: string; data: unknown }>,
): { reads: FoldRead[]; build(rowsets: readonly unknown[][]): ReadModelState } {
  const keys = foldKeys();
  const reads = ReadModelState.loadQueries(trx, keys, foldNeeds(foldable(events)));
  return { reads, build: (rowsets) => ReadModelState.fromRows(keys, reads, rowsets) };
}

// RecordedEvent keeps type and data apart; rejoined, a switch narrows `data` per type.
const asDomainEvent = (e: { type: string; data: unknown }): { type: string; data: unknown } => ({ type: e.type, data: e.data });

/** Every read-model table, core and procedures', with its primary key column. */
export function allReadModelTables(): Array<{ table: string; key: string }> {
  return Object.entries(foldKeys()).map(([table, key]) => ({ table, key }));
}

/** The rows an event reads or writes; loaded before the fold so that it never queries. */
function collectNeeds(event: CoreEvent, needs: Needs): void {
  switch (event.type) {
    case 'OrgUnitEstablished':
      needs.add('org_units', event.data.orgUnitId);
      if (event.data.parentId !== null) needs.add('org_units', event.data.parentId);
      return;
    case 'OrgUnitDissolved':
      needs.add('org_units', event.data.orgUnitId);
      return;
    case 'PersonRegistered':
      needs.add('people', event.data.personId);
      needs.add('person_details', event.data.personId);
      needs.add('org_units', event.data.orgUnitId);
      return;
    case 'PostAssigned':
      needs.add('post_assignments', event.data.assignmentId);
      needs.add('people', event.data.personId);
      return;
    case 'PostEnded':
      needs.add('post_assignments', event.data.assignmentId);
      needs.add('people', event.data.personId);
      needs.assignmentsOf.add(event.data.personId);
      return;
    case 'PostConfirmed':
      needs.add('post_assignments', event.data.assignmentId);
      return;
    case 'PersonCorrected':
      needs.add('people', event.data.personId);
      needs.add('person_details', event.data.personId);
      return;
    case 'PersonTransferred':
      needs.add('people', event.data.personId);
      needs.add('org_units', event.data.toOrgUnitId);
      return;
    case 'PersonRetired':
    case 'PersonDied':
      needs.add('person_departures', event.data.personId);
      return;
    case 'OrgUnitRenamed':
      needs.add('org_units', event.data.orgUnitId);
      return;
    case 'AppointmentFormRecorded':
      return;
    case 'CaseStarted':
    case 'CaseStageChanged':
    case 'CaseClosed':
      needs.add('cases', event.data.caseId);
      return;
    case 'TaskOpened':
    case 'TaskReminderSent':
    case 'TaskEscalated':
    case 'TaskDecided':
    case 'TaskWithdrawn':
    case 'TaskAssigned':
    case 'TaskUnassigned':
      needs.add('tasks', event.data.taskId);
      return;
    case 'PublicNoticePosted':
    case 'ObjectionFiled':
    case 'ObjectionResolved':
    case 'PublicNoticeClosed':
      needs.add('public_notices', event.data.noticeId);
      return;
    case 'CaseCommented':
    case 'AttachmentAdded':
    // The ballot store keeps the session itself; the event anchors it in the chain.
    case 'BallotSessionClosed':
      return;
    default:
      assertNever(event, 'event type');
  }
}

/** How one event changes the rows. Pure: every row it needs was loaded by `collectNeeds`. */
function apply(s: ReadModelState, event: CoreEvent): void {
  switch (event.type) {
    case 'OrgUnitEstablished': {
      const d = event.data;
      const townshipId =
        d.kind === 'township' ? d.orgUnitId : d.kind === 'county' ? null : (s.get('org_units', d.parentId)?.township_id ?? null);
      s.put('org_units', {
        org_unit_id: d.orgUnitId,
        name: d.name,
        kind: d.kind,
        parent_id: d.parentId,
        township_id: townshipId,
        effective_from: d.effectiveFrom,
        effective_to: null,
        merged_into: null,
      });
      return;
    }
    case 'OrgUnitDissolved': {
      const d = event.data;
      s.patch('org_units', d.orgUnitId, { effective_to: d.effectiveTo, merged_into: d.mergedInto });
      return;
    }
    case 'PersonRegistered': {
      const d = event.data;
      const existing = s.get('people', d.personId);
      s.put('people', {
        person_id: d.personId,
        name: d.name,
        gender: d.gender,
        birth_year: d.birthYear,
        org_unit_id: d.orgUnitId,
        township_id: s.get('org_units', d.orgUnitId)?.township_id ?? null,
        rank: d.rank,
        current_assignment_id: existing?.current_assignment_id ?? null,
        current_title: existing?.current_title ?? null,
        current_org_unit_id: existing?.current_org_unit_id ?? null,
        probation_status: existing?.probation_status ?? 'none',
        probation_case_id: existing?.probation_case_id ?? null,
      });
      registerDetails(s, d.personId, d.details);
      return;
    }
    case 'PostAssigned': {
      const d = event.data;
      s.put('post_assignments', {
        assignment_id: d.assignmentId,
        person_id: d.personId,
        org_unit_id: d.orgUnitId,
        title: d.title,
        rank: d.rank,
        started_on: d.startedOn,
        ended_on: null,
        on_trial: d.onTrial,
        confirmed_on: null,
        end_reason: null,
      });
      s.patch('people', d.personId, {
        current_assignment_id: d.assignmentId,
        current_title: d.title,
        current_org_unit_id: d.orgUnitId,
        rank: d.rank,
      });
      return;
    }
    case 'PostEnded': {
      const d = event.data;
      endAssignment(s, d.assignmentId, d.endedOn, d.reason);
      refreshCurrentPost(s, d.personId, d.assignmentId);
      return;
    }
    case 'PostConfirmed': {
      const d = event.data;
      confirmAssignment(s, d.assignmentId, d.confirmedOn);
      return;
    }
    case 'PersonCorrected':
    case 'PersonTransferred':
    case 'PersonRetired':
    case 'PersonDied':
    case 'OrgUnitRenamed':
    case 'AppointmentFormRecorded':
      applyRegistryChange(s, event);
      return;

    case 'CaseStarted': {
      const d = event.data;
      s.put('cases', {
        case_id: d.caseId,
        kind: d.kind,
        subject_id: d.subjectId,
        township_id: d.townshipId,
        policy_version: d.policyVersion,
        stage: 'started',
        status: 'open',
        outcome: null,
        summary: d.summary,
        started_at: instant(d.startedAt),
        updated_at: instant(d.startedAt),
        closed_at: null,
      });
      return;
    }
    case 'CaseStageChanged': {
      const d = event.data;
      s.patch('cases', d.caseId, { stage: d.stage, updated_at: instant(d.at) });
      return;
    }
    case 'CaseClosed': {
      const d = event.data;
      s.patch('cases', d.caseId, { status: 'closed', outcome: d.outcome, closed_at: instant(d.at), updated_at: instant(d.at) });
      return;
    }

    case 'TaskOpened': {
      const d = event.data;
      s.put('tasks', {
        task_id: d.taskId,
        case_id: d.caseId,
        step: d.step,
        title: d.title,
        role: d.role,
        org_unit_id: d.orgUnitId,
        township_id: d.townshipId,
        status: 'pending',
        opened_at: instant(d.openedAt),
        remind_at: instant(d.remindAt),
        due_at: instant(d.dueAt),
        due_working_days: d.dueWorkingDays,
        reminded_at: null,
        escalated_at: null,
        escalated_to: null,
        decided_at: null,
        decided_by: null,
        decision: null,
        // A repeated TaskOpened replaces the row but not who works on it.
        assignee: s.get('tasks', d.taskId)?.assignee ?? null,
      });
      return;
    }
    case 'TaskReminderSent': {
      const d = event.data;
      s.patch('tasks', d.taskId, { reminded_at: instant(d.at) });
      return;
    }
    case 'TaskEscalated': {
      const d = event.data;
      s.patch('tasks', d.taskId, { escalated_at: instant(d.at), escalated_to: d.escalatedTo });
      return;
    }
    case 'TaskDecided': {
      const d = event.data;
      s.patch('tasks', d.taskId, { status: 'decided', decided_at: instant(d.at), decided_by: d.actor.id, decision: d.decision });
      return;
    }
    case 'TaskWithdrawn': {
      const d = event.data;
      s.patch('tasks', d.taskId, { status: 'withdrawn' });
      return;
    }
    case 'TaskAssigned': {
      const d = event.data;
      s.patch('tasks', d.taskId, { assignee: d.assignee });
      return;
    }
    case 'TaskUnassigned': {
      const d = event.data;
      s.patch('tasks', d.taskId, { assignee: null });
      return;
    }

    case 'PublicNoticePosted': {
      const d = event.data;
      s.put('public_notices', {
        notice_id: d.noticeId,
        case_id: d.caseId,
        subject: d.subject,
        posted_at: instant(d.postedAt),
        closes_at: instant(d.closesAt),
        working_days: d.workingDays,
        status: 'open',
        objections: 0,
        upheld: 0,
        outcome: null,
      });
      return;
    }
    case 'ObjectionFiled': {
      const notice = s.get('public_notices', event.data.noticeId);
      if (notice) s.patch('public_notices', notice.notice_id, { objections: notice.objections + 1 });
      return;
    }
    case 'ObjectionResolved': {
      const notice = s.get('public_notices', event.data.noticeId);
      if (notice && event.data.upheld) s.patch('public_notices', notice.notice_id, { upheld: notice.upheld + 1 });
      return;
    }
    case 'PublicNoticeClosed': {
      const d = event.data;
      // The closing event's counts are the notice's own tally and win over ours.
      s.patch('public_notices', d.noticeId, { status: 'closed', objections: d.objections, upheld: d.upheld, outcome: d.outcome });
      return;
    }
    // Read from the case's inbox stream itself (client/caseNotes.ts): no read model holds them.
    case 'CaseCommented':
    case 'AttachmentAdded':
    case 'BallotSessionClosed':
      return;

    default:
      assertNever(event, 'event type');
  }
}
