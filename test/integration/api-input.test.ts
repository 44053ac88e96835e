/**
 * Bad input through the real API, on a real PostgreSQL database and the real Temporal
 * dev server: malformed JSON, wrong types, oversized bodies, unknown ids and fields all
 * get a 4xx problem with a clear message, never a 5xx; and a property-based fuzz of the
 * decision endpoint writes nothing unless the case accepted the decision.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { directBackend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { buildApi } from '../../client/api/server';
import { createUser } from '../../client/api/accounts';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { acceptedUpdates, eventCount, eventually, historyLength } from '../support/cases';

const TASK_QUEUE = `api-input-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;
let caseId: string;
let decisionsUrl: string;

async function call(cookie: string, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}

/** A 4xx problem document whose detail says something, and the detail. */
function problem(res: LightMyRequestResponse, status: number): string {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(res.body) as { type: string; title: string; status: number; detail: string };
  expect(body.status).toBe(status);
  expect(body.type).toMatch(/^urn:cadreflow:problem:/);
  expect(body.title.length).toBeGreaterThan(0);
  expect(body.detail.length).toBeGreaterThan(5);
  expect(res.body).not.toMatch(/at .*\.(ts|js):\d+/);
  return body.detail;
}

async function login(name: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/auth/login', payload: { login: name, password: PASSWORD } });
  expect(res.statusCode).toBe(200);
  return String(res.headers['set-cookie']).split(';')[0]!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  client = shared.client;
  await seedRegistry(database.db);
  const backend = directBackend({ db: database.db, client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE });
  app = await buildApi({ db: database.db, backend, temporal: client });
  await createUser(database.db, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD });
  await createUser(database.db, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD });
  county = await login('org-staff');
  township = await login('ts-01-committee');

  const person = await database.db.selectFrom('people').select('person_id').where('org_unit_id', '=', 'ts-01').where('rank', '=', '科员').orderBy('person_id').executeTakeFirstOrThrow();
  const started = await call(county, {
    method: 'POST',
    url: '/cases/probation',
    payload: { personId: person.person_id, title: '副乡长', appointedOn: addMonths(shanghaiDate(Date.now()), -4), appointmentId: 'input' },
  });
  expect(started.statusCode).toBe(201);
  caseId = (JSON.parse(started.body) as { caseId: string }).caseId;
  decisionsUrl = `/cases/${encodeURIComponent(caseId)}/decisions`;
  await eventually(
    async () =>
      (await database.db.selectFrom('tasks').select('task_id').where('case_id', '=', caseId).where('step', '=', 'check-in-1').where('status', '=', 'pending').executeTakeFirst()) ?? undefined,
    'check-in-1 to open',
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (caseId) await client.workflow.getHandle(caseId).terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('bad input', () => {
  it('malformed JSON, an empty body, a body that is not an object', async () => {
    const json = { 'content-type': 'application/json' };
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '{"step": "check-in-1", ' }), 400)).toBe(
      'the request body is not valid JSON',
    );
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '' }), 400)).toMatch(/empty/);
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '[1,2]' }), 400)).toBe('body: must be object');
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '"good"' }), 400)).toBe('body: must be object');
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '{"__proto__": {"x": 1}}' }), 400)).toBeTruthy();
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'text/plain' }, payload: 'good' }), 415)).toMatch(
      /text\/plain.*application\/json/,
    );
  });

  it('wrong types are refused, never coerced', async () => {
    const cases: Array<[object, string]> = [
      [{ step: 1, decision: {} }, 'body.step: must be string'],
      [{ step: 'check-in-1', decision: 'good' }, 'body.decision: must be object'],
      [{ step: 'check-in-1', decision: null }, 'body.decision: must be object'],
      [{ step: 'check-in-1' }, "body: must have required property 'decision'"],
      [{ step: '', decision: {} }, 'body.step: must NOT have fewer than 1 characters'],
    ];
    for (const [payload, detail] of cases) expect(problem(await call(township, { method: 'POST', url: decisionsUrl, payload }), 400)).toBe(detail);
    const start = (payload: object) => call(county, { method: 'POST', url: '/cases/probation', payload });
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '2026-01-05', preAppointmentNotice: 'yes' }), 400)).toBe(
      'body.preAppointmentNotice: must be boolean',
    );
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '2026-02-30' }), 400)).toBe('body.appointedOn: 2026-02-30 is not a calendar day');
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '1999-01-04' }), 400)).toMatch(/^body\.appointedOn: 1999-01-04 is not between/);
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '05/01/2026' }), 400)).toMatch(/^body\.appointedOn: must match pattern/);
    expect(problem(await call(county, { method: 'GET', url: '/cases?limit=ten' }), 400)).toMatch(/^querystring\.limit: must match pattern/);
    expect(problem(await call(county, { method: 'GET', url: '/cases?status=pending' }), 400)).toMatch(/^querystring\.status: must be equal to one of/);
  });

  it('unknown fields, in the body and the query, are refused by name', async () => {
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-1', decision: { rating: 'good' }, actor: 'x' } }), 400)).toBe(
      'body: unknown field "actor"',
    );
    expect(problem(await call(county, { method: 'GET', url: '/cases?townhip=ts-02' }), 400)).toBe('querystring: unknown field "townhip"');
    // Inside a decision the case names them (MalformedDecision), and nothing is written.
    const detail = problem(await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-1', decision: { rating: 'good', score: 5 } } }), 422);
    expect(detail).toMatch(/unknown field\(s\): score/);
  });

  it('an oversized body is refused with 413 before it is read in full', async () => {
    const payload = JSON.stringify({ step: 'check-in-1', decision: { comment: 'x'.repeat(70 * 1024) } });
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload }), 413)).toBe(
      'the request body is larger than the limit of 65536 bytes',
    );
  });

  it('unknown ids and steps get 404 or 409, with what was not found', async () => {
    expect(problem(await call(county, { method: 'GET', url: '/cases/probation%2Fp-9999%2Fnone' }), 404)).toBe('no case probation/p-9999/none');
    expect(problem(await call(county, { method: 'POST', url: '/cases/probation%2Fp-9999%2Fnone/decisions', payload: { step: 'x', decision: {} } }), 404)).toBe(
      'no case probation/p-9999/none',
    );
    expect(problem(await call(county, { method: 'GET', url: '/registry/people/p-9999' }), 404)).toBe('no cadre p-9999 in the registry');
    expect(problem(await call(county, { method: 'POST', url: '/cases/probation', payload: { personId: 'p-9999', title: '副乡长', appointedOn: shanghaiDate(Date.now()) } }), 404)).toBe(
      'no cadre p-9999 in the registry',
    );
    expect(problem(await call(county, { method: 'DELETE', url: '/auth/tokens/00000000-0000-4000-8000-000000000000' }), 404)).toMatch(/no API token/);
    expect(problem(await call(county, { method: 'DELETE', url: '/auth/tokens/not-a-uuid' }), 400)).toMatch(/^params\.tokenId: must match pattern/);
    expect(problem(await call(county, { method: 'GET', url: '/cases/probation/p-0001/raw-slashes' }), 404)).toMatch(/^no route GET/);
    const step = problem(await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-9', decision: { rating: 'good' } } }), 409);
    expect(step).toMatch(/step "check-in-9" is not open/);
    const notice = problem(await call(township, { method: 'POST', url: `/cases/${encodeURIComponent(caseId)}/objections`, payload: { notice: 'no-such-notice', summary: 'x' } }), 409);
    expect(notice).toMatch(/no public notice "no-such-notice"/);
  });

  it('text PostgreSQL cannot store, and deep nesting, are refused at the door', async () => {
    const nul = problem(await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-1', decision: { rating: 'good', comment: 'a\u0000b' } } }), 400);
    expect(nul).toBe('body: text must not contain NUL (\\u0000) characters');
    const lone = '{"step":"check-in-1","decision":{"rating":"good","comment":"\\ud800"}}';
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload: lone }), 400)).toMatch(/well-formed Unicode/);
    const deep = `{"step":"check-in-1","decision":{"c":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload: deep }), 400)).toMatch(/nested more than/);
    expect(problem(await call(county, { method: 'GET', url: '/registry/people?name=%00' }), 400)).toMatch(/NUL|must match pattern/);
  });
});

describe('fuzzing the decision endpoint', () => {
  it('answers random bodies with 2xx or 4xx, and writes only what it accepted', async () => {
    const handle = client.workflow.getHandle(caseId);
    const historyBefore = await historyLength(handle);
    const acceptedBefore = await acceptedUpdates(handle);
    const step = fc.oneof(fc.constantFrom('check-in-1', 'check-in-2', 'end-early', 'county-decision', 'democratic-rating', 'township-recommendation'), fc.string());
    const decision = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.record(
        { rating: fc.oneof(fc.constantFrom('good', 'adequate', 'concern'), fc.jsonValue()), comment: fc.oneof(fc.string(), fc.jsonValue()) },
        { requiredKeys: [] },
      ),
    );
    // Weighted towards bodies that pass the schema, so most runs reach the case's validator.
    const body = fc.oneof(
      fc.jsonValue(),
      { arbitrary: fc.record({ step, decision }), weight: 4 },
      fc.record({ step, decision }, { requiredKeys: [] }),
      // A valid-looking body with one field too many: `actor` above all.
      fc.tuple(fc.record({ step, decision }), fc.constantFrom('actor', 'note', 'by'), fc.jsonValue()).map(([known, key, value]) => ({ ...known, [key]: value })),
    );
    const statuses = new Map<number, number>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await eventCount(database.db, caseId);
        const res = await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        const after = await eventCount(database.db, caseId);
        if (res.statusCode < 300) {
          accepted++;
          expect(after).toBeGreaterThan(before);
        } else {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after, `${JSON.stringify(payload)} → ${res.statusCode} wrote events`).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
    console.log(`decision fuzz: 300 bodies → ${[...statuses].sort().map(([s, n]) => `${s}×${n}`).join(', ')}`);
    expect(await acceptedUpdates(handle)).toBe(acceptedBefore + accepted);
    if (accepted === 0) expect(await historyLength(handle)).toBe(historyBefore);
  });
});
