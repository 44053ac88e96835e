/**
 * Account administration: the admin role's only business (it sees no cases).
 */
import type { FastifyInstance } from 'fastify';
import { createUser, listUsers, updateUser, type NewUser, type UserChanges } from '../accounts';
import { ADMINS, principal } from '../auth';
import type { ApiContext } from '../context';
import { conflict, notFound } from '../problem';
import { NEW_USER_BODY, responses, USER, USER_PATCH_BODY } from '../schemas';

const TAGS = ['users'];
const LOGIN_PARAMS = { type: 'object', properties: { login: { type: 'string', minLength: 1, maxLength: 100 } }, required: ['login'] } as const;

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
        response: responses({ 201: { type: 'object', properties: { user: USER, password: { type: 'string' } }, required: ['user'] } }, [400, 401, 403]),
      },
    },
    async (request, reply) => {
      const { user, password, generated } = await createUser(ctx.db, request.body);
      return reply.code(201).send({ user, ...(generated ? { password } : {}) });
    },
  );

  app.patch<{ Params: { login: string }; Body: UserChanges }>(
    '/users/:login',
    {
      config: { access: ADMINS },
      schema: {
        tags: TAGS,
        summary: 'Rename, disable or enable an account, or reset its password (admin)',
        params: LOGIN_PARAMS,
        body: USER_PATCH_BODY,
        response: responses({ 200: { type: 'object', properties: { user: USER, password: { type: 'string' } }, required: ['user'] } }, [400, 401, 403, 404, 409]),
      },
    },
    async (request) => {
      // Locking oneself out would leave no one to undo it.
      if (request.body.disabled && request.params.login === principal(request).user.login) throw conflict('you cannot disable your own account');
      const updated = await updateUser(ctx.db, request.params.login, request.body);
      if (!updated) throw notFound(`no user ${request.params.login}`);
      return updated;
    },
  );
}
