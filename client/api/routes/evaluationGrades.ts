/**
 * `POST /evaluation/rounds/{roundId}/units/{unitId}/grades`: the assessment committee's
 * grades of one unit (`cadreflow evaluation grade`), as the signed-in county staff. The
 * body is what the CLI's flags become, read by `parseUnitGrading` (domain/evaluationGrading.ts)
 * in `evaluationBackend.gradeUnit`, the call the CLI makes; the round then checks the 优秀
 * quota, the approval and the dates, and refuses without writing anything.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../accounts';
import { COUNTY, principal } from '../auth';
import { moduleOf, type ApiContext } from '../context';
import { ROUND_ID, UNIT_ID } from '../dashboardSchemas';
import { UNIT_GRADED, UNIT_GRADING_BODY } from '../paritySchemas';
import { responses } from '../schemas';

export function evaluationGradeRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { roundId: string; unitId: string }; Body: Record<string, unknown> }>(
    '/evaluation/rounds/:roundId/units/:unitId/grades',
    {
      config: { access: COUNTY },
      schema: {
        tags: ['evaluation'],
        summary:
          'The committee fixes the grades of a unit: named grades, the rest as the township recommended (county organization department)',
        description:
          'Every member of the unit must end with a grade: named in `grades`, or with `acceptRecommended` the township’s ' +
          'recommendation (400 naming who has none, or who is not a member). Decided on the round as step ' +
          '`committee:<unitId>`: over the 优秀 quota is 409 (`reason` OverQuota), a step not open 409, bad dates or approval 422.',
        params: { type: 'object', properties: { roundId: ROUND_ID, unitId: UNIT_ID }, required: ['roundId', 'unitId'] },
        body: UNIT_GRADING_BODY,
        response: responses({ 200: UNIT_GRADED }, [400, 401, 403, 404, 409, 413, 415, 422, 503]),
      },
    },
    async (request) => {
      const { roundId, unitId } = request.params;
      const r = await moduleOf(ctx, 'evaluation').gradeUnit(roundId, unitId, actorOf(principal(request).user), request.body);
      return { roundId, unitId, ...r };
    },
  );
}
