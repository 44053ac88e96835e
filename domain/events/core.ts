import type { Actor, Role } from '../actors';
import type { CaseNoteEvent, TaskAssignmentEvent } from './inbox';
import type { PersonDetails, RegistryChangeEvent } from './registry';
import type { DecisionBallot } from '../wire/ballotSession';

/**
 * The events every procedure shares: the registry (units, people, posts), cases and their
 * human tasks, public notices, and the envelope the log stores them in. Each procedure's
 * own events are in a file of their own beside this one (joined in domain/procedureEvents.ts);
 * domain/events/index.ts is the entry point. Every read model is a fold over these, so a
 * type added here must be handled by activities/projections/core.ts (an exhaustive `never`
 * check there makes a forgotten one fail to compile).
 *
 * Dates are `YYYY-MM-DD` (a calendar day in Asia/Shanghai); instants are ISO-8601 UTC.
 */

// ── Registry ────────────────────────────────────────────────────────────────

export type OrgUnitKind = 'county' | 'township' | 'village' | 'branch';

export interface OrgUnitEstablished {
  type: 'OrgUnitEstablished';
  data: {
    orgUnitId: string;
    name: string;
    kind: OrgUnitKind;
    parentId: string | null;
    effectiveFrom: string;
  };
}

/** A unit ends (合乡并村: merged into another); its history stays readable. */
export interface OrgUnitDissolved {
  type: 'OrgUnitDissolved';
  data: { orgUnitId: string; effectiveTo: string; mergedInto: string | null };
}

export interface PersonRegistered {
  type: 'PersonRegistered';
  data: {
    personId: string;
    name: string;
    gender: 'male' | 'female';
    birthYear: number;
    /** The unit the person works in (township or village). */
    orgUnitId: string;
    /** Rank held outside any trial post, e.g. 副科级 / 村干部. */
    rank: string;
    /** The rest of what is known (the roster's other columns); absent in the demo's first events. */
    details?: PersonDetails;
  };
}

export interface PostAssigned {
  type: 'PostAssigned';
  data: {
    assignmentId: string;
    personId: string;
    orgUnitId: string;
    title: string;
    rank: string;
    startedOn: string;
    /** True while the post is held on probation (试用期). */
    onTrial: boolean;
  };
}

export interface PostEnded {
  type: 'PostEnded';
  data: {
    assignmentId: string;
    personId: string;
    endedOn: string;
    reason: 'removed-after-probation' | 'ended-early' | 'replaced' | 'other';
  };
}

/** A trial post becomes a formal one (正式任职). */
export interface PostConfirmed {
  type: 'PostConfirmed';
  data: { assignmentId: string; personId: string; confirmedOn: string };
}

// ── Cases and human tasks ───────────────────────────────────────────────────

/** Every procedure a case can follow; each procedure's workflow starts cases of its kind. */
export type CaseKind = 'probation' | 'election' | 'member-development' | 'evaluation' | 'evaluation-round' | 'rectification' | 'selection';

export interface CaseStarted {
  type: 'CaseStarted';
  data: {
    caseId: string;
    kind: CaseKind;
    subjectId: string;
    townshipId: string;
    policyVersion: string;
    startedAt: string;
    summary: string;
  };
}

export interface CaseStageChanged {
  type: 'CaseStageChanged';
  data: { caseId: string; stage: string; at: string };
}

export interface CaseClosed {
  type: 'CaseClosed';
  data: { caseId: string; outcome: string; at: string };
}

export interface TaskOpened {
  type: 'TaskOpened';
  data: {
    caseId: string;
    taskId: string;
    step: string;
    title: string;
    role: Role;
    /** The org unit the decision is about; the township is what scopes who may decide. */
    orgUnitId: string;
    townshipId: string;
    openedAt: string;
    remindAt: string;
    dueAt: string;
    dueWorkingDays: number;
  };
}

export interface TaskReminderSent {
  type: 'TaskReminderSent';
  data: { caseId: string; taskId: string; at: string };
}

/** Past its due date the task is escalated to the county organization department (督办). */
export interface TaskEscalated {
  type: 'TaskEscalated';
  data: { caseId: string; taskId: string; at: string; escalatedTo: Role };
}

export interface TaskDecided {
  type: 'TaskDecided';
  data: {
    caseId: string;
    taskId: string;
    step: string;
    actor: Actor;
    decision: Record<string, unknown>;
    /** The online ballot session the decision was taken from (docs/ballots.md); absent for a typed-in decision. */
    ballot?: DecisionBallot;
    at: string;
  };
}

