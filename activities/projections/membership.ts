/**
 * The membership register (党员发展名册) and the Party organizations it lists, folded
 * from the log: the register's own entries (MembershipRecorded), each development case's
 * events, and the core task and notice events of those cases, which say what the case
 * waits for next.
 *
 * Rules that are choices rather than facts of the events:
 * - A register entry (MembershipRecorded) replaces the person's row only while they have
 *   no case: once a case has opened, its events are the newer record.
 * - A case's row keeps the stage it reached when the case stops (not designated, removed,
 *   not admitted); `stopped_on` marks it out of the pipeline.
 * - The next step is the latest task opened, notice posted or calendar wait announced;
 *   deciding that task clears it until the case announces the next one. A notice stays
 *   next while the county checks objections to it.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { shanghaiDate } from '../../domain/calendar';
import { assertNever, type RecordedEvent } from '../../domain/events';
import { MEMBERSHIP_EVENT_TYPES, type MembershipEvent } from '../../domain/events/membership';
import { personOfCase } from '../../domain/memberDevelopment';
import type { DB } from '../../schema/db';
import type { MembershipTables } from '../../schema/tables/membership';
import type { ProcedureProjection } from './projection';

type Table = keyof MembershipTables;
type Row<T extends Table> = Selectable<MembershipTables[T]>;
type MemberRow = Row<'party_members'>;

const KEYS = { party_organizations: 'org_unit_id', party_members: 'person_id' } as const satisfies { [T in Table]: string };

/** Core events of member-development cases that move a register row's next step. */
const CASE_EVENT_TYPES = ['TaskOpened', 'TaskDecided', 'TaskWithdrawn', 'PublicNoticePosted', 'CaseClosed'] as const;

type CaseEvent =
  | { type: 'TaskOpened'; data: { caseId: string; step: string; dueAt: string } }
  | { type: 'TaskDecided'; data: { caseId: string; step: string } }
  | { type: 'TaskWithdrawn'; data: { caseId: string; taskId: string } }
  | { type: 'PublicNoticePosted'; data: { caseId: string; noticeId: string; closesAt: string } }
  | { type: 'CaseClosed'; data: { caseId: string } };

type Folded = MembershipEvent | CaseEvent;

const day = (iso: string): string => shanghaiDate(Date.parse(iso));

/** The later of two days, either possibly unknown. */
function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

function blankMember(personId: string, name: string, branchId: string): MemberRow {
  return {
    person_id: personId,
    name,
    gender: null,
    birth_year: null,
    branch_id: branchId,
    village_id: null,
    township_id: null,
    mobile: false,
    status: 'applicant',
    case_id: null,
    applied_on: null,
    talked_on: null,
    activist_on: null,
    contacts: null,
    reviews: 0,
    target_on: null,
    sponsors: null,
    round: null,
    blocked_until: null,
    assembly_on: null,
    admitted_on: null,
    probation_ends_on: null,
    extended: false,
    oath_on: null,
    full_on: null,
    disqualified_on: null,
    stopped_on: null,
    stop_outcome: null,
    earliest_admission_on: null,
    next_step: null,
    next_due_on: null,
  };
}

/** The rows one fold works on, loaded up front so the fold itself never queries. */
class State {
  private readonly rows: { [T in Table]: Map<string, Row<T>> } = { party_organizations: new Map(), party_members: new Map() };
  private readonly dirty: { [T in Table]: Set<string> } = { party_organizations: new Set(), party_members: new Set() };

  static async load(trx: DB, keys: { [T in Table]: Set<string> }): Promise<State> {
    const state = new State();
    for (const part of chunks([...keys.party_organizations])) {
      for (const row of await trx.selectFrom('party_organizations').selectAll().where('org_unit_id', 'in', part).execute()) {
        state.rows.party_organizations.set(row.org_unit_id, row);
      }
    }
    for (const part of chunks([...keys.party_members])) {
      for (const row of await trx.selectFrom('party_members').selectAll().where('person_id', 'in', part).execute()) {
        state.rows.party_members.set(row.person_id, row);
      }
    }
    return state;
  }

  get<T extends Table>(table: T, key: string): Row<T> | undefined {
    return this.rows[table].get(key);
  }

