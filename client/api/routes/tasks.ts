/**
 * The caller's inbox: pending tasks from the `tasks` read model, soonest due first, with
 * who works on each — assign, claim and give back (client/taskAssignment.ts).
 */
import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../../domain/actors';
import { DUE_FILTERS, dueWindow, type DueFilter } from '../../../domain/inboxDue';
import { AssignmentRefusal } from '../../../domain/taskAssignment';
import { actorOf } from '../accounts';
import { DECIDERS, principal, readScope, READERS, visibleTo, type Principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError, notFound } from '../problem';
import { DECISION_BODY, ID, RECEIPT, responses, TASK } from '../schemas';
import { MAX_BULK_CASES } from '../../../domain/bulkDecisions';
import { decideMany } from '../../bulkDecisions';
import { assignableTo, changeAssignment, UnknownTaskError, type AssignmentChange } from '../../taskAssignment';

const TASK_PARAMS = {
  type: 'object',
  properties: { taskId: { ...ID, description: 'URL-encoded: probation%2Fp-0005%2Fdemo%3Acheck-in-1' } },
  required: ['taskId'],
} as const;

const ASSIGN_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['assignee'],
  properties: {
    assignee: { ...ID, maxLength: 64, description: 'the login of a member of the task’s township committee, or of county staff' },
  },
} as const;

/** Someone a task may be assigned to (domain/wire/assignable.ts). */
export const ASSIGNABLE = {
  type: 'object',
  properties: { login: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string' } },
  required: ['login', 'displayName', 'role'],
} as const;

/** One case's answer in a bulk decision (domain/wire/bulkOutcome.ts): accepted with `receipt`, or refused with `reason` and `detail`. */
export const BULK_OUTCOME = {
  type: 'object',
  required: ['caseId', 'accepted'],
  properties: {
    caseId: { type: 'string' },
    accepted: { type: 'boolean' },
    receipt: RECEIPT,
    reason: { type: 'string' },
    detail: { type: 'string' },
  },
} as const;

/** The rules' refusal as a problem, in both languages; another township's task is a missing one. */
async function refusalsAsProblems<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnknownTaskError) throw notFound(`no task ${err.taskId}`);
    if (err instanceof AssignmentRefusal) {
      const status = err.code === 'not-your-township' ? 403 : err.code === 'unknown-member' || err.code === 'not-eligible' ? 422 : 409;
      throw new ApiError(status, `assignment-${err.code}`, 'Assignment refused', err.message, { reason: err.code });
    }
    throw err;
  }
}

interface TaskQuery {
  township?: string;
  role?: string;
  assignee?: 'me' | 'none';
  due?: DueFilter;
  sort?: 'due' | '-due';
}

