import type { ColumnType, Kysely } from 'kysely';
import type { ProcedureTables } from './procedureTables';
import type { BallotTables } from './tables/ballots';
import type { Role } from '../domain/actors';
import type { DemocraticRatingVotes } from '../domain/ratingVotes';
import type {
  CaseKind,
  DomainEvent,
  DomainEventType,
  EventMetadata,
  HashAlgorithm,
  OrgUnitKind,
  ProbationCheckInRating,
} from '../domain/events';

/**
 * The database as Kysely sees it. Column types are what `schema/connect.ts` makes
 * both drivers (`pg` and PGlite) return, so code typed against this file
 * behaves the same on the server and in the embedded database.
 *
 * Conventions (enforced by the type parsers in `schema/connect.ts`):
 * - `int8` / `bigint` → JS `bigint`, on read and on write. Never a JS number (PGlite's
 *   default would silently lose precision past 2^53) and never a string (`pg`'s
 *   default), so `count(*)` is also a `bigint`.
 * - `date` → `string` `YYYY-MM-DD`, returned exactly as PostgreSQL prints it
 *   (DateStyle ISO is pinned per connection). No JS `Date` (`pg`'s default), whose time zone would
 *   shift a calendar day.
 * - `timestamptz` → JS `Date` (millisecond precision) on read; writes accept a `Date`
 *   or an ISO-8601 string. The event store only writes millisecond instants, so
 *   `toISOString()` round-trips them exactly — the hash chain relies on that.
 * - `jsonb` → parsed JSON on read; written as a JS object (never a pre-serialized
 *   string: postgres.js, the driver before `pg`, encoded it a second time, and a driver
 *   that types the parameter jsonb may again).
 * - `xid8` → decimal `string`; compare it in SQL, never in JS.
 */

/** A column the application never writes after insert. */
type Immutable<T, I = T> = ColumnType<T, I, never>;

/** A calendar day, `YYYY-MM-DD`. */
export type DateOnly = string;

export type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

// ── Event store ─────────────────────────────────────────────────────────────

/**
 * Append-only: every column's update type is `never`, so `updateTable('events').set(…)`
 * does not compile; a trigger refuses UPDATE, DELETE and TRUNCATE at runtime too.
 */
export interface EventsTable {
  /** Global, gap-free, strictly increasing in commit order (assigned under the log_head lock). */
  position: Immutable<bigint>;
  stream_id: Immutable<string>;
  /** 1-based per stream. */
  stream_version: Immutable<number>;
  type: Immutable<DomainEventType>;
  data: Immutable<DomainEvent['data']>;
  metadata: Immutable<EventMetadata>;
  /** `${appendKey}#${indexInAppend}`; unique. */
  idempotency_key: Immutable<string>;
  /** Set by the database (`pg_current_xact_id()`); followers read below the oldest open one. */
  transaction_id: ColumnType<string, never, never>;
  recorded_at: Immutable<Date, string>;
  prev_hash: Immutable<string>;
  hash: Immutable<string>;
  /** What `hash` was computed with (migration 0014); rows from before it are 'sha256'. */
  hash_alg: ColumnType<HashAlgorithm, HashAlgorithm | undefined, never>;
}

/** One row (id = 1): the last appended position and hash; locked FOR UPDATE by every append. */
export interface LogHeadTable {
  id: ColumnType<1, 1, never>;
  position: ColumnType<bigint, bigint, bigint>;
  hash: ColumnType<string, string, string>;
}

// ── Read models ─────────────────────────────────────────────────────────────

export interface OrgUnitsTable {
  org_unit_id: ColumnType<string, string, never>;
  name: string;
  kind: OrgUnitKind;
  parent_id: string | null;
  /** Itself for a township, the parent's township below it, null for the county. */
  township_id: string | null;
  effective_from: DateOnly;
  effective_to: DateOnly | null;
  merged_into: string | null;
}

