/**
 * Read models: what lists and inboxes read, folded from the event log. Projection runs
 * inside the append transaction (so a read model never lags or leads the log), and
 * `rebuildReadModels` replays the whole log through the same code, which is what lets
 * an auditor demand that a rebuild equals the live tables.
 *
 * Rules that are choices rather than facts of the events:
 * - Creation events (OrgUnitEstablished, PersonRegistered, PostAssigned, CaseStarted,
 *   TaskOpened, PublicNoticePosted, ProbationStarted) upsert: a repeated fact replaces
 *   the row instead of failing the append that carries it, because the event is
 *   already decided by then and refusing it would only wedge the workflow. A repeated
 *   PersonRegistered replaces only the registry fields, not the person's post or
 *   probation status.
 * - An event about a row that was never created (a task, notice, case or person the
 *   log does not know) changes nothing.
 * - `people.rank` is the rank held now: PostAssigned sets it to the post's rank (a
 *   trial post's rank while on probation); ProbationFailed / ProbationEndedEarly
 *   restore `restoredRank`.
 * - A person's current post is the one most recently assigned. When it ends
 *   (PostEnded, ProbationFailed, ProbationEndedEarly) the current post falls back to
 *   the person's latest other open assignment (latest `started_on`, then highest
 *   assignment id), or to none.
 * - An assignment's end is recorded once: a later end event for an already ended
 *   assignment does not move its date or reason.
 * - `cases.updated_at` moves with the case's own lifecycle events (started, stage
 *   changed, closed), not with task or notice traffic.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { assertNever, isCoreEvent, type CoreEvent, type RecordedEvent } from '../domain/events';
import { PROJECTION_MODULES } from './projectionModules';
import type { Database, DB, PostEndReason } from '../schema/db';
// A cycle (eventStore projects through this module) that is safe: neither module uses
// the other's exports while loading, only when called.
import { canonicalJson } from './canonicalJson';
import { readEventsAfter } from './eventReads';

export const READ_MODEL_TABLES = [
  'org_units',
  'people',
  'post_assignments',
  'cases',
  'tasks',
  'public_notices',
  'probations',
] as const satisfies ReadonlyArray<keyof Database>;

export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

/** Each read model's primary key column, which is also the key `diffReadModels` reports. */
export const READ_MODEL_KEYS = {
  org_units: 'org_unit_id',
  people: 'person_id',
  post_assignments: 'assignment_id',
  cases: 'case_id',
  tasks: 'task_id',
  public_notices: 'notice_id',
  probations: 'case_id',
} as const satisfies { [T in ReadModelTable]: keyof Database[T] & string };

/** A read-model row as it is read back (and kept in memory while a batch is folded). */
export type ReadModelRow<T extends ReadModelTable> = Selectable<Database[T]>;

/** Applies one recorded event to the read models, through `trx` (the append's transaction). */
export async function project(trx: DB, e: RecordedEvent): Promise<void> {
  await projectEvents(trx, [e]);
}

/**
 * Applies recorded events, in order, as one fold: loads every row the events touch
 * (one query per table), applies the events to those rows in memory, then writes the
 * changed rows back (one upsert per table). The result is the same as projecting the
 * events one by one — a row a later event needs is already in memory — but thousands of
 * events cost a handful of statements, which is what keeps the demo seed and a rebuild
 * fast on PGlite. Appends and rebuilds both go through here, so they cannot diverge.
 */
export async function projectEvents(trx: DB, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const coreEvents = events.map(asDomainEvent).filter(isCoreEvent);
  if (coreEvents.length > 0) {
    const needs = emptyNeeds();
    for (const event of coreEvents) collectNeeds(event, needs);
    const state = await ReadModelState.load(trx, needs);
    for (const event of coreEvents) apply(state, event);
    await state.flush(trx);
  }
  // A procedure's module runs after the core fold, so it can read registry rows the same
  // batch created; its own events reach it in log order.
  for (const module of PROJECTION_MODULES) {
    const mine = events.filter((e) => module.eventTypes.includes(e.type));
    if (mine.length > 0) await module.project(trx, mine);
  }
}

// RecordedEvent keeps type and data apart; rejoined, a switch narrows `data` per type.
const asDomainEvent = (e: RecordedEvent): { type: string; data: unknown } => ({ type: e.type, data: e.data });

