/**
 * `GET /cases/{caseId}/history`: a case's Temporal workflow history as JSON, as `cadreflow
 * history export` writes it (client/caseHistory.ts), for an auditor to replay against the
 * code (`Worker.runReplayHistory`). Payloads stay sealed as the history holds them.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { exportHistory } from '../../caseHistory';
import { principal, READERS } from '../auth';
import { notFoundBilingual, visibleCase } from '../caseAccess';
import type { ApiContext } from '../context';
import { CASE_PARAMS, HISTORY } from '../paritySchemas';
import { ApiError } from '../problem';
import { responses } from '../schemas';

export function caseHistoryRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { caseId: string } }>(
    '/cases/:caseId/history',
    {
      config: { access: READERS },
      schema: {
        tags: ['cases', 'audit'],
        summary: 'A case’s Temporal workflow history as JSON, replayable with Worker.runReplayHistory (`cadreflow history export`)',
        description:
          'Payloads are sealed as the history holds them: the history replays with the deployment’s keyring and shows no clear ' +
          'text. A case of another township, for a township committee member, is 404; a case Temporal no longer holds (past ' +
          'retention) is 404 too.',
        params: CASE_PARAMS,
        response: responses(
          { 200: { description: 'the history', content: { 'application/json': { schema: HISTORY } } } },
          [400, 401, 403, 404, 503],
        ),
      },
    },
    async (request, reply) => {
      const c = await visibleCase(ctx, principal(request), request.params.caseId);
      if (!ctx.temporal) throw new ApiError(503, 'not-configured', 'Service unavailable', 'this API was started without a Temporal client');
      let json: string;
      try {
        ({ json } = await exportHistory(ctx.temporal, c.caseId));
      } catch (err) {
        // The read model remembers cases Temporal has forgotten (past retention): not found, not "not running".
        if (err instanceof WorkflowNotFoundError) {
          throw notFoundBilingual(
            `Temporal 已没有案件 ${c.caseId} 的历史（超过保留期）`,
            `Temporal no longer holds the history of case ${c.caseId} (past its retention)`,
          );
        }
        throw err;
      }
      // Already JSON: sent as it is, not serialized again.
      return reply.type('application/json').header('cache-control', 'no-store').send(json);
    },
  );
}
