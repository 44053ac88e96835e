/**
 * A cadre's review request (复核) and appeal (申诉) against their evaluation grade, recorded
 * by the county organization department or the cadre's own township committee (`cadreflow
 * evaluation review-request|appeal-request`). The actor is the signed-in user; the case
 * checks the window, the recorder and the grounds (the domain's `parseReviewRequest` and
 * `parseAppealRequest`) and refuses without writing anything.
 */
import type { FastifyInstance } from 'fastify';
import { actorOf } from '../accounts';
import { DECIDERS, principal } from '../auth';
import { visibleCase } from '../caseAccess';
import { moduleOf, type ApiContext } from '../context';
import { APPEAL_BODY, CASE_PARAMS, REVIEW_REQUEST_BODY } from '../paritySchemas';
import { conflict } from '../problem';
import { RECEIPT, responses } from '../schemas';

const TAGS = ['evaluation', 'cases'];
const REFUSALS = [400, 401, 403, 404, 409, 413, 415, 422, 503];

export function evaluationRequestRoutes(app: FastifyInstance, ctx: ApiContext): void {
  async function openEvaluationCase(request: Parameters<typeof principal>[0], caseId: string) {
    const c = await visibleCase(ctx, principal(request), caseId, 'evaluation');
    if (c.status === 'closed') throw conflict(`案件 ${caseId} 已结束 / case ${caseId} is closed (${c.outcome ?? 'no outcome'})`);
    return c;
  }

  app.post<{ Params: { caseId: string }; Body: { grounds: string } }>(
    '/cases/:caseId/review-requests',
    {
      config: { access: DECIDERS },
      schema: {
        tags: TAGS,
        summary: 'Record a cadre’s request for a review (复核) of their grade, within the window after the written notification',
        description:
          'The county then decides it as task `review:<person>` of the round. Refused by the case (problem `reason`) before the ' +
          'grade is notified (UnknownStep), after the window, a second time (DuplicateDecision), or by a township committee ' +
          'of another township (WrongTownship); nothing is written then.',
        params: CASE_PARAMS,
        body: REVIEW_REQUEST_BODY,
        response: responses({ 201: RECEIPT }, REFUSALS),
      },
    },
    async (request, reply) => {
      const c = await openEvaluationCase(request, request.params.caseId);
      const receipt = await moduleOf(ctx, 'evaluation').requestReview(c.caseId, actorOf(principal(request).user), request.body.grounds);
      return reply.code(201).send(receipt);
    },
  );

  app.post<{ Params: { caseId: string }; Body: { grounds: string; filedOn?: string } }>(
    '/cases/:caseId/appeals',
    {
      config: { access: DECIDERS },
      schema: {
        tags: TAGS,
        summary: 'Record a cadre’s appeal (申诉) against the review’s decision, within the window after it',
        description:
          'The county then decides it as task `appeal:<person>` of the round. Refused by the case before a review was decided ' +
          '(UnknownStep), after the window, or a second time; nothing is written then.',
        params: CASE_PARAMS,
        body: APPEAL_BODY,
        response: responses({ 201: RECEIPT }, REFUSALS),
      },
    },
    async (request, reply) => {
      const c = await openEvaluationCase(request, request.params.caseId);
      const { grounds, filedOn } = request.body;
      const receipt = await moduleOf(ctx, 'evaluation').requestAppeal(c.caseId, actorOf(principal(request).user), grounds, filedOn);
      return reply.code(201).send(receipt);
    },
  );
}