/** Every read-model table, core and procedures', with its primary key column. */
export function allReadModelTables(): Array<{ table: string; key: string }> {
  return [
    ...READ_MODEL_TABLES.map((table) => ({ table: table as string, key: READ_MODEL_KEYS[table] as string })),
    ...PROJECTION_MODULES.flatMap((m) => Object.entries(m.tables).map(([table, key]) => ({ table, key }))),
  ];
}

interface Needs {
  keys: { [T in ReadModelTable]: Set<string> };
  /** People whose every assignment must be in memory (their current post may fall back to another). */
  assignmentsOf: Set<string>;
}

function emptyNeeds(): Needs {
  return {
    keys: {
      org_units: new Set(),
      people: new Set(),
      post_assignments: new Set(),
      cases: new Set(),
      tasks: new Set(),
      public_notices: new Set(),
      probations: new Set(),
    },
    assignmentsOf: new Set(),
  };
}

/** The rows an event reads or writes; loaded before the fold so that it never queries. */
function collectNeeds(event: CoreEvent, needs: Needs): void {
  const k = needs.keys;
  switch (event.type) {
    case 'OrgUnitEstablished':
      k.org_units.add(event.data.orgUnitId);
      if (event.data.parentId !== null) k.org_units.add(event.data.parentId);
      return;
    case 'OrgUnitDissolved':
      k.org_units.add(event.data.orgUnitId);
      return;
    case 'PersonRegistered':
      k.people.add(event.data.personId);
      k.org_units.add(event.data.orgUnitId);
      return;
    case 'PostAssigned':
      k.post_assignments.add(event.data.assignmentId);
      k.people.add(event.data.personId);
      return;
    case 'PostEnded':
      k.post_assignments.add(event.data.assignmentId);
      k.people.add(event.data.personId);
      needs.assignmentsOf.add(event.data.personId);
      return;
    case 'PostConfirmed':
      k.post_assignments.add(event.data.assignmentId);
      return;
    case 'CaseStarted':
    case 'CaseStageChanged':
    case 'CaseClosed':
      k.cases.add(event.data.caseId);
      return;
    case 'TaskOpened':
    case 'TaskReminderSent':
    case 'TaskEscalated':
    case 'TaskDecided':
    case 'TaskWithdrawn':
      k.tasks.add(event.data.taskId);
      return;
    case 'PublicNoticePosted':
    case 'ObjectionFiled':
    case 'ObjectionResolved':
    case 'PublicNoticeClosed':
      k.public_notices.add(event.data.noticeId);
      return;
    case 'ProbationStarted':
      k.probations.add(event.data.caseId);
      k.people.add(event.data.personId);
      return;
    case 'ProbationCheckInRecorded':
    case 'ProbationAssessed':
    case 'ProbationRecommended':
      k.probations.add(event.data.caseId);
      return;
    case 'ProbationConfirmed':
      k.probations.add(event.data.caseId);
      k.post_assignments.add(event.data.assignmentId);
      k.people.add(event.data.personId);
      return;
    case 'ProbationFailed':
    case 'ProbationEndedEarly':
      k.probations.add(event.data.caseId);
      k.post_assignments.add(event.data.assignmentId);
      k.people.add(event.data.personId);
      needs.assignmentsOf.add(event.data.personId);
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
        d.kind === 'township'
          ? d.orgUnitId
          : d.kind === 'county'
            ? null
            : (s.get('org_units', d.parentId)?.township_id ?? null);
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
        event.type === 'ProbationFailed'
          ? (['removed', 'removed-after-probation'] as const)
          : (['ended-early', 'ended-early'] as const);
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

/** Event instants are ISO strings; rows hold what the driver reads back, a Date. */
const instant = (iso: string): Date => new Date(iso);

function endAssignment(s: ReadModelState, assignmentId: string, endedOn: string, reason: PostEndReason): void {
  const a = s.get('post_assignments', assignmentId);
  if (a && a.ended_on === null) s.patch('post_assignments', assignmentId, { ended_on: endedOn, end_reason: reason });
}

function confirmAssignment(s: ReadModelState, assignmentId: string, confirmedOn: string): void {
  // PostConfirmed and ProbationConfirmed may both arrive; the first date stands.
  const a = s.get('post_assignments', assignmentId);
  if (a) s.patch('post_assignments', assignmentId, { on_trial: false, confirmed_on: a.confirmed_on ?? confirmedOn });
}

/** If the ended assignment was the person's current post, fall back to their latest other open one. */
function refreshCurrentPost(s: ReadModelState, personId: string, endedAssignmentId: string): void {
  const person = s.get('people', personId);
  if (!person || person.current_assignment_id !== endedAssignmentId) return;
  let next: ReadModelRow<'post_assignments'> | undefined;
  for (const a of s.all('post_assignments')) {
    if (a.person_id !== personId || a.ended_on !== null || a.assignment_id === endedAssignmentId) continue;
    // Compared in JS, not by a database collation, so both drivers pick the same post.
    if (!next || a.started_on > next.started_on || (a.started_on === next.started_on && a.assignment_id > next.assignment_id)) {
      next = a;
    }
  }
  s.patch('people', personId, {
    current_assignment_id: next?.assignment_id ?? null,
    current_title: next?.title ?? null,
    current_org_unit_id: next?.org_unit_id ?? null,
  });
}

/** The rows one fold works on, and which of them it changed. */
class ReadModelState {
  private readonly rows: { [T in ReadModelTable]: Map<string, ReadModelRow<T>> } = {
    org_units: new Map(),
    people: new Map(),
    post_assignments: new Map(),
    cases: new Map(),
    tasks: new Map(),
    public_notices: new Map(),
    probations: new Map(),
  };
  private readonly dirty: { [T in ReadModelTable]: Set<string> } = emptyNeeds().keys;

  static async load(trx: DB, needs: Needs): Promise<ReadModelState> {
    const state = new ReadModelState();
    // Kysely cannot type a query over a table chosen at run time; `ReadModelRow<T>` restores the row type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from READ_MODEL_TABLES
    const anyDb = trx as unknown as Kysely<any>;
    for (const table of READ_MODEL_TABLES) {
      const keyColumn = READ_MODEL_KEYS[table];
      for (const part of chunks([...needs.keys[table]])) {
        const rows = await anyDb.selectFrom(table).selectAll().where(keyColumn, 'in', part).execute();
        for (const row of rows) state.remember(table, row);
      }
    }
    for (const part of chunks([...needs.assignmentsOf])) {
      const rows = await trx.selectFrom('post_assignments').selectAll().where('person_id', 'in', part).execute();
      for (const row of rows) state.remember('post_assignments', row);
    }
    return state;
  }

  get<T extends ReadModelTable>(table: T, key: string | null): ReadModelRow<T> | undefined {
    return key === null ? undefined : this.rows[table].get(key);
  }

  all<T extends ReadModelTable>(table: T): IterableIterator<ReadModelRow<T>> {
    return this.rows[table].values();
  }

  put<T extends ReadModelTable>(table: T, row: ReadModelRow<T>): void {
    const key = keyOf(table, row);
    this.rows[table].set(key, row);
    this.dirty[table].add(key);
  }

  /** Changes an existing row; an event about a row that was never created changes nothing. */
  patch<T extends ReadModelTable>(table: T, key: string, changes: Partial<ReadModelRow<T>>): void {
    const row = this.rows[table].get(key);
    if (row) this.put(table, { ...row, ...changes });
  }

  async flush(trx: DB): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from READ_MODEL_TABLES
    const anyDb = trx as unknown as Kysely<any>;
    for (const table of READ_MODEL_TABLES) {
      const rows = [...this.dirty[table]].map((key) => this.rows[table].get(key)!);
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]!);
      const keyColumn = READ_MODEL_KEYS[table];
      const update = Object.fromEntries(
        columns.filter((c) => c !== keyColumn).map((c) => [c, sql.ref(`excluded.${c}`)]),
      );
      // Keeps each statement well under PostgreSQL's 65535 bind parameters.
      for (const part of chunks(rows, Math.floor(30_000 / columns.length))) {
        await anyDb
          .insertInto(table)
          .values(part)
          .onConflict((oc) => oc.column(keyColumn).doUpdateSet(update))
          .execute();
      }
    }
  }

  private remember<T extends ReadModelTable>(table: T, row: ReadModelRow<T>): void {
    const key = keyOf(table, row);
    if (!this.rows[table].has(key)) this.rows[table].set(key, row);
  }
}

