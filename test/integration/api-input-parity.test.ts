/**
 * Bad input to the routes API parity added (README "Commands", its API column): the
 * procedures' read routes, the case history, the evaluation Schedule and the review and
 * appeal requests, through the real API on a real PostgreSQL database with the demo
 * registry and the real Temporal dev server. Malformed ids, queries and bodies get a 4xx
 * problem that names what was wrong, never a 5xx; a fuzz of them finds none either and
 * writes nothing to the log; a fuzz of cron expressions finds none that the parser lets
 * through and Temporal refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-input-parity-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** The fuzz of cron expressions sets this scope's Schedule: no other suite uses it. */
const SCHEDULE_TOWNSHIP = 'ts-10';

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;

const call = (cookie: string, opts: InjectOptions): Promise<LightMyRequestResponse> =>
  app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
const get = (cookie: string, url: string) => call(cookie, { method: 'GET', url });
const enc = encodeURIComponent;

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD }))
    .cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await client?.schedule
    .getHandle(`evaluation-round-schedule/${SCHEDULE_TOWNSHIP}`)
    .delete()
    .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('bad input to the parity routes', () => {
  it('malformed ids and queries, and unknown query fields, are 400 and name the field', async () => {
    expect(problem(await get(county, `/cases/${enc('election/ts 01/2026')}/election`), 400)).toMatch(/caseId: must match pattern/);
    expect(problem(await get(county, '/elections?township=../ts-02'), 400)).toMatch(/querystring\.township: must match pattern/);
    expect(problem(await get(county, '/elections?term=2026'), 400)).toBe('querystring: unknown field "term"');
    expect(problem(await get(county, '/rectification/cases?status=rectified'), 400)).toBe('querystring: unknown field "status"');
    expect(problem(await get(county, '/member-development/pipeline?atRisk=yes'), 400)).toMatch(
      /querystring\.atRisk: must be equal to one of/,
    );
    expect(problem(await get(county, '/member-development/pipeline?asOf=30.06.2026'), 400)).toMatch(
      /querystring\.asOf: must match pattern/,
    );
    expect(problem(await get(county, '/member-development/pipeline?asOf=2026-13-01'), 400)).toMatch(/2026-13-01/);
    expect(problem(await get(county, '/evaluation/schedules?scope=county'), 400)).toBe('querystring: unknown field "scope"');
  });

  it('a case that does not exist is 404 in Chinese and English; a township asking for another is 403', async () => {
    for (const suffix of ['election', 'rectification', 'selection', 'history']) {
      const res = await get(county, `/cases/${enc('election/ts-01-v99/2031')}/${suffix}`);
      expect(problem(res, 404)).toBe('没有案件 election/ts-01-v99/2031 / no case election/ts-01-v99/2031');
    }
    for (const url of ['/elections', '/rectification/cases', '/member-development/pipeline', '/evaluation/schedules'])
      expect(problem(await get(township, `${url}?township=ts-02`), 403)).toMatch(/ts-01-committee acts for township ts-01/);
  });

  it('bodies: the schedule’s, the review request’s and the appeal’s are closed, typed and checked', async () => {
    const schedule = (payload: unknown) =>
      call(county, {
        method: 'POST',
        url: '/evaluation/schedules',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
    expect(problem(await schedule({ cron: '0 9 1 12 *', townships: ['ts-01'], actor: 'x' }), 400)).toBe('body: unknown field "actor"');
    expect(problem(await schedule({ cron: 9 }), 400)).toBe('body.cron: must be string');
    expect(problem(await schedule({ townships: [] }), 400)).toMatch(/body\.townships: must NOT have fewer than 1 items/);
    expect(problem(await schedule({ townships: ['ts-01', 'ts-01'] }), 400)).toMatch(/body\.townships: must NOT have duplicate items/);
    expect(problem(await schedule({ cron: '0 9 1 12 * *' }), 400)).toMatch(/^cron must have five fields/);
    expect(problem(await schedule({ cron: '0 9 31 13 *' }), 400)).toBe('cron "0 9 31 13 *": month 13 is outside 1–12');
    expect(problem(await schedule({ cron: '*/0 9 1 12 *' }), 400)).toMatch(/minute "\*\/0": a step must be a number from 1 to 99/);
    expect(problem(await schedule({ townships: ['ts-99'] }), 400)).toMatch(/no township ts-99 in the registry/);

    const gradesUrl = `/evaluation/rounds/${enc('evaluation-round/2031/ts-01')}/units/${enc('ts-01/villages')}/grades`;
    const grades = (payload: unknown) =>
      call(county, { method: 'POST', url: gradesUrl, payload: JSON.stringify(payload), headers: { 'content-type': 'application/json' } });
    expect(problem(await grades({ grades: { 'p-0001': 'good' } }), 400)).toMatch(/body\.grades\.p-0001: must be equal to one of/);
    expect(problem(await grades({ acceptRecommended: 'yes' }), 400)).toBe('body.acceptRecommended: must be boolean');
    expect(problem(await grades({ quotaApproval: { percent: 25 } }), 400)).toMatch(
      /body\.quotaApproval: must have required property 'reference'/,
    );
    expect(problem(await grades({ gradedOn: '1.12.2026' }), 400)).toMatch(/body\.gradedOn: must match pattern/);
    expect(problem(await grades({ acceptRecommended: true, actor: 'x' }), 400)).toBe('body: unknown field "actor"');
    // A round with no cadres of the unit: the service says so, and nothing is sent.
    expect(problem(await grades({ acceptRecommended: true }), 400)).toBe('no cadres of ts-01/villages in the round yet');
    expect(problem(await call(township, { method: 'POST', url: gradesUrl, payload: { acceptRecommended: true } }), 403)).toMatch(
      /this is for county organization department staff/,
    );

    const caseUrl = `/cases/${enc('evaluation/2031/p-9999')}`;
    const post = (path: string, payload: unknown) =>
      call(township, {
        method: 'POST',
        url: `${caseUrl}/${path}`,
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      });
    expect(problem(await post('review-requests', {}), 400)).toBe("body: must have required property 'grounds'");
    expect(problem(await post('review-requests', { grounds: '' }), 400)).toMatch(/body\.grounds: must NOT have fewer than 1 characters/);
    expect(problem(await post('review-requests', { grounds: '异议', actor: { id: 'x' } }), 400)).toBe('body: unknown field "actor"');
    expect(problem(await post('appeals', { grounds: '异议', filedOn: '2026/12/01' }), 400)).toMatch(/body\.filedOn: must match pattern/);
    expect(problem(await post('appeals', { grounds: '异议' }), 404)).toBe(
      '没有案件 evaluation/2031/p-9999 / no case evaluation/2031/p-9999',
    );
  });

  it('a fuzz of ids, queries and bodies: every answer is a view or a 4xx problem, never a 5xx, and nothing is written', async () => {
    const before = await eventCount(database.db);
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('ts-01', 'ts-02', '2026-06-30', 'true', '../x', '%00', 'election/ts-01-v01/2026', 'evaluation/2026/p-0001'),
    );
    const request: fc.Arbitrary<InjectOptions> = fc.oneof(
      text.map((t) => ({ method: 'GET' as const, url: `/elections?township=${enc(t)}` })),
      text.map((t) => ({ method: 'GET' as const, url: `/rectification/cases?township=${enc(t)}` })),
      fc.tuple(text, text, text).map(([t, r, d]) => ({
        method: 'GET' as const,
        url: `/member-development/pipeline?township=${enc(t)}&atRisk=${enc(r)}&asOf=${enc(d)}`,
      })),
      text.map((t) => ({ method: 'GET' as const, url: `/evaluation/schedules?township=${enc(t)}` })),
      fc
        .tuple(text, fc.constantFrom('election', 'rectification', 'selection', 'history'))
        .map(([c, s]) => ({ method: 'GET' as const, url: `/cases/${enc(c)}/${s}` })),
      fc.tuple(text, fc.constantFrom('review-requests', 'appeals'), fc.jsonValue({ maxDepth: 3 })).map(([c, s, body]) => ({
        method: 'POST' as const,
        url: `/cases/${enc(c)}/${s}`,
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      })),
      // A round that does not exist: no unit has members, so nothing is ever decided.
      fc.tuple(text, text, fc.jsonValue({ maxDepth: 3 })).map(([r, u, body]) => ({
        method: 'POST' as const,
        url: `/evaluation/rounds/${enc(r === 'ts-01' ? 'evaluation-round/2031/ts-01' : r)}/units/${enc(u)}/grades`,
        payload: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      })),
      // A township the registry does not hold: a schedule is never set here, whatever the rest of the body.
      fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.string({ maxLength: 40 })).map(([body, cron]) => ({
        method: 'POST' as const,
        url: '/evaluation/schedules',
        payload: JSON.stringify(
          typeof body === 'object' && body !== null && !Array.isArray(body)
            ? { ...body, townships: ['zz-none'] }
            : { cron, townships: ['zz-none'] },
        ),
        headers: { 'content-type': 'application/json' },
      })),
    );
    await fc.assert(
      fc.asyncProperty(request, fc.boolean(), async (opts, asTownship) => {
        const res = await call(asTownship ? township : county, opts);
        expect(res.statusCode, `${opts.method} ${opts.url} ${String(opts.payload ?? '')}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        else expect(res.headers['content-type']).toMatch(/^application\/json/);
      }),
      { numRuns: 120 },
    );
    expect(await eventCount(database.db)).toBe(before);
  });

  it('a fuzz of cron expressions: what the parser lets through, Temporal takes (201 or 200), and the rest is 400', async () => {
    // Mostly numbers every field takes, so that many expressions reach Temporal; now and then one out of range or malformed.
    const num = fc
      .oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 7 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 70 }) })
      .map(String);
    const part = fc.oneof(
      { weight: 4, arbitrary: num },
      { weight: 3, arbitrary: fc.constant('*') },
      { weight: 2, arbitrary: fc.tuple(num, num).map(([a, b]) => `${a}-${b}`) },
      { weight: 2, arbitrary: fc.tuple(fc.oneof(num, fc.constant('*')), fc.integer({ min: 0, max: 120 })).map(([a, s]) => `${a}/${s}`) },
      { weight: 1, arbitrary: fc.constantFrom('JAN', 'dec', 'MON', 'sun', 'x', '') },
    );
    const field = fc.array(part, { minLength: 1, maxLength: 2 }).map((p) => p.join(','));
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(field, { minLength: 5, maxLength: 5 }), async (fields) => {
        const cron = fields.join(' ');
        const res = await call(county, { method: 'POST', url: '/evaluation/schedules', payload: { cron, townships: [SCHEDULE_TOWNSHIP] } });
        expect([200, 201, 400], `${cron}: ${res.body.slice(0, 300)}`).toContain(res.statusCode);
        statuses.push(res.statusCode);
        if (res.statusCode === 400) expect(JSON.parse(res.body).detail).toMatch(/cron/);
        else expect(JSON.parse(res.body)).toMatchObject({ cron });
      }),
      { numRuns: 60 },
    );
    // The fuzz reached Temporal, not only the parser.
    expect(statuses.filter((s) => s < 300).length).toBeGreaterThan(3);
  });
});
