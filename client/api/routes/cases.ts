/**
 * Cases: list, show (with the timeline from the event log), start, decide, object.
 * Reads come from the read models; decisions go to the case's workflow, which checks
 * the step, the role and the township again and refuses without writing anything.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { CaseKind } from '../../../domain/events';
import type { CaseSummary } from '../../../domain/wire/caseSummary';
import type { CaseStatus } from '../../../schema/db';
import { actorOf } from '../accounts';
import { COUNTY, DECIDERS, principal, readScope, READERS, visibleTo, type Principal } from '../auth';
import { paging, type ApiContext } from '../context';
import { conflict, notFound } from '../problem';
import {
  CASE_SUMMARY,
  CASE_VIEW,
  DECISION_BODY,
  ID,
  OBJECTION_BODY,
  page,
  PAGE_QUERY,
  RECEIPT,
  responses,
  START_PROBATION_BODY,
  STARTED,
  TIMELINE_ENTRY,
} from '../schemas';
import { DecisionRefusedError } from '../../cases';
import type { StartProbationArgs } from '../../probationService';

const TAGS = ['cases'];
/** Every kind the `cases` read model holds. A kind added to the domain and not here fails the typecheck (`_everyKind`). */
const CASE_KINDS = [
  'probation',
  'election',
  'evaluation',
  'evaluation-round',
  'rectification',
  'member-development',
  'selection',
] as const satisfies readonly CaseKind[];
type MissingKind = Exclude<CaseKind, (typeof CASE_KINDS)[number]>;
const _everyKind: MissingKind extends never ? true : never = true;
const CASE_PARAMS = {
  type: 'object',
  properties: { caseId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo' } },
  required: ['caseId'],
} as const;

interface CaseQuery {
  kind?: CaseKind;
  township?: string;
  status?: CaseStatus;
  stage?: string;
  subject?: string;
  limit?: string;
  offset?: string;
}

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

  app.get<{ Querystring: CaseQuery }>(
    '/cases',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'Cases, most recently changed first; a township committee sees its own township’s',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...CASE_KINDS] },
            township: ID,
            status: { type: 'string', enum: ['open', 'closed'] },
            stage: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' },
            subject: { ...ID, description: 'the person the case is about' },
            ...PAGE_QUERY,
          },
        },
        response: responses({ 200: page(CASE_SUMMARY) }, [400, 401, 403]),
      },
    },
    async (request) => {
      const q = request.query;
      const township = readScope(principal(request), q.township);
      const { limit, offset } = paging(q);
      let base = ctx.db.selectFrom('cases');
      if (township) base = base.where('township_id', '=', township);
      if (q.kind) base = base.where('kind', '=', q.kind);
      if (q.status) base = base.where('status', '=', q.status);
      if (q.stage) base = base.where('stage', '=', q.stage);
      if (q.subject) base = base.where('subject_id', '=', q.subject);
      const [{ n }, rows] = await Promise.all([
        base.select(sql<bigint>`count(*)`.as('n')).executeTakeFirstOrThrow(),
        base.selectAll().orderBy('updated_at', 'desc').orderBy('case_id').limit(limit).offset(offset).execute(),
      ]);
      return {
        items: rows.map((c): CaseSummary => ({
          caseId: c.case_id,
          kind: c.kind,
          subjectId: c.subject_id,
          summary: c.summary,
          townshipId: c.township_id,
          stage: c.stage,
          status: c.status,
          outcome: c.outcome,
          policyVersion: c.policy_version,
          startedAt: c.started_at.toISOString(),
          updatedAt: c.updated_at.toISOString(),
          closedAt: c.closed_at?.toISOString() ?? null,
        })),
        total: Number(n),
        limit,
        offset,
      };
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
      const r = await ctx.backend.startProbation(request.body);
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
