/**
 * Bad input to the online ballots' routes (docs/api.md "Online ballots") through the real
 * API on a real PostgreSQL database: wrong types, unknown fields, ids and tokens that are
 * not ids and tokens, and a property-based fuzz of the session's definition, the ballot
 * and the token. Every answer is a 2xx or a 4xx problem, never a 5xx; a refused open
 * opens nothing and a refused cast writes nothing and leaves its token unused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEFAULT_POLICY } from '../../domain/policy';
import { buildApi } from '../../client/api/server';
import { directBackend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { problem, signedInUser } from '../support/api';
import { appendCaseEvents, openedTask } from '../support/inbox';

const PASSWORD = 'ballot input passphrase';
const CASE = 'probation/p-ballot-input/test';
const STEP = 'democratic-rating';
const enc = encodeURIComponent;

let database: TestDatabase;
let app: FastifyInstance;
let cookie: string;
let auditor: string;
let sessionId: string;
let tokens: string[];

async function call(opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}

async function counts() {
  const db = database.db;
  const n = async (q: Promise<{ n: string | number | bigint }>) => Number((await q).n);
  return {
    sessions: await n(
      db
        .selectFrom('ballot_sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    ballots: await n(
      db
        .selectFrom('ballots')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    used: await n(
      db
        .selectFrom('ballot_tokens')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('status', '!=', 'issued')
        .executeTakeFirstOrThrow(),
    ),
  };
}

function clientOrProblem(res: LightMyRequestResponse, what: string): void {
  expect(res.statusCode, `${what}: ${res.body}`).toBeLessThan(500);
  if (res.statusCode >= 400) {
    expect(res.headers['content-type'], what).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  app = await buildApi({
    db: database.db,
    backend: directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-input-ballots' }),
    // The fuzz sends hundreds of bad tokens from one address: the limits are the unit test's and the HTTP suite's to check.
    castLimits: { perToken: { max: 1e6, windowMs: 60_000 }, perAddress: { max: 1e6, windowMs: 60_000 } },
  });
  await appendCaseEvents(database.db, CASE, [
    {
      type: 'CaseStarted',
      data: {
        caseId: CASE,
        kind: 'probation',
        subjectId: 'p-ballot-input',
        townshipId: 'ts-01',
        policyVersion: 'test',
        startedAt: '2026-12-01T02:00:00.000Z',
        summary: '试用期考察',
      },
    },
    openedTask(CASE, 'ts-01', STEP, '2026-12-08T09:30:00.000Z'),
  ]);
  cookie = (
    await signedInUser({ database, app }, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })
  ).cookie;
  auditor = (await signedInUser({ database, app }, { login: 'ballot-auditor', role: 'auditor', password: PASSWORD })).cookie;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('bad input to the online ballots', () => {
  it('an open: missing, of the wrong type, with an unknown field, not JSON, a definition the step refuses — and nothing opens', async () => {
    const url = `/cases/${enc(CASE)}/ballot-sessions`;
    const json = { 'content-type': 'application/json' };
    expect(problem(await call({ method: 'POST', url, headers: json, payload: '{}' }), 400)).toMatch(/step/);
    expect(problem(await call({ method: 'POST', url, payload: { step: STEP, definition: [] } }), 400)).toMatch(/definition/);
    expect(problem(await call({ method: 'POST', url, payload: { step: STEP, definition: { due: 5 }, actor: 'x' } }), 400)).toMatch(
      /unknown field "actor"/,
    );
    expect(problem(await call({ method: 'POST', url, payload: { step: STEP, definition: { due: 5 }, spares: 51 } }), 400)).toMatch(
      /spares/,
    );
    expect(problem(await call({ method: 'POST', url, payload: { step: STEP, definition: { due: '5' } } }), 422)).toMatch(/due/);
    const unknownField = await call({ method: 'POST', url, payload: { step: STEP, definition: { due: 5, weights: 2 } } });
    problem(unknownField, 422);
    expect(JSON.parse(unknownField.body)).toMatchObject({ reason: 'bad-session', zh: expect.stringContaining('投票设置有误') });
    expect(problem(await call({ method: 'POST', url, headers: json, payload: '{"step":' }), 400)).toMatch(/not valid JSON/);
    problem(
      await call({
        method: 'POST',
        url: `/cases/${enc('probation/p-none/x')}/ballot-sessions`,
        payload: { step: STEP, definition: { due: 5 } },
      }),
      404,
    );
    problem(await call({ method: 'POST', url, payload: { step: 'check-in-1', definition: { due: 5 } } }), 422);
    expect((await counts()).sessions).toBe(0);
  });

  it('a fuzzed definition is opened or refused as a 4xx problem, never a 5xx, and at most one session opens', async () => {
    const url = `/cases/${enc(CASE)}/ballot-sessions`;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.anything(),
          fc.record(
            { due: fc.oneof(fc.integer(), fc.string(), fc.double()), question: fc.oneof(fc.string(), fc.integer()) },
            { requiredKeys: [] },
          ),
          fc.record({
            due: fc.integer({ min: -3, max: 3 }),
            closesAt: fc.oneof(
              fc.string(),
              fc.date().map((d) => (isNaN(d.getTime()) ? 'x' : d.toISOString())),
            ),
          }),
        ),
        async (definition) => {
          const res = await call({ method: 'POST', url, payload: { step: STEP, definition: definition as never } });
          clientOrProblem(res, JSON.stringify(definition));
          if (res.statusCode === 201) {
            // Opened: close it again so the next run meets no open session.
            const id = (JSON.parse(res.body) as { sessionId: string }).sessionId;
            expect((await call({ method: 'POST', url: `/ballot-sessions/${id}/close` })).statusCode).toBe(200);
          }
        },
      ),
      { numRuns: 60 },
    );
    const open = await database.db.selectFrom('ballot_sessions').select('status').where('status', '=', 'open').execute();
    expect(open.length).toBe(0);
  });

  it('a session to vote in: opened once with 5 tokens and a spare', async () => {
    const res = await call({
      method: 'POST',
      url: `/cases/${enc(CASE)}/ballot-sessions`,
      payload: { step: STEP, definition: { due: 5 }, spares: 1 },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = JSON.parse(res.body) as { sessionId: string; tokens: { token: string }[] };
    sessionId = body.sessionId;
    tokens = body.tokens.map((t) => t.token);
    expect(tokens).toHaveLength(5);
  });

  it('session ids, receipts and tokens that are not ones are refused before any lookup', async () => {
    problem(await call({ method: 'GET', url: '/ballot-sessions/not-a-session/turnout' }), 400);
    problem(await call({ method: 'POST', url: `/ballot-sessions/${enc("bs-'; drop table ballots; --")}/close` }), 400);
    problem(await app.inject({ method: 'GET', url: `/ballot-sessions/${sessionId}/ballots?receipt=zz` }), 400);
    problem(await app.inject({ method: 'GET', url: `/ballot-sessions/${sessionId}/ballots?receipt=abcdefabcdef&x=1` }), 400);
    problem(
      await app.inject({
        method: 'POST',
        url: '/ballots',
        payload: { token: tokens[0], ballot: { kind: 'rating', grade: 'excellent' }, session: 'x' },
      }),
      400,
    );
    problem(await app.inject({ method: 'POST', url: '/ballots', payload: { token: 7, ballot: {} } }), 400);
    problem(await app.inject({ method: 'POST', url: '/ballots', payload: { token: 'x'.repeat(65), ballot: {} } }), 400);
    problem(await app.inject({ method: 'POST', url: '/ballots/form', payload: { token: '0000' } }), 400);
    const audit = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: auditor } });
    problem(await audit('/audit/ballot-sessions?sessionId=x'), 400);
    problem(await audit(`/audit/ballot-sessions?sessionId=${sessionId}&all=1`), 400);
    problem(await audit('/audit/ballot-sessions?sessionId=bs-00000000-0000-4000-8000-000000000000'), 404);
    expect(JSON.parse((await audit(`/audit/ballot-sessions?sessionId=${sessionId}`)).body)).toEqual({
      ok: true,
      sessions: [{ sessionId, ok: true, checked: 0 }],
    });
    problem(await call({ method: 'POST', url: `/ballot-sessions/${sessionId}/voided-tokens`, payload: { token: tokens[0] } }), 409);
    expect(await counts()).toMatchObject({ ballots: 0, used: 0 });
  });

  it('a case’s sessions: an id that is no case id, an unknown query, a missing case — refused; a fuzzed id never a 5xx', async () => {
    const list = (caseId: string, query = '') => call({ method: 'GET', url: `/cases/${enc(caseId)}/ballot-sessions${query}` });
    problem(await list('../etc/passwd'), 400);
    problem(await list(`${CASE}'; drop table ballot_sessions; --`), 400);
    problem(await list(CASE, '?status=open'), 400);
    expect(problem(await list('probation/p-none/x'), 404)).toMatch(/no case/);
    const listed = await list(CASE);
    expect(listed.statusCode, listed.body).toBe(200);
    // The fuzz above closed what it opened; the session opened for voting is open. No token is ever listed.
    const body = JSON.parse(listed.body) as { sessions: { sessionId: string; status: string }[] };
    expect(body.sessions.filter((s) => s.status === 'open').map((s) => s.sessionId)).toEqual([sessionId]);
    for (const t of tokens) expect(listed.body).not.toContain(t);
    // Long ids reach the route's own schema (a case id is at most 200 characters); past the
    // router's limit (1000) the router refuses, as a problem too.
    expect(problem(await list(`probation/${'p'.repeat(150)}/x`), 404)).toMatch(/no case/);
    expect(problem(await list('p'.repeat(250)), 400)).toMatch(/more than 200 characters/);
    expect(problem(await list('p'.repeat(1500)), 414)).toMatch(/longer than any id/);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300, unit: 'binary-ascii' }), async (caseId) => {
        clientOrProblem(await list(caseId), caseId);
      }),
      { numRuns: 100 },
    );
  });

  it('a fuzzed ballot or token is cast or refused as a 4xx problem, never a 5xx; a refused one writes nothing', async () => {
    const grades = ['excellent', 'competent', 'basicallyCompetent', 'notCompetent'];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(tokens[0]!), fc.string(), fc.stringMatching(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/)),
        fc.oneof(
          fc.anything(),
          fc.record(
            { kind: fc.constantFrom('rating', 'choose', 'approve', 'x'), grade: fc.oneof(fc.constantFrom(...grades), fc.string()) },
            { requiredKeys: [] },
          ),
          fc.record({ kind: fc.constant('rating'), grade: fc.constantFrom(...grades), extra: fc.anything() }),
        ),
        async (token, ballot) => {
          const before = await counts();
          const res = await app.inject({ method: 'POST', url: '/ballots', payload: { token, ballot: ballot as never } });
          clientOrProblem(res, JSON.stringify({ token, ballot }));
          const after = await counts();
          if (res.statusCode === 201) expect(after.ballots).toBe(before.ballots + 1);
          else expect(after).toEqual(before);
          const form = await app.inject({ method: 'POST', url: '/ballots/form', payload: { token } });
          clientOrProblem(form, token);
        },
      ),
      { numRuns: 120 },
    );
    // Of the session's tokens only the first was fuzzed: at most its one ballot was cast.
    expect((await counts()).ballots).toBeLessThanOrEqual(1);
  });

  it('a session’s decision: an open session, a body or an extra field that is not the chair’s is refused and sends nothing', async () => {
    const url = `/ballot-sessions/${sessionId}/decision`;
    const events = async () =>
      Number(
        (
          await database.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('stream_id', '=', CASE)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await events();
    const open = await call({ method: 'POST', url, payload: {} });
    problem(open, 409);
    expect(JSON.parse(open.body)).toMatchObject({ reason: 'session-open', zh: expect.stringContaining('投票尚未结束') });
    expect(problem(await call({ method: 'POST', url, payload: { extra: [] } }), 400)).toMatch(/extra/);
    expect(problem(await call({ method: 'POST', url, payload: { extra: 'on=2026-03-02' } }), 400)).toMatch(/extra/);
    expect(problem(await call({ method: 'POST', url, payload: { decision: { votes: {} } } }), 400)).toMatch(/unknown field "decision"/);
    problem(await call({ method: 'POST', url: `/ballot-sessions/${enc('bs-../x')}/decision`, payload: {} }), 400);
    expect((await call({ method: 'POST', url: `/ballot-sessions/${sessionId}/close` })).statusCode).toBe(200);
    // A rating's decision is all the ballots': whatever field the chair adds is refused, in both languages.
    await fc.assert(
      fc.asyncProperty(
        // Values a JSON body can carry: an `undefined` value vanishes on the wire and `{ " ": undefined }` arrives as an
        // empty extra, which adds nothing and is rightly sent on. No `__proto__` key at any depth: the JSON reader
        // refuses those first (400 forbidden-key), before the route.
        fc
          .dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { minKeys: 1 })
          .filter((d) => !JSON.stringify(d).includes('"__proto__"')),
        async (extra) => {
          const res = await call({ method: 'POST', url, payload: { extra } });
          clientOrProblem(res, JSON.stringify(extra));
          expect(res.statusCode, res.body).toBe(422);
          expect(JSON.parse(res.body)).toMatchObject({ reason: 'bad-extra', zh: expect.stringContaining('不能补充') });
        },
      ),
      { numRuns: 60 },
    );
    expect(await events()).toBe(before);
  });
});
