/**
 * The yearly Temporal Schedule that starts the evaluation round (`cadreflow evaluation
 * schedule`): read every round Schedule, and create or update one for a scope. The calls
 * are `evaluationBackend`'s, the CLI's; the body is read by `parseRoundSchedule`
 * (domain/evaluationSchedule.ts), the parser the CLI's options go through.
 */
import type { FastifyInstance } from 'fastify';
import { COUNTY, principal, READERS, readScope } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { SCHEDULE_BODY, SCHEDULE_LIST, SCHEDULE_RESULT, TOWNSHIP_QUERY } from '../paritySchemas';
import { responses } from '../schemas';
import { scopeCovers } from './evaluation';

const TAGS = ['evaluation'];

export function evaluationScheduleRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { township?: string } }>(
    '/evaluation/schedules',
    {
      config: { access: READERS },
      schema: {
        tags: TAGS,
        summary: 'The yearly Schedules that start evaluation rounds: scope, cron expression, next and recent runs',
        description:
          'A township committee member sees the Schedules whose scope covers their township. Temporal lists a Schedule a ' +
          'moment after it is created.',
        querystring: { type: 'object', additionalProperties: false, properties: { township: TOWNSHIP_QUERY } },
        response: responses({ 200: SCHEDULE_LIST }, [400, 401, 403, 503]),
      },
    },
    async (request) => {
      const township = readScope(principal(request), request.query.township) ?? null;
      const all = await moduleOf(ctx, 'evaluation').schedules();
      return { township, schedules: township === null ? all : all.filter((s) => scopeCovers(s.scope, township)) };
    },
  );

  app.post<{ Body: { cron?: string; townships?: string[] } }>(
    '/evaluation/schedules',
    {
      config: { access: COUNTY },
      schema: {
        tags: TAGS,
        summary: 'Create or update the yearly Schedule that starts the round of a scope (county organization department)',
        description:
          'One Schedule per scope (`evaluation-round-schedule/<scope>`): setting it again updates its time. 201 when created, ' +
          '200 when updated. A malformed cron expression or a township not in the registry is 400; Temporal down is 503.',
        body: SCHEDULE_BODY,
        response: responses({ 201: SCHEDULE_RESULT, 200: SCHEDULE_RESULT }, [400, 401, 403, 413, 415, 503]),
      },
    },
    async (request, reply) => {
      const { cron, townships } = request.body;
      const r = await moduleOf(ctx, 'evaluation').schedule({
        ...(cron !== undefined ? { cron } : {}),
        townshipIds: townships ?? null,
      });
      return reply.code(r.created ? 201 : 200).send(r);
    },
  );
}
