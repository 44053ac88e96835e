/**
 * Cases: list, show (with the timeline from the event log), start, decide, object.
 * Reads come from the read models; decisions go to the case's workflow, which checks
 * the step, the role and the township again and refuses without writing anything.
 */
import type { FastifyInstance } from 'fastify';
import {
  CASE_KINDS,
  CASE_SORTS,
  CASE_STATUSES,
  caseQueryProblemText,
  DEFAULT_CASE_SORT,
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  parseCaseQuery,
  type CaseQueryText,
} from '../../../domain/caseQuery';
import { actorOf } from '../accounts';
import { COUNTY, DECIDERS, principal, readScope, READERS, visibleTo, type Principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, conflict, notFound } from '../problem';
import {
  CASE_LIST_ITEM,
  CASE_VIEW,
  DECISION_BODY,
  ID,
  OBJECTION_BODY,
  page,
  RECEIPT,
  responses,
  START_PROBATION_BODY,
  STARTED,
  TIMELINE_ENTRY,
} from '../schemas';
import { DecisionRefusedError } from '../../cases';
import { listCases } from '../../caseList';
import type { StartProbationArgs } from '../../probationService';

const TAGS = ['cases'];
const CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
  required: ['caseId'],
} as const;

const TEXT = (description: string) => ({ type: 'string', maxLength: 300, description }) as const;

/**
 * The list's query string: text only, read by domain/caseQuery.ts parseCaseQuery (the web
 * page's parser too), so a bad value is refused in Chinese and English by the one parser.
 */
const CASE_LIST_QUERY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kind: TEXT(`one of ${CASE_KINDS.join(', ')}`),
    township: TEXT('a township id; a township committee member may give only their own'),
    stage: TEXT('the read model’s stage, e.g. democratic-rating or round-2:plan'),
    status: TEXT(`one of ${CASE_STATUSES.join(', ')}`),
    overdue: TEXT('true: only cases with a pending step past its due time; false: only cases with none'),
    subject: TEXT('the person or unit the case is about'),
    sort: TEXT(`one of ${CASE_SORTS.join(', ')} (- for descending; default ${DEFAULT_CASE_SORT})`),
    page: TEXT('the page, from 1 (default 1)'),
    pageSize: TEXT(`cases per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`),
  },
} as const;

