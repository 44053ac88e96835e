/**
 * Bad input to the document downloads (GET /documents/roster.xlsx, /rectification/ledger.xlsx,
 * /evaluation/rounds/{roundId}/results.xlsx, /cases/{caseId}/notice.docx), through the real
 * API on a real PostgreSQL database with the demo registry: malformed ids, years and
 * townships, unknown query fields, missing rounds and cases get a 4xx problem that says
 * what was wrong, never a 5xx; a fuzz of their query strings and ids finds none either, and
 * nothing is ever written to the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-input-documents-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;

const get = (cookie: string, url: string): Promise<LightMyRequestResponse> => app.inject({ method: 'GET', url, headers: { cookie } });

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  township = (await signedInUser(stack, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD }))
    .cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

describe('bad input to the document downloads', () => {
  it('a malformed round id, township or year, or an unknown query field, is 400 and names the field', async () => {
    const results = (roundId: string, query = '') => `/evaluation/rounds/${encodeURIComponent(roundId)}/results.xlsx${query}`;
    expect(problem(await get(county, results('evaluation-round/26/ts-01')), 400)).toMatch(/roundId: must match pattern/);
    expect(problem(await get(county, results('probation/p-0001/x')), 400)).toMatch(/roundId: must match pattern/);
    expect(problem(await get(county, results('evaluation-round/2026/ts-01', '?township=../ts-02')), 400)).toMatch(
      /querystring\.township: must match pattern/,
    );
    expect(problem(await get(county, results('evaluation-round/2026/ts-01', '?format=csv')), 400)).toBe(
      'querystring: unknown field "format"',
    );
    expect(problem(await get(county, '/rectification/ledger.xlsx?year=26'), 400)).toMatch(/querystring\.year: must match pattern/);
    expect(problem(await get(county, '/rectification/ledger.xlsx?year=2026&year=2027'), 400)).toMatch(/querystring\.year/);
    expect(problem(await get(county, '/rectification/ledger.xlsx?township='), 400)).toMatch(/querystring\.township/);
    expect(problem(await get(county, '/rectification/ledger.xlsx?stage=plan'), 400)).toBe('querystring: unknown field "stage"');
    expect(problem(await get(county, '/documents/roster.xlsx?township=ts-01%00'), 400)).toMatch(/NUL|must match pattern/);
    expect(problem(await get(county, `/cases/${encodeURIComponent('probation/p 1')}/notice.docx`), 400)).toMatch(
      /caseId: must match pattern/,
    );
  });

  it('a round or case that does not exist is 404, in words; a township asking for another is 403', async () => {
    expect(problem(await get(county, `/evaluation/rounds/${encodeURIComponent('evaluation-round/2031/county')}/results.xlsx`), 404)).toBe(
      'no evaluation round evaluation-round/2031/county',
    );
    expect(problem(await get(county, `/cases/${encodeURIComponent('probation/p-9999/none')}/notice.docx`), 404)).toBe(
      'no public notice of case probation/p-9999/none',
    );
    expect(problem(await get(township, '/rectification/ledger.xlsx?township=ts-02'), 403)).toMatch(
      /ts-01-committee acts for township ts-01/,
    );
    expect(problem(await get(township, '/documents/roster.xlsx?township=ts-02'), 403)).toMatch(/cannot see township ts-02/);
  });

  it('a fuzz of query strings and ids: every answer is a document or a 4xx problem, never a 5xx, and nothing is written', async () => {
    const before = await eventCount(database.db);
    const text = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('ts-01', 'ts-02', '2026', '../x', '%00', 'evaluation-round/2026/county'),
    );
    const url = fc.oneof(
      text.map((t) => `/documents/roster.xlsx?township=${encodeURIComponent(t)}`),
      fc.tuple(text, text).map(([t, y]) => `/rectification/ledger.xlsx?township=${encodeURIComponent(t)}&year=${encodeURIComponent(y)}`),
      text.map((y) => `/rectification/ledger.xlsx?year=${encodeURIComponent(y)}`),
      fc.tuple(text, text).map(([r, t]) => `/evaluation/rounds/${encodeURIComponent(r)}/results.xlsx?township=${encodeURIComponent(t)}`),
      text.map((c) => `/cases/${encodeURIComponent(c)}/notice.docx`),
    );
    await fc.assert(
      fc.asyncProperty(url, fc.boolean(), async (u, asTownship) => {
        const res = await get(asTownship ? township : county, u);
        expect(res.statusCode, `${u}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        else expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      }),
      { numRuns: 60 },
    );
    expect(await eventCount(database.db)).toBe(before);
  });
});
