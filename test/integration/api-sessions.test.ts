/**
 * Sessions and sign-ins against a real PostgreSQL database, through the real API
 * (`app.inject`; no case is touched, so no Temporal): session ids stored hashed, API
 * tokens revoked by a password reset, logout with any body, the failed-login limits
 * (password spraying from one address, one login from rotating addresses, only
 * failures counting, X-Forwarded-For believed only from the named proxy), the bound on
 * argon2 work, the response headers (CSP and the rest), the Origin check on
 * state-changing requests, and the public host name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { createUser, sha256Hex } from '../../client/api/accounts';
import type { Backend } from '../../client/backend';
import { buildApi, type ApiDeps } from '../../client/api/server';
import { createTestDatabase, type TestDatabase } from '../support/db';

const PASSWORD = 'correct horse battery staple';
const unreachable = new Proxy({} as Backend, {
  get: (_t, name) => () => {
    throw new Error(`backend.${String(name)} is not used by these tests`);
  },
});

let database: TestDatabase;
const apps: FastifyInstance[] = [];

async function api(options: Partial<ApiDeps> = {}): Promise<FastifyInstance> {
  const app = await buildApi({ db: database.db, backend: unreachable, logger: pino({ level: 'silent' }), ...options });
  apps.push(app);
  return app;
}

const cookieOf = (res: LightMyRequestResponse): string => String(res.headers['set-cookie']).split(';')[0]!;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const detail = (res: LightMyRequestResponse): string => (JSON.parse(res.body) as { detail: string }).detail;

function login(app: FastifyInstance, loginName: string, password: string, from?: string): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { login: loginName, password },
    ...(from ? { headers: { 'x-forwarded-for': from } } : {}),
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  for (const [loginName, role] of [
    ['org-admin', 'admin'],
    ['org-staff', 'county-org-dept'],
    ['auditor', 'auditor'],
    ['sprayed-1', 'auditor'],
    ['rotated', 'auditor'],
    ['bystander', 'auditor'],
    ['often', 'auditor'],
    ['reset-me', 'county-org-dept'],
  ] as const) {
    await createUser(database.db, { login: loginName, role, password: PASSWORD });
  }
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.drop();
});

describe('sessions', () => {
  it('are stored hashed: the sessions table holds the SHA-256 of each cookie value, never the value', async () => {
    const app = await api();
    const values: string[] = [];
    for (let i = 0; i < 3; i++) values.push(cookieOf(await login(app, 'auditor', PASSWORD)).split('=')[1]!);
    const rows = await database.db.selectFrom('sessions').selectAll().execute();
    const dump = JSON.stringify(rows);
    for (const v of values) {
      expect(v).toMatch(/^[0-9a-f]{64}$/);
      expect(dump).not.toContain(v);
      expect(rows.map((r) => r.id_hash)).toContain(sha256Hex(v));
    }
    // A hash copied out of the table is not a session: presented as the cookie it finds nothing.
    const stolen = rows[0]!.id_hash;
    expect((await app.inject({ method: 'GET', url: '/auth/me', cookies: { cadreflow_session: stolen } })).statusCode).toBe(401);
  });

  it('a password reset revokes the account’s API tokens and ends its sessions', async () => {
    const app = await api();
    const session = cookieOf(await login(app, 'reset-me', PASSWORD));
    const created = await app.inject({ method: 'POST', url: '/auth/tokens', headers: { cookie: session }, payload: { name: 'nightly' } });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${(JSON.parse(created.body) as { token: string }).token}` };
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: bearer })).statusCode).toBe(200);

    const admin = cookieOf(await login(app, 'org-admin', PASSWORD));
    const reset = await app.inject({
      method: 'PATCH',
      url: '/users/reset-me',
      headers: { cookie: admin },
      payload: { resetPassword: true },
    });
    expect(reset.statusCode).toBe(200);
    const byToken = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer });
    expect(byToken.statusCode).toBe(401);
    expect(detail(byToken)).toBe('the API token is unknown or was revoked');
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: session } })).statusCode).toBe(401);
    const user = await database.db.selectFrom('users').select('id').where('login', '=', 'reset-me').executeTakeFirstOrThrow();
    expect(await database.db.selectFrom('api_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
  });

  it('logout with a JSON content type and an empty body ends the session; again, and with any body, it answers 204', async () => {
    const app = await api();
    const cookie = cookieOf(await login(app, 'org-staff', PASSWORD));
    const out = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '',
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^cadreflow_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expect(
      await database.db
        .selectFrom('sessions')
        .select('id_hash')
        .where('id_hash', '=', sha256Hex(cookie.split('=')[1]!))
        .execute(),
    ).toEqual([]);

    const again = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{"broken',
    });
    expect(again.statusCode).toBe(204);
    const second = cookieOf(await login(app, 'org-staff', PASSWORD));
    for (const [type, payload] of [
      ['text/plain', 'bye'],
      ['application/x-www-form-urlencoded', 'a=1'],
      ['application/json', '[1,2,3]'],
    ] as const) {
      const res = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie: second, 'content-type': type }, payload });
      expect(res.statusCode, type).toBe(204);
    }
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: second } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/auth/logout' })).statusCode).toBe(204);
  });
});

describe('failed-login limits', () => {
  it('password spraying: one password tried on 30 logins from one address gets 429 after 20 failures', async () => {
    const app = await api({ trustProxy: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++)
      statuses.push((await login(app, i === 0 ? 'sprayed-1' : `guess-${i}`, 'Spring2026!!', '198.51.100.7')).statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(10).fill(429));
    const limited = await login(app, 'sprayed-1', PASSWORD, '198.51.100.7');
    expect(limited.statusCode).toBe(429);
    expect(detail(limited)).toMatch(/^too many failed login attempts from your address; try again in \d+ seconds$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not blocked by this one.
    expect((await login(app, 'sprayed-1', PASSWORD, '198.51.100.8')).statusCode).toBe(200);
  });

  it('one login from rotating addresses gets 429 after 10 failures, even with the right password; other logins are unaffected', async () => {
    const app = await api({ trustProxy: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(app, 'rotated', `wrong ${i}`, `203.0.113.${i + 1}`)).statusCode);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(20).fill(429));
    const right = await login(app, 'rotated', PASSWORD, '203.0.113.200');
    expect(right.statusCode).toBe(429);
    expect(detail(right)).toMatch(/^too many failed login attempts for this login; try again in/);
    expect((await login(app, 'bystander', PASSWORD, '203.0.113.201')).statusCode).toBe(200);
  });

  it('only failures count: 40 successful sign-ins from one address and login are never limited', async () => {
    const app = await api();
    for (let i = 0; i < 40; i++) expect((await login(app, 'often', PASSWORD)).statusCode).toBe(200);
  });

  it('believes X-Forwarded-For only from the named proxy: a rotating header from anyone else changes nothing', async () => {
    const app = await api({ trustProxy: '10.9.9.9' });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login(app, 'auditor', `wrong ${i}`, `192.0.2.${i + 1}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    // From the proxy itself, its header names the client: a new client is not limited.
    const viaProxy = await app.inject({
      method: 'POST',
      url: '/auth/login',
      remoteAddress: '10.9.9.9',
      headers: { 'x-forwarded-for': '192.0.2.99' },
      payload: { login: 'auditor', password: PASSWORD },
    });
    expect(viaProxy.statusCode).toBe(200);
  });

  it('refuses trustProxy true when the API is built', async () => {
    await expect(api({ trustProxy: true })).rejects.toThrow(/CADREFLOW_TRUST_PROXY=true would believe any client's X-Forwarded-For/);
  });

  it('bounds argon2 work: of 440 sign-ins at once, the ones beyond the queue get 503 at once, and other requests are answered meanwhile', async () => {
    const app = await api({
      passwordWork: { concurrency: 2, queue: 8 },
      // Limits out of the way: this measures the work bound, not the counters.
      loginThrottle: {
        perAddress: { max: 10_000, windowMs: 60_000 },
        perLogin: { max: 10_000, windowMs: 60_000 },
        perAddressLogin: { max: 10_000, windowMs: 60_000 },
      },
    });
    const me = cookieOf(await login(app, 'org-staff', PASSWORD));
    const started = performance.now();
    const ended: Array<{ status: number; ms: number; retryAfter: unknown }> = [];
    const flood = Array.from({ length: 440 }, (_, i) =>
      login(app, `flood-${i}`, 'not the password').then((r) =>
        ended.push({ status: r.statusCode, ms: performance.now() - started, retryAfter: r.headers['retry-after'] }),
      ),
    );
    // Asked while the flood is being served; it needs the database, not argon2.
    const meanwhile = app
      .inject({ method: 'GET', url: '/auth/me', headers: { cookie: me } })
      .then((r) => ({ status: r.statusCode, ms: performance.now() - started, floodDone: ended.length }));
    await Promise.all(flood);
    const answered = await meanwhile;
    const total = performance.now() - started;
    const busy = ended.filter((e) => e.status === 503);
    const checked = ended.filter((e) => e.status === 401);
    console.log(
      `argon2 bound: 440 sign-ins in ${Math.round(total)} ms: ${checked.length} checked (401), ${busy.length} refused busy (503), ` +
        `503s answered after ${Math.round(median(busy.map((b) => b.ms)))} ms (median), the last after ${Math.round(Math.max(...busy.map((b) => b.ms)))} ms; ` +
        `/auth/me answered after ${Math.round(answered.ms)} ms with ${answered.floodDone} sign-ins done`,
    );
    expect(checked.length + busy.length).toBe(440);
    expect(busy.length).toBeGreaterThanOrEqual(400);
    expect(busy.every((b) => b.retryAfter === '5')).toBe(true);
    expect(answered.status).toBe(200);
    // Answered before the password checks that were let in had all finished.
    expect(answered.floodDone).toBeLessThan(440);
  });
});

describe('browser guards', () => {
  async function signedIn(app: FastifyInstance): Promise<string> {
    return cookieOf(await login(app, 'org-admin', PASSWORD));
  }

  it('every response carries a Content-Security-Policy, nosniff, no framing and no referrer', async () => {
    const app = await api();
    for (const url of ['/health', '/auth/me', '/docs/json', '/no-such-route']) {
      const res = await app.inject({ method: 'GET', url });
      const csp = String(res.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('a state-changing request with the session cookie from another origin is refused 403, and changes nothing', async () => {
    const app = await api();
    const cookie = await signedIn(app);
    const create = (headers: Record<string, string>, loginName: string) =>
      app.inject({ method: 'POST', url: '/users', headers: { cookie, ...headers }, payload: { login: loginName, role: 'auditor' } });
    const foreign = await create({ origin: 'http://evil.example' }, 'via-evil');
    expect(foreign.statusCode).toBe(403);
    expect(detail(foreign)).toBe('a request from http://evil.example may not act with this session: only pages of http://localhost may');
    // Another port of the same host is another origin.
    expect((await create({ origin: 'http://localhost:8233' }, 'via-other-port')).statusCode).toBe(403);
    const crossSite = await create({ 'sec-fetch-site': 'cross-site' }, 'via-form');
    expect(crossSite.statusCode).toBe(403);
    expect(
      await database.db.selectFrom('users').select('login').where('login', 'in', ['via-evil', 'via-other-port', 'via-form']).execute(),
    ).toEqual([]);
    expect(
      await database.db
        .selectFrom('access_log')
        .select('position')
        .where('subject', 'in', ['via-evil', 'via-other-port', 'via-form'])
        .execute(),
    ).toEqual([]);

    // The API's own origin, and a client that sends no Origin (scripts, curl), are served.
    expect((await create({ origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }, 'via-own')).statusCode).toBe(201);
    expect((await create({}, 'via-script')).statusCode).toBe(201);
    // Nor may a page elsewhere sign a browser in (into an account of its choosing).
    const signIn = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { origin: 'http://evil.example' },
      payload: { login: 'auditor', password: PASSWORD },
    });
    expect(signIn.statusCode).toBe(403);
    expect(signIn.headers['set-cookie']).toBeUndefined();
    // Reads are not state-changing: a foreign Origin on GET is answered (CORS keeps the answer from the page).
    expect((await app.inject({ method: 'GET', url: '/users', headers: { cookie, origin: 'http://evil.example' } })).statusCode).toBe(200);
  });

  it('an API token works from a non-browser client with or without Origin: it carries no cookie a page could borrow', async () => {
    const app = await api();
    const cookie = cookieOf(await login(app, 'org-staff', PASSWORD));
    const { token } = JSON.parse(
      (await app.inject({ method: 'POST', url: '/auth/tokens', headers: { cookie }, payload: { name: 'origin-test' } })).body,
    ) as { token: string };
    const res = await app.inject({
      method: 'POST',
      url: '/auth/tokens',
      headers: { authorization: `Bearer ${token}`, origin: 'http://elsewhere.example' },
      payload: { name: 'x' },
    });
    // Refused for its own reason (a token cannot mint tokens), not by the Origin check.
    expect(res.statusCode).toBe(403);
    expect(detail(res)).toBe('API tokens are created from a signed-in session, not with another token');
    const revoke = await app.inject({ method: 'GET', url: '/auth/tokens', headers: { authorization: `Bearer ${token}` } });
    expect(revoke.statusCode).toBe(200);
  });

  it('with a public host, the page on another host name is redirected there, a sign-in there is refused 421 and sets no cookie', async () => {
    const app = await api({ publicHost: 'cadreflow.localhost' });
    const page = await app.inject({ method: 'GET', url: '/', headers: { host: '127.0.0.1:8080' } });
    expect(page.statusCode).toBe(308);
    expect(page.headers.location).toBe('http://cadreflow.localhost:8080/');
    const wrong = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { host: '127.0.0.1:8080' },
      payload: { login: 'auditor', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(421);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const right = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { host: 'cadreflow.localhost:8080' },
      payload: { login: 'auditor', password: PASSWORD },
    });
    expect(right.statusCode).toBe(200);
    const set = String(right.headers['set-cookie']);
    // Host-only: no Domain attribute, so only cadreflow.localhost gets it back.
    expect(set).not.toMatch(/domain=/i);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(set).toMatch(/Path=\//);
    // A cookie that did reach 127.0.0.1 (set there before this change) is not honoured there.
    const elsewhere: InjectOptions = { method: 'GET', url: '/auth/me', headers: { host: '127.0.0.1:8080', cookie: cookieOf(right) } };
    expect((await app.inject(elsewhere)).statusCode).toBe(421);
  });

  it('over TLS the cookie is __Host-cadreflow_session, Secure, host-only, Path=/', async () => {
    const app = await api({ secureCookies: true });
    const res = await login(app, 'auditor', PASSWORD);
    const set = String(res.headers['set-cookie']);
    expect(set).toMatch(/^__Host-cadreflow_session=[0-9a-f]{64};/);
    expect(set).toContain('Secure');
    expect(set).toContain('Path=/');
    expect(set).not.toMatch(/domain=/i);
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: cookieOf(res) } })).statusCode).toBe(200);
    // The plain name is not read when the secure one is in use.
    expect(
      (await app.inject({ method: 'GET', url: '/auth/me', cookies: { cadreflow_session: cookieOf(res).split('=')[1]! } })).statusCode,
    ).toBe(401);
  });
});
