/**
 * What the CLI's read commands of the procedures print, over HTTP: election results and
 * one election (`election results|show`), the rectification cases and one case's progress
 * (`rectification list|timeline`), where a selection stands (`selection show`), and the
 * member-development pipeline (`pipeline`). Each calls the procedure's own module, the one
 * the CLI calls, so both read the same.
 *
 * A township committee member reads their own township's: a list is narrowed to it
 * (asking for another is 403), a single case of another township is 404 as a missing one.
 */
import type { FastifyInstance } from 'fastify';
import { principal, READERS, readScope } from '../auth';
import { visibleCase } from '../caseAccess';
import { moduleOf, type ApiContext } from '../context';
import {
  CASE_PARAMS,
  ELECTION_RESULTS,
  ELECTION_VIEW,
  PIPELINE_QUERY,
  PIPELINE_VIEW,
  RECTIFICATION_LIST,
  RECTIFICATION_VIEW,
  SELECTION_VIEW,
  TOWNSHIP_QUERY,
} from '../paritySchemas';
import { responses } from '../schemas';
import { rectificationSummary } from './dashboard';

const TOWNSHIP_ONLY = { type: 'object', additionalProperties: false, properties: { township: TOWNSHIP_QUERY } } as const;

export function procedureViewRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { township?: string } }>(
    '/elections',
    {
      config: { access: READERS },
      schema: {
        tags: ['election'],
        summary: 'Election results per branch and township (`cadreflow election results`)',
        description: 'From the elections read model, by township, unit and term. A township committee member gets their township’s.',
        querystring: TOWNSHIP_ONLY,
        response: responses({ 200: ELECTION_RESULTS }, [400, 401, 403, 503]),
      },
    },
    async (request) => {
      const township = readScope(principal(request), request.query.township) ?? null;
      const r = await moduleOf(ctx, 'election').results({ township: township ?? undefined });
      return { township, ...r };
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/election',
    {
      config: { access: READERS },
      schema: {
        tags: ['election', 'cases'],
        summary: 'An election: nominees, slate, ballots, the elected and pending steps (`cadreflow election show`)',
        description: 'A case that is not an election, or of another township for a township committee member, is 404.',
        params: CASE_PARAMS,
        response: responses({ 200: ELECTION_VIEW }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const c = await visibleCase(ctx, principal(request), request.params.caseId, 'election');
      return moduleOf(ctx, 'election').show(c.caseId);
    },
  );

  app.get<{ Querystring: { township?: string } }>(
    '/rectification/cases',
    {
      config: { access: READERS },
      schema: {
        tags: ['rectification'],
        summary: 'The rectification cases (整顿) and their progress (`cadreflow rectification list`)',
        description: 'By township and case id. A township committee member gets their township’s branches.',
        querystring: TOWNSHIP_ONLY,
        response: responses({ 200: RECTIFICATION_LIST }, [400, 401, 403, 503]),
      },
    },
    async (request) => {
      const township = readScope(principal(request), request.query.township) ?? null;
      const rows = await moduleOf(ctx, 'rectification').list({ township: township ?? undefined });
      return {
        township,
        total: rows.length,
        rectified: rows.filter((r) => r.status === 'rectified').length,
        items: rows.map(rectificationSummary),
      };
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/rectification',
    {
      config: { access: READERS },
      schema: {
        tags: ['rectification', 'cases'],
        summary:
          'A rectification case: its branch, support (四个一), plan, reports and inspections, and every event (`cadreflow rectification timeline`)',
        description: 'A case that is not a rectification, or of another township for a township committee member, is 404.',
        params: CASE_PARAMS,
        response: responses({ 200: RECTIFICATION_VIEW }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const c = await visibleCase(ctx, principal(request), request.params.caseId, 'rectification');
      const t = await moduleOf(ctx, 'rectification').timeline(c.caseId);
      return { caseId: c.caseId, ...t };
    },
  );

  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/selection',
    {
      config: { access: READERS },
      schema: {
        tags: ['selection', 'cases'],
        summary: 'Where a selection stands: targets, candidates, appointments and pending steps (`cadreflow selection show`)',
        description:
          'Read from the running case (its status query). A case that is not a selection, or of another township for a township ' +
          'committee member, is 404; Temporal down is 503.',
        params: CASE_PARAMS,
        response: responses({ 200: SELECTION_VIEW }, [400, 401, 403, 404, 503]),
      },
    },
    async (request) => {
      const c = await visibleCase(ctx, principal(request), request.params.caseId, 'selection');
      return moduleOf(ctx, 'selection').show(c.caseId);
    },
  );

  app.get<{ Querystring: { township?: string; atRisk?: 'true' | 'false'; asOf?: string } }>(
    '/member-development/pipeline',
    {
      config: { access: READERS },
      schema: {
        tags: ['member-development'],
        summary:
          'The member pipeline per village: people at each stage, the next step due, villages at risk this year (`cadreflow pipeline`)',
        description:
          'A village is at risk when nobody was admitted this year so far and nobody in its pipeline can be admitted before the ' +
          'year ends. A township committee member gets their township’s villages.',
        querystring: PIPELINE_QUERY,
        response: responses({ 200: PIPELINE_VIEW }, [400, 401, 403, 503]),
      },
    },
    async (request) => {
      const q = request.query;
      const township = readScope(principal(request), q.township) ?? null;
      const view = await moduleOf(ctx, 'members').pipeline({
        ...(township !== null ? { township } : {}),
        atRisk: q.atRisk === 'true',
        ...(q.asOf !== undefined ? { asOf: q.asOf } : {}),
      });
      return { township, ...view };
    },
  );
}