export type PersonProbationStatus = 'none' | 'on-probation' | 'confirmed' | 'removed' | 'ended-early';

export interface PeopleTable {
  person_id: ColumnType<string, string, never>;
  name: string;
  gender: 'male' | 'female';
  birth_year: number;
  org_unit_id: string;
  township_id: string | null;
  /** The rank held now: a trial post's rank while on probation, restored if it fails. */
  rank: string;
  current_assignment_id: string | null;
  current_title: string | null;
  current_org_unit_id: string | null;
  probation_status: PersonProbationStatus;
  probation_case_id: string | null;
}

/** A person who left the roster (migration 0017): retired or died, and the day. */
export interface PersonDeparturesTable {
  person_id: ColumnType<string, string, never>;
  reason: 'retired' | 'died';
  departed_on: DateOnly;
}

/**
 * The rest of what the registry knows about a person (migration 0019): months `YYYY-MM`;
 * `id_number` and `phone` sealed (cfenc:v1:…), opened only by a client with the key.
 */
export interface PersonDetailsTable {
  person_id: ColumnType<string, string, never>;
  ethnicity: string | null;
  birth_month: string | null;
  native_place: string | null;
  political_status: string | null;
  joined_party: string | null;
  started_work: string | null;
  full_time_education: string | null;
  full_time_degree: string | null;
  part_time_education: string | null;
  part_time_degree: string | null;
  id_number: string | null;
  phone: string | null;
  note: string | null;
}

export type PostEndReason = 'removed-after-probation' | 'ended-early' | 'replaced' | 'other';

export interface PostAssignmentsTable {
  assignment_id: ColumnType<string, string, never>;
  person_id: string;
  org_unit_id: string;
  title: string;
  rank: string;
  started_on: DateOnly;
  ended_on: DateOnly | null;
  on_trial: boolean;
  confirmed_on: DateOnly | null;
  end_reason: PostEndReason | null;
}

export type CaseStatus = 'open' | 'closed';

export interface CasesTable {
  case_id: ColumnType<string, string, never>;
  kind: CaseKind;
  subject_id: string;
  township_id: string;
  policy_version: string;
  stage: string;
  status: CaseStatus;
  outcome: string | null;
  summary: string;
  started_at: Timestamp;
  updated_at: Timestamp;
  closed_at: NullableTimestamp;
}

export type TaskStatus = 'pending' | 'decided' | 'withdrawn';

export interface TasksTable {
  task_id: ColumnType<string, string, never>;
  case_id: string;
  step: string;
  title: string;
  role: Role;
  org_unit_id: string;
  township_id: string;
  status: TaskStatus;
  opened_at: Timestamp;
  remind_at: Timestamp;
  due_at: Timestamp;
  due_working_days: number;
  reminded_at: NullableTimestamp;
  escalated_at: NullableTimestamp;
  escalated_to: Role | null;
  decided_at: NullableTimestamp;
  /** The deciding actor's id. */
  decided_by: string | null;
  decision: Record<string, unknown> | null;
  /** The login the task is assigned to (TaskAssigned); null when nobody has it. */
  assignee: string | null;
}

/** A file added to a case; its SHA-256 is also in the AttachmentAdded event that names it. */
export interface AttachmentsTable {
  attachment_id: ColumnType<string, string, never>;
  case_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  created_at: ColumnType<Date, Date | string, never>;
}

export type NoticeStatus = 'open' | 'closed';

export interface PublicNoticesTable {
  notice_id: ColumnType<string, string, never>;
  case_id: string;
  subject: string;
  posted_at: Timestamp;
  closes_at: Timestamp;
  working_days: number;
  status: NoticeStatus;
  objections: number;
  upheld: number;
  outcome: 'clear' | 'upheld-objection' | null;
}

export type ProbationStatus = Exclude<PersonProbationStatus, 'none'>;

export interface ProbationAssessment {
  votes: DemocraticRatingVotes;
  approval: { favourable: number; cast: number };
  meetsThreshold: boolean;
  at: string;
}

