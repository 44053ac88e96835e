/**
 * JSON schemas of the API: Fastify validates requests against them, serializes
 * responses with them, and @fastify/swagger turns them into the OpenAPI document.
 * Every object a client sends is closed (`additionalProperties: false`): an unknown
 * field — `actor` above all — is refused, never ignored.
 */
import { ROLES } from '../../domain/actors';
import { FORM_KEYS } from '../../domain/forms';
import { LOGIN_PATTERN, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './accounts';

/**
 * Ids of cases, people, org units: ASCII, so they can go into SQL and workflow ids as they
 * are. `+` joins the townships of an evaluation round over several (`evaluation-round/2026/ts-03+ts-05`).
 */
export const ID = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9][A-Za-z0-9._:/+-]*$' } as const;
export const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
export const TIME = { type: 'string', format: 'date-time' } as const;
export const NULLABLE_TIME = { type: ['string', 'null'], format: 'date-time' } as const;
export const NULLABLE_STRING = { type: ['string', 'null'] } as const;
/** Query integers arrive as text; they stay text in the schema so request bodies need no type coercion. */
const COUNT = (description: string) => ({ type: 'string', pattern: '^\\d{1,6}$', description }) as const;
const ROLE = { type: 'string', enum: [...ROLES] } as const;

export const PAGE_QUERY = {
  limit: COUNT('at most this many items (default 50, at most 500)'),
  offset: COUNT('skip this many items (default 0)'),
} as const;

export const PROBLEM = {
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    requestId: { type: 'string' },
    reason: { type: 'string', description: 'why a case refused a decision, e.g. WrongTownship' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { where: { type: 'string' }, message: { type: 'string' }, zh: { type: 'string' } } },
    },
    zh: { type: 'string', description: 'a registry refusal or bad form, in Chinese' },
    en: { type: 'string', description: 'the same in English' },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const;

const PROBLEM_TEXT: Record<number, string> = {
  400: 'invalid request (schema, malformed JSON)',
  401: 'not signed in, or the session or token is not valid',
  403: 'the caller’s role or township may not do this',
  404: 'no such resource',
  409: 'the resource’s state does not allow it now',
  413: 'body larger than the limit',
  415: 'not application/json',
  422: 'the case refused the decision’s content',
  429: 'too many attempts',
  503: 'a dependency is unavailable',
};

/** Response schemas for the success codes given, plus problem details for each error code. */
export function responses(ok: Record<number, object>, errors: number[]): Record<number, object> {
  const out: Record<number, object> = { ...ok };
  for (const code of errors) {
    out[code] = { description: PROBLEM_TEXT[code] ?? 'problem', content: { 'application/problem+json': { schema: PROBLEM } } };
  }
  return out;
}

export const USER = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    login: { type: 'string' },
    displayName: { type: 'string' },
    role: ROLE,
    townshipId: NULLABLE_STRING,
    disabled: { type: 'boolean' },
    createdAt: TIME,
  },
  required: ['id', 'login', 'displayName', 'role', 'townshipId', 'disabled', 'createdAt'],
} as const;

export const LOGIN_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['login', 'password'],
  properties: {
    login: { type: 'string', minLength: 1, maxLength: 100 },
    password: { type: 'string', minLength: 1, maxLength: MAX_PASSWORD_LENGTH },
  },
} as const;

export const NEW_USER_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['login', 'role'],
  properties: {
    // The pattern is the account rules' (domain/account.ts), which refuse a bad login in Chinese and English.
    login: { type: 'string', minLength: 1, maxLength: 100, description: `lower-case, ${LOGIN_PATTERN}` },
    role: ROLE,
    townshipId: { ...ID, description: 'required for township-committee, refused for other roles' },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    password: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_PASSWORD_LENGTH,
      description: `at least ${MIN_PASSWORD_LENGTH} characters; omitted: one is generated and returned once`,
    },
  },
} as const;

export const USER_PATCH_BODY = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    disabled: { type: 'boolean', description: 'disabling ends the user’s sessions; their API tokens stop working' },
    resetPassword: {
      type: 'boolean',
      const: true,
      description: 'generate a new password, returned once; ends the user’s sessions and revokes their API tokens',
    },
    role: { ...ROLE, description: 'a new role; ends the user’s sessions. township-committee needs townshipId' },
    townshipId: { ...ID, description: 'a township committee member’s (new) township' },
  },
} as const;

export const TOKEN = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: TIME, lastUsedAt: NULLABLE_TIME },
  required: ['id', 'name', 'createdAt', 'lastUsedAt'],
} as const;

