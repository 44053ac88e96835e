/**
 * JSON schemas of the auditors' archive, replay, timeline and checkpoint endpoints
 * (routes/auditTools.ts), shaped as `cadreflow audit … --json` prints them.
 */
import { ID, TIME } from './schemas';
import { INT } from './dashboardSchemas';

/** Which cases: one way at a time (domain/auditSelection.ts checks the mix). */
export const SELECTION_PROPERTIES = {
  caseId: { ...ID, description: 'one case (workflow id), every run of it' },
  kind: { type: 'string', minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_.-]+$', description: 'every case of a kind, e.g. probation' },
  since: {
    type: 'string',
    minLength: 10,
    maxLength: 40,
    // The day or instant itself is checked by domain/auditSelection.ts, the rule the CLI's --since follows.
    pattern: '^\\d{4}-\\d{2}-\\d{2}(T.*)?$',
    description: 'cases started on or after a day (YYYY-MM-DD, Asia/Shanghai) or an ISO-8601 instant; combines with kind',
  },
} as const;

const STR = { type: 'string' } as const;

const UNSEALED = {
  type: 'array',
  items: {
    type: 'object',
    properties: { eventId: STR, eventType: STR, name: STR, encoding: STR },
    required: ['eventId', 'eventType', 'encoding'],
  },
} as const;

export const REPLAY_REPORT = {
  type: 'object',
  properties: {
    source: { type: 'string', description: 'where the histories came from, e.g. Temporal (--case probation/p-0005/demo)' },
    summary: {
      type: 'object',
      properties: {
        total: INT,
        ok: INT,
        nondeterministic: INT,
        failed: INT,
        seconds: { type: 'number' },
        historiesPerSecond: { type: 'number' },
      },
      required: ['total', 'ok', 'nondeterministic', 'failed', 'seconds', 'historiesPerSecond'],
    },
    cases: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          workflowId: STR,
          runId: STR,
          workflowType: STR,
          events: { ...INT, description: 'history events' },
          status: { type: 'string', enum: ['ok', 'nondeterministic', 'failed'] },
          divergence: { type: 'string', description: 'for a nondeterministic run: what the code did where the history did something else' },
          error: STR,
          unsealed: UNSEALED,
          readAsPlain: { type: 'boolean', description: 'replayed reading its payloads as they are: recorded before payloads were sealed' },
        },
        required: ['workflowId', 'runId', 'workflowType', 'events', 'status'],
      },
    },
  },
  required: ['source', 'summary', 'cases'],
} as const;

const HISTORY_LINK = {
  type: 'object',
  additionalProperties: { type: 'string' },
} as const;

export const TIMELINE = {
  type: 'object',
  properties: {
    caseId: STR,
    generatedAt: TIME,
    runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: { runId: STR, workflowType: STR, historyEvents: INT },
        required: ['runId', 'workflowType', 'historyEvents'],
      },
    },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          position: STR,
          version: INT,
          recordedAt: STR,
          type: STR,
          actor: { type: 'object', properties: { id: STR, role: STR, townshipId: STR }, required: ['id', 'role'] },
          step: STR,
          policyVersion: STR,
          what: STR,
          update: {
            ...HISTORY_LINK,
            description: 'the Update a person sent: name, updateId, accepted and completed event ids and times, runId',
          },
          activity: {
            ...HISTORY_LINK,
            description: 'the activity that appended the event: type, scheduled and completed event ids and times, runId',
          },
        },
        required: ['position', 'version', 'recordedAt', 'type', 'what'],
      },
    },
    unanswered: {
      type: 'array',
      description: 'decisions the history accepted that no log event answers',
      items: {
        type: 'object',
        properties: { name: STR, step: STR, actor: STR, acceptedEventId: STR, acceptedAt: STR, outcome: STR, runId: STR },
        required: ['name', 'acceptedEventId', 'outcome', 'runId'],
      },
    },
    historyNote: { type: 'string', description: 'why the history side is empty, when it is' },
    ballotSessions: {
      type: 'array',
      description:
        'the case’s online ballot sessions, oldest first: opened (step, participants due, closing rule), closed (ballots cast, the ' +
        'chain’s head, by whom or by its deadline), and the log position of the decision event that carries it',
      items: {
        type: 'object',
        properties: {
          sessionId: STR,
          step: STR,
          openedAt: STR,
          openedBy: STR,
          due: INT,
          closing: {
            type: 'object',
            properties: { kind: { type: 'string', enum: ['manual', 'deadline'] }, at: STR },
            required: ['kind'],
          },
          status: { type: 'string', enum: ['open', 'closed'] },
          cast: INT,
          closedAt: STR,
          closedBy: STR,
          closedByDeadline: { type: 'boolean' },
          head: STR,
          decisionPosition: STR,
        },
        required: ['sessionId', 'step', 'openedAt', 'openedBy', 'due', 'closing', 'status', 'cast'],
      },
    },
    ballotNote: { type: 'string', description: 'why no session is shown, when the source holds none' },
  },
  required: ['caseId', 'generatedAt', 'runs', 'rows', 'unanswered', 'ballotSessions'],
} as const;

const LISTED_CHECKPOINT = {
  type: 'object',
  properties: {
    id: STR,
    position: STR,
    hash: STR,
    signedAt: TIME,
    keyFingerprint: STR,
    signatureValid: { type: 'boolean' },
  },
  required: ['id', 'position', 'hash', 'signedAt', 'keyFingerprint', 'signatureValid'],
} as const;

export const CHECKPOINT_LIST = {
  type: 'object',
  properties: { checkpoints: { type: 'array', items: LISTED_CHECKPOINT } },
  required: ['checkpoints'],
} as const;

/** The checkpoint as `audit checkpoint --out` writes it, to keep outside the database. */
export const CHECKPOINT_CREATED = {
  type: 'object',
  properties: {
    id: STR,
    checkpoint: {
      type: 'object',
      properties: {
        format: { type: 'string', enum: ['cadreflow-checkpoint'] },
        version: INT,
        head: { type: 'object', properties: { position: STR, hash: STR, time: TIME }, required: ['position', 'hash', 'time'] },
        signature: {
          type: 'object',
          properties: { algorithm: { type: 'string', enum: ['Ed25519'] }, value: STR, publicKey: STR, keyFingerprint: STR },
          required: ['algorithm', 'value', 'publicKey', 'keyFingerprint'],
        },
      },
      required: ['format', 'version', 'head', 'signature'],
    },
  },
  required: ['id', 'checkpoint'],
} as const;
