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
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { roundScope, roundWorkflowId } from '../../domain/evaluationRound';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { acceptedUpdates, eventCount, eventually, historyLength } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';

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

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD }))
    .cookie;

  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
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
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('step', '=', 'check-in-1')
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    'check-in-1 to open',
  );
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (caseId)
    await client.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('bad input', () => {
  it('malformed JSON, an empty body, a body that is not an object', async () => {
    const json = { 'content-type': 'application/json' };
    expect(
      problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '{"step": "check-in-1", ' }), 400),
    ).toBe('the request body is not valid JSON');
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '' }), 400)).toMatch(/empty/);
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '[1,2]' }), 400)).toBe(
      'body: must be object',
    );
    expect(problem(await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '"good"' }), 400)).toBe(
      'body: must be object',
    );
    // Valid JSON, refused for a key that could reach objects' prototypes, and said so.
    const protoKey = await call(township, { method: 'POST', url: decisionsUrl, headers: json, payload: '{"__proto__": {"x": 1}}' });
    expect(problem(protoKey, 400)).toBe(
      'body: the key "__proto__" is not allowed (it could change the prototype of objects); rename or remove it',
    );
    expect((JSON.parse(protoKey.body) as { type: string }).type).toBe('urn:cadreflow:problem:forbidden-key');
    expect(
      problem(
        await call(township, {
          method: 'POST',
          url: decisionsUrl,
          headers: json,
          payload: '{"step": "check-in-1", "decision": {"__pro\\u0074o__": {}}}',
        }),
        400,
      ),
    ).toMatch(/^body\.decision: the key "__proto__" is not allowed/);
    expect(
      problem(
        await call(township, {
          method: 'POST',
          url: decisionsUrl,
          headers: json,
          payload: '{"step": "check-in-1", "decision": {"constructor": {"prototype": {}}}}',
        }),
        400,
      ),
    ).toMatch(/^body\.decision\.constructor: the key "prototype" is not allowed/);
    expect(
      problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'text/plain' }, payload: 'good' }), 415),
    ).toMatch(/text\/plain.*application\/json/);
  });

  it('wrong types are refused, never coerced', async () => {
    const cases: Array<[object, string]> = [
      [{ step: 1, decision: {} }, 'body.step: must be string'],
      [{ step: 'check-in-1', decision: 'good' }, 'body.decision: must be object'],
      [{ step: 'check-in-1', decision: null }, 'body.decision: must be object'],
      [{ step: 'check-in-1' }, "body: must have required property 'decision'"],
      [{ step: '', decision: {} }, 'body.step: must NOT have fewer than 1 characters'],
    ];
    for (const [payload, detail] of cases)
      expect(problem(await call(township, { method: 'POST', url: decisionsUrl, payload }), 400)).toBe(detail);
    const start = (payload: object) => call(county, { method: 'POST', url: '/cases/probation', payload });
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '2026-01-05', preAppointmentNotice: 'yes' }), 400)).toBe(
      'body.preAppointmentNotice: must be boolean',
    );
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '2026-02-30' }), 400)).toBe(
      'appointedOn: no such calendar day: 2026-02-30',
    );
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '1999-01-04' }), 400)).toMatch(
      /^appointedOn: 1999-01-04 is not between/,
    );
    expect(problem(await start({ personId: 'p-0001', title: '副乡长', appointedOn: '05/01/2026' }), 400)).toMatch(
      /^body\.appointedOn: must match pattern/,
    );
    // The case list's values are read by its parser (domain/caseQuery.ts): refused in Chinese and English.
    expect(problem(await call(county, { method: 'GET', url: '/cases?pageSize=ten' }), 400)).toBe(
      '每页条数须为 1–100 的整数 / pageSize must be a whole number, 1–100',
    );
    expect(problem(await call(county, { method: 'GET', url: '/cases?status=pending' }), 400)).toMatch(
      /^状态须为 open.* \/ status must be open or closed$/,
    );
    expect(problem(await call(county, { method: 'GET', url: '/cases?kind=appointment' }), 400)).toMatch(
      /^案件类型须为 .* \/ kind must be one of /,
    );
  });

  it('the case list filters by every kind of case, and a kind filter holds only that kind', async () => {
    for (const kind of ['probation', 'election', 'evaluation', 'evaluation-round', 'rectification', 'member-development']) {
      const res = await call(county, { method: 'GET', url: `/cases?kind=${kind}` });
      expect(res.statusCode, `${kind}: ${res.body}`).toBe(200);
      const items = (JSON.parse(res.body) as { items: Array<{ kind: string }> }).items;
      expect(
        items.every((c) => c.kind === kind),
        kind,
      ).toBe(true);
      if (kind === 'probation') expect(items.length).toBeGreaterThan(0);
    }
  });

  it('unknown fields, in the body and the query, are refused by name', async () => {
    expect(
      problem(
        await call(township, {
          method: 'POST',
          url: decisionsUrl,
          payload: { step: 'check-in-1', decision: { rating: 'good' }, actor: 'x' },
        }),
        400,
      ),
    ).toBe('body: unknown field "actor"');
    expect(problem(await call(county, { method: 'GET', url: '/cases?townhip=ts-02' }), 400)).toBe('querystring: unknown field "townhip"');
    // Inside a decision the case names them (MalformedDecision), and nothing is written.
    const detail = problem(
      await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-1', decision: { rating: 'good', score: 5 } } }),
      422,
    );
    expect(detail).toMatch(/unknown field\(s\): score/);
  });

  it('an oversized body is refused with 413 before it is read in full', async () => {
    const payload = JSON.stringify({ step: 'check-in-1', decision: { comment: 'x'.repeat(70 * 1024) } });
    expect(
      problem(await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload }), 413),
    ).toBe('the request body is larger than the limit of 65536 bytes');
  });

  it('unknown ids and steps get 404 or 409, with what was not found', async () => {
    expect(problem(await call(county, { method: 'GET', url: '/cases/probation%2Fp-9999%2Fnone' }), 404)).toBe(
      'no case probation/p-9999/none',
    );
    expect(
      problem(
        await call(county, { method: 'POST', url: '/cases/probation%2Fp-9999%2Fnone/decisions', payload: { step: 'x', decision: {} } }),
        404,
      ),
    ).toBe('no case probation/p-9999/none');
    expect(problem(await call(county, { method: 'GET', url: '/registry/people/p-9999' }), 404)).toBe('no cadre p-9999 in the registry');
    expect(
      problem(
        await call(county, {
          method: 'POST',
          url: '/cases/probation',
          payload: { personId: 'p-9999', title: '副乡长', appointedOn: shanghaiDate(Date.now()) },
        }),
        404,
      ),
    ).toBe('no cadre p-9999 in the registry');
    expect(problem(await call(county, { method: 'DELETE', url: '/auth/tokens/00000000-0000-4000-8000-000000000000' }), 404)).toMatch(
      /no API token/,
    );
    expect(problem(await call(county, { method: 'DELETE', url: '/auth/tokens/not-a-uuid' }), 400)).toMatch(
      /^params\.tokenId: must match pattern/,
    );
    expect(problem(await call(county, { method: 'GET', url: '/cases/probation/p-0001/raw-slashes' }), 404)).toMatch(/^no route GET/);
    const step = problem(
      await call(township, { method: 'POST', url: decisionsUrl, payload: { step: 'check-in-9', decision: { rating: 'good' } } }),
      409,
    );
    expect(step).toMatch(/step "check-in-9" is not open/);
    const notice = problem(
      await call(township, {
        method: 'POST',
        url: `/cases/${encodeURIComponent(caseId)}/objections`,
        payload: { notice: 'no-such-notice', summary: 'x' },
      }),
      409,
    );
    expect(notice).toMatch(/no public notice "no-such-notice"/);
  });

  it('text PostgreSQL cannot store, and deep nesting, are refused at the door', async () => {
    const nul = problem(
      await call(township, {
        method: 'POST',
        url: decisionsUrl,
        payload: { step: 'check-in-1', decision: { rating: 'good', comment: 'a\u0000b' } },
      }),
      400,
    );
    expect(nul).toBe('body: text must not contain NUL (\\u0000) characters');
    const lone = '{"step":"check-in-1","decision":{"rating":"good","comment":"\\ud800"}}';
    expect(
      problem(
        await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload: lone }),
        400,
      ),
    ).toMatch(/well-formed Unicode/);
    const deep = `{"step":"check-in-1","decision":{"c":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    expect(
      problem(
        await call(township, { method: 'POST', url: decisionsUrl, headers: { 'content-type': 'application/json' }, payload: deep }),
        400,
      ),
    ).toMatch(/nested more than/);
    expect(problem(await call(county, { method: 'GET', url: '/registry/people?name=%00' }), 400)).toMatch(/NUL|must match pattern/);
  });
});

describe('bad input to the dashboard, evaluation round and verification endpoints', () => {
  const rounds = (payload: unknown, headers: Record<string, string> = {}) =>
    call(county, {
      method: 'POST',
      url: '/evaluation/rounds',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(payload),
    });

  it('a round’s body: wrong types, out of range, empty or repeated townships, unknown fields — and nothing starts', async () => {
    const eventsBefore = await eventCount(database.db);
    const cases: Array<[unknown, string]> = [
      [{}, "body: must have required property 'year'"],
      [{ year: '2026' }, 'body.year: must be integer'],
      [{ year: 2026.5 }, 'body.year: must be integer'],
      [{ year: 1999 }, 'body.year: must be >= 2000'],
      [{ year: 2101 }, 'body.year: must be <= 2100'],
      [{ year: 2026, townships: 'ts-01' }, 'body.townships: must be array'],
      [{ year: 2026, townships: [] }, 'body.townships: must NOT have fewer than 1 items'],
      [{ year: 2026, townships: ['ts-01', 'ts-01'] }, 'body.townships: must NOT have duplicate items (items ## 1 and 0 are identical)'],
      [{ year: 2026, townships: [7] }, 'body.townships.0: must be string'],
      [{ year: 2026, scope: 'county' }, 'body: unknown field "scope"'],
      [[2026], 'body: must be object'],
    ];
    for (const [payload, detail] of cases) expect(problem(await rounds(payload), 400), JSON.stringify(payload)).toBe(detail);
    expect(problem(await rounds({ year: 2026, townships: ['../ts-01'] }), 400)).toMatch(/^body\.townships\.0: must match pattern/);
    expect(problem(await rounds({ year: 2026, townships: ['ts-01\u0000'] }), 400)).toMatch(/NUL/);
    expect(
      problem(
        await call(county, {
          method: 'POST',
          url: '/evaluation/rounds',
          headers: { 'content-type': 'application/json' },
          payload: '{"year": 20',
        }),
        400,
      ),
    ).toBe('the request body is not valid JSON');
    expect(
      problem(
        await call(county, { method: 'POST', url: '/evaluation/rounds', headers: { 'content-type': 'text/plain' }, payload: '2026' }),
        415,
      ),
    ).toMatch(/application\/json/);
    // A township the registry does not know: the backend's check, before any workflow starts.
    expect(problem(await rounds({ year: 2026, townships: ['ts-01', 'ts-99'] }), 400)).toMatch(/^no township ts-99 in the registry/);
    await expect(client.workflow.getHandle('evaluation-round/2026/ts-01+ts-99').describe()).rejects.toThrow(/not found/i);
    // A year that has not begun in Shanghai (2027 on 2026-12-06): the start's own check, under the default policy.
    const next = Number(shanghaiDate(Date.now()).slice(0, 4)) + 1;
    expect(problem(await rounds({ year: next }), 400)).toMatch(new RegExp(`^${next}年尚未开始.*the year ${next} has not begun`));
    expect(problem(await rounds({ year: next, townships: ['ts-01'] }), 400)).toMatch(/allowRoundsForFutureYears/);
    await expect(client.workflow.getHandle(roundWorkflowId(next, roundScope(null))).describe()).rejects.toThrow(/not found/i);
    await expect(client.workflow.getHandle(roundWorkflowId(next, roundScope(['ts-01']))).describe()).rejects.toThrow(/not found/i);
    expect(await eventCount(database.db)).toBe(eventsBefore);
    expect(await database.db.selectFrom('evaluation_rounds').select('round_id').execute()).toEqual([]);
  });

  it('a round’s id, the dashboard’s query and a verified case’s id', async () => {
    const round = (id: string) => call(county, { method: 'GET', url: `/evaluation/rounds/${encodeURIComponent(id)}` });
    expect(problem(await round('not-a-round'), 400)).toMatch(/^params\.roundId: must match pattern/);
    expect(problem(await round('evaluation-round/26/ts-01'), 400)).toMatch(/^params\.roundId: must match pattern/);
    expect(problem(await round('evaluation-round/2026/../x'), 400)).toMatch(/^params\.roundId: must match pattern/);
    expect(problem(await round('evaluation-round/2026/ts-77'), 404)).toBe('no evaluation round evaluation-round/2026/ts-77');
    expect(problem(await call(county, { method: 'GET', url: '/evaluation/rounds/evaluation-round/2026/ts-01' }), 404)).toMatch(
      /^no route GET/,
    );
    const members = (id: string, unit: string, who = county) =>
      call(who, { method: 'GET', url: `/evaluation/rounds/${encodeURIComponent(id)}/units/${encodeURIComponent(unit)}/members` });
    expect(problem(await members('evaluation-round/2026/ts-01', 'ts-01'), 400)).toMatch(/^params\.unitId: must match pattern/);
    expect(problem(await members('evaluation-round/2026/ts-01', 'ts-01/organ'), 400)).toMatch(/^params\.unitId: must match pattern/);
    expect(problem(await members('evaluation-round/2026/ts-01', '../township'), 400)).toMatch(/^params\.unitId: must match pattern/);
    expect(problem(await members('not-a-round', 'ts-01/township'), 400)).toMatch(/^params\.roundId: must match pattern/);
    expect(problem(await members('evaluation-round/2026/ts-77', 'ts-77/township'), 404)).toBe(
      'no evaluation round evaluation-round/2026/ts-77',
    );
    // Another township's unit is refused before the round is looked up.
    expect(problem(await members('evaluation-round/2026/ts-77', 'ts-02/villages', township), 403)).toMatch(/belongs to township ts-02/);

    expect(problem(await call(county, { method: 'GET', url: '/dashboard?year=twenty' }), 400)).toMatch(
      /^querystring\.year: must match pattern/,
    );
    expect(problem(await call(county, { method: 'GET', url: '/dashboard?year=20266' }), 400)).toMatch(
      /^querystring\.year: must match pattern/,
    );
    expect(problem(await call(county, { method: 'GET', url: '/dashboard?township=%20ts-01' }), 400)).toMatch(
      /^querystring\.township: must match pattern/,
    );
    expect(problem(await call(county, { method: 'GET', url: '/dashboard?limit=5' }), 400)).toBe('querystring: unknown field "limit"');
    expect(problem(await call(township, { method: 'GET', url: '/dashboard?township=ts-02' }), 403)).toMatch(/cannot see township ts-02/);

    const verify = (id: string) => call(county, { method: 'GET', url: `/audit/cases/${encodeURIComponent(id)}/verification` });
    expect(problem(await verify(' probation'), 400)).toMatch(/^params\.caseId: must match pattern/);
    expect(problem(await verify('probation/p-9999/none'), 404)).toBe('no case probation/p-9999/none in the event log or in Temporal');
    expect(problem(await call(county, { method: 'POST', url: `/audit/cases/${encodeURIComponent(caseId)}/verification` }), 404)).toMatch(
      /^no route POST/,
    );
  });
});

describe('bad input to the access log, account administration and logout', () => {
  let auditor: string;
  let admin: string;
  beforeAll(async () => {
    const stack = { database, app };
    auditor = (await signedInUser(stack, { login: 'input-auditor', role: 'auditor', password: PASSWORD })).cookie;
    admin = (await signedInUser(stack, { login: 'input-admin', role: 'admin', password: PASSWORD })).cookie;
    await signedInUser(stack, { login: 'input-victim', role: 'auditor', password: PASSWORD });
  });
  const log = (query: string) => call(auditor, { method: 'GET', url: `/audit/access-log${query}` });

  it('the access log’s filters: wrong formats, unknown kinds and fields, a reversed range', async () => {
    expect(problem(await log('?from=yesterday'), 400)).toBe('querystring.from: must match format "date-time"');
    expect(problem(await log('?to=2026-12-01'), 400)).toBe('querystring.to: must match format "date-time"');
    expect(problem(await log('?kind=account.deleted'), 400)).toMatch(/^querystring\.kind: must be equal to one of/);
    expect(problem(await log('?limit=ten'), 400)).toMatch(/^querystring\.limit: must match pattern/);
    expect(problem(await log('?page=2'), 400)).toBe('querystring: unknown field "page"');
    expect(problem(await log('?actor=org%20staff'), 400)).toMatch(/^querystring\.actor: must match pattern/);
    expect(problem(await log('?subject=%00'), 400)).toMatch(/NUL|must match pattern/);
    expect(problem(await log('?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z'), 400)).toBe(
      'querystring.from: must be before querystring.to',
    );
  });

  it('an account change: an unknown role, a township for the wrong role, none for a committee, an unknown township — and nothing is recorded', async () => {
    const before = await database.db.selectFrom('access_log').select('position').execute();
    const patch = (payload: unknown) => call(admin, { method: 'PATCH', url: '/users/input-victim', payload: payload as object });
    expect(problem(await patch({ role: 'mayor' }), 400)).toMatch(/^body\.role: must be equal to one of/);
    expect(problem(await patch({ role: 'township-committee' }), 400)).toBe('a township-committee user needs a township (e.g. ts-01)');
    expect(problem(await patch({ role: 'township-committee', townshipId: 'ts-99' }), 400)).toBe('no township ts-99 in the registry');
    expect(problem(await patch({ townshipId: 'ts-01' }), 400)).toBe('an auditor user acts county-wide and has no township');
    expect(problem(await patch({ role: 'auditor', townshipId: '../ts-01' }), 400)).toMatch(/^body\.townshipId: must match pattern/);
    expect(problem(await patch({ resetPassword: false }), 400)).toMatch(/^body\.resetPassword: must be equal to constant/);
    expect(problem(await patch({ role: 'admin', extra: 1 }), 400)).toBe('body: unknown field "extra"');
    // The account rules answer in both languages: a login with spaces, too short a password, a taken login.
    const post = (payload: object) => call(admin, { method: 'POST', url: '/users', payload });
    const spaced = await post({ login: 'ts 03 li', role: 'auditor' });
    expect(problem(spaced, 400)).toMatch(/^login "ts 03 li" must be 2–63 characters/);
    expect(JSON.parse(spaced.body)).toMatchObject({ reason: 'bad-login', zh: expect.stringMatching(/^账号“ts 03 li”不合规定/) });
    expect(JSON.parse((await post({ login: 'input-short', role: 'auditor', password: 'abc' })).body)).toMatchObject({
      status: 400,
      zh: '密码至少 12 个字符',
      en: 'a password needs at least 12 characters',
    });
    expect(JSON.parse((await post({ login: 'input-victim', role: 'auditor' })).body)).toMatchObject({ status: 400, reason: 'login-taken' });
    expect(JSON.parse((await patch({ role: 'township-committee' })).body)).toMatchObject({ zh: '乡镇党委账户须指定所属乡镇（如 ts-01）' });
    expect(await database.db.selectFrom('access_log').select('position').execute()).toEqual(before);
    const row = await database.db
      .selectFrom('users')
      .select(['role', 'township_id'])
      .where('login', '=', 'input-victim')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ role: 'auditor', township_id: null });
  });

  it('logout takes any body, malformed or oversized, and answers 204', async () => {
    const { cookie } = await signedInUser({ database, app }, { login: 'input-leaver', role: 'auditor', password: PASSWORD });
    for (const [type, payload] of [
      ['application/json', '{"broken'],
      ['application/json', `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`],
      ['text/plain', 'x'.repeat(70 * 1024)],
    ] as const) {
      const res = await call(cookie, { method: 'POST', url: '/auth/logout', headers: { 'content-type': type }, payload });
      expect(res.statusCode, type).toBe(204);
    }
    expect((await call(cookie, { method: 'GET', url: '/auth/me' })).statusCode).toBe(401);
  });

  it('fuzzing the access log’s query answers 200 or 400, never a 5xx', async () => {
    const key = fc.constantFrom('from', 'to', 'actor', 'kind', 'subject', 'limit', 'offset', 'other');
    const value = fc.oneof(
      fc.string(),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('person.viewed', 'org-staff', '5', '-1', '1e3'),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), async (q) => {
        const res = await log(`?${new URLSearchParams(q).toString()}`);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect([200, 400], `${JSON.stringify(q)} → ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
    console.log(
      `access-log query fuzz: 150 queries → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
  });
});

describe('fuzzing the case list’s query', () => {
  it('answers 200 or a typed 400 in Chinese and English, never a 5xx, and writes nothing', async () => {
    const before = await eventCount(database.db);
    const key = fc.constantFrom('kind', 'township', 'stage', 'status', 'overdue', 'subject', 'sort', 'page', 'pageSize', 'other');
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('probation', 'ts-01', 'ts-02', 'check-in-1', 'open', 'closed', 'true', 'false', '-due', 'township', '0', '1', '100'),
      fc.constantFrom('101', '-1', '1e3', '1.5', '%00', 'a b', '阶段', '--due', 'x'.repeat(301)),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), fc.boolean(), async (q, asTownship) => {
        const res = await call(asTownship ? township : county, { method: 'GET', url: `/cases?${new URLSearchParams(q).toString()}` });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        // 403: a township member naming another township.
        expect([200, 400, 403], `${JSON.stringify(q)} → ${res.body}`).toContain(res.statusCode);
        if (res.statusCode === 200 && asTownship) {
          const items = (JSON.parse(res.body) as { items: Array<{ townshipId: string }> }).items;
          expect(items.every((c) => c.townshipId === 'ts-01')).toBe(true);
        }
        const body = JSON.parse(res.body) as { type?: string; zh?: string; en?: string };
        if (body.type === 'urn:cadreflow:problem:invalid-case-query') {
          expect(body.zh).toMatch(/[\u4e00-\u9fff]/);
          expect(body.en?.length).toBeGreaterThan(5);
        }
      }),
      { numRuns: 150 },
    );
    console.log(
      `case list query fuzz: 150 queries → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
    expect(await eventCount(database.db)).toBe(before);
  });
});

