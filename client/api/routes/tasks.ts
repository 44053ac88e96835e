/**
 * The caller's inbox: pending tasks from the `tasks` read model, soonest due first.
 */
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../../domain/actors';
import { principal, readScope, READERS } from '../auth';
import type { ApiContext } from '../context';
import { ID, responses, TASK } from '../schemas';

export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: { township?: string; role?: string } }>(
    '/tasks',
    {
      config: { access: READERS },
      schema: {
        tags: ['tasks'],
        summary: 'Pending tasks: a township committee sees its township’s, county staff and auditors all (auditors cannot decide)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { township: ID, role: { type: 'string', enum: [...ROLES], description: 'only tasks for this role' } },
        },
        response: responses({ 200: { type: 'array', items: TASK } }, [400, 401, 403]),
      },
    },
    async (request) => {
      const township = readScope(principal(request), request.query.township);
      return ctx.backend.tasks({ township, role: request.query.role });
    },
  );
}