export const UUID = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const;

// ── Cases and tasks ─────────────────────────────────────────────────────────

const TASK_PROPERTIES = {
  taskId: { type: 'string' },
  caseId: { type: 'string' },
  step: { type: 'string' },
  title: { type: 'string' },
  role: ROLE,
  townshipId: { type: 'string' },
  dueAt: TIME,
  remindAt: TIME,
  escalated: { type: 'boolean' },
  form: {
    type: ['string', 'null'],
    enum: [...FORM_KEYS, null],
    description:
      'the form that decides the task (domain/forms.ts), from the case kind and the step when the task is read; ' +
      'null for a step no form knows (the UI offers a JSON editor)',
  },
  assignee: { ...NULLABLE_STRING, description: 'the login the task is assigned to; null when nobody has it' },
} as const;

export const TASK = { type: 'object', properties: TASK_PROPERTIES, required: Object.keys(TASK_PROPERTIES) } as const;

const ACTOR = {
  type: 'object',
  properties: { id: { type: 'string' }, role: ROLE, townshipId: { type: 'string' } },
  required: ['id', 'role'],
} as const;

export const TIMELINE_ENTRY = {
  type: 'object',
  properties: {
    version: { type: 'integer' },
    position: { type: 'string', description: 'global log position (a decimal int8)' },
    recordedAt: TIME,
    type: { type: 'string' },
    actor: ACTOR,
    step: { type: 'string' },
    data: { description: 'the event’s data, as appended' },
  },
  required: ['version', 'position', 'recordedAt', 'type', 'data'],
} as const;

const CASE_SUMMARY_PROPERTIES = {
  caseId: { type: 'string' },
  kind: { type: 'string' },
  summary: { type: 'string' },
  townshipId: { type: 'string' },
  stage: { type: 'string' },
  status: { type: 'string', enum: ['open', 'closed'] },
  outcome: NULLABLE_STRING,
  policyVersion: { type: 'string' },
  startedAt: TIME,
} as const;

/** A case on the list (GET /cases, domain/wire/caseSummary.ts `CaseSummary`). */
export const CASE_LIST_ITEM = {
  type: 'object',
  properties: {
    ...CASE_SUMMARY_PROPERTIES,
    subjectId: { type: 'string' },
    updatedAt: TIME,
    closedAt: NULLABLE_TIME,
    nextDueAt: { ...NULLABLE_TIME, description: 'the soonest due time of the case’s pending steps; null when none is pending' },
  },
  required: [...Object.keys(CASE_SUMMARY_PROPERTIES), 'subjectId', 'updatedAt', 'closedAt', 'nextDueAt'],
} as const;

const STRINGS = { type: 'array', items: { type: 'string' } } as const;
const BALLOT_LIST = {
  type: ['object', 'null'],
  properties: { candidates: STRINGS, seats: { type: 'integer' } },
  required: ['candidates', 'seats'],
} as const;

/** What an election's decision forms read (domain/forms.ts `ElectionFacts`, client/caseFacts.ts); only on an election's view. */
const ELECTION_FACTS = {
  type: 'object',
  description: 'an election’s facts for its decision forms, from the elections read model and the case’s latest tie and 另行选举',
  properties: {
    seats: { type: 'integer', description: 'seats to fill now: as requested, less any reduction' },
    eligibleVoters: { type: ['integer', 'null'], description: 'members with a vote, from the election notice' },
    nominees: { ...STRINGS, description: 'everyone recommended or brought in as a replacement, sorted' },
    passed: { ...STRINGS, description: 'nominees who passed vetting' },
    slate: { ...STRINGS, description: 'the slate as it stands, less those struck' },
    furtherBallot: { ...BALLOT_LIST, description: 'the list and seats of a further ballot among the latest tied candidates' },
    secondBallot: { ...BALLOT_LIST, description: 'the list and seats of 另行选举, as last called' },
  },
  required: ['seats', 'eligibleVoters', 'nominees', 'passed', 'slate', 'furtherBallot', 'secondBallot'],
} as const;

export const CASE_VIEW = {
  type: 'object',
  properties: {
    ...CASE_SUMMARY_PROPERTIES,
    probation: {
      type: 'object',
      properties: { appointedOn: DATE, endsOn: DATE, status: { type: 'string' }, checkIns: { type: 'integer' } },
      required: ['appointedOn', 'endsOn', 'status', 'checkIns'],
    },
    election: ELECTION_FACTS,
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        properties: { ...TASK_PROPERTIES, status: { type: 'string' }, decidedBy: NULLABLE_STRING, decidedAt: NULLABLE_TIME },
        required: [...Object.keys(TASK_PROPERTIES), 'status', 'decidedBy', 'decidedAt'],
      },
    },
    timeline: { type: 'array', items: TIMELINE_ENTRY },
  },
  required: [...Object.keys(CASE_SUMMARY_PROPERTIES), 'tasks', 'timeline'],
} as const;

