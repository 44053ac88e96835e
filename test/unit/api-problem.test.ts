/**
 * How the API fails: problem details for everything, no stack or internal message in
 * a 500 (which is logged with its request id), Temporal outages as 503, refusals
 * mapped to their statuses; every route declares who may call it; and the OpenAPI
 * document describes every route with closed request bodies.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import pino from 'pino';
import { ServiceError } from '@temporalio/client';
import type { Backend } from '../../client/backend';
import { createUser } from '../../client/api/accounts';
import { installAuth } from '../../client/api/auth';
import { toProblem } from '../../client/api/problem';
import { buildApi, unstorable } from '../../client/api/server';
import { CaseBusyError, DecisionRefusedError, UserError } from '../../client/cases';
import { openPgliteDatabase, type OpenedDatabase } from '../../schema/connect';
import { migrateToLatest } from '../../schema/migrate';

const PASSWORD = 'correct horse battery staple';
let database: OpenedDatabase;
let app: FastifyInstance;
let cookie: string;
const logLines: string[] = [];
let tasksFail: Error = new Error('connection refused at 10.0.0.7:5432 (user cadreflow, password hunter2)');

const backend = {
  tasks: async () => {
    throw tasksFail;
  },
} as unknown as Backend;

beforeAll(async () => {
  database = await openPgliteDatabase();
  await migrateToLatest(database.db);
  await createUser(database.db, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD });
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  app = await buildApi({ db: database.db, backend, logger: pino({ level: 'info' }, sink) });
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { login: 'org-staff', password: PASSWORD } });
  cookie = String(res.headers['set-cookie']).split(';')[0]!;
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('problem details', () => {
  it('a 500 says "internal error" with the request id, never the cause, and logs the cause', async () => {
    tasksFail = new Error('connection refused at 10.0.0.7:5432 (user cadreflow, password hunter2)');
    const res = await app.inject({ method: 'GET', url: '/tasks', headers: { cookie } });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    const requestId = res.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body).toEqual({
      type: 'urn:cadreflow:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: `internal error; quote request id ${requestId} when reporting it`,
      requestId,
    });
    expect(res.body).not.toMatch(/10\.0\.0\.7|hunter2|\.ts:\d+|at /);
    const logged = logLines
      .map((l) => JSON.parse(l) as { msg: string; reqId?: string; err?: { message: string; stack: string } })
      .find((l) => l.reqId === requestId);
    expect(logged?.msg).toBe('request failed');
    expect(logged?.err?.message).toContain('connection refused');
    expect(logged?.err?.stack).toBeDefined();
  });

  it('Temporal being unreachable is a 503, not a 500', async () => {
    tasksFail = new ServiceError('14 UNAVAILABLE: connect ECONNREFUSED 127.0.0.1:7233');
    const res = await app.inject({ method: 'GET', url: '/tasks', headers: { cookie } });
    expect(res.statusCode).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'urn:cadreflow:problem:temporal-unavailable',
      detail: 'Temporal is not reachable; try again shortly',
    });
    expect(res.body).not.toContain('7233');
  });

  it('a case too busy to admit the decision is a 503 to send again, in both languages, logged without a stack', async () => {
    tasksFail = new CaseBusyError('evaluation-round/2026');
    const res = await app.inject({ method: 'GET', url: '/tasks', headers: { cookie } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(JSON.parse(res.body)).toMatchObject({
      type: 'urn:cadreflow:problem:case-busy',
      detail: expect.stringContaining('nothing was recorded'),
      zh: expect.stringContaining('未作记录'),
    });
    const logged = logLines.map((l) => JSON.parse(l) as { msg: string; err?: unknown }).filter((l) => l.msg === 'request not served');
    expect(logged.at(-1)?.err).toBeUndefined();
  });

  it('an unknown route is a 404 problem, for anyone', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?x=1' });
    expect(res.statusCode).toBe(404);
    expect(JSON.parse(res.body)).toEqual({
      type: 'urn:cadreflow:problem:not-found',
      title: 'Not found',
      status: 404,
      detail: 'no route GET /nowhere; the API is described at /docs',
    });
  });

  it('a missing content type and a foreign one are 415', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'login=a&password=b',
    });
    expect(res.statusCode).toBe(415);
    expect(JSON.parse(res.body).detail).toBe('content type "application/x-www-form-urlencoded" is not accepted; send application/json');
    const bare = await app.inject({ method: 'POST', url: '/auth/login', payload: '{}' });
    expect(bare.statusCode).toBe(415);
    expect(JSON.parse(bare.body).detail).toBe('a request body needs Content-Type: application/json');
  });

  it('maps every refusal a case can give to a 4xx with its reason', () => {
    const request = { id: 'r-1' } as FastifyRequest;
    const statuses = Object.fromEntries(
      ['WrongRole', 'WrongTownship', 'UnknownStep', 'DuplicateDecision', 'CaseClosed', 'NoticeClosed', 'MalformedDecision'].map(
        (reason) => {
          const p = toProblem(new DecisionRefusedError(reason, 'no'), request);
          expect(p.reason).toBe(reason);
          expect(p.detail).toBe(`refused (${reason}): no`);
          return [reason, p.status];
        },
      ),
    );
    expect(statuses).toEqual({
      WrongRole: 403,
      WrongTownship: 403,
      UnknownStep: 409,
      DuplicateDecision: 409,
      CaseClosed: 409,
      NoticeClosed: 409,
      MalformedDecision: 422,
    });
    expect(toProblem(new UserError('--appointed must be YYYY-MM-DD'), request)).toMatchObject({
      status: 400,
      detail: '--appointed must be YYYY-MM-DD',
    });
  });
});

describe('routes', () => {
  it('a route that does not declare its access is refused when it is registered', async () => {
    const bare = Fastify();
    installAuth(bare, { db: database.db, clock: Date.now, cookie: { secure: false } });
    expect(() => bare.get('/open', async () => 'oops')).toThrow(/declares no access/);
    await bare.close();
  });

  it('the OpenAPI document lists every route, with closed request bodies and problem responses', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> }; responses: Record<string, unknown> }
        >
      >;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.sort()).toEqual(
      [
        'GET /health',
        'POST /auth/login',
        'POST /auth/logout',
        'GET /auth/me',
        'GET /auth/tokens',
        'POST /auth/tokens',
        'DELETE /auth/tokens/{tokenId}',
        'GET /users',
        'GET /users/townships',
        'POST /users',
        'PATCH /users/{login}',
        'GET /cases',
        'POST /cases/probation',
        'POST /cases/selection',
        'POST /cases/election',
        'POST /cases/rectification',
        'POST /cases/member-development',
        'POST /rectification/screenings',
        'GET /cases/{caseId}',
        'GET /cases/{caseId}/timeline',
        'GET /cases/{caseId}/record',
        'GET /cases/{caseId}/record.docx',
        'GET /cases/{caseId}/notice.docx',
        'GET /documents/roster.xlsx',
        'GET /rectification/ledger.xlsx',
        'GET /evaluation/rounds/{roundId}/results.xlsx',
        'POST /cases/{caseId}/decisions',
        'POST /cases/{caseId}/objections',
        'GET /tasks',
        'POST /tasks/bulk-decisions',
        'GET /cases/{caseId}/notes',
        'POST /cases/{caseId}/comments',
        'POST /cases/{caseId}/attachments',
        'GET /cases/{caseId}/attachments/{attachmentId}',
        'GET /tasks/{taskId}/assignees',
        'POST /tasks/{taskId}/assign',
        'POST /tasks/{taskId}/claim',
        'POST /tasks/{taskId}/release',
        'GET /registry/org-units',
        'GET /registry/people',
        'GET /registry/people/{personId}',
        'GET /registry/posts',
        'POST /registry/imports',
        'GET /registry/template.xlsx',
        'GET /registry/people/{personId}/lrmx',
        'GET /registry/people/{personId}/appointment-form.docx',
        'POST /registry/lrmx',
        'GET /registry/search',
        'GET /registry/statistics',
        'GET /registry/statistics.xlsx',
        'POST /registry/people',
        'PATCH /registry/people/{personId}',
        'POST /registry/people/{personId}/transfer',
        'POST /registry/people/{personId}/retire',
        'POST /registry/people/{personId}/death',
        'POST /registry/people/{personId}/posts',
        'POST /registry/posts/{assignmentId}/end',
        'POST /registry/org-units',
        'PATCH /registry/org-units/{orgUnitId}',
        'POST /registry/org-units/{orgUnitId}/dissolve',
        'GET /audit/hash-chain',
        'GET /audit/cases/{caseId}/verification',
        'GET /audit/archive',
        'POST /audit/replays',
        'GET /audit/cases/{caseId}/timeline',
        'GET /audit/checkpoints',
        'POST /audit/checkpoints',
        'GET /audit/access-log',
        'GET /audit/access-log/verification',
        'GET /dashboard',
        'POST /evaluation/rounds',
        'GET /evaluation/rounds/{roundId}',
        'GET /evaluation/rounds/{roundId}/units/{unitId}/members',
        'POST /codec/decode',
        'POST /codec/encode',
        'GET /elections',
        'GET /cases/{caseId}/election',
        'GET /rectification/cases',
        'GET /cases/{caseId}/rectification',
        'GET /cases/{caseId}/selection',
        'GET /member-development/pipeline',
        'GET /cases/{caseId}/history',
        'GET /evaluation/schedules',
        'POST /evaluation/schedules',
        'POST /cases/{caseId}/review-requests',
        'POST /cases/{caseId}/appeals',
        'POST /evaluation/rounds/{roundId}/units/{unitId}/grades',
        'POST /cases/{caseId}/ballot-sessions',
        'GET /cases/{caseId}/ballot-sessions',
        'GET /ballot-sessions/{sessionId}/turnout',
        'POST /ballot-sessions/{sessionId}/voided-tokens',
        'POST /ballot-sessions/{sessionId}/close',
        'POST /ballot-sessions/{sessionId}/decision',
        'POST /ballots/form',
        'POST /ballots',
        'GET /ballot-sessions/{sessionId}/ballots',
        'GET /audit/ballot-sessions',
      ].sort(),
    );
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const body = op.requestBody?.content['application/json']?.schema;
        if (body) expect(body.additionalProperties, `${method} ${path}`).toBe(false);
        if (path !== '/health')
          expect(
            Object.keys(op.responses).some((s) => s.startsWith('4')),
            `${method} ${path}`,
          ).toBe(true);
      }
    }
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['session', 'token']);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(res.statusCode);
  });
});

describe('unstorable input', () => {
  it('finds NUL characters, lone surrogates and deep nesting, in values and keys', () => {
    expect(unstorable({ a: ['fine', { b: '中文 😀' }], n: 1, z: null })).toBeUndefined();
    expect(unstorable({ a: ['x\u0000'] })).toMatch(/NUL/);
    expect(unstorable({ ['k\u0000']: 1 })).toMatch(/NUL/);
    expect(unstorable({ a: '\ud800' })).toMatch(/well-formed/);
    expect(unstorable({ a: '\udc00x' })).toMatch(/well-formed/);
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(unstorable(deep)).toMatch(/nested more than 32 levels/);
  });
});
