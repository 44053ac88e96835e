/**
 * The OpenAPI schemas of the routes that start a case (client/api/routes/startCases.ts).
 * They check the body's shape only; its rules are the domain parsers' (domain/electionStart.ts
 * and the others), which the services apply for the CLI, the API and the web form alike.
 */
import { ELECTION_FORMS } from '../../domain/election';
import { MAX_SEATS } from '../../domain/electionStart';
import { MAX_LISTED_BRANCHES } from '../../domain/rectificationStart';
import { DATE, ID } from './schemas';

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

const BRANCH_IDS = (description: string) =>
  ({
    type: 'array',
    maxItems: MAX_LISTED_BRANCHES,
    items: { type: 'string', minLength: 1, maxLength: 64 },
    description,
  }) as const;

/**
 * The facts file (the CLI's `--facts <file.json>`): branch id → what the self-check and
 * the township re-check found. The shape of each fact is `parseSuppliedFacts`'s to check,
 * so a wrong file is refused by branch and field in the same words as on the CLI.
 */
const FACTS = {
  type: 'object',
  maxProperties: MAX_LISTED_BRANCHES,
  propertyNames: { minLength: 1, maxLength: 64 },
  additionalProperties: { type: 'object' },
  description:
    'the facts file: { "<branch>": { annualRanking: {position, of} | null, satisfaction: {satisfied, surveyed} | null, lastDevelopmentTargetOn, secretaryVacantSince } }',
} as const;

export const SCREENING_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    on: { ...DATE, description: 'the screening day (default today); not after today' },
    add: BRANCH_IDS('branches the county puts on the list by hand'),
    facts: FACTS,
  },
} as const;

export const START_RECTIFICATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['branches'],
  properties: {
    on: { ...DATE, description: 'the day the list was fixed: the first round starts then (default today)' },
    branches: { ...BRANCH_IDS('the branches on the list the county fixed: one case each'), minItems: 1 },
    facts: FACTS,
  },
} as const;

const REASON = {
  type: 'object',
  properties: { kind: { type: 'string' } },
  required: ['kind'],
  additionalProperties: true,
} as const;

export const SCREENING = {
  type: 'object',
  properties: {
    on: { type: 'string' },
    screened: { type: 'integer', description: 'village branches in force on the day' },
    list: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          branchId: { type: 'string' },
          name: { type: 'string' },
          townshipId: { type: 'string' },
          reasons: { type: 'array', items: REASON },
          addedByCounty: { type: 'boolean' },
        },
        required: ['branchId', 'name', 'townshipId', 'reasons', 'addedByCounty'],
      },
    },
  },
  required: ['on', 'screened', 'list'],
} as const;

export const RECTIFICATION_STARTED = {
  type: 'object',
  properties: {
    on: { type: 'string' },
    started: { type: 'array', items: { type: 'string' }, description: 'the cases started now' },
    existing: { type: 'array', items: { type: 'string' }, description: 'cases of this year that were there already' },
  },
  required: ['on', 'started', 'existing'],
} as const;

export const MEMBER_APPLICATION_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['personId'],
  properties: {
    personId: { ...ID, description: 'the applicant (a person of the registry or the membership register), e.g. p-1200' },
    appliedOn: { ...DATE, description: 'the day the application was handed in (default today); not in the future' },
    branchId: { ...ID, description: 'the Party organization applied to (default the person’s village branch, <village>-pb)' },
  },
} as const;

export const MEMBER_APPLICATION_STARTED = {
  type: 'object',
  properties: {
    caseId: { type: 'string' },
    started: { type: 'boolean', description: 'false: the person has a development case already' },
    stage: { type: 'string', description: 'where the case stands: applicant for a new application, else the register’s stage' },
  },
  required: ['caseId', 'started', 'stage'],
} as const;
