/**
 * The OpenAPI schemas of the dashboard, the evaluation rounds and the audit routes
 * (client/api/routes/{dashboard,evaluation,audit}.ts); the shared ones are in schemas.ts.
 */

import { DATE, ID, NULLABLE_STRING, NULLABLE_TIME, TASK, TIME } from './schemas';

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