export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Querystring: TaskQuery }>(
    '/tasks',
    {
      config: { access: READERS },
      schema: {
        tags: ['tasks'],
        summary: 'Pending tasks: a township committee sees its township’s, county staff and auditors all (auditors cannot decide)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            township: ID,
            role: { type: 'string', enum: [...ROLES], description: 'only tasks for this role' },
            assignee: { type: 'string', enum: ['me', 'none'], description: 'me: assigned to the caller; none: assigned to nobody' },
            due: {
              type: 'string',
              enum: [...DUE_FILTERS],
              description: 'overdue: due before now; week: not overdue, due before Monday 00:00 (Asia/Shanghai)',
            },
            sort: { type: 'string', enum: ['due', '-due'], description: 'due: soonest first (default); -due: latest first' },
          },
        },
        response: responses({ 200: { type: 'array', items: TASK } }, [400, 401, 403]),
      },
    },
    async (request) => {
      const p = principal(request);
      const q = request.query;
      const township = readScope(p, q.township);
      return ctx.backend.tasks({
        township,
        role: q.role,
        ...(q.assignee ? { assignee: q.assignee === 'me' ? p.user.login : null } : {}),
        ...(q.due ? { due: dueWindow(q.due, ctx.clock()) } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
      });
    },
  );

  const change = (p: Principal, taskId: string, c: AssignmentChange) =>
    refusalsAsProblems(() =>
      changeAssignment(ctx.db, taskId, c, actorOf(p.user), { now: ctx.clock, visible: (townshipId) => visibleTo(p, townshipId) }),
    );
  const ERRORS = [400, 401, 403, 404, 409, 413, 415, 422];

  app.post<{ Params: { taskId: string }; Body: { assignee: string } }>(
    '/tasks/:taskId/assign',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['tasks'],
        summary: 'Assign (or reassign) a pending task to a member of its township committee or to county staff',
        description:
          'Recorded as TaskAssigned in the case’s inbox stream, with the signed-in user as the actor. Assigning to the current ' +
          'assignee changes nothing. Refused (problem `reason`): a decided or withdrawn task, an assignee who could not decide it.',
        params: TASK_PARAMS,
        body: ASSIGN_BODY,
        response: responses({ 200: TASK }, ERRORS),
      },
    },
    async (request) => change(principal(request), request.params.taskId, { kind: 'assign', login: request.body.assignee }),
  );

  app.post<{ Params: { taskId: string } }>(
    '/tasks/:taskId/claim',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['tasks'],
        summary: 'Take an unassigned pending task for oneself (认领); no body',
        params: TASK_PARAMS,
        response: responses({ 200: TASK }, ERRORS),
      },
    },
    async (request) => change(principal(request), request.params.taskId, { kind: 'claim' }),
  );

  app.post<{ Params: { taskId: string } }>(
    '/tasks/:taskId/release',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['tasks'],
        summary: 'Give back a task assigned to oneself (退回): it is unassigned again; no body',
        params: TASK_PARAMS,
        response: responses({ 200: TASK }, ERRORS),
      },
    },
    async (request) => change(principal(request), request.params.taskId, { kind: 'release' }),
  );

  app.get<{ Params: { taskId: string } }>(
    '/tasks/:taskId/assignees',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['tasks'],
        summary: 'Who the task may be assigned to: its township committee’s members, then county staff',
        params: TASK_PARAMS,
        response: responses({ 200: { type: 'array', items: ASSIGNABLE } }, [400, 401, 403, 404]),
      },
    },
    async (request) => {
      const p = principal(request);
      return refusalsAsProblems(() => assignableTo(ctx.db, request.params.taskId, (townshipId) => visibleTo(p, townshipId)));
    },
  );

  app.post<{ Body: { step: string; decision: Record<string, unknown>; caseIds: string[] } }>(
    '/tasks/bulk-decisions',
    {
      config: { access: DECIDERS },
      schema: {
        tags: ['tasks'],
        summary:
          'The same decision for many cases where the step allows it (a probation check-in): each case decides its own, reported per case',
        description:
          'Each case is decided by its own Update, in turn, as `POST /cases/{caseId}/decisions` would; one refusal does not stop the ' +
          `others. At most ${MAX_BULK_CASES} cases. Answers 200 with one result per case: accepted with its receipt, or refused with ` +
          '`reason` (the case’s, e.g. `DuplicateDecision`; `NotFound` for a case the caller cannot see; `NotBulk` for a step decided one case at a time) and `detail`.',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['step', 'decision', 'caseIds'],
          properties: {
            ...DECISION_BODY.properties,
            caseIds: { type: 'array', minItems: 1, maxItems: MAX_BULK_CASES, uniqueItems: true, items: ID },
          },
        },
        response: responses(
          {
            200: {
              type: 'object',
              required: ['results'],
              properties: {
                results: { type: 'array', items: BULK_OUTCOME },
              },
            },
          },
          [400, 401, 403, 413, 415, 503],
        ),
      },
    },
    async (request) => {
      const p = principal(request);
      const { step, decision, caseIds } = request.body;
      const visible = async (caseId: string) => {
        const row = await ctx.db.selectFrom('cases').select('township_id').where('case_id', '=', caseId).executeTakeFirst();
        return row !== undefined && visibleTo(p, row.township_id);
      };
      return { results: await decideMany(ctx.backend, caseIds, step, actorOf(p.user), decision, visible) };
    },
  );
}
