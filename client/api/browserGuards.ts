/**
 * What keeps a browser from being turned against the API:
 *
 *   - the public host: with `publicHost` set, the UI and the session cookie live on that
 *     host name only (`cadreflow.localhost` by default, which Chromium resolves to
 *     loopback). Cookies ignore ports, so a cookie set for 127.0.0.1 would reach every
 *     other service on 127.0.0.1 (the Temporal Web UI, a developer's own servers); a
 *     host-only cookie on a name of its own reaches nothing else. A request for another
 *     host name is redirected there (the UI page) or refused with 421, except the
 *     health check and callers with an API token, who carry no cookie;
 *   - the Origin check: a state-changing request (POST, PUT, PATCH, DELETE) that carries
 *     a session cookie, and every sign-in, must come from the API's own origin (or name
 *     none, as non-browser clients do); a page elsewhere cannot make a signed-in browser
 *     act, nor sign it in;
 *   - headers on every response: a Content-Security-Policy (scripts from the API's own
 *     origin only; antd injects styles, hence 'unsafe-inline' for styles), no framing,
 *     no MIME sniffing, no referrer.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError, forbidden } from './problem';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface BrowserGuardOptions {
  /** The host name the UI is served under; unset: any Host is answered (tests, `app.inject`). */
  publicHost?: string;
  /** The session cookie's name: requests that carry it are browser sessions. */
  cookieName: string;
  /** Other origins allowed to send state-changing requests with the cookie, per URL prefix (the Temporal Web UI's codec calls). */
  extraOrigins?: ReadonlyArray<{ prefix: string; origin: string }>;
}

/** The origin the request was addressed to, as a browser writes it in `Origin` (no default port). */
function ownOrigin(request: FastifyRequest): string {
  const defaultPort = request.protocol === 'https' ? ':443' : ':80';
  const host = request.host.toLowerCase();
  return `${request.protocol}://${host.endsWith(defaultPort) ? host.slice(0, -defaultPort.length) : host}`;
}

export function installBrowserGuards(app: FastifyInstance, opts: BrowserGuardOptions): void {
  const publicHost = opts.publicHost?.toLowerCase();

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (publicHost && request.hostname.toLowerCase() !== publicHost && path !== '/health' && request.headers.authorization === undefined) {
      const target = `${request.protocol}://${publicHost}${request.port ? `:${request.port}` : ''}`;
      if ((request.method === 'GET' || request.method === 'HEAD') && path === '/') return reply.redirect(`${target}/`, 308);
      throw new ApiError(
        421,
        'wrong-host',
        'Misdirected request',
        `this server answers as ${target} (CADREFLOW_PUBLIC_HOST), so that its session cookie reaches no other service; use that address, or an API token`,
      );
    }
    // Requests with the cookie, and the sign-in that sets it (a page elsewhere must not sign a browser into its own account).
    const browserSession = request.cookies?.[opts.cookieName] !== undefined || path === '/auth/login';
    if (!STATE_CHANGING.has(request.method) || !browserSession) return;
    const origin = request.headers.origin;
    if (origin === undefined) {
      // No Origin: a non-browser client, unless the browser says the request came from elsewhere.
      const site = request.headers['sec-fetch-site'];
      if (site === undefined || site === 'same-origin' || site === 'none') return;
      throw forbidden(`a request from another site (Sec-Fetch-Site: ${String(site)}) may not act with this session`);
    }
    const allowed = [
      ownOrigin(request),
      ...(opts.extraOrigins ?? []).filter((e) => path.startsWith(e.prefix)).map((e) => e.origin.toLowerCase()),
    ];
    if (!allowed.includes(origin.toLowerCase())) {
      throw forbidden(`a request from ${origin} may not act with this session: only pages of ${ownOrigin(request)} may`);
    }
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
  });
}