export interface ProbationsTable {
  case_id: ColumnType<string, string, never>;
  person_id: string;
  assignment_id: string;
  org_unit_id: string;
  title: string;
  trial_rank: string;
  previous_rank: string;
  appointed_on: DateOnly;
  ends_on: DateOnly;
  status: ProbationStatus;
  check_ins: number;
  last_rating: ProbationCheckInRating | null;
  assessment: ProbationAssessment | null;
  recommendation: 'confirm' | 'remove' | null;
  decided_on: DateOnly | null;
}

// ── Accounts (HTTP API) ─────────────────────────────────────────────────────

export interface UsersTable {
  id: ColumnType<string, string | undefined, never>;
  /** The actor id stamped on decisions; never reused for another person. */
  login: ColumnType<string, string, never>;
  display_name: string;
  role: Role;
  /** Set exactly for township-committee members (a check constraint holds it). */
  township_id: string | null;
  /** argon2id, PHC string form. */
  password_hash: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's value (32 random bytes, hex); the value itself is never stored. */
  id_hash: ColumnType<string, string, never>;
  user_id: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  expires_at: ColumnType<Date, Date | string, never>;
}

export interface ApiTokensTable {
  id: ColumnType<string, string | undefined, never>;
  user_id: ColumnType<string, string, never>;
  /** SHA-256 (hex) of the bearer token; the token itself is never stored. */
  token_hash: ColumnType<string, string, never>;
  name: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  last_used_at: NullableTimestamp;
}

// ── Audit ───────────────────────────────────────────────────────────────────

/** Account administration and views of personal data (client/api/accessLog.ts); append-only, hash-chained. */
export interface AccessLogTable {
  position: ColumnType<bigint, bigint, never>;
  /** The writing transaction's time, to the millisecond (a trigger holds it). */
  recorded_at: ColumnType<Date, Date, never>;
  kind: ColumnType<string, string, never>;
  actor: ColumnType<Record<string, unknown>, Record<string, unknown>, never>;
  actor_id: ColumnType<string, string, never>;
  subject: ColumnType<string, string, never>;
  detail: ColumnType<Record<string, unknown>, Record<string, unknown>, never>;
  channel: ColumnType<'api' | 'cli' | 'system', 'api' | 'cli' | 'system', never>;
  request_id: ColumnType<string | null, string | null, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}

export interface AccessLogHeadTable {
  id: ColumnType<number, number, never>;
  position: bigint;
  hash: string;
}

/** Signed log heads (`cadreflow audit checkpoint`); append-only, like the log. */
export interface AuditCheckpointsTable {
  id: ColumnType<bigint, never, never>;
  position: ColumnType<bigint, bigint, never>;
  hash: ColumnType<string, string, never>;
  /** The signed time; `toISOString()` gives back the signed text. */
  signed_at: ColumnType<Date, Date | string, never>;
  /** Base64 Ed25519 signature over canonicalJson({ position, hash, time }). */
  signature: ColumnType<string, string, never>;
  /** SPKI PEM. */
  public_key: ColumnType<string, string, never>;
  key_fingerprint: ColumnType<string, string, never>;
}

/** Online ballot sessions are the record itself, not read models: schema/tables/ballots.ts. */
export interface Database extends ProcedureTables, BallotTables {
  events: EventsTable;
  log_head: LogHeadTable;
  org_units: OrgUnitsTable;
  people: PeopleTable;
  person_departures: PersonDeparturesTable;
  person_details: PersonDetailsTable;
  post_assignments: PostAssignmentsTable;
  cases: CasesTable;
  tasks: TasksTable;
  attachments: AttachmentsTable;
  public_notices: PublicNoticesTable;
  probations: ProbationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_checkpoints: AuditCheckpointsTable;
  access_log: AccessLogTable;
  access_log_head: AccessLogHeadTable;
}

export type DB = Kysely<Database>;
