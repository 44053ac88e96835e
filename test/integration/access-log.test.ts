/**
 * The access log on a real PostgreSQL database: account administration through the API
 * and the CLI, and views of a cadre's full record, each recorded in the transaction that
 * does it; what auditors see (GET /audit/access-log, `cadreflow audit access-log`); the
 * hash chain found broken by a tampered row; UPDATE, TRUNCATE and early DELETE refused
 * by the database; and another township's cadre or case answered exactly as a missing one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { verifyAccessLog, type AccessEntry } from '../../client/api/accessLog';
import { createUser } from '../../client/api/accounts';
import type { Backend } from '../../client/backend';
import { seedRegistry } from '../../client/registrySeed';
import { buildApi } from '../../client/api/server';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { runCli } from '../support/cli';

const PASSWORD = 'correct horse battery staple';
const unreachable = new Proxy({} as Backend, {
  get: (_t, name) => () => {
    throw new Error(`backend.${String(name)} is not used by these tests`);
  },
});

let database: TestDatabase;
let app: FastifyInstance;
let env: NodeJS.ProcessEnv;
const cookies: Record<string, string> = {};

async function call(who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });
}

async function entries(query = ''): Promise<{ items: AccessEntry[]; total: number }> {
  const res = await call('auditor', 'GET', `/audit/access-log${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body) as { items: AccessEntry[]; total: number };
}

/** Switches the table's guard off for one statement: what a tamperer with database rights would do. */
async function behindTheGuard(statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`alter table access_log disable trigger access_log_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`alter table access_log enable trigger access_log_append_only`.execute(trx);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  env = { ...process.env, DATABASE_URL: database.url, CADREFLOW_DATA_DIR: mkdtempSync(join(tmpdir(), 'cf-access-')), LOG_LEVEL: 'warn' };
  app = await buildApi({ db: database.db, backend: unreachable, logger: pino({ level: 'silent' }) });
  for (const [login, role, townshipId] of [
    ['org-admin', 'admin'],
    ['org-staff', 'county-org-dept'],
    ['auditor', 'auditor'],
    ['ts-01-committee', 'township-committee', 'ts-01'],
  ] as const) {
    await createUser(database.db, { login, role, townshipId, password: PASSWORD });
    const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { login, password: PASSWORD } });
    cookies[login] = String(res.headers['set-cookie']).split(';')[0]!;
  }
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('the access log', () => {
  it('records account creation, role change, password reset and disabling through the API, as the admin, with the request id', async () => {
    const created = await call('org-admin', 'POST', '/users', { login: 'new-clerk', role: 'auditor' });
    expect(created.statusCode).toBe(201);
    const role = await call('org-admin', 'PATCH', '/users/new-clerk', { role: 'township-committee', townshipId: 'ts-02' });
    expect(role.statusCode, role.body).toBe(200);
    expect(JSON.parse(role.body)).toMatchObject({ user: { role: 'township-committee', townshipId: 'ts-02' } });
    const reset = await call('org-admin', 'PATCH', '/users/new-clerk', { resetPassword: true });
    const disabled = await call('org-admin', 'PATCH', '/users/new-clerk', { disabled: true });
    expect([reset.statusCode, disabled.statusCode]).toEqual([200, 200]);

    const { items } = await entries('?subject=new-clerk');
    expect(items.map((e) => e.kind)).toEqual(['account.disabled', 'account.password-reset', 'account.role-changed', 'account.created']);
    for (const e of items) {
      expect(e.actor).toEqual({ login: 'org-admin', role: 'admin' });
      expect(e.actorId).toBe('org-admin');
      expect(e.channel).toBe('api');
    }
    expect(items[0]!.requestId).toBe(disabled.headers['x-request-id']);
    expect(items[2]!.detail).toEqual({
      from: { role: 'auditor', townshipId: null },
      to: { role: 'township-committee', townshipId: 'ts-02' },
    });
    expect(JSON.stringify(items)).not.toContain((JSON.parse(reset.body) as { password: string }).password);
  });

  it('a refused change records nothing, and changes nothing', async () => {
    const before = (await entries()).total;
    expect((await call('org-admin', 'PATCH', '/users/new-clerk', { role: 'township-committee', townshipId: 'ts-99' })).statusCode).toBe(
      400,
    );
    expect((await call('org-admin', 'PATCH', '/users/org-admin', { role: 'auditor' })).statusCode).toBe(409);
    expect((await call('org-staff', 'POST', '/users', { login: 'sneaky', role: 'admin' })).statusCode).toBe(403);
    expect((await entries()).total).toBe(before);
    const row = await database.db
      .selectFrom('users')
      .select(['role', 'township_id'])
      .where('login', '=', 'new-clerk')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'township-committee', township_id: 'ts-02' });
  });

  it('records each view of a cadre’s full record; the list view is not one', async () => {
    const person = await database.db
      .selectFrom('people')
      .select(['person_id'])
      .where('township_id', '=', 'ts-01')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    expect((await call('org-staff', 'GET', `/registry/people/${person.person_id}`)).statusCode).toBe(200);
    expect((await call('ts-01-committee', 'GET', `/registry/people/${person.person_id}`)).statusCode).toBe(200);
    expect((await call('org-staff', 'GET', '/registry/people?township=ts-01&limit=5')).statusCode).toBe(200);
    const { items } = await entries(`?kind=person.viewed&subject=${person.person_id}`);
    expect(items.map((e) => e.actorId)).toEqual(['ts-01-committee', 'org-staff']);
    expect(items[0]!.actor).toEqual({ login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' });
    expect(items[0]!.detail).toEqual({ townshipId: 'ts-01' });
  });

  it('filters by actor, kind and time, and pages', async () => {
    const all = await entries('?limit=500');
    expect(all.total).toBe(all.items.length);
    const byActor = await entries('?actor=org-staff');
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((e) => e.actorId === 'org-staff')).toBe(true);
    const created = await entries('?kind=account.created');
    expect(created.items.every((e) => e.kind === 'account.created')).toBe(true);
    // The setup's accounts were made by the program, not by a person.
    expect(created.items.find((e) => e.subject === 'auditor')?.actor).toEqual({ system: 'cadreflow' });
    const newest = all.items[0]!;
    expect((await entries(`?from=${encodeURIComponent(newest.recordedAt)}`)).items.map((e) => e.position)).toContain(newest.position);
    expect((await entries(`?to=${encodeURIComponent(all.items[all.items.length - 1]!.recordedAt)}`)).total).toBe(0);
    const page = await entries('?limit=2&offset=1');
    expect(page.items.map((e) => e.position)).toEqual(all.items.slice(1, 3).map((e) => e.position));
    expect((await call('auditor', 'GET', '/audit/access-log?from=2026-13-01')).statusCode).toBe(400);
    expect((await call('auditor', 'GET', '/audit/access-log?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z')).statusCode).toBe(400);
  });

  it('the CLI records its operator (the OS user) as the actor, and `audit access-log` lists and verifies', async () => {
    const add = await runCli(['users', 'add', '--login', 'cli-made', '--role', 'auditor'], env);
    expect(add.code, add.stderr).toBe(0);
    const set = await runCli(['users', 'set', 'cli-made', '--role', 'county-org-dept', '--disable'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/^cli-made: county-org-dept, disabled$/m);
    const me = userInfo().username;
    const { items } = await entries('?subject=cli-made');
    expect(items.map((e) => [e.kind, e.actorId, e.channel])).toEqual([
      ['account.disabled', `os:${me}`, 'cli'],
      ['account.role-changed', `os:${me}`, 'cli'],
      ['account.created', `os:${me}`, 'cli'],
    ]);

    const listed = await runCli(['audit', 'access-log', '--subject', 'cli-made'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^position\s+recorded\s+actor\s+channel\s+kind\s+subject\s+detail$/m);
    expect(listed.stdout).toMatch(new RegExp(`os:${me}\\s+cli\\s+account\\.disabled\\s+cli-made`));
    const verified = await runCli(['audit', 'access-log', '--verify'], env);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^access log: ok, \d+ entries, head \d+$/m);
    const badKind = await runCli(['audit', 'access-log', '--kind', 'account.deleted'], env);
    expect(badKind.code).toBe(1);
    expect(badKind.stderr).toMatch(/--kind must be one of account\.created/);
  }, 120_000);

  it('only auditors and admins read it', async () => {
    expect((await call('org-staff', 'GET', '/audit/access-log')).statusCode).toBe(403);
    expect((await call('ts-01-committee', 'GET', '/audit/access-log')).statusCode).toBe(403);
    expect((await call('org-admin', 'GET', '/audit/access-log')).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/audit/access-log' })).statusCode).toBe(401);
  });
});

describe('the access log’s integrity', () => {
  it('the database refuses UPDATE, TRUNCATE, DELETE of a recent row and a back-dated insert', async () => {
    await expect(sql`update access_log set subject = 'someone-else' where position = 1`.execute(database.db)).rejects.toThrow(
      /append-only and kept 6 months: UPDATE/,
    );
    await expect(sql`delete from access_log where position = 1`.execute(database.db)).rejects.toThrow(
      /append-only and kept 6 months: DELETE/,
    );
    await expect(sql`truncate access_log`.execute(database.db)).rejects.toThrow(/append-only and kept 6 months: TRUNCATE/);
    await expect(
      sql`insert into access_log (position, recorded_at, kind, actor, actor_id, subject, channel, prev_hash, hash)
          values (100000, now() - interval '1 year', 'person.viewed', '{}', 'x', 'p-0001', 'api', ${'0'.repeat(64)}, ${'0'.repeat(64)})`.execute(
        database.db,
      ),
    ).rejects.toThrow(/recorded_at must be the transaction time/);
    expect((await verifyAccessLog(database.db)).ok).toBe(true);
  });

  it('a tampered row is found, by the API and by the CLI', async () => {
    const before = await verifyAccessLog(database.db);
    expect(before.ok).toBe(true);
    const target = (await entries('?kind=person.viewed')).items.at(-1)!;
    await behindTheGuard(
      sql`update access_log set actor = '{"login":"nobody","role":"auditor"}', actor_id = 'nobody' where position = ${BigInt(target.position)}`,
    );
    const res = await call('auditor', 'GET', '/audit/access-log/verification');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      ok: false,
      firstBadPosition: target.position,
      reason: `hash of position ${target.position} does not match its contents`,
    });
    const cliVerify = await runCli(['audit', 'access-log', '--verify'], env);
    expect(cliVerify.code).toBe(1);
    expect(cliVerify.stdout).toContain(
      `access log: BROKEN at position ${target.position}: hash of position ${target.position} does not match its contents`,
    );
    // Put back as it was: the chain verifies again.
    await behindTheGuard(
      sql`update access_log set actor = ${sql.lit(JSON.stringify(target.actor))}::jsonb, actor_id = ${target.actorId} where position = ${BigInt(target.position)}`,
    );
    const restored = await verifyAccessLog(database.db);
    expect(restored).toMatchObject({ ok: true, checked: before.checked });
  }, 60_000);

  it('a row older than six months may be deleted from the oldest up; the chain then verifies from the first row kept', async () => {
    const before = await verifyAccessLog(database.db);
    // Age the first row (its hash no longer matches: it is the one deleted next).
    await behindTheGuard(sql`update access_log set recorded_at = now() - interval '7 months' where position = 1`);
    await sql`delete from access_log where position = 1`.execute(database.db);
    await expect(sql`delete from access_log where position = 2`.execute(database.db)).rejects.toThrow(/append-only/);
    const after = await verifyAccessLog(database.db);
    expect(after).toMatchObject({ ok: true, from: '2', checked: before.checked - 1, head: before.head });
  });
});

describe('another township’s cadre or case is answered exactly as a missing one', () => {
  it('same status, same problem, same words', async () => {
    const other = await database.db
      .selectFrom('people')
      .select('person_id')
      .where('township_id', '=', 'ts-02')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const hidden = await call('ts-01-committee', 'GET', `/registry/people/${other.person_id}`);
    const missing = await call('ts-01-committee', 'GET', '/registry/people/p-99999');
    expect(hidden.statusCode).toBe(404);
    const shape = (res: LightMyRequestResponse) => {
      const body = JSON.parse(res.body) as Record<string, unknown>;
      return {
        status: res.statusCode,
        keys: Object.keys(body).sort(),
        type: body.type,
        title: body.title,
        detail: String(body.detail).replace(/p-\d+/, '<id>'),
      };
    };
    expect(shape(hidden)).toEqual(shape(missing));
    expect(JSON.parse(hidden.body).detail).toBe(`no cadre ${other.person_id} in the registry`);
    // Nothing was shown, so nothing is recorded as viewed.
    expect((await entries(`?kind=person.viewed&subject=${other.person_id}`)).total).toBe(0);
    // County staff see it.
    expect((await call('org-staff', 'GET', `/registry/people/${other.person_id}`)).statusCode).toBe(200);
  });
});
