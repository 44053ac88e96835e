/**
 * Signing in and out, the caller's own account, and their API tokens.
 */
import type { FastifyInstance } from 'fastify';
import {
  createApiToken,
  createSession,
  deleteExpiredSessions,
  deleteSession,
  findUser,
  listApiTokens,
  revokeApiToken,
  verifyPassword,
} from '../accounts';
import { clearSessionCookie, principal, sessionCookieName, setSessionCookie } from '../auth';
import type { ApiContext } from '../context';
import { isRefusal } from '../loginThrottle';
import { ApiError, forbidden, notFound, unauthorized } from '../problem';
import { LOGIN_BODY, responses, TOKEN, USER, UUID } from '../schemas';

const TAGS = ['auth'];

const TOO_MANY: Record<string, string> = {
  perAddressLogin: 'too many login attempts for this login from your address',
  perAddress: 'too many failed login attempts from your address',
  perLogin: 'too many failed login attempts for this login',
};

export function authRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Body: { login: string; password: string } }>(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Sign in: sets an http-only session cookie',
        description:
          'Failed attempts are limited per address and login, per address across logins and per login across addresses ' +
          '(429 with Retry-After); a success does not count. Password checks run a few at a time: when too many wait, 503 with Retry-After.',
        security: [],
        body: LOGIN_BODY,
        response: responses(
          {
            200: {
              type: 'object',
              properties: { user: USER, expiresAt: { type: 'string', format: 'date-time' } },
              required: ['user', 'expiresAt'],
            },
          },
          [400, 401, 429, 503],
        ),
      },
    },
    async (request, reply) => {
      const login = request.body.login.trim().toLowerCase();
      const attempt = ctx.loginThrottle.begin(request.ip, login);
      if (isRefusal(attempt)) {
        const seconds = Math.ceil(attempt.retryAfterMs / 1000);
        throw new ApiError(
          429,
          'rate-limited',
          'Too many login attempts',
          `${TOO_MANY[attempt.scope]}; try again in ${seconds} seconds`,
          {},
          { 'retry-after': String(seconds) },
        );
      }
      // The account's lookup waits with its password check: a flood is turned away on arrival, before it reaches the database.
      const { user, passwordOk } = await ctx.passwordGate.run(async () => {
        const found = await findUser(ctx.db, login);
        return { user: found, passwordOk: await verifyPassword(found?.passwordHash, request.body.password) };
      });
      if (!passwordOk || !user) throw unauthorized('wrong login or password');
      if (user.disabled) throw unauthorized('this account is disabled');
      attempt.succeeded();
      const now = ctx.clock();
      await deleteExpiredSessions(ctx.db, now);
      const session = await createSession(ctx.db, user.id, now, ctx.sessionTtlMs);
      setSessionCookie(reply, session.id, ctx.sessionTtlMs, ctx.secureCookies);
      const { passwordHash: _omit, ...publicUser } = user;
      return { user: publicUser, expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { access: 'public' },
      schema: {
        tags: TAGS,
        summary: 'Sign out: ends the session (if any) and clears its cookie; any body is ignored',
        description:
          'Idempotent: without a session, or with one already ended, it answers 204 as well. An API token is revoked with DELETE /auth/tokens/{tokenId} instead.',
        response: responses({ 204: { type: 'null' } }, [400]),
      },
      // Answered before the body is read, so a body of any type (or an empty JSON body) cannot keep anyone signed in.
      onRequest: async (request, reply) => {
        const sessionId = request.cookies[sessionCookieName(ctx.secureCookies)];
        if (sessionId === undefined && request.headers.authorization !== undefined) {
          throw new ApiError(
            400,
            'bad-request',
            'Bad request',
            'an API token has no session to end; revoke it with DELETE /auth/tokens/{tokenId}',
          );
        }
        if (sessionId) await deleteSession(ctx.db, sessionId);
        clearSessionCookie(reply, ctx.secureCookies);
        return reply.code(204).send();
      },
    },
    async (_request, reply) => reply.code(204).send(),
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: TAGS, summary: 'The signed-in user', response: responses({ 200: USER }, [401]) },
    },
    async (request) => principal(request).user,
  );

  app.get(
    '/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Your API tokens (never the tokens themselves)',
        response: responses({ 200: { type: 'array', items: TOKEN } }, [401]),
      },
    },
    async (request) => listApiTokens(ctx.db, principal(request).user.id),
  );

  app.post<{ Body: { name: string } }>(
    '/auth/tokens',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Create an API token for scripts; it is shown once',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f]+$' } },
        },
        response: responses(
          { 201: { type: 'object', properties: { token: { type: 'string' }, info: TOKEN }, required: ['token', 'info'] } },
          [400, 401, 403],
        ),
      },
    },
    async (request, reply) => {
      const p = principal(request);
      // A leaked token must not be able to mint more tokens that outlive its revocation.
      if (p.credential.kind !== 'session') throw forbidden('API tokens are created from a signed-in session, not with another token');
      const created = await createApiToken(ctx.db, p.user.id, request.body.name.trim());
      return reply.code(201).send(created);
    },
  );

  app.delete<{ Params: { tokenId: string } }>(
    '/auth/tokens/:tokenId',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: TAGS,
        summary: 'Revoke one of your API tokens',
        params: { type: 'object', properties: { tokenId: UUID }, required: ['tokenId'] },
        response: responses({ 204: { type: 'null' } }, [400, 401, 404]),
      },
    },
    async (request, reply) => {
      if (!(await revokeApiToken(ctx.db, principal(request).user.id, request.params.tokenId))) {
        throw notFound(`you have no API token ${request.params.tokenId}`);
      }
      return reply.code(204).send();
    },
  );
}
