/**
 * The membership register (党员发展名册) and the Party organizations it lists, folded
 * from the log: the register's own entries (MembershipRecorded), each development case's
 * events, and the core task and notice events of those cases, which say what the case
 * waits for next. Folded with the core's read models (a ProcedureProjection), in the append
 * transaction and by rebuilds.
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
import type { Selectable } from 'kysely';
import { shanghaiDate } from '../../domain/calendar';
import { assertNever } from '../../domain/events';
import { MEMBERSHIP_EVENT_TYPES, type MembershipEvent } from '../../domain/events/membership';
import { personOfCase } from '../../domain/memberDevelopment';
import type { MembershipTables } from '../../schema/tables/membership';
import type { ProcedureProjection } from './projection';
import type { Needs, ReadModelState } from './state';

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

/** An event about a person the register does not know changes nothing. */
function patchMember(s: ReadModelState, personId: string | undefined, changes: Partial<MemberRow>): void {
  if (personId !== undefined) s.patch('party_members', personId, changes);
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

function apply(s: ReadModelState, e: Folded): void {
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
      patchMember(s, personId, { talked_on: e.data.on });
      return;
    case 'ActivistDesignated':
      patchMember(s, personId, {
        status: 'activist',
        activist_on: e.data.on,
        contacts: e.data.contacts.join('、'),
        earliest_admission_on: e.data.observationEndsOn,
      });
      return;
    case 'ActivistReviewed': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row) patchMember(s, personId, { reviews: Math.max(row.reviews, e.data.index) });
      return;
    }
    case 'DevelopmentTargetDesignated':
      patchMember(s, personId, {
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
      if (e.data.approved) patchMember(s, personId, { assembly_on: e.data.on });
      return;
    case 'DevelopmentRoundFailed': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row) {
        patchMember(s, personId, {
          blocked_until: e.data.blockedUntil,
          earliest_admission_on: later(row.earliest_admission_on, e.data.blockedUntil),
        });
      }
      return;
    }
    case 'DevelopmentResubmitted':
      patchMember(s, personId, { round: e.data.round });
      return;
    case 'MemberAdmitted':
      patchMember(s, personId, {
        status: 'probationary',
        assembly_on: e.data.assemblyOn,
        admitted_on: e.data.admittedOn,
        probation_ends_on: e.data.probationEndsOn,
        blocked_until: null,
        earliest_admission_on: null,
      });
      return;
    case 'OathTaken':
      patchMember(s, personId, { oath_on: e.data.on });
      return;
    case 'ProbationaryExtended':
      patchMember(s, personId, { probation_ends_on: e.data.probationEndsOn, extended: true });
      return;
    case 'MemberConverted':
      patchMember(s, personId, { status: 'full', full_on: e.data.fullOn });
      return;
    case 'ProbationaryDisqualified':
      patchMember(s, personId, { status: 'disqualified', disqualified_on: e.data.decidedOn });
      return;
    case 'MemberDevelopmentStopped':
      patchMember(s, personId, { stopped_on: day(e.data.at), stop_outcome: e.data.outcome, earliest_admission_on: null });
      return;
    case 'DevelopmentStepScheduled':
      patchMember(s, personId, { next_step: e.data.step, next_due_on: e.data.on });
      return;
    case 'TaskOpened': {
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      // An objection's check during a notice is the county's; the notice stays next.
      if (row?.next_step && e.data.step.startsWith(`${row.next_step}:objection-`)) return;
      patchMember(s, personId, { next_step: e.data.step, next_due_on: day(e.data.dueAt) });
      return;
    }
    case 'PublicNoticePosted':
      patchMember(s, personId, { next_step: e.data.noticeId.slice(e.data.caseId.length + 1), next_due_on: day(e.data.closesAt) });
      return;
    case 'TaskDecided':
    case 'TaskWithdrawn': {
      const step = e.type === 'TaskDecided' ? e.data.step : e.data.taskId.slice(e.data.caseId.length + 1);
      const row = personId === undefined ? undefined : s.get('party_members', personId);
      if (row && row.next_step === step) patchMember(s, personId, { next_step: null, next_due_on: null });
      return;
    }
    case 'CaseClosed':
      patchMember(s, personId, { next_step: null, next_due_on: null });
      return;
    default:
      assertNever(e, 'event type');
  }
}

/** Task and notice events of other kinds of case are not this projection's. */
const isMembership = (e: Folded): boolean => personOf(e) !== undefined || e.type === 'PartyOrganizationRegistered';

export const membershipProjection: ProcedureProjection<Folded> = {
  name: 'membership',
  eventTypes: [...MEMBERSHIP_EVENT_TYPES, ...CASE_EVENT_TYPES],
  tables: KEYS,
  collectNeeds(e: Folded, needs: Needs): void {
    if (e.type === 'PartyOrganizationRegistered') needs.add('party_organizations', e.data.orgUnitId);
    if (e.type === 'MembershipRecorded') needs.add('party_organizations', e.data.branchId);
    const personId = personOf(e);
    if (personId !== undefined) needs.add('party_members', personId);
  },
  apply(s: ReadModelState, e: Folded): void {
    if (isMembership(e)) apply(s, e);
  },
};
