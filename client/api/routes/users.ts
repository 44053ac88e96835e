/**
 * Account administration: the admin role's only business (it sees no cases). Every
 * change is recorded in the access log (accessLog.ts) in the transaction that makes it.
 */
import type { FastifyInstance } from 'fastify';
import { AccountRefusal, checkOwnAccountChange, type AccountRefusalCode } from '../../../domain/account';
import { byApiUser } from '../accessLog';
import { createUser, listAccountTownships, listUsers, updateUser, type NewUser, type UserChanges } from '../accounts';
import { ADMINS, principal } from '../auth';
import type { ApiContext } from '../context';
import { ApiError } from '../problem';
import { NEW_USER_BODY, responses, USER, USER_PATCH_BODY } from '../schemas';

const TAGS = ['users'];
const LOGIN_PARAMS = {
  type: 'object',
  properties: { login: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['login'],
} as const;

/** Refusals that are not a bad request: one's own account (409), an account that is not there (404). */
const REFUSAL_STATUS: Partial<Record<AccountRefusalCode, { status: number; slug: string; title: string }>> = {
  'own-account': { status: 409, slug: 'conflict', title: 'Conflict' },
  'no-such-account': { status: 404, slug: 'not-found', title: 'Not found' },
};

/** The account rules' refusal as a problem with its Chinese and English (`detail` is the English). */
async function refusalsAsProblems<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof AccountRefusal)) throw err;
    const m = REFUSAL_STATUS[err.code] ?? { status: 400, slug: 'bad-request', title: 'Bad request' };
    throw new ApiError(m.status, m.slug, m.title, err.en, { reason: err.code, zh: err.zh, en: err.en });
  }
}

export function userRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/users',
    {
      config: { access: ADMINS },
      schema: { tags: TAGS, summary: 'All accounts (admin)', response: responses({ 200: { type: 'array', items: USER } }, [401, 403]) },
    },
    async () => listUsers(ctx.db),
  );

  app.get(
    '/users/townships',
    {
      config: { access: ADMINS },
      schema: {
        tags: TAGS,
        summary: 'The townships an account can be given, by name (admin; the registry is not theirs to read)',
        response: responses(
          {
            200: {
              type: 'array',
              items: {
                type: 'object',
                properties: { orgUnitId: { type: 'string' }, name: { type: 'string' } },
                required: ['orgUnitId', 'name'],
              },
            },
          },
          [401, 403],
        ),
      },
    },
    async () => listAccountTownships(ctx.db),
  );

  app.post<{ Body: NewUser }>(
    '/users',
    {
      config: { access: ADMINS },
      schema: {
        tags: TAGS,
        summary: 'Create an account (admin); a generated password is returned once',
        body: NEW_USER_BODY,
        response: responses(
          { 201: { type: 'object', properties: { user: USER, password: { type: 'string' } }, required: ['user'] } },
          [400, 401, 403],
        ),
      },
    },
    async (request, reply) => {
      const { user, password, generated } = await refusalsAsProblems(() =>
        createUser(ctx.db, request.body, { by: byApiUser(principal(request).user, request.id) }),
      );
      return reply.code(201).send({ user, ...(generated ? { password } : {}) });
    },
  );

  app.patch<{ Params: { login: string }; Body: UserChanges }>(
    '/users/:login',
    {
      config: { access: ADMINS },
      schema: {
        tags: TAGS,
        summary: 'Rename, disable or enable an account, change its role or township, or reset its password (admin)',
        description:
          'Disabling, a password reset and a role or township change end the account’s sessions; a password reset also revokes its API ' +
          'tokens. Each change is recorded in the access log (GET /audit/access-log).',
        params: LOGIN_PARAMS,
        body: USER_PATCH_BODY,
        response: responses(
          { 200: { type: 'object', properties: { user: USER, password: { type: 'string' } }, required: ['user'] } },
          [400, 401, 403, 404, 409],
        ),
      },
    },
    async (request) =>
      refusalsAsProblems(async () => {
        const me = principal(request).user;
        // Locking oneself out, or demoting the only one who could undo it, would leave no one to undo it.
        if (request.params.login === me.login) checkOwnAccountChange(request.body, me.role);
        const updated = await updateUser(ctx.db, request.params.login, request.body, byApiUser(me, request.id));
        if (!updated) throw new AccountRefusal('no-such-account', `没有账户 ${request.params.login}`, `no user ${request.params.login}`);
        return updated;
      }),
  );
}
