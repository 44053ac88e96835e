/**
 * The OpenAPI schemas of the routes that start a case (client/api/routes/startCases.ts).
 * They check the body's shape only; its rules are the domain parsers' (domain/electionStart.ts
 * and the others), which the services apply for the CLI, the API and the web form alike.
 */
import { ELECTION_FORMS } from '../../domain/election';
import { MAX_SEATS } from '../../domain/electionStart';
import { ID } from './schemas';

export const START_ELECTION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['orgUnitId', 'seats'],
  properties: {
    orgUnitId: { ...ID, description: 'the village (branch) or township holding the election, e.g. ts-03-v07' },
    seats: { type: 'integer', minimum: 1, maximum: MAX_SEATS, description: 'committee seats to fill' },
    form: { type: 'string', enum: [...ELECTION_FORMS], description: 'village (双推直选) or township (两推一选); default from the unit' },
    term: { type: 'string', pattern: '^\\d{4}$', description: 'the term, e.g. 2026 (default: this year)' },
  },
} as const;

export const ELECTION_STARTED = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    started: { type: 'boolean', description: 'false: the case was already running' },
    form: { type: 'string', enum: [...ELECTION_FORMS] },
    previousHolders: {
      type: 'array',
      description: 'the posts the new committee replaces',
      items: {
        type: 'object',
        properties: {
          assignmentId: { type: 'string' },
          personId: { type: 'string' },
          title: { type: 'string' },
          rank: { type: 'string' },
          role: { type: 'string' },
        },
        required: ['assignmentId', 'personId', 'title', 'role'],
      },
    },
  },
  required: ['caseId', 'started', 'form', 'previousHolders'],
} as const;