export function caseRoutes(app: FastifyInstance, ctx: ApiContext): void {
  /** The case's row, if the caller may see it; another township's case is answered as a missing one. */
  async function visibleCase(p: Principal, caseId: string) {
    const row = await ctx.db
      .selectFrom('cases')
      .select(['case_id', 'township_id', 'status', 'outcome'])
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row || !visibleTo(p, row.township_id)) throw notFound(`no case ${caseId}`);
    return row;
  }

  app.get<{ Querystring: CaseQueryText }>(
    '/cases',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Cases filtered, sorted and paged (most recently changed first); a township committee sees its own township’s',
        description:
          'Every value is read by one parser (domain/caseQuery.ts, the web UI’s too); a bad one is refused with 400 ' +
          '`invalid-case-query`, each problem in Chinese and English. `nextDueAt` is the soonest due time of the case’s pending steps.',
        querystring: CASE_LIST_QUERY,
        response: responses({ 200: page(CASE_LIST_ITEM) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const parsed = parseCaseQuery(request.query);
      if (!parsed.ok) {
        const { problems } = parsed;
        throw new ApiError(400, 'invalid-case-query', 'Invalid case query', caseQueryProblemText(problems), {
          errors: problems.map((p) => ({ where: `querystring.${p.field}`, message: p.en, zh: p.zh })),
          zh: problems.map((p) => p.zh).join('；'),
          en: problems.map((p) => p.en).join('; '),
        });
      }
      const township = readScope(principal(request), parsed.query.township);
      return listCases(ctx.db, parsed.query, township, new Date(ctx.clock()));
    },
  );

  app.post<{ Body: StartProbationArgs }>(
    '/cases/probation',
    {
      config: { access: COUNTY },
      schema: {
        tags: TAGS,
        summary: 'Start a probation case (试用期) for a cadre appointed on trial (county organization department)',
        body: START_PROBATION_BODY,
        response: responses({ 201: STARTED, 200: STARTED }, [400, 401, 403, 404, 503]),
      },
    },
    async (request, reply) => {
      // The start's parser, the registry's checks and the start itself are the service's (client/probationService.ts).
      const r = await ctx.backend.startProbation(request.body, actorOf(principal(request).user));
      return reply.code(r.started ? 201 : 200).send(r);
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'A case: state, tasks and its event timeline',
        params: CASE_PARAMS,
        response: responses({ 200: CASE_VIEW }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      await visibleCase(principal(request), request.params.caseId);
      return ctx.backend.caseView(request.params.caseId);
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/timeline',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases', 'audit'],
        summary: 'A case’s events from the log, in stream order, with who acted and at which step',
        params: CASE_PARAMS,
        response: responses(
          {
            200: {
              type: 'object',
              properties: { caseId: { type: 'string' }, events: { type: 'array', items: TIMELINE_ENTRY } },
              required: ['caseId', 'events'],
            },
          },
          [400, 401, 403, 404],
        ),
      },
    },
    async (request) => {
      await visibleCase(principal(request), request.params.caseId);
      const view = await ctx.backend.caseView(request.params.caseId);
      return { caseId: view.caseId, events: view.timeline };
    },
  );

  app.post<{ Params: { caseId: string }; Body: { step: string; decision: Record<string, unknown> } }>(
    '/cases/:caseId/decisions',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['cases', 'tasks'],
        summary: 'Decide a pending step; the actor is the signed-in user',
        description:
          'The decision is recorded as the signed-in user (login, role, township). The body names only the step and its fields; ' +
          'any other field — `actor` included — is refused. The case refuses a wrong step, role or township, a duplicate and a malformed ' +
          'decision (problem `reason`), and then nothing is written.',
        params: CASE_PARAMS,
        body: DECISION_BODY,
        response: responses({ 200: RECEIPT }, [400, 401, 403, 404, 409, 413, 415, 422, 503]),
      },
    },
    async (request) => {
      const p = principal(request);
      const c = await visibleCase(p, request.params.caseId);
      if (c.status !== 'closed') return ctx.backend.decide(c.case_id, request.body.step, actorOf(p.user), request.body.decision);
      // The decision that closed the case, sent again by the same person (its answer was
      // lost), gets its first receipt, read from the history; anything else is refused.
      try {
        return await ctx.backend.decide(c.case_id, request.body.step, actorOf(p.user), request.body.decision);
      } catch (err) {
        if (err instanceof DecisionRefusedError) throw err;
        throw conflict(`case ${c.case_id} is closed (${c.outcome ?? 'no outcome'})`);
      }
    },
  );

  app.post<{ Params: { caseId: string }; Body: { notice: string; summary: string } }>(
    '/cases/:caseId/objections',
    {
      config: { access: DECIDERS },
      schema: {
        tags: TAGS,
        summary: 'Record an objection (异议) to an open public notice; the county then checks it as a task',
        params: CASE_PARAMS,
        body: OBJECTION_BODY,
        response: responses({ 201: RECEIPT }, [400, 401, 403, 404, 409, 413, 415, 422, 503]),
      },
    },
    async (request, reply) => {
      const p = principal(request);
      const c = await visibleCase(p, request.params.caseId);
      if (c.status === 'closed') throw conflict(`case ${c.case_id} is closed (${c.outcome ?? 'no outcome'})`);
      const receipt = await ctx.backend.fileObjection(c.case_id, request.body.notice, actorOf(p.user), request.body.summary);
      return reply.code(201).send(receipt);
    },
  );
}
