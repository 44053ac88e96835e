/**
 * Signing in, sessions and API tokens, on embedded PGlite with a backend that is never
 * reached: wrong passwords, the login rate limit, expiry, logout, tokens and their
 * revocation, disabled accounts, and the admin's account endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { appendToStream } from '../../activities/eventStore';
import type { Backend } from '../../client/backend';
import { createDemoUsers, createUser, hashPassword, sha256Hex, verifyPassword, type DemoUser } from '../../client/api/accounts';
import { buildApi, DEFAULT_SESSION_TTL_MS } from '../../client/api/server';
import { AccountRefusal } from '../../domain/account';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

const PASSWORD = 'correct horse battery staple';
const unreachable = new Proxy({} as Backend, {
  get: (_t, name) => () => {
    throw new Error(`backend.${String(name)} is not used by these tests`);
  },
});

let database: OpenedDatabase;
let app: FastifyInstance;
let now = Date.parse('2026-03-02T02:00:00Z');
let demoUsers: DemoUser[];
const passwords = new Map<string, string>();

function cookieOf(res: LightMyRequestResponse): string {
  return String(res.headers['set-cookie']).split(';')[0]!;
}

async function login(loginName: string, password = passwords.get(loginName) ?? PASSWORD): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/auth/login', payload: { login: loginName, password } });
}

function detail(res: LightMyRequestResponse): string {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return (JSON.parse(res.body) as { detail: string }).detail;
}

beforeAll(async () => {
  database = await openPgliteDatabase();
  await migrateToLatest(database.db);
  await appendToStream(database.db, {
    streamId: 'registry/org',
    expectedVersion: 0,
    idempotencyKey: 'test/org',
    events: [
      {
        event: {
          type: 'OrgUnitEstablished',
          data: { orgUnitId: 'county', name: '示范县', kind: 'county', parentId: null, effectiveFrom: '2020-01-01' },
        },
        metadata: {},
      },
      {
        event: {
          type: 'OrgUnitEstablished',
          data: { orgUnitId: 'ts-01', name: '青山镇', kind: 'township', parentId: 'county', effectiveFrom: '2020-01-01' },
        },
        metadata: {},
      },
      {
        event: {
          type: 'OrgUnitEstablished',
          data: { orgUnitId: 'ts-01-v01', name: '东村', kind: 'village', parentId: 'ts-01', effectiveFrom: '2020-01-01' },
        },
        metadata: {},
      },
    ],
  });
  // The demo's users are this suite's callers: their generated passwords are all we know.
  demoUsers = await createDemoUsers(database.db);
  for (const u of demoUsers) passwords.set(u.login, u.password!);
  app = await buildApi({
    db: database.db,
    backend: unreachable,
    clock: () => now,
    loginThrottle: { perAddressLogin: { max: 5, windowMs: 60_000 } },
  });
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

beforeEach(() => {
  now += 10 * 60_000;
});

describe('passwords', () => {
  it('are argon2id hashes; an unknown login is checked against a dummy hash', async () => {
    const h = await hashPassword('s3cret-enough!');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
    expect(await verifyPassword(h, 's3cret-enough!')).toBe(true);
    expect(await verifyPassword(h, 's3cret-enough?')).toBe(false);
    expect(await verifyPassword(undefined, 's3cret-enough!')).toBe(false);
    const row = await database.db.selectFrom('users').select('password_hash').where('login', '=', 'org-staff').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('too short a password, a bad login, a township for the wrong role, an unknown township are refused', async () => {
    await expect(createUser(database.db, { login: 'short', role: 'auditor', password: 'abc' })).rejects.toThrow(/at least 12/);
    await expect(createUser(database.db, { login: 'Upper', role: 'auditor' })).rejects.toThrow(AccountRefusal);
    await expect(createUser(database.db, { login: 'x1', role: 'auditor', townshipId: 'ts-01' })).rejects.toThrow(/has no township/);
    await expect(createUser(database.db, { login: 'x2', role: 'township-committee' })).rejects.toThrow(/needs a township/);
    await expect(createUser(database.db, { login: 'x3', role: 'township-committee', townshipId: 'ts-99' })).rejects.toThrow(
      /no township ts-99/,
    );
    await expect(createUser(database.db, { login: 'x4', role: 'township-committee', townshipId: 'ts-01-v01' })).rejects.toThrow(
      /no township ts-01-v01/,
    );
    await expect(createUser(database.db, { login: 'x5', role: 'mayor' })).rejects.toThrow(/unknown role "mayor"/);
    await expect(createUser(database.db, { login: 'org-staff', role: 'auditor' })).rejects.toThrow(/already exists/);
  });
});

describe('login', () => {
  it('sets an http-only, SameSite=Strict session cookie that expires with the session', async () => {
    const res = await login('org-staff');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^cadreflow_session=[0-9a-f]{64};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain(`Max-Age=${DEFAULT_SESSION_TTL_MS / 1000}`);
    expect(setCookie).not.toContain('Secure');
    const body = JSON.parse(res.body) as { user: Record<string, unknown>; expiresAt: string };
    expect(body.user).toMatchObject({ login: 'org-staff', role: 'county-org-dept', townshipId: null });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.expiresAt).toBe(new Date(now + DEFAULT_SESSION_TTL_MS).toISOString());
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ login: 'org-staff' });
  });

  it('marks the cookie Secure when configured for https', async () => {
    const secure = await buildApi({ db: database.db, backend: unreachable, secureCookies: true });
    try {
      const res = await secure.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { login: 'auditor', password: passwords.get('auditor') },
      });
      expect(String(res.headers['set-cookie'])).toContain('; Secure');
    } finally {
      await secure.close();
    }
  });

  it('a wrong password and an unknown login get the same 401', async () => {
    const wrong = await login('auditor', 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const unknown = await login('no-such-user');
    expect(unknown.statusCode).toBe(401);
    expect(detail(wrong)).toBe('wrong login or password');
    expect(detail(unknown)).toBe('wrong login or password');
  });

  it('is rate-limited per address and login: the sixth attempt in a minute gets 429, even with the right password', async () => {
    await createUser(database.db, { login: 'typo-prone', role: 'auditor', password: PASSWORD });
    for (let i = 0; i < 5; i++) expect((await login('typo-prone', `wrong ${i}`)).statusCode).toBe(401);
    const limited = await login('typo-prone');
    expect(limited.statusCode).toBe(429);
    expect(detail(limited)).toMatch(/too many login attempts.*try again in/);
    expect(limited.headers['retry-after']).toBeDefined();
    // Another login from the same address is not locked out by someone else's typos.
    expect((await login('auditor')).statusCode).toBe(200);
  });

  it('refuses a disabled account, and disabling ends its sessions and stops its tokens', async () => {
    await createUser(database.db, { login: 'leaver', role: 'county-org-dept', password: PASSWORD });
    const session = cookieOf(await login('leaver'));
    const token = JSON.parse(
      (await app.inject({ method: 'POST', url: '/auth/tokens', headers: { cookie: session }, payload: { name: 'script' } })).body,
    ) as { token: string };
    const admin = cookieOf(await login('org-admin'));
    const patched = await app.inject({ method: 'PATCH', url: '/users/leaver', headers: { cookie: admin }, payload: { disabled: true } });
    expect(patched.statusCode).toBe(200);
    expect(JSON.parse(patched.body)).toMatchObject({ user: { login: 'leaver', disabled: true } });
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie: session } })).statusCode).toBe(401);
    const byToken = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization: `Bearer ${token.token}` } });
    expect(byToken.statusCode).toBe(401);
    expect(detail(byToken)).toBe('this account is disabled');
    const again = await login('leaver');
    expect(again.statusCode).toBe(401);
    expect(detail(again)).toBe('this account is disabled');
  });
});

describe('sessions', () => {
  it('expire after the configured time: 401, the row is gone and the cookie is cleared', async () => {
    const cookie = cookieOf(await login('ts-01-committee'));
    const id = cookie.split('=')[1]!;
    now += DEFAULT_SESSION_TTL_MS - 1000;
    expect((await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } })).statusCode).toBe(200);
    now += 2000;
    const expired = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(detail(expired)).toBe('the session has expired; log in again');
    expect(String(expired.headers['set-cookie'])).toMatch(/^cadreflow_session=;.*Expires=Thu, 01 Jan 1970/);
    expect(
      await database.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', sha256Hex(id)).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('logout deletes the session; the cookie no longer works', async () => {
    const cookie = cookieOf(await login('org-staff'));
    const out = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^cadreflow_session=;/);
    const after = await app.inject({ method: 'GET', url: '/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(detail(after)).toBe('the session has ended; log in again');
  });

  it('a forged or malformed cookie is refused', async () => {
    for (const value of ['0'.repeat(64), 'not-hex', "x' or '1'='1"]) {
      const res = await app.inject({ method: 'GET', url: '/auth/me', cookies: { cadreflow_session: value } });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('API tokens', () => {
  it('work as Bearer tokens, are stored hashed, cannot mint tokens, and stop when revoked', async () => {
    const cookie = cookieOf(await login('auditor'));
    const created = await app.inject({ method: 'POST', url: '/auth/tokens', headers: { cookie }, payload: { name: 'nightly export' } });
    expect(created.statusCode).toBe(201);
    const { token, info } = JSON.parse(created.body) as { token: string; info: { id: string; name: string; lastUsedAt: string | null } };
    expect(token).toMatch(/^cft_[0-9a-f]{64}$/);
    const stored = await database.db.selectFrom('api_tokens').selectAll().where('id', '=', info.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(sha256Hex(token));
    expect(JSON.stringify(stored)).not.toContain(token.slice(4));

    const bearer = { authorization: `Bearer ${token}` };
    const me = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toMatchObject({ login: 'auditor', role: 'auditor' });
    const listed = JSON.parse((await app.inject({ method: 'GET', url: '/auth/tokens', headers: bearer })).body) as Array<{
      id: string;
      lastUsedAt: string | null;
    }>;
    expect(listed.find((t) => t.id === info.id)?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);

    const mint = await app.inject({ method: 'POST', url: '/auth/tokens', headers: bearer, payload: { name: 'another' } });
    expect(mint.statusCode).toBe(403);
    expect(
      (await app.inject({ method: 'POST', url: '/auth/tokens', headers: { cookie }, payload: { name: 'nightly export' } })).statusCode,
    ).toBe(400);

    // Someone else cannot revoke it; its owner can.
    const other = cookieOf(await login('org-staff'));
    expect((await app.inject({ method: 'DELETE', url: `/auth/tokens/${info.id}`, headers: { cookie: other } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: `/auth/tokens/${info.id}`, headers: { cookie } })).statusCode).toBe(204);
    const revoked = await app.inject({ method: 'GET', url: '/auth/me', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(detail(revoked)).toBe('the API token is unknown or was revoked');
  });

  it('unknown and malformed tokens and headers get 401', async () => {
    const cases: Array<[string, RegExp]> = [
      [`Bearer cft_${'a'.repeat(64)}`, /unknown or was revoked/],
      ['Bearer abc', /not a cadreflow API token/],
      ['Basic dXNlcjpwYXNz', /must be "Bearer <API token>"/],
      ['Bearer', /must be "Bearer <API token>"/],
    ];
    for (const [authorization, message] of cases) {
      const res = await app.inject({ method: 'GET', url: '/auth/me', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(detail(res)).toMatch(message);
    }
    // Logout ends a session; a token has none and is revoked instead.
    const logout = await app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization: `Bearer cft_${'a'.repeat(64)}` } });
    expect(logout.statusCode).toBe(400);
    expect(detail(logout)).toMatch(/DELETE \/auth\/tokens/);
  });
});

describe('account administration', () => {
  it('an admin creates users (the generated password works once shown), renames, resets, and cannot disable itself', async () => {
    const admin = cookieOf(await login('org-admin'));
    const created = await app.inject({
      method: 'POST',
      url: '/users',
      headers: { cookie: admin },
      payload: { login: 'ts-01-li', role: 'township-committee', townshipId: 'ts-01', displayName: '李华' },
    });
    expect(created.statusCode).toBe(201);
    const { user, password } = JSON.parse(created.body) as { user: { login: string; townshipId: string }; password: string };
    expect(user).toMatchObject({ login: 'ts-01-li', townshipId: 'ts-01' });
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect((await login('ts-01-li', password)).statusCode).toBe(200);

    const bad = await app.inject({
      method: 'POST',
      url: '/users',
      headers: { cookie: admin },
      payload: { login: 'ts-09-x', role: 'township-committee', townshipId: 'ts-09' },
    });
    expect(bad.statusCode).toBe(400);
    expect(detail(bad)).toBe('no township ts-09 in the registry');
    const dup = await app.inject({
      method: 'POST',
      url: '/users',
      headers: { cookie: admin },
      payload: { login: 'ts-01-li', role: 'auditor' },
    });
    expect(detail(dup)).toBe('a user with login "ts-01-li" already exists');

    const reset = await app.inject({
      method: 'PATCH',
      url: '/users/ts-01-li',
      headers: { cookie: admin },
      payload: { resetPassword: true },
    });
    const newPassword = (JSON.parse(reset.body) as { password: string }).password;
    expect((await login('ts-01-li', password)).statusCode).toBe(401);
    expect((await login('ts-01-li', newPassword)).statusCode).toBe(200);

    const self = await app.inject({ method: 'PATCH', url: '/users/org-admin', headers: { cookie: admin }, payload: { disabled: true } });
    expect(self.statusCode).toBe(409);
    expect(
      (await app.inject({ method: 'PATCH', url: '/users/nobody', headers: { cookie: admin }, payload: { displayName: 'x' } })).statusCode,
    ).toBe(404);
    expect((await app.inject({ method: 'PATCH', url: '/users/ts-01-li', headers: { cookie: admin }, payload: {} })).statusCode).toBe(400);
    const listed = JSON.parse((await app.inject({ method: 'GET', url: '/users', headers: { cookie: admin } })).body) as Array<
      Record<string, unknown>
    >;
    expect(listed.map((u) => u.login)).toContain('ts-01-li');
    expect(JSON.stringify(listed)).not.toMatch(/argon2/);
  });

  it('createDemoUsers makes one user per role once, and leaves them alone afterwards', async () => {
    expect(demoUsers.map((u) => [u.login, u.role, u.townshipId])).toEqual([
      ['org-admin', 'admin', undefined],
      ['org-staff', 'county-org-dept', undefined],
      ['ts-01-committee', 'township-committee', 'ts-01'],
      ['ts-02-committee', 'township-committee', 'ts-02'],
      ['auditor', 'auditor', undefined],
    ]);
    expect(demoUsers.every((u) => u.created && typeof u.password === 'string' && u.password.length >= 20)).toBe(true);
    const again = await createDemoUsers(database.db);
    expect(again.every((u) => !u.created && u.password === undefined)).toBe(true);
    // An existing demo user keeps the password printed the first time.
    expect((await login('ts-02-committee')).statusCode).toBe(200);
  });
});
