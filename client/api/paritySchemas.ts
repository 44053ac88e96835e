/**
 * The OpenAPI schemas of the procedures' read routes and the evaluation's requests that
 * give the API what the CLI's `election show|results`, `rectification list|timeline`,
 * `selection show`, `pipeline`, `evaluation schedule|review-request|appeal-request` and
 * `history export` print (client/api/routes/procedureViews.ts, evaluationSchedules.ts,
 * evaluationRequests.ts, caseHistory.ts). A view's inner parts are the service's own
 * types, passed through whole (`additionalProperties`), so a field the service adds reaches
 * the API without a second list here.
 */
import { CASE_VIEW, DATE, ID, NULLABLE_STRING } from './schemas';

const OPEN = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;
const STRINGS = { type: 'array', items: { type: 'string' } } as const;

export const TOWNSHIP_QUERY = { ...ID, description: 'a township id: only its part (a township committee member: only their own)' };

export const CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: election%2Fts-03-v07%2F2026' } },
  required: ['caseId'],
} as const;

const ELECTION_ROW_PROPERTIES = {
  caseId: { type: 'string' },
  orgUnitId: { type: 'string' },
  orgUnitName: NULLABLE_STRING,
  townshipId: { type: 'string' },
  form: { type: 'string', enum: ['village', 'township'], description: 'village: 双推直选; township: 两推一选' },
  term: { type: 'string' },
  seats: { type: 'integer' },
  status: { type: 'string' },
  stage: { type: 'string' },
  elected: STRINGS,
  secretary: NULLABLE_STRING,
  deputy: NULLABLE_STRING,
  meetingsHeld: { type: 'integer' },
  approvedOn: NULLABLE_STRING,
  filedOn: NULLABLE_STRING,
} as const;

const NAMES = { type: 'object', additionalProperties: { type: 'string' }, description: 'person id → name, for everyone listed' } as const;

export const ELECTION_RESULTS = {
  type: 'object',
  properties: {
    township: NULLABLE_STRING,
    elections: {
      type: 'array',
      items: { type: 'object', properties: ELECTION_ROW_PROPERTIES, required: Object.keys(ELECTION_ROW_PROPERTIES) },
    },
    names: NAMES,
  },
  required: ['township', 'elections', 'names'],
} as const;

export const ELECTION_VIEW = {
  type: 'object',
  additionalProperties: true,
  description: 'as `cadreflow election show --json`: the results row, nominees, slate, meetings, pending steps and names',
  properties: {
    ...ELECTION_ROW_PROPERTIES,
    seatsRequested: { type: 'integer' },
    nominees: { type: 'array', items: OPEN('a nominee: personId, memberVotes, massesVotes, status, replaces') },
    slate: STRINGS,
    pending: { type: 'array', items: OPEN('a pending step: step, role, dueAt, title') },
    names: NAMES,
  },
  required: [...Object.keys(ELECTION_ROW_PROPERTIES), 'seatsRequested', 'nominees', 'slate', 'pending', 'names'],
} as const;

const RECTIFICATION_SUMMARY_PROPERTIES = {
  caseId: { type: 'string' },
  branchId: { type: 'string' },
  branchName: { type: 'string' },
  townshipId: { type: 'string' },
  year: { type: 'integer' },
  round: { type: 'integer' },
  stage: { type: 'string' },
  status: { type: 'string' },
  support: { type: 'boolean' },
  planStatus: { type: 'string' },
  planCompleteBy: NULLABLE_STRING,
  reportsDue: { type: 'integer' },
  reportsFiled: { type: 'integer' },
  reportsLate: { type: 'integer' },
  inspections: { type: 'integer' },
  lastInspection: {
    type: ['object', 'null'],
    properties: { result: { type: 'string' }, score: { type: 'number' }, inspectedOn: { type: 'string' }, round: { type: 'integer' } },
  },
  signedOffOn: NULLABLE_STRING,
  followUpUntil: NULLABLE_STRING,
} as const;

export const RECTIFICATION_SUMMARY = {
  type: 'object',
  properties: RECTIFICATION_SUMMARY_PROPERTIES,
  required: Object.keys(RECTIFICATION_SUMMARY_PROPERTIES),
} as const;

export const RECTIFICATION_LIST = {
  type: 'object',
  properties: {
    township: NULLABLE_STRING,
    total: { type: 'integer' },
    rectified: { type: 'integer' },
    items: { type: 'array', items: RECTIFICATION_SUMMARY },
  },
  required: ['township', 'total', 'rectified', 'items'],
} as const;

export const RECTIFICATION_VIEW = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    rectification: {
      type: ['object', 'null'],
      additionalProperties: true,
      description:
        'the rectification_cases row as `cadreflow rectification timeline --json` prints it (screening, support, plan, reports, inspections); null until the read model has it',
    },
    case: CASE_VIEW,
  },
  required: ['caseId', 'rectification', 'case'],
} as const;

export const SELECTION_VIEW = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    status: OPEN('the case’s status query, as `cadreflow selection show --json` prints it: stage, targets, candidates, appointments'),
    pending: { type: 'array', items: OPEN('a pending step: step, role, dueAt, title') },
  },
  required: ['caseId', 'status', 'pending'],
} as const;

