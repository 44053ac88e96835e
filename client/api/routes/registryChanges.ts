/**
 * The registry's changes over HTTP, for county staff only: register a person, correct
 * them, transfer, retire, record a death, appoint to and remove from a post, set up,
 * rename and dissolve or merge a unit. Each route is thin: the body is a form in the
 * roster's terms, and client/registry/service.ts checks it with the roster's checks,
 * decides and appends with the caller as the actor — what the CLI does too.
 *
 * Answers: 200 (201 for something new) with what was recorded; 400 for a form the checks
 * refuse (every problem, Chinese and English, nothing written); 404 for an unknown person
 * or post; 409 when the registry's state refuses the change; 422 when its content does.
 * An `Idempotency-Key` header makes a retried request answer as a duplicate.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { shanghaiDate } from '../../../domain/calendar';
import { CORRECTABLE_KEYS, POST_END_REASONS } from '../../../domain/registryForms';
import type { RegistryRefusalCode } from '../../../domain/registryDecider';
import { ORG_UNIT_COLUMNS, PERSON_COLUMNS } from '../../../domain/roster/columns';
import { makeRegistryChange, type RegistryOutcome, type RegistryRequest } from '../../registry/service';
import { actorOf } from '../accounts';
import { COUNTY, principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError } from '../problem';
import { ID, responses } from '../schemas';
import type { RegistryChangeResult } from '../../../domain/wire/registryChangeResult';

const TAGS = ['registry'];
const text = (maxLength: number, description?: string) => ({ type: 'string', maxLength, ...(description ? { description } : {}) }) as const;
const DAY_OR_BLANK = { type: 'string', maxLength: 10, description: 'YYYY-MM-DD, not after today; blank or absent: today' } as const;
const CODE = { type: 'string', maxLength: 40, description: 'a unit code (单位编码)' } as const;
const personColumn = (key: string) => PERSON_COLUMNS.find((c) => c.key === key)!;

const REGISTER_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'gender', 'birth', 'unit', 'rank'],
  description: 'the people sheet’s cells by column key, as typed in a roster (男, 1975.03, 汉族 …); unit is a unit code',
  properties: Object.fromEntries(
    PERSON_COLUMNS.filter((c) => c.key !== 'personId').map((c) => [
      c.key,
      text(c.maxLength * 2, `${c.header}${c.required ? '' : '（可选）'}`),
    ]),
  ),
} as const;
const CORRECT_BODY = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  description:
    'the fields to change, as roster cells; a blank or null detail clears it. The unit and the post change by transfer and appointment.',
  properties: Object.fromEntries(
    CORRECTABLE_KEYS.map((k) => [
      k,
      { type: ['string', 'null'], maxLength: personColumn(k).maxLength * 2, description: personColumn(k).header },
    ]),
  ),
} as const;
const ON_BODY = { type: 'object', additionalProperties: false, properties: { on: DAY_OR_BLANK } } as const;
const TRANSFER_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['unit'],
  properties: { unit: CODE, on: DAY_OR_BLANK },
} as const;
const APPOINT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'titleSince'],
  properties: {
    title: text(100, '现任职务'),
    titleSince: text(40, '任现职时间, e.g. 2024.03'),
    rank: text(20, '职级; absent: the person’s rank'),
    unit: { ...CODE, description: 'the post’s unit code; absent: the person’s unit' },
  },
} as const;
const END_POST_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { reason: { type: 'string', enum: [...POST_END_REASONS] }, on: DAY_OR_BLANK },
} as const;
const UNIT_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'kind'],
  description: 'the 单位 sheet’s cells: code, name, kind (县/乡镇/村/党支部), parent (a unit code), since (设立时间, e.g. 2021.06)',
  properties: Object.fromEntries(ORG_UNIT_COLUMNS.map((c) => [c.key, text(c.maxLength * 2, c.header)])),
} as const;
const RENAME_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: text(100, '单位名称') },
} as const;
const DISSOLVE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    mergedInto: { type: ['string', 'null'], maxLength: 40, description: 'the unit it is merged into; absent: dissolved' },
    on: DAY_OR_BLANK,
  },
} as const;
const HEADERS = {
  type: 'object',
  properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200, description: 'the same key again writes nothing' } },
} as const;
/** What a change answers (domain/wire/registryChangeResult.ts). */
export const REGISTRY_CHANGE_RESULT = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the person’s or the unit’s id' },
    events: { type: 'array', items: { type: 'string' }, description: 'the types of the events recorded; empty for a duplicate' },
    duplicate: { type: 'boolean', description: 'the Idempotency-Key was used before: nothing was written now' },
  },
  required: ['id', 'events', 'duplicate'],
} as const;

/** Refusals about what is asked for rather than the registry's state. */
const UNPROCESSABLE: ReadonlySet<RegistryRefusalCode | 'conflict'> = new Set([
  'unknown-unit',
  'empty-name',
  'empty-title',
  'bad-parent',
  'bad-merge',
  'merged-into-itself',
  'county-unit',
  'before-start',
  'same-unit',
]);

