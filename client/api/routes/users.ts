/**
 * Account administration: the admin role's only business (it sees no cases). Every
 * change is recorded in the access log (accessLog.ts) in the transaction that makes it.
 */
import type { FastifyInstance } from 'fastify';
import { byApiUser } from '../accessLog';
import { createUser, listUsers, updateUser, type NewUser, type UserChanges } from '../accounts';
import { ADMINS, principal } from '../auth';
import type { ApiContext } from '../context';
import { conflict, notFound } from '../problem';
import { NEW_USER_BODY, responses, USER, USER_PATCH_BODY } from '../schemas';

const TAGS = ['users'];
const LOGIN_PARAMS = {
  type: 'object',
  properties: { login: { type: 'string', minLength: 1, maxLength: 100 } },
  required: ['login'],
} as const;

export function userRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get(
    '/users',
    {
      config: { access: ADMINS },
      schema: { tags: TAGS, summary: 'All accounts (admin)', response: responses({ 200: { type: 'array', items: USER } }, [401, 403]) },
    },
    async () => listUsers(ctx.db),
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
      const { user, password, generated } = await createUser(ctx.db, request.body, { by: byApiUser(principal(request).user, request.id) });
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
    async (request) => {
      const me = principal(request).user;
      // Locking oneself out, or demoting the only one who could undo it, would leave no one to undo it.
      if (request.params.login === me.login) {
        if (request.body.disabled) throw conflict('you cannot disable your own account');
        if (request.body.role !== undefined && request.body.role !== me.role)
          throw conflict('you cannot change your own role; another admin can');
      }
      const updated = await updateUser(ctx.db, request.params.login, request.body, byApiUser(me, request.id));
      if (!updated) throw notFound(`no user ${request.params.login}`);
      return updated;
    },
  );
}
