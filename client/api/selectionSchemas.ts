/**
 * The OpenAPI schemas of the selection routes (client/api/routes/selection.ts). The body's
 * shape is checked here; its rules (the post id's form, a real calendar day, the method)
 * are `parseSelectionOpening`'s, the same parser the CLI and the workflow use.
 */
import { SELECTION_METHODS } from '../../domain/selection';
import { DATE, ID } from './schemas';

const TEXT = (maxLength: number, description: string) => ({ type: 'string', minLength: 1, maxLength, description }) as const;

export const SELECTION_OPENING_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['orgUnitId', 'post', 'method', 'qualifications', 'scope'],
  properties: {
    orgUnitId: { ...ID, description: 'the township (or county unit) whose post is filled, e.g. ts-03' },
    post: {
      type: 'object',
      additionalProperties: false,
      required: ['postId', 'title', 'rank'],
      properties: {
        postId: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,47}$', description: 'a short id for the post, e.g. deputy-head' },
        title: TEXT(100, 'the post, e.g. 副乡长'),
        rank: TEXT(50, 'the rank it carries, e.g. 副科级'),
        positions: { type: 'integer', minimum: 1, maximum: 99, description: 'how many are appointed (default 1)' },
        nonElected: { type: 'boolean', description: 'default true; false: the post is filled by election and no probation follows' },
      },
    },
    method: { type: 'string', enum: [...SELECTION_METHODS], description: 'competitive: 竞争性选拔 with 差额考察; ordinary' },
    qualifications: TEXT(2000, '任职资格'),
    scope: TEXT(2000, '选拔范围'),
    openedOn: { ...DATE, description: 'the day the selection was opened (default: today, Asia/Shanghai); not after today' },
  },
} as const;

export interface SelectionOpeningBody {
  orgUnitId: string;
  post: { postId: string; title: string; rank: string; positions?: number; nonElected?: boolean };
  method: string;
  qualifications: string;
  scope: string;
  openedOn?: string;
}

export const SELECTION_CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: selection%2Fts-03%2Fdeputy-head%2F2026-03-02' } },
  required: ['caseId'],
} as const;

export const RECORD_VIEW = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          heading: { type: 'integer', enum: [1, 2], description: '1: the case; 2: a step; absent: text' },
          text: { type: 'string' },
        },
        required: ['text'],
      },
    },
  },
  required: ['caseId', 'lines'],
} as const;