  put<T extends Table>(table: T, row: Row<T>): void {
    const key = String((row as Record<string, unknown>)[KEYS[table]]);
    this.rows[table].set(key, row);
    this.dirty[table].add(key);
  }

  /** An event about a person the register does not know changes nothing. */
  patch(personId: string | undefined, changes: Partial<MemberRow>): void {
    if (personId === undefined) return;
    const row = this.rows.party_members.get(personId);
    if (row) this.put('party_members', { ...row, ...changes });
  }

  async flush(trx: DB): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table is chosen at run time from KEYS
    const anyDb = trx as unknown as Kysely<any>;
    for (const table of Object.keys(KEYS) as Table[]) {
      const rows = [...this.dirty[table]].map((k) => this.rows[table].get(k)!);
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]!);
      const key = KEYS[table];
      const update = Object.fromEntries(columns.filter((c) => c !== key).map((c) => [c, sql.ref(`excluded.${c}`)]));
      // Well under PostgreSQL's 65535 bind parameters per statement.
      for (const part of chunks(rows, Math.floor(30_000 / columns.length))) {
        await anyDb
          .insertInto(table)
          .values(part)
          .onConflict((oc) => oc.column(key).doUpdateSet(update))
          .execute();
      }
    }
  }
}

function chunks<T>(items: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function personOf(e: Folded): string | undefined {
  switch (e.type) {
    case 'PartyOrganizationRegistered':
      return undefined;
    case 'MembershipRecorded':
      return e.data.personId;
    case 'TaskOpened':
    case 'TaskDecided':
    case 'TaskWithdrawn':
    case 'PublicNoticePosted':
    case 'CaseClosed':
      return personOfCase(e.data.caseId);
    default:
      return e.data.personId;
  }
}

function apply(s: State, e: Folded): void {
  const personId = personOf(e);
  switch (e.type) {
    case 'PartyOrganizationRegistered': {
      const d = e.data;
      s.put('party_organizations', {
        org_unit_id: d.orgUnitId,
        name: d.name,
        category: d.category,
        village_id: d.villageId,
        township_id: d.townshipId,
      });
      return;
    }
    case 'MembershipRecorded': {
      const d = e.data;
      const existing = s.get('party_members', d.personId);
      if (existing?.case_id) return;
      const org = s.get('party_organizations', d.branchId);
      s.put('party_members', {
        ...blankMember(d.personId, d.name, d.branchId),
        gender: d.gender,
        birth_year: d.birthYear,
        village_id: org?.village_id ?? null,
        township_id: org?.township_id ?? null,
        mobile: d.mobile,
        status: d.status,
        applied_on: d.appliedOn,
        activist_on: d.activistOn,
        target_on: d.targetOn,
        round: d.status === 'development-target' ? 1 : null,
        admitted_on: d.admittedOn,
        probation_ends_on: d.probationEndsOn,
        full_on: d.fullOn,
        earliest_admission_on: d.earliestAdmissionOn,
      });
      return;
    }
    case 'MemberDevelopmentOpened': {
      const d = e.data;
      const existing = s.get('party_members', d.personId) ?? blankMember(d.personId, d.name, d.branchId);
      s.put('party_members', {
        ...existing,
        name: d.name,
        branch_id: d.branchId,
        village_id: d.villageId,
        township_id: d.townshipId,
        status: d.stage,
        case_id: d.caseId,
        applied_on: d.appliedOn,
        activist_on: d.activistOn,
        target_on: d.targetOn,
        round: d.stage === 'development-target' ? 1 : null,
        admitted_on: d.admittedOn,
        probation_ends_on: d.probationEndsOn,
        earliest_admission_on: d.earliestAdmissionOn,
        stopped_on: null,
        stop_outcome: null,
        next_step: null,
        next_due_on: null,
      });
      return;
    }
    case 'ApplicantTalkRecorded':
      s.patch(personId, { talked_on: e.data.on });
      return;
    case 'ActivistDesignated':
      s.patch(personId, {
        status: 'activist',
        activist_on: e.data.on,
        contacts: e.data.contacts.join('、'),
        earliest_admission_on: e.data.observationEndsOn,
      });
      return;
    case 'ActivistReviewed': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row) s.patch(personId, { reviews: Math.max(row.reviews, e.data.index) });
      return;
    }
    case 'DevelopmentTargetDesignated':
      s.patch(personId, {
        status: 'development-target',
        target_on: e.data.on,
        sponsors: e.data.sponsors.join('、'),
        round: 1,
        earliest_admission_on: e.data.on,
      });
      return;
    case 'TheoryExamRecorded':
    case 'BranchInspectionRecorded':
    case 'MassesVoteRecorded':
    case 'DevelopmentReviewRecorded':
      // Gate results stay in the log (and the case's timeline); the register keeps the stage.
      return;
    case 'MembersVoteRecorded':
      if (e.data.approved) s.patch(personId, { assembly_on: e.data.on });
      return;
    case 'DevelopmentRoundFailed': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row) {
        s.patch(personId, {
          blocked_until: e.data.blockedUntil,
          earliest_admission_on: later(row.earliest_admission_on, e.data.blockedUntil),
        });
      }
      return;
    }
    case 'DevelopmentResubmitted':
      s.patch(personId, { round: e.data.round });
      return;
    case 'MemberAdmitted':
      s.patch(personId, {
        status: 'probationary',
        assembly_on: e.data.assemblyOn,
        admitted_on: e.data.admittedOn,
        probation_ends_on: e.data.probationEndsOn,
        blocked_until: null,
        earliest_admission_on: null,
      });
      return;
    case 'OathTaken':
      s.patch(personId, { oath_on: e.data.on });
      return;
    case 'ProbationaryExtended':
      s.patch(personId, { probation_ends_on: e.data.probationEndsOn, extended: true });
      return;
    case 'MemberConverted':
      s.patch(personId, { status: 'full', full_on: e.data.fullOn });
      return;
    case 'ProbationaryDisqualified':
      s.patch(personId, { status: 'disqualified', disqualified_on: e.data.decidedOn });
      return;
    case 'MemberDevelopmentStopped':
      s.patch(personId, { stopped_on: day(e.data.at), stop_outcome: e.data.outcome, earliest_admission_on: null });
      return;
    case 'DevelopmentStepScheduled':
      s.patch(personId, { next_step: e.data.step, next_due_on: e.data.on });
      return;
    case 'TaskOpened': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      // An objection's check during a notice is the county's; the notice stays next.
      if (row?.next_step && e.data.step.startsWith(`${row.next_step}:objection-`)) return;
      s.patch(personId, { next_step: e.data.step, next_due_on: day(e.data.dueAt) });
      return;
    }
    case 'PublicNoticePosted':
      s.patch(personId, { next_step: e.data.noticeId.slice(e.data.caseId.length + 1), next_due_on: day(e.data.closesAt) });
      return;
    case 'TaskDecided':
    case 'TaskWithdrawn': {
      const step = e.type === 'TaskDecided' ? e.data.step : e.data.taskId.slice(e.data.caseId.length + 1);
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row && row.next_step === step) s.patch(personId, { next_step: null, next_due_on: null });
      return;
    }
    case 'CaseClosed':
      s.patch(personId, { next_step: null, next_due_on: null });
      return;
    default:
      assertNever(e, 'event type');
  }
}

export const membershipProjection: ProcedureProjection = {
  name: 'membership',
  eventTypes: [...MEMBERSHIP_EVENT_TYPES, ...CASE_EVENT_TYPES],
  tables: KEYS,
  async project(trx, events: readonly RecordedEvent[]) {
    const folded = events
      .map((e) => ({ type: e.type, data: e.data }) as Folded)
      // Task and notice events of other kinds of case are not this projection's.
      .filter((e) => personOf(e) !== undefined || e.type === 'PartyOrganizationRegistered');
    if (folded.length === 0) return;
    const keys = { party_organizations: new Set<string>(), party_members: new Set<string>() };
    for (const e of folded) {
      if (e.type === 'PartyOrganizationRegistered') keys.party_organizations.add(e.data.orgUnitId);
      if (e.type === 'MembershipRecorded') keys.party_organizations.add(e.data.branchId);
      const personId = personOf(e);
      if (personId !== undefined) keys.party_members.add(personId);
    }
    const state = await State.load(trx, keys);
    for (const e of folded) apply(state, e);
    await state.flush(trx);
  },
};
