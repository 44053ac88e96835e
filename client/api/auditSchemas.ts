/**
 * JSON schemas of the auditors' endpoints: a case's verification, and the access log
 * with its chain check. The shared pieces (ids, times, paging) are in schemas.ts.
 */
import { ACCESS_KINDS } from './accessLog';
import { ID, NULLABLE_STRING, PAGE_QUERY, TIME } from './schemas';
import { INT } from './dashboardSchemas';

const ACCESS_KIND = { type: 'string', enum: [...ACCESS_KINDS] } as const;

export const ACCESS_ENTRY = {
  type: 'object',
  properties: {
    position: { type: 'string', description: 'gap-free, in the order written' },
    recordedAt: TIME,
    kind: ACCESS_KIND,
    actor: {
      type: 'object',
      description: 'an API user ({login, role, townshipId?}), the CLI’s operator ({osUser}) or the program ({system})',
      additionalProperties: true,
    },
    actorId: { type: 'string', description: 'the login, os:<user> or system:<name>' },
    subject: { type: 'string', description: 'the account’s login or the person’s id' },
    detail: { type: 'object', additionalProperties: true },
    channel: { type: 'string', enum: ['api', 'cli', 'system'] },
    requestId: NULLABLE_STRING,
    hash: { type: 'string' },
  },
  required: ['position', 'recordedAt', 'kind', 'actor', 'actorId', 'subject', 'detail', 'channel', 'requestId', 'hash'],
} as const;

export const ACCESS_LOG_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    from: { ...TIME, description: 'entries recorded at or after this instant' },
    to: { ...TIME, description: 'entries recorded before this instant' },
    actor: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$',
      description: 'a login, os:<user> or system:<name>',
    },
    kind: ACCESS_KIND,
    subject: { ...ID, description: 'an account’s login or a person’s id' },
    ...PAGE_QUERY,
  },
} as const;

export const ACCESS_CHAIN = {
  type: 'object',
  properties: {
    ok: { type: 'boolean' },
    checked: { type: 'integer' },
    from: { ...NULLABLE_STRING, description: 'the first position kept' },
    head: { type: ['object', 'null'], properties: { position: { type: 'string' }, hash: { type: 'string' } } },
    firstBadPosition: { type: 'string' },
    reason: { type: 'string' },
  },
  required: ['ok', 'checked', 'from', 'head'],
} as const;

const FINDING = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    step: { type: 'string' },
    updateName: { type: 'string' },
    updateId: { type: 'string' },
    historyEventId: { type: 'string' },
    position: { type: 'string' },
    eventType: { type: 'string' },
    reason: { type: 'string' },
  },
  required: ['caseId', 'reason'],
} as const;

export const CASE_VERIFICATION = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    ok: { type: 'boolean', description: 'every run replays, decisions and events pair up, and the hash chain verifies' },
    checkedAt: TIME,
    events: { type: 'integer', description: 'events in the case’s stream' },
    note: { type: 'string', description: 'why a side of the record is missing, when one is' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          runId: { type: 'string' },
          workflowType: { type: 'string' },
          historyEvents: INT,
          ok: { type: 'boolean' },
          status: { type: 'string', enum: ['ok', 'nondeterministic', 'failed'] },
          divergence: { type: 'string', description: 'for a nondeterministic run: what the code did where the history did something else' },
          error: { type: 'string' },
        },
        required: ['runId', 'workflowType', 'historyEvents', 'ok', 'status'],
      },
    },
    decisions: {
      type: 'object',
      properties: {
        checked: { type: 'boolean' },
        why: { type: 'string', description: 'why the decisions were not compared' },
        updates: INT,
        matched: INT,
        inFlight: { type: 'array', items: FINDING },
        decisionsWithoutEvents: { type: 'array', items: FINDING },
        eventsWithoutDecisions: { type: 'array', items: FINDING },
        receiptMismatches: { type: 'array', items: FINDING },
      },
      required: ['checked'],
    },
    chain: {
      type: 'object',
      description: 'the whole event log’s hash chain, recomputed',
      properties: {
        ok: { type: 'boolean' },
        checked: INT,
        head: {
          type: ['object', 'null'],
          properties: { position: { type: 'string' }, hash: { type: 'string' } },
          required: ['position', 'hash'],
        },
        firstBadPosition: { type: 'string' },
        reason: { type: 'string' },
      },
      required: ['ok', 'checked', 'head'],
    },
    unsealed: {
      type: 'array',
      description: 'inputs that reached a run in clear (around the API) in a history its workers sealed',
      items: {
        type: 'object',
        properties: {
          runId: { type: 'string' },
          eventId: { type: 'string' },
          eventType: { type: 'string' },
          name: { type: 'string' },
          encoding: { type: 'string' },
        },
        required: ['runId', 'eventId', 'eventType', 'encoding'],
      },
    },
    executions: {
      type: 'object',
      description:
        'the case’s runs in Temporal against its read model: a run terminated, cancelled, timed out, failed or reset is a finding',
      properties: {
        checked: { type: 'boolean' },
        why: { type: 'string' },
        runs: INT,
        findings: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              caseId: { type: 'string' },
              runId: { type: 'string' },
              status: { type: 'string' },
              readModelStatus: { type: 'string' },
              reason: { type: 'string' },
            },
            required: ['caseId', 'status', 'reason'],
          },
        },
      },
      required: ['checked'],
    },
    ballots: {
      type: 'object',
      description:
        'the case’s online ballot sessions recounted from their rows (the first bad one first), and each decision carrying a ' +
        'session (`data.ballot`) held against it; each finding in Chinese (`zh`) and English (`en`)',
      properties: {
        checked: { type: 'boolean' },
        why: { type: 'string' },
        sessions: INT,
        ballots: INT,
        decisions: INT,
        sessionFindings: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              sessionId: { type: 'string' },
              caseId: { type: 'string' },
              step: { type: 'string' },
              position: INT,
              zh: { type: 'string' },
              en: { type: 'string' },
            },
            required: ['sessionId', 'caseId', 'step', 'zh', 'en'],
          },
        },
        decisionFindings: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              position: { type: 'string' },
              caseId: { type: 'string' },
              step: { type: 'string' },
              sessionId: { type: 'string' },
              zh: { type: 'string' },
              en: { type: 'string' },
            },
            required: ['position', 'caseId', 'step', 'zh', 'en'],
          },
        },
      },
      required: ['checked'],
    },
  },
  required: ['caseId', 'ok', 'checkedAt', 'events', 'runs', 'decisions', 'chain', 'unsealed', 'executions', 'ballots'],
} as const;