describe('fuzzing the decision endpoint', () => {
  it('answers random bodies with 2xx or 4xx, and writes only what it accepted', async () => {
    const handle = client.workflow.getHandle(caseId);
    const historyBefore = await historyLength(handle);
    const acceptedBefore = await acceptedUpdates(handle);
    const step = fc.oneof(
      fc.constantFrom('check-in-1', 'check-in-2', 'end-early', 'county-decision', 'democratic-rating', 'township-recommendation'),
      fc.string(),
    );
    const decision = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.record(
        {
          rating: fc.oneof(fc.constantFrom('good', 'adequate', 'concern'), fc.jsonValue()),
          comment: fc.oneof(fc.string(), fc.jsonValue()),
        },
        { requiredKeys: [] },
      ),
    );
    // Weighted towards bodies that pass the schema, so most runs reach the case's validator.
    const body = fc.oneof(
      fc.jsonValue(),
      { arbitrary: fc.record({ step, decision }), weight: 4 },
      fc.record({ step, decision }, { requiredKeys: [] }),
      // A valid-looking body with one field too many: `actor` above all.
      fc
        .tuple(fc.record({ step, decision }), fc.constantFrom('actor', 'note', 'by'), fc.jsonValue())
        .map(([known, key, value]) => ({ ...known, [key]: value })),
    );
    const statuses = new Map<number, number>();
    const receipts = new Set<string>();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await eventCount(database.db, caseId);
        const res = await call(township, {
          method: 'POST',
          url: decisionsUrl,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        expect(res.statusCode).toBeGreaterThanOrEqual(200);
        const after = await eventCount(database.db, caseId);
        if (res.statusCode < 300) {
          accepted++;
          // The same decision sent again is a repeat: it gets the first one's receipt and writes nothing.
          if (receipts.has(res.body)) expect(after).toBe(before);
          else expect(after).toBeGreaterThan(before);
          receipts.add(res.body);
        } else {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after, `${JSON.stringify(payload)} → ${res.statusCode} wrote events`).toBe(before);
        }
      }),
      { numRuns: 300 },
    );
    console.log(
      `decision fuzz: 300 bodies → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(await acceptedUpdates(handle)).toBe(acceptedBefore + accepted);
    if (accepted === 0) expect(await historyLength(handle)).toBe(historyBefore);
  });
});
