/**
 * Who is calling, and may they call this route at all. Every route declares its
 * `access` in its config; a route without one is refused when it is registered, so a
 * new endpoint cannot be left open by accident. Township checks need the resource and
 * happen in the handlers, through `readScope` and `visibleTo` below.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../domain/actors';
import type { DB } from '../../schema/db';
import { resolveApiToken, resolveSession, type Credential, type User } from './accounts';
import { forbidden, unauthorized } from './problem';

/** 'public': anyone; 'authenticated': any signed-in user; a list: those roles only. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface Principal {
  user: User;
  credential: Credential;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

export const SESSION_COOKIE = 'cadreflow_session';
/** Over TLS: the `__Host-` prefix makes the browser refuse the cookie unless it is Secure, host-only and Path=/. */
export const SECURE_SESSION_COOKIE = '__Host-cadreflow_session';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export const READERS: readonly Role[] = ['county-org-dept', 'township-committee', 'auditor'];
export const DECIDERS: readonly Role[] = ['county-org-dept', 'township-committee'];
export const COUNTY: readonly Role[] = ['county-org-dept'];
export const ADMINS: readonly Role[] = ['admin'];

const ROLE_WORDS: Record<Role, string> = {
  'county-org-dept': 'county organization department staff',
  'township-committee': 'township committee members',
  auditor: 'auditors',
  admin: 'administrators',
};

export function describeRoles(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_WORDS[r]).join(', ');
}

export interface AuthOptions {
  db: DB;
  clock: () => number;
  cookie: { secure: boolean };
}

export function installAuth(app: FastifyInstance, opts: AuthOptions): void {
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    // Swagger UI's pages and the OpenAPI document are public and registered by the plugin.
    if (route.url === '/docs' || route.url.startsWith('/docs/')) {
      route.config = { ...route.config, access: 'public' };
      return;
    }
    if (!route.config?.access) throw new Error(`route ${String(route.method)} ${route.url} declares no access`);
  });

  // onRequest: before the body is even read, so an anonymous caller learns nothing
  // about a body's validity and cannot make the server parse large payloads.
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.access;
    // Unknown routes (the 404 handler) carry no access; they answer 404 to anyone.
    if (access === undefined || access === 'public') return;
    request.principal = await authenticate(request, reply, opts);
    if (access !== 'authenticated' && !access.includes(request.principal.user.role)) {
      throw forbidden(
        `this is for ${describeRoles(access)}; you are signed in as ${request.principal.user.login} (${request.principal.user.role})`,
      );
    }
  });
}

async function authenticate(request: FastifyRequest, reply: FastifyReply, opts: AuthOptions): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized('the Authorization header must be "Bearer <API token>"');
    const r = await resolveApiToken(opts.db, m[1]!, opts.clock());
    if (!r.ok) throw unauthorized(r.detail);
    return { user: r.user, credential: r.credential };
  }
  const sessionId = request.cookies[sessionCookieName(opts.cookie.secure)];
  if (sessionId === undefined || sessionId === '') {
    throw unauthorized('sign in first: POST /auth/login sets a session cookie, or send "Authorization: Bearer <API token>"');
  }
  const r = await resolveSession(opts.db, sessionId, opts.clock());
  if (!r.ok) {
    if (r.expiredSession) clearSessionCookie(reply, opts.cookie.secure);
    throw unauthorized(r.detail);
  }
  return { user: r.user, credential: r.credential };
}

/**
 * Host-only (no Domain attribute): the browser returns it to the exact host that set it,
 * which `publicHost` (browserGuards.ts) makes a name of the API's own.
 */
export function setSessionCookie(reply: FastifyReply, id: string, ttlMs: number, secure: boolean): void {
  reply.setCookie(sessionCookieName(secure), id, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: Math.floor(ttlMs / 1000),
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}

/** The signed-in caller; routes that are not public always have one. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized('sign in first');
  return request.principal;
}

/**
 * The township a read is confined to: a township committee member always reads their
 * own township (asking for another is refused, not silently narrowed); county staff
 * and auditors read what they asked for, or everything.
 */
export function readScope(p: Principal, requested: string | undefined): string | undefined {
  const { role, townshipId, login } = p.user;
  if (role !== 'township-committee') return requested;
  if (requested !== undefined && requested !== townshipId) {
    throw forbidden(`${login} acts for township ${townshipId} and cannot see township ${requested}`);
  }
  return townshipId ?? undefined;
}

/**
 * Whether the caller may see a resource of `townshipId` (null: the county's). A township
 * committee member sees their own township's only; a resource of another township is
 * answered exactly as a missing one (404, same words), so its existence is not told.
 */
export function visibleTo(p: Principal, townshipId: string | null): boolean {
  return p.user.role !== 'township-committee' || townshipId === p.user.townshipId;
}
