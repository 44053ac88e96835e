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
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' } as const;
export const TIME = { type: 'string', format: 'date-time' } as const;
const NULLABLE_TIME = { type: ['string', 'null'], format: 'date-time' } as const;
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
    errors: { type: 'array', items: { type: 'object', properties: { where: { type: 'string' }, message: { type: 'string' } } } },
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
    login: { type: 'string', pattern: LOGIN_PATTERN },
    role: ROLE,
    townshipId: { ...ID, description: 'required for township-committee, refused for other roles' },
    displayName: { type: 'string', minLength: 1, maxLength: 200 },
    password: {
      type: 'string',
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      description: 'omitted: one is generated and returned once',
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

export const CASE_SUMMARY = {
  type: 'object',
  properties: { ...CASE_SUMMARY_PROPERTIES, subjectId: { type: 'string' }, updatedAt: TIME, closedAt: NULLABLE_TIME },
  required: [...Object.keys(CASE_SUMMARY_PROPERTIES), 'subjectId', 'updatedAt', 'closedAt'],
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

// ── Dashboard, evaluation rounds, audit ─────────────────────────────────────

export const INT = { type: 'integer' } as const;
const NULLABLE_INT = { type: ['integer', 'null'] } as const;

/** `?year=` as text, like the other query integers. */
export const YEAR_QUERY = { type: 'string', pattern: '^\\d{4}$', description: 'a year, e.g. 2026' } as const;

/** An evaluation round's id: `evaluation-round/<year>/<scope>`, scope `county` or townships joined with `+`. */
export const ROUND_ID = {
  type: 'string',
  maxLength: 200,
  pattern: '^evaluation-round/\\d{4}/[A-Za-z0-9][A-Za-z0-9._+-]*$',
  description: 'URL-encoded: evaluation-round%2F2026%2Fts-04',
} as const;

const GRADE_COUNTS = {
  type: 'object',
  properties: { excellent: INT, competent: INT, 'basically-competent': INT, 'not-competent': INT },
  required: ['excellent', 'competent', 'basically-competent', 'not-competent'],
} as const;

const ROUND_COUNT_PROPERTIES = {
  cadres: INT,
  done: { type: 'integer', description: 'the committee has fixed a grade (it may still change by an objection or a review)' },
  final: INT,
  pending: INT,
  overdue: { type: 'integer', description: 'cadres with a task past its due date' },
  grades: GRADE_COUNTS,
  warnings: { type: 'integer', description: '诫勉' },
  removalFlags: INT,
} as const;

const ROUND_COUNTS = { type: 'object', properties: ROUND_COUNT_PROPERTIES, required: Object.keys(ROUND_COUNT_PROPERTIES) } as const;

const TOWNSHIP_LINE = {
  type: 'object',
  properties: { townshipId: { type: 'string' }, name: { type: 'string' }, ...ROUND_COUNT_PROPERTIES },
  required: ['townshipId', 'name', ...Object.keys(ROUND_COUNT_PROPERTIES)],
} as const;

const UNIT_LINE = {
  type: 'object',
  properties: {
    unitId: { type: 'string' },
    townshipId: { type: 'string' },
    assessed: INT,
    allowedExcellent: { type: 'integer', description: 'the 优秀 quota' },
    excellentNow: INT,
    gradedAt: NULLABLE_TIME,
    gradedBy: NULLABLE_STRING,
    overdue: { type: 'boolean', description: 'the committee’s grading task is past its due date' },
  },
  required: ['unitId', 'townshipId', 'assessed', 'allowedExcellent', 'excellentNow', 'gradedAt', 'gradedBy', 'overdue'],
} as const;

const FLAGGED_CADRE = {
  type: 'object',
  description: 'a cadre under a warning (诫勉) or flagged for removal',
  properties: {
    caseId: { type: 'string' },
    personId: { type: 'string' },
    name: { type: 'string' },
    townshipId: { type: 'string' },
    warning: {
      type: 'string',
      enum: ['none', 'issued', 'passed', 'removal'],
      description: 'issued: the re-rating is due; removal: the re-rating failed',
    },
    removalFlag: { type: ['string', 'null'], description: '`two-years-not-competent` or `failed-re-rating`; null when not flagged' },
  },
  required: ['caseId', 'personId', 'name', 'townshipId', 'warning', 'removalFlag'],
} as const;

export const ROUND_DASHBOARD = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    year: INT,
    scope: { type: 'string', description: '`county`, or the townships joined with `+`' },
    status: { type: 'string' },
    cadres: { type: 'integer', description: 'cadres in scope (in a township view: the township’s cases)' },
    started: { ...NULLABLE_INT, description: 'cases started, once every start has been answered' },
    skipped: {
      ...NULLABLE_INT,
      description: 'cadres assessed by another round; null until every start has been answered, and in a township view',
    },
    quotaPercent: INT,
    startedAt: TIME,
    completedAt: NULLABLE_TIME,
    townships: { type: 'array', items: TOWNSHIP_LINE },
    units: { type: 'array', items: UNIT_LINE },
    totals: ROUND_COUNTS,
    flagged: { type: 'array', items: FLAGGED_CADRE, description: 'who `totals.warnings` and `totals.removalFlags` count' },
  },
  required: [
    'roundId',
    'year',
    'scope',
    'status',
    'cadres',
    'started',
    'skipped',
    'quotaPercent',
    'startedAt',
    'completedAt',
    'townships',
    'units',
    'totals',
    'flagged',
  ],
} as const;

