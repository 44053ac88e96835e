/**
 * The online ballot routes' schemas (client/api/routes/ballots.ts): tokens, sessions, the
 * chair's sheet and turnout, a result, a close's answer and a case's sessions. The answers'
 * shapes are domain/wire/ballotSession.ts's; test/unit/wireTypes.test.ts holds the two together.
 */
import { ID, RECEIPT } from './schemas';

export const TOKEN = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'the ballot token (投票码), 26 characters of Crockford base32',
} as const;
export const SESSION_PARAMS = {
  type: 'object',
  properties: { sessionId: { type: 'string', minLength: 1, maxLength: 64, pattern: '^bs-[0-9a-f-]{36}$' } },
  required: ['sessionId'],
} as const;
export const CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
  required: ['caseId'],
} as const;
/** The definition, tally and decision are the domain's types (docs/ballots.md), passed through as they are. */
export const ANY_OBJECT = { type: 'object', additionalProperties: true } as const;
/** person id → the registry's name, for the list on the ballot (what a paper ballot prints). */
export const NAMES = { type: 'object', additionalProperties: { type: 'string' }, description: 'person id → name, for the list' } as const;
export const SHEET_ENTRY = {
  type: 'object',
  properties: { group: { type: 'string' }, token: { type: 'string' }, url: { type: 'string' } },
  required: ['group', 'token', 'url'],
} as const;
export const OPENED_SHEET = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    definition: ANY_OBJECT,
    tokens: { type: 'array', items: SHEET_ENTRY },
    spares: { type: 'array', items: SHEET_ENTRY },
  },
  required: ['sessionId', 'definition', 'tokens', 'spares'],
} as const;
export const TURNOUT = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    status: { type: 'string', enum: ['open', 'closed'] },
    due: { type: 'integer' },
    cast: { type: 'integer' },
    tokens: {
      type: 'object',
      properties: { issued: { type: 'integer' }, used: { type: 'integer' }, voided: { type: 'integer' }, spares: { type: 'integer' } },
      required: ['issued', 'used', 'voided', 'spares'],
    },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          key: { type: 'string' },
          label: { type: 'string' },
          due: { type: 'integer' },
          issued: { type: 'integer' },
          used: { type: 'integer' },
          voided: { type: 'integer' },
        },
        required: ['key', 'label', 'due', 'issued', 'used', 'voided'],
      },
    },
    quorum: { type: ['object', 'null'], additionalProperties: true },
    closesAt: { type: ['string', 'null'] },
  },
  required: ['sessionId', 'status', 'due', 'cast', 'tokens', 'groups', 'quorum', 'closesAt'],
} as const;
export const RESULT = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    caseId: { type: 'string' },
    step: { type: 'string' },
    head: { type: 'string' },
    cast: { type: 'integer' },
    tally: ANY_OBJECT,
    decision: ANY_OBJECT,
  },
  required: ['sessionId', 'caseId', 'step', 'head', 'cast', 'tally', 'decision'],
} as const;
export const DECISION_REFUSAL = {
  type: 'object',
  description: 'why the step did not take the decision: the case’s refusal (`code`, e.g. MalformedDecision) in Chinese and English',
  properties: { code: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } },
  required: ['code', 'zh', 'en'],
} as const;
/** The close's answer: the result, and the step decided from it or why not (domain/wire/ballotSession.ts). */
export const CLOSED_SESSION = {
  type: 'object',
  properties: {
    ...RESULT.properties,
    decided: { ...RECEIPT, type: ['object', 'null'], description: 'the decision’s receipt; null when the step did not take it' },
    decisionRefusal: DECISION_REFUSAL,
  },
  required: [...RESULT.required, 'decided'],
} as const;
export const SESSION_DECIDED = {
  type: 'object',
  properties: { receipt: RECEIPT },
  required: ['receipt'],
} as const;
export const CASE_SESSION = {
  type: 'object',
  properties: {
    sessionId: { type: 'string' },
    step: { type: 'string' },
    status: { type: 'string', enum: ['open', 'closed'] },
    due: { type: 'integer' },
    cast: { type: 'integer' },
    openedAt: { type: 'string', format: 'date-time' },
    closesAt: { type: ['string', 'null'], format: 'date-time' },
    closedAt: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['sessionId', 'step', 'status', 'due', 'cast', 'openedAt', 'closesAt', 'closedAt'],
} as const;
export const CASE_SESSIONS = {
  type: 'object',
  properties: { caseId: { type: 'string' }, sessions: { type: 'array', items: CASE_SESSION } },
  required: ['caseId', 'sessions'],
} as const;
export const BALLOT = {
  type: 'object',
  properties: {
    position: { type: 'integer' },
    group: { type: 'string' },
    content: { type: 'string' },
    prevHash: { type: 'string' },
    hash: { type: 'string' },
    receipt: { type: 'string' },
  },
  required: ['position', 'group', 'content', 'prevHash', 'hash', 'receipt'],
} as const;