export const START_PROBATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['personId', 'title', 'appointedOn'],
  properties: {
    personId: { ...ID, description: 'the cadre, e.g. p-0005' },
    title: { type: 'string', minLength: 1, maxLength: 100, description: 'the trial post, e.g. 副镇长' },
    appointedOn: DATE,
    orgUnitId: { ...ID, description: 'org unit of the post (default: the cadre’s own)' },
    trialRank: { type: 'string', minLength: 1, maxLength: 50 },
    preAppointmentNotice: { type: 'boolean', description: 'post the pre-appointment public notice (任前公示) first' },
    appointmentId: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', description: 'default: appointedOn' },
  },
} as const;

export const STARTED = {
  type: 'object',
  properties: { caseId: { type: 'string' }, started: { type: 'boolean', description: 'false: the case was already running' } },
  required: ['caseId', 'started'],
} as const;

export const DECISION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['step', 'decision'],
  properties: {
    step: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
      description: 'e.g. check-in-1, county-decision, end-early',
    },
    decision: {
      type: 'object',
      maxProperties: 32,
      description: 'the step’s fields (see docs/api.md); the case checks them and refuses unknown ones',
    },
  },
} as const;

export const OBJECTION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['notice', 'summary'],
  properties: {
    notice: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$',
      description: 'the notice step, e.g. pre-appointment-notice',
    },
    summary: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

export const RECEIPT = {
  type: 'object',
  properties: { caseId: { type: 'string' }, step: { type: 'string' }, taskId: { type: 'string' }, position: { type: 'string' } },
  required: ['caseId', 'step', 'taskId', 'position'],
} as const;

// ── Registry ────────────────────────────────────────────────────────────────

export const ORG_UNIT = {
  type: 'object',
  properties: {
    orgUnitId: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string', enum: ['county', 'township', 'village', 'branch'] },
    parentId: NULLABLE_STRING,
    townshipId: NULLABLE_STRING,
    effectiveFrom: DATE,
    effectiveTo: { type: ['string', 'null'] },
    mergedInto: NULLABLE_STRING,
  },
  required: ['orgUnitId', 'name', 'kind', 'parentId', 'townshipId', 'effectiveFrom', 'effectiveTo', 'mergedInto'],
} as const;

export const PERSON = {
  type: 'object',
  properties: {
    personId: { type: 'string' },
    name: { type: 'string' },
    gender: { type: 'string' },
    birthYear: { type: 'integer' },
    orgUnitId: { type: 'string' },
    townshipId: NULLABLE_STRING,
    rank: { type: 'string' },
    currentPost: {
      type: ['object', 'null'],
      properties: { assignmentId: { type: 'string' }, title: NULLABLE_STRING, orgUnitId: NULLABLE_STRING },
    },
    probation: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['none', 'on-probation', 'confirmed', 'removed', 'ended-early'] },
        caseId: NULLABLE_STRING,
      },
      required: ['status', 'caseId'],
    },
  },
  required: ['personId', 'name', 'gender', 'birthYear', 'orgUnitId', 'townshipId', 'rank', 'currentPost', 'probation'],
} as const;

export const POST = {
  type: 'object',
  properties: {
    assignmentId: { type: 'string' },
    personId: { type: 'string' },
    personName: { type: 'string' },
    orgUnitId: { type: 'string' },
    townshipId: NULLABLE_STRING,
    title: { type: 'string' },
    rank: { type: 'string' },
    startedOn: DATE,
    endedOn: { type: ['string', 'null'] },
    onTrial: { type: 'boolean' },
    confirmedOn: { type: ['string', 'null'] },
    endReason: NULLABLE_STRING,
  },
  required: [
    'assignmentId',
    'personId',
    'personName',
    'orgUnitId',
    'townshipId',
    'title',
    'rank',
    'startedOn',
    'endedOn',
    'onTrial',
    'confirmedOn',
    'endReason',
  ],
} as const;

export const page = (item: object) =>
  ({
    type: 'object',
    properties: {
      items: { type: 'array', items: item },
      total: { type: 'integer' },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
    },
    required: ['items', 'total', 'limit', 'offset'],
  }) as const;