export const ROUND_PROGRESS = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    known: { type: 'boolean', description: 'false until the round’s first events are in the read model' },
    status: NULLABLE_STRING,
    cadres: NULLABLE_INT,
    casesStarted: INT,
    started: NULLABLE_INT,
    skipped: NULLABLE_INT,
    units: {
      type: 'array',
      items: {
        type: 'object',
        properties: { unitId: { type: 'string' }, assessed: INT, allowedExcellent: INT },
        required: ['unitId', 'assessed', 'allowedExcellent'],
      },
    },
  },
  required: ['roundId', 'known', 'status', 'cadres', 'casesStarted', 'started', 'skipped', 'units'],
} as const;

export const START_ROUND_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['year'],
  properties: {
    year: { type: 'integer', minimum: 2000, maximum: 2100, description: 'the year assessed' },
    townships: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      items: ID,
      description: 'the townships in scope; omitted: the whole county',
    },
  },
} as const;

export const ROUND_STARTED = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    started: { type: 'boolean', description: 'false: the round of this year and scope exists already; nothing was started' },
  },
  required: ['roundId', 'started'],
} as const;

/** An assessment unit: a township's own cadres (`ts-03/township`) or its village cadres (`ts-03/villages`). */
export const UNIT_ID = {
  type: 'string',
  maxLength: 200,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*/(township|villages)$',
  description: 'URL-encoded: ts-03%2Ftownship or ts-03%2Fvillages',
} as const;

export const UNIT_MEMBERS = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    unitId: { type: 'string' },
    townshipId: { type: 'string' },
    members: {
      type: 'array',
      description: 'the unit’s cadres in the round, by person id; empty until their cases are in the read model',
      items: {
        type: 'object',
        properties: {
          personId: { type: 'string' },
          name: { type: 'string' },
          recommended: {
            type: ['string', 'null'],
            enum: ['excellent', 'competent', 'basically-competent', 'not-competent', null],
            description: 'the township committee’s recommended grade; null until it has recommended',
          },
          voteProposal: {
            type: ['string', 'null'],
            enum: ['excellent', 'not-competent', null],
            description:
              'what a village cadre’s democratic rating proposes (≥ 90% competent: excellent; ≥ 50% not competent: not-competent)',
          },
        },
        required: ['personId', 'name', 'recommended', 'voteProposal'],
      },
    },
  },
  required: ['roundId', 'unitId', 'townshipId', 'members'],
} as const;

const RECTIFICATION_SUMMARY = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    branchId: { type: 'string' },
    branchName: { type: 'string' },
    townshipId: { type: 'string' },
    year: INT,
    round: INT,
    stage: { type: 'string' },
    status: { type: 'string', enum: ['rectifying', 'consolidating', 'passed', 'follow-up', 'rectified'] },
    support: { type: 'boolean', description: 'the support team (四个一) is in place' },
    planStatus: { type: 'string', enum: ['none', 'drafted', 'rejected', 'approved'] },
    planCompleteBy: NULLABLE_STRING,
    reportsDue: INT,
    reportsFiled: INT,
    reportsLate: INT,
    inspections: INT,
    lastInspection: {
      type: ['object', 'null'],
      properties: {
        result: { type: 'string', enum: ['pass', 'basic-pass', 'fail'] },
        score: { type: 'number' },
        inspectedOn: DATE,
        round: INT,
      },
      required: ['result', 'score', 'inspectedOn', 'round'],
    },
    signedOffOn: NULLABLE_STRING,
    followUpUntil: NULLABLE_STRING,
  },
  required: [
    'caseId',
    'branchId',
    'branchName',
    'townshipId',
    'year',
    'round',
    'stage',
    'status',
    'support',
    'planStatus',
    'planCompleteBy',
    'reportsDue',
    'reportsFiled',
    'reportsLate',
    'inspections',
    'lastInspection',
    'signedOffOn',
    'followUpUntil',
  ],
} as const;

const VIEW_TOWNSHIP = {
  ...NULLABLE_STRING,
  description: 'the township this view is narrowed to (always the caller’s for a township committee); null: the whole county',
} as const;

export const DASHBOARD = {
  type: 'object',
  properties: {
    township: VIEW_TOWNSHIP,
    generatedAt: TIME,
    cases: {
      type: 'array',
      description: 'cases by kind and stage, from the cases read model',
      items: {
        type: 'object',
        properties: { kind: { type: 'string' }, stage: { type: 'string' }, open: INT, closed: INT },
        required: ['kind', 'stage', 'open', 'closed'],
      },
    },
    overdue: {
      type: 'object',
      description: 'pending tasks past their due date, oldest due first',
      properties: { total: INT, items: { type: 'array', items: TASK } },
      required: ['total', 'items'],
    },
    evaluation: {
      type: 'object',
      properties: { year: NULLABLE_INT, rounds: { type: 'array', items: ROUND_DASHBOARD } },
      required: ['year', 'rounds'],
    },
    rectification: {
      type: 'object',
      properties: {
        total: INT,
        byStatus: {
          type: 'object',
          properties: { rectifying: INT, consolidating: INT, passed: INT, 'follow-up': INT, rectified: INT },
          required: ['rectifying', 'consolidating', 'passed', 'follow-up', 'rectified'],
        },
        items: { type: 'array', items: RECTIFICATION_SUMMARY },
      },
      required: ['total', 'byStatus', 'items'],
    },
  },
  required: ['township', 'generatedAt', 'cases', 'overdue', 'evaluation', 'rectification'],
} as const;

export const ROUND_VIEW = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    township: VIEW_TOWNSHIP,
    progress: ROUND_PROGRESS,
    dashboard: { ...ROUND_DASHBOARD, type: ['object', 'null'], description: 'null until the round is in the read model' },
  },
  required: ['roundId', 'township', 'progress', 'dashboard'],
} as const;