function answer(outcome: RegistryOutcome): RegistryChangeResult {
  if (outcome.ok) return { id: outcome.subjectId, events: outcome.events, duplicate: outcome.duplicate };
  if (outcome.status === 'invalid') {
    const [first] = outcome.problems;
    throw new ApiError(400, 'invalid-form', 'Invalid form', outcome.problems.map((p) => p.en).join('; '), {
      errors: outcome.problems.map((p) => ({ where: `body.${p.field}`, message: p.en, zh: p.zh })),
      zh: outcome.problems.map((p) => p.zh).join('；'),
      en: first ? outcome.problems.map((p) => p.en).join('; ') : '',
    });
  }
  const status = outcome.code === 'unknown-person' || outcome.code === 'unknown-post' ? 404 : UNPROCESSABLE.has(outcome.code) ? 422 : 409;
  const title = status === 404 ? 'Not found' : status === 422 ? 'Change refused' : 'Registry conflict';
  throw new ApiError(status, `registry-${outcome.code}`, title, outcome.en, { reason: outcome.code, zh: outcome.zh, en: outcome.en });
}

export function registryChangeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const run = async (request: FastifyRequest, req: RegistryRequest) => {
    const key = request.headers['idempotency-key'];
    const outcome = await makeRegistryChange({ db: ctx.db, personalData: ctx.personalData }, req, actorOf(principal(request).user), {
      today: shanghaiDate(ctx.clock()),
      ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
    });
    return answer(outcome);
  };
  const errors = [400, 401, 403, 404, 409, 415, 422];
  const route = (summary: string, body: object, params: string | null, created = false) => ({
    config: { access: COUNTY },
    schema: {
      tags: TAGS,
      summary,
      headers: HEADERS,
      ...(params ? { params: { type: 'object', properties: { [params]: ID }, required: [params] } } : {}),
      body,
      response: responses({ [created ? 201 : 200]: REGISTRY_CHANGE_RESULT }, errors),
    },
  });
  type P = { personId: string };

  app.post<{ Body: Record<string, string> }>(
    '/registry/people',
    route('Register a person (county staff): the people sheet’s row, checked as an import checks it', REGISTER_BODY, null, true),
    async (request, reply) => {
      const r = await run(request, { kind: 'register', form: request.body });
      return reply.code(r.duplicate ? 200 : 201).send(r);
    },
  );
  app.patch<{ Params: P; Body: Record<string, string | null> }>(
    '/registry/people/:personId',
    route('Correct what the registry holds about a person (county staff)', CORRECT_BODY, 'personId'),
    (request) => run(request, { kind: 'correct', personId: request.params.personId, form: request.body }),
  );
  app.post<{ Params: P; Body: { unit: string; on?: string } }>(
    '/registry/people/:personId/transfer',
    route('Transfer a person to another unit (调动, county staff)', TRANSFER_BODY, 'personId'),
    (request) => run(request, { kind: 'transfer', personId: request.params.personId, ...request.body }),
  );
  app.post<{ Params: P; Body: { on?: string } }>(
    '/registry/people/:personId/retire',
    route('Record a retirement (退休, county staff); a post held ends', ON_BODY, 'personId'),
    (request) => run(request, { kind: 'retire', personId: request.params.personId, ...request.body }),
  );
  app.post<{ Params: P; Body: { on?: string } }>(
    '/registry/people/:personId/death',
    route('Record a death (去世, county staff); a post held ends', ON_BODY, 'personId'),
    (request) => run(request, { kind: 'death', personId: request.params.personId, ...request.body }),
  );
  app.post<{ Params: P; Body: { title: string; titleSince: string; rank?: string; unit?: string } }>(
    '/registry/people/:personId/posts',
    route('Appoint a person to a post (任职, formal; county staff); a post held ends, replaced', APPOINT_BODY, 'personId', true),
    async (request, reply) => {
      const r = await run(request, { kind: 'appoint', personId: request.params.personId, ...request.body });
      return reply.code(r.duplicate ? 200 : 201).send(r);
    },
  );
  app.post<{ Params: { assignmentId: string }; Body: { reason?: string; on?: string } }>(
    '/registry/posts/:assignmentId/end',
    route('Remove a person from a post (免职, county staff)', END_POST_BODY, 'assignmentId'),
    (request) => run(request, { kind: 'end-post', assignmentId: request.params.assignmentId, ...request.body }),
  );
  app.post<{ Body: Record<string, string> }>(
    '/registry/org-units',
    route('Set up an org unit (设立, county staff): the 单位 sheet’s row', UNIT_BODY, null, true),
    async (request, reply) => {
      const r = await run(request, { kind: 'unit-add', form: request.body });
      return reply.code(r.duplicate ? 200 : 201).send(r);
    },
  );
  app.patch<{ Params: { orgUnitId: string }; Body: { name: string } }>(
    '/registry/org-units/:orgUnitId',
    route('Rename an org unit (更名, county staff)', RENAME_BODY, 'orgUnitId'),
    (request) => run(request, { kind: 'unit-rename', orgUnitId: request.params.orgUnitId, name: request.body.name }),
  );
  app.post<{ Params: { orgUnitId: string }; Body: { mergedInto?: string | null; on?: string } }>(
    '/registry/org-units/:orgUnitId/dissolve',
    route('Dissolve an org unit, or merge it into another (撤销, 合并; county staff)', DISSOLVE_BODY, 'orgUnitId'),
    (request) => run(request, { kind: 'unit-dissolve', orgUnitId: request.params.orgUnitId, ...request.body }),
  );
}
