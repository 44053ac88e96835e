/**
 * Bad input to the cadre search and the structure statistics (GET /registry/search,
 * /registry/statistics, /registry/statistics.xlsx) on the real API and PostgreSQL: each
 * refused query is answered 400 with its problem in Chinese and English, and fuzzed
 * queries answer 200 or 400, never a 5xx. The routes only read, so nothing can change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-input-search-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: county } });

describe('bad input to the cadre search and statistics', () => {
  it('refuses each bad query with its problem in Chinese and English', async () => {
    const bad = (q: string) => get(`/registry/search?${q}`);
    expect(problem(await bad('ageMin=50&ageMax=40'), 400)).toMatch(/年龄下限 50 大于上限 40.*\/.*ageMin 50 is more than ageMax 40/);
    expect(problem(await bad('workYearsMin=9&workYearsMax=3&partyYearsMin=5&partyYearsMax=1'), 400)).toMatch(
      /党龄下限 5 大于上限 1；工龄下限 9 大于上限 3 \/ partyYearsMin 5 is more than partyYearsMax 1; workYearsMin 9 is more than workYearsMax 3/,
    );
    expect(problem(await bad(`education=${encodeURIComponent('博士')}`), 400)).toMatch(/学历须为.*\/ education must be one of/);
    expect(problem(await bad('gradeYear=2024'), 400)).toMatch(/须同时给出考核等次 \/ gradeYear needs grade/);
    expect(problem(await bad('ageMin=200'), 400)).toMatch(/ageMin 须为 0–150 的整数/);
    for (const q of [
      'ageMin=abc',
      'ageMin=-1',
      'ageMin=1.5',
      'sortBy=name',
      'probation=maybe',
      'grade=good',
      'gender=x',
      'includeDeparted=yes',
      `name=${'王'.repeat(51)}`,
      'name=%00',
      'limit=abc',
      'township=a%20b',
      'gradeYear=24',
    ]) {
      problem(await bad(q), 400);
    }
    problem(await get('/registry/statistics?township=a%20b'), 400);
    problem(await get('/registry/statistics?year=2025'), 400);
    problem(await get('/registry/statistics.xlsx?township=%00'), 400);
  });

  it('fuzzing the search’s query answers 200 or 400, never a 5xx', async () => {
    const key = fc.constantFrom(
      'name',
      'township',
      'orgUnit',
      'post',
      'rank',
      'gender',
      'ageMin',
      'ageMax',
      'partyYearsMin',
      'workYearsMax',
      'education',
      'probation',
      'grade',
      'gradeYear',
      'includeDeparted',
      'limit',
      'offset',
      'other',
    );
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom('ts-01', '王', '书记', '正科级', '大学本科', 'excellent', '2024', '0', '150', '151', '-1', '1e3', 'true', '女'),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), async (q) => {
        const res = await get(`/registry/search?${new URLSearchParams(q).toString()}`);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect([200, 400], `${JSON.stringify(q)} → ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 100 },
    );
    console.log(
      `cadre search query fuzz: 100 queries → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(statuses.get(200)).toBeGreaterThan(0);
    expect(statuses.get(400)).toBeGreaterThan(0);
  });
});