/** A task that no longer needs an answer (the case ended early). */
export interface TaskWithdrawn {
  type: 'TaskWithdrawn';
  data: { caseId: string; taskId: string; at: string; reason: string };
}

// ── Public notice (公示) ────────────────────────────────────────────────────

export interface PublicNoticePosted {
  type: 'PublicNoticePosted';
  data: {
    caseId: string;
    noticeId: string;
    subject: string;
    postedAt: string;
    closesAt: string;
    workingDays: number;
    /** The day the notice was posted when it was before the step ran (recorded after the fact). */
    postedOn?: string;
  };
}

export interface ObjectionFiled {
  type: 'ObjectionFiled';
  data: { caseId: string; noticeId: string; objectionId: string; summary: string; filedBy: string; at: string };
}

export interface ObjectionResolved {
  type: 'ObjectionResolved';
  data: { caseId: string; noticeId: string; objectionId: string; upheld: boolean; actor: Actor; finding: string; at: string };
}

export interface PublicNoticeClosed {
  type: 'PublicNoticeClosed';
  data: { caseId: string; noticeId: string; at: string; objections: number; upheld: number; outcome: 'clear' | 'upheld-objection' };
}

// ── Online ballots (docs/ballots.md) ─────────────────────────────────────────

/**
 * An online ballot session closed (stream `ballot-session/<sessionId>`): its ballot
 * chain's head and count enter the log's own hash chain at the moment of closing, in the
 * close's transaction, whether or not the step is then decided from it. `audit verify`
 * holds every closed session against it, so the session's ballots cannot be rewritten
 * afterwards, even with every ballot hash recomputed.
 */
export interface BallotSessionClosed {
  type: 'BallotSessionClosed';
  data: {
    sessionId: string;
    caseId: string;
    step: string;
    /** The ballot chain's last hash (64 hex digits) and the ballots in it. */
    head: string;
    cast: number;
    hashAlgorithm: string;
    /** The chair's login, or `system:deadline`. */
    closedBy: string;
    at: string;
  };
}

// ── Shared by procedures that hold a democratic rating ─────────────────────

/** The events the core read models fold (activities/projections/core.ts). */
export type CoreEvent =
  | OrgUnitEstablished
  | OrgUnitDissolved
  | PersonRegistered
  | PostAssigned
  | PostEnded
  | PostConfirmed
  | RegistryChangeEvent
  | CaseStarted
  | CaseStageChanged
  | CaseClosed
  | TaskOpened
  | TaskReminderSent
  | TaskEscalated
  | TaskDecided
  | TaskWithdrawn
  | TaskAssignmentEvent
  | CaseNoteEvent
  | PublicNoticePosted
  | ObjectionFiled
  | ObjectionResolved
  | PublicNoticeClosed
  | BallotSessionClosed;

export const CORE_EVENT_TYPES = [
  'OrgUnitEstablished',
  'OrgUnitDissolved',
  'PersonRegistered',
  'PostAssigned',
  'PostEnded',
  'PostConfirmed',
  'PersonCorrected',
  'PersonTransferred',
  'PersonRetired',
  'PersonDied',
  'OrgUnitRenamed',
  'AppointmentFormRecorded',
  'CaseStarted',
  'CaseStageChanged',
  'CaseClosed',
  'TaskOpened',
  'TaskReminderSent',
  'TaskEscalated',
  'TaskDecided',
  'TaskWithdrawn',
  'TaskAssigned',
  'TaskUnassigned',
  'CaseCommented',
  'AttachmentAdded',
  'PublicNoticePosted',
  'ObjectionFiled',
  'ObjectionResolved',
  'PublicNoticeClosed',
  'BallotSessionClosed',
] as const satisfies ReadonlyArray<CoreEvent['type']>;

// Fails to compile when a core event type is missing from the list above.
type MissingCoreType = Exclude<CoreEvent['type'], (typeof CORE_EVENT_TYPES)[number]>;
const coreTypesComplete: [MissingCoreType] extends [never] ? true : MissingCoreType = true;
void coreTypesComplete;

const coreTypes: ReadonlySet<string> = new Set(CORE_EVENT_TYPES);

export function isCoreEvent(e: { type: string }): e is CoreEvent {
  return coreTypes.has(e.type);
}