function keyOf<T extends ReadModelTable>(table: T, row: ReadModelRow<T>): string {
  return String((row as Record<string, unknown>)[READ_MODEL_KEYS[table]]);
}

function chunks<T>(items: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ── rebuild and compare ─────────────────────────────────────────────────────

export interface RebuildOptions {
  /** Rebuild into this schema (created, tables recreated like the live ones); omitted: rebuild the live tables. */
  schema?: string;
  batchSize?: number;
  onProgress?(done: number, total: number): void;
}

export interface RebuildResult {
  schema: string;
  events: number;
}

/**
 * Recomputes every read model from the log. Into a scratch schema it reads one
 * REPEATABLE READ snapshot and leaves appends running; for the live tables it takes
 * the log_head lock first, so no append can interleave and readers see either the old
 * tables or the rebuilt ones, never a half-filled state.
 */
export async function rebuildReadModels(db: DB, opts: RebuildOptions = {}): Promise<RebuildResult> {
  const schema = opts.schema ?? 'public';
  assertIdentifier(schema);
  const live = schema === 'public';
  const batchSize = opts.batchSize ?? 1000;

  const run = async (trx: DB): Promise<RebuildResult> => {
    if (live) {
      await trx.selectFrom('log_head').select('id').where('id', '=', 1).forUpdate().execute();
      await sql`truncate table ${sql.join(allReadModelTables().map(({ table }) => sql.table(table)))}`.execute(trx);
    } else {
      await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
      for (const { table } of allReadModelTables()) {
        await sql`drop table if exists ${sql.table(`${schema}.${table}`)}`.execute(trx);
        await sql`create table ${sql.table(`${schema}.${table}`)} (like ${sql.table(`public.${table}`)} including all)`.execute(trx);
      }
    }
    const { n } = await trx
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .executeTakeFirstOrThrow();
    const total = Number(n);
    const target = live ? trx : trx.withSchema(schema);
    let after = 0n;
    let done = 0;
    for (;;) {
      const rows = await readEventsAfter(trx, after, batchSize);
      await projectEvents(target, rows);
      const last = rows.at(-1);
      if (last) after = last.position;
      done += rows.length;
      opts.onProgress?.(done, total);
      if (rows.length < batchSize) break;
    }
    return { schema, events: done };
  };

  if (db.isTransaction) return run(db);
  return live
    ? db.transaction().execute(run)
    : db.transaction().setIsolationLevel('repeatable read').execute(run);
}

export interface ReadModelDifference {
  table: string;
  /** The row's primary key value. */
  key: string;
  /** The row in the first schema, or null when only the second has it. */
  left: Record<string, unknown> | null;
  right: Record<string, unknown> | null;
}

/**
 * Every row that differs between two schemas' read models, compared by primary key
 * on a canonical form (instants as ISO strings, bigints as decimals, JSON with sorted
 * keys), so equal data compares equal whatever the column order or driver.
 */
export async function diffReadModels(db: DB, schemaA: string, schemaB: string): Promise<ReadModelDifference[]> {
  assertIdentifier(schemaA);
  assertIdentifier(schemaB);
  const out: ReadModelDifference[] = [];
  for (const { table, key: keyColumn } of allReadModelTables()) {
    const load = async (schema: string): Promise<Map<string, Record<string, unknown>>> => {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(`${schema}.${table}`)}`.execute(db);
      return new Map(rows.map((r) => [String(r[keyColumn]), normalizeRow(r)]));
    };
    const left = await load(schemaA);
    const right = await load(schemaB);
    const keys = [...new Set([...left.keys(), ...right.keys()])].sort();
    for (const key of keys) {
      const l = left.get(key) ?? null;
      const r = right.get(key) ?? null;
      if (l && r && canonicalJson(l) === canonicalJson(r)) continue;
      out.push({ table, key, left: l, right: r });
    }
  }
  return out;
}

function normalizeRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    out[column] = value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value;
  }
  return out;
}

/** Schema names are spliced into DDL; accept only plain lower-case identifiers. */
function assertIdentifier(name: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a valid schema name: ${JSON.stringify(name)}`);
}