export const PIPELINE_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    township: TOWNSHIP_QUERY,
    atRisk: { type: 'string', enum: ['true', 'false'], description: 'true: only the villages at risk of developing no member this year' },
    asOf: { ...DATE, description: 'the day whose year is forecast (default: today, Asia/Shanghai)' },
  },
} as const;

export const PIPELINE_VIEW = {
  type: 'object',
  properties: {
    township: NULLABLE_STRING,
    asOf: { type: 'string' },
    year: { type: 'string' },
    atRisk: { type: 'integer', description: 'villages at risk (of all in scope, whatever atRisk filters)' },
    villages: {
      type: 'array',
      items: OPEN('a village: villageId, village, townshipId, counts per stage, admittedThisYear, earliestAdmissionOn, next, atRisk'),
    },
  },
  required: ['township', 'asOf', 'year', 'atRisk', 'villages'],
} as const;

const SCHEDULE_LINE_PROPERTIES = {
  scheduleId: { type: 'string' },
  scope: { type: 'string', description: '`county`, or the townships joined by `+`' },
  townshipIds: { type: ['array', 'null'], items: { type: 'string' } },
  cron: { ...NULLABLE_STRING, description: 'the five-field expression it was last set to, in Asia/Shanghai' },
  timezone: { type: 'string' },
  paused: { type: 'boolean' },
  nextRuns: STRINGS,
  recentRuns: {
    type: 'array',
    items: {
      type: 'object',
      properties: { scheduledAt: { type: 'string' }, workflowId: { type: 'string' } },
      required: ['scheduledAt', 'workflowId'],
    },
  },
} as const;

export const SCHEDULE_LIST = {
  type: 'object',
  properties: {
    township: NULLABLE_STRING,
    schedules: {
      type: 'array',
      items: { type: 'object', properties: SCHEDULE_LINE_PROPERTIES, required: Object.keys(SCHEDULE_LINE_PROPERTIES) },
    },
  },
  required: ['township', 'schedules'],
} as const;

export const SCHEDULE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    cron: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      description: 'when, as a five-field cron expression in Asia/Shanghai (default "0 9 1 12 *": December 1st, 09:00)',
    },
    townships: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: ID, description: 'omitted: the whole county' },
  },
} as const;

export const SCHEDULE_RESULT = {
  type: 'object',
  properties: {
    scheduleId: { type: 'string' },
    created: { type: 'boolean', description: 'false: an existing schedule of the scope was updated' },
    cron: { type: 'string' },
    timezone: { type: 'string' },
    nextRuns: STRINGS,
  },
  required: ['scheduleId', 'created', 'cron', 'timezone', 'nextRuns'],
} as const;

const GROUNDS = { type: 'string', minLength: 1, maxLength: 4000, description: 'the cadre’s grounds, as written' } as const;

export const REVIEW_REQUEST_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['grounds'],
  properties: { grounds: GROUNDS },
} as const;

export const APPEAL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['grounds'],
  properties: {
    grounds: GROUNDS,
    filedOn: { ...DATE, description: 'the day the appeal was filed, when it is recorded afterwards (not before the review was decided)' },
  },
} as const;

export const HISTORY = OPEN('the Temporal history in its JSON form ({ "events": [...] }), payloads sealed as stored');

export const UNIT_GRADING_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    acceptRecommended: { type: 'boolean', description: 'grade everyone not named in `grades` as their township recommended' },
    grades: {
      type: 'object',
      maxProperties: 1000,
      additionalProperties: { type: 'string', enum: ['excellent', 'competent', 'basically-competent', 'not-competent'] },
      description: 'person id → grade',
    },
    reasons: {
      type: 'object',
      maxProperties: 1000,
      additionalProperties: { type: 'string', maxLength: 2000 },
      description: 'person id → the reason for their grade (required for not-competent)',
    },
    gradedOn: { ...DATE, description: 'the day the committee met, when its grades are recorded afterwards' },
    noticePostedOn: { ...DATE, description: 'the day the 优秀 notice was posted, when before today (needs gradedOn)' },
    quotaApproval: {
      type: 'object',
      additionalProperties: false,
      required: ['percent', 'reference'],
      properties: {
        percent: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
          description: 'the 优秀 quota the approval (批复) raises to, up to the policy’s ceiling',
        },
        reference: { type: 'string', minLength: 1, maxLength: 200, description: 'the approving document, e.g. its number' },
        approvedOn: DATE,
      },
    },
  },
} as const;

export const UNIT_GRADED = {
  type: 'object',
  properties: {
    roundId: { type: 'string' },
    unitId: { type: 'string' },
    cadres: { type: 'integer' },
    excellent: { type: 'integer', description: 'how many were graded 优秀' },
    receipt: {
      type: 'object',
      properties: { caseId: { type: 'string' }, step: { type: 'string' }, taskId: { type: 'string' }, position: { type: 'string' } },
      required: ['caseId', 'step', 'taskId', 'position'],
    },
  },
  required: ['roundId', 'unitId', 'cadres', 'excellent', 'receipt'],
} as const;
