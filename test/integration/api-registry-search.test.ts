/**
 * Cadre search and team-structure statistics through the real API on a real PostgreSQL,
 * over the demo county (with its people's details) plus a few grades and one retirement
 * appended through the event store: each filter narrows to the count worked out here
 * from the demo generator directly, the statistics' divisions sum to the people counted,
 * the workbook read back holds the tables, and a township member sees only their township
 * (bad queries: api-input-search.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appendBatch } from '../../activities/eventStore';
import { shanghaiInstant } from '../../domain/calendar';
import { generateDemoCounty } from '../../demo/county';
import { EDUCATION_LEVELS } from '../../domain/roster/closedSets';
import { STATISTICS_SHEETS } from '../../client/cadres/statisticsWorkbook';
import { loadExceljs } from '../../client/roster/loadExceljs';
import type { DomainEvent } from '../../domain/events';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-registry-search-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** The API's today: ages and 龄 are computed on it. */
const DAY = '2025-06-15';
const RETIRED = 'p-0005';

const demo = generateDemoCounty();
const posts = new Map(demo.posts.map((p) => [p.personId, p]));
const villageParent = new Map(demo.villages.map((v) => [v.orgUnitId, v.parentId!]));
const townshipOf = (unit: string) => villageParent.get(unit) ?? unit;
type Person = (typeof demo.people)[number];
/** Full years from a `YYYY-MM` to DAY, by month: the rule the docs state, written out again here. */
const years = (ym: string | undefined) => (ym ? 2025 - Number(ym.slice(0, 4)) - (6 < Number(ym.slice(5, 7)) ? 1 : 0) : undefined);
const age = (p: Person) => years(p.details!.birthMonth)!;
const best = (p: Person) =>
  Math.min(...[p.details!.fullTimeEducation, p.details!.partTimeEducation].map((e) => (e ? EDUCATION_LEVELS.indexOf(e as never) : 99)));
const serving = demo.people.filter((p) => p.personId !== RETIRED);
const GRADED: Array<[string, number, 'excellent' | 'competent']> = [
  ['p-0001', 2023, 'excellent'],
  ['p-0001', 2024, 'competent'],
  ['p-0002', 2024, 'excellent'],
  ['p-0120', 2024, 'excellent'],
];

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
const cookies: Record<'county' | 'auditor' | 'ts01', string> = { county: '', auditor: '', ts01: '' };

async function get<T>(who: keyof typeof cookies, url: string): Promise<T> {
  const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies[who] } });
  expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(200);
  return res.json() as T;
}
const total = async (query: string, who: keyof typeof cookies = 'county') =>
  (await get<{ total: number }>(who, `/registry/search?${query}`)).total;

interface Stats {
  townshipId: string | null;
  people: number;
  ageBands: Record<string, number>;
  education: Record<string, number>;
  gender: { male: number; female: number };
  ethnicity: { han: number; minority: number; notRecorded: number; groups: Record<string, number> };
  crossAppointed: { villages: number; crossAppointed: number; share: number | null };
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE, { clock: () => shanghaiInstant(DAY, 10) });
  ({ database, shared, app } = stack);
  cookies.county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  cookies.auditor = (await signedInUser(stack, { login: 'auditor', role: 'auditor', password: PASSWORD })).cookie;
  cookies.ts01 = (await signedInUser(stack, { login: 'ts01', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })).cookie;
  const at = '2025-03-01T01:00:00.000Z';
  const staff = { type: 'user', id: 'org-staff', role: 'county-org-dept' } as const;
  const evaluation = (personId: string, year: number, grade: 'excellent' | 'competent'): DomainEvent[] => {
    const p = demo.people.find((x) => x.personId === personId)!;
    const caseId = `evaluation/${year}/${personId}`;
    const townshipId = townshipOf(p.orgUnitId);
    return [
      {
        type: 'EvaluationStarted',
        data: {
          caseId,
          roundId: `r-${year}`,
          year,
          personId,
          personName: p.name,
          orgUnitId: p.orgUnitId,
          townshipId,
          unitId: townshipId,
          unitKind: 'organ',
          at,
        },
      },
      { type: 'EvaluationGradeFinal', data: { caseId, personId, year, grade, at } },
    ];
  };
  await appendBatch(database.db, [
    ...GRADED.map(([personId, year, grade]) => ({
      streamId: `evaluation/${year}/${personId}`,
      expectedVersion: 'any' as const,
      idempotencyKey: `search-test:evaluation/${year}/${personId}`,
      events: evaluation(personId, year, grade).map((event) => ({ event, metadata: { actor: staff } })),
    })),
    {
      streamId: `person/${RETIRED}`,
      expectedVersion: 'any' as const,
      idempotencyKey: `search-test:retire:${RETIRED}`,
      events: [{ event: { type: 'PersonRetired', data: { personId: RETIRED, retiredOn: '2025-05-31' } }, metadata: { actor: staff } }],
    },
  ]);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

describe('GET /registry/search', () => {
  it('given no condition, then everyone serving, the retired left out unless asked for', async () => {
    expect(await total('')).toBe(serving.length);
    expect(await total('includeDeparted=true')).toBe(demo.people.length);
    expect(await total('includeDeparted=true&name=' + encodeURIComponent(demo.people[4]!.name))).toBeGreaterThanOrEqual(1);
  });

  it('narrows by name, township, unit with the villages under it, post and rank', async () => {
    const count = (f: (p: Person) => boolean) => serving.filter(f).length;
    expect(await total(`name=${encodeURIComponent('王')}`)).toBe(count((p) => p.name.includes('王')));
    expect(await total('township=ts-01')).toBe(count((p) => townshipOf(p.orgUnitId) === 'ts-01'));
    expect(await total('orgUnit=ts-01')).toBe(count((p) => townshipOf(p.orgUnitId) === 'ts-01'));
    expect(await total('orgUnit=ts-01-v01')).toBe(count((p) => p.orgUnitId === 'ts-01-v01'));
    expect(await total(`post=${encodeURIComponent('书记')}`)).toBe(count((p) => posts.get(p.personId)!.title.includes('书记')));
    expect(await total(`rank=${encodeURIComponent('正科级')}`)).toBe(count((p) => p.rank === '正科级'));
    expect(await total('gender=female')).toBe(count((p) => p.gender === 'female'));
    expect(await total(`ethnicity=${encodeURIComponent('回族')}`)).toBe(count((p) => p.details!.ethnicity === '回族'));
  });

  it('narrows by age, 党龄 and 工龄 as of today, and by highest education', async () => {
    const count = (f: (p: Person) => boolean) => serving.filter(f).length;
    const n = await total('ageMin=41&ageMax=45');
    expect(n).toBe(count((p) => age(p) >= 41 && age(p) <= 45));
    expect(n).toBeGreaterThan(0);
    expect(await total('partyYearsMin=20')).toBe(count((p) => (years(p.details!.joinedParty) ?? -1) >= 20));
    expect(await total('workYearsMax=5')).toBe(count((p) => years(p.details!.startedWork)! <= 5));
    expect(await total(`education=${encodeURIComponent('大学本科')}`)).toBe(count((p) => best(p) <= 1));
    expect(await total(`education=${encodeURIComponent('研究生')}`)).toBe(count((p) => best(p) === 0));
  });

  it('narrows by a year’s grade and by probation status', async () => {
    expect(await total('grade=excellent')).toBe(3);
    expect(await total('grade=excellent&gradeYear=2024')).toBe(2);
    expect(await total('grade=competent&gradeYear=2023')).toBe(0);
    expect(await total('probation=none')).toBe(serving.length);
    expect(await total('probation=on-probation')).toBe(0);
  });

  it('pages, and gives the computed values but no ID or phone numbers', async () => {
    const page = await get<{ items: Array<Record<string, unknown>>; total: number; day: string }>(
      'county',
      '/registry/search?limit=10&offset=5',
    );
    expect(page.day).toBe(DAY);
    expect(page.items.map((i) => i.personId)).toEqual(serving.slice(5, 15).map((p) => p.personId));
    const first = (await get<{ items: Array<Record<string, unknown>> }>('county', '/registry/search?limit=1')).items[0]!;
    expect(first).toMatchObject({
      personId: 'p-0001',
      age: age(demo.people[0]!),
      grades: [
        { year: 2023, grade: 'excellent' },
        { year: 2024, grade: 'competent' },
      ],
    });
    expect(JSON.stringify(page)).not.toMatch(/idNumber|phone|cfenc/);
  });

  it('a township member finds only their township’s people, and is refused another’s', async () => {
    const ts01 = serving.filter((p) => townshipOf(p.orgUnitId) === 'ts-01').length;
    expect(await total('', 'ts01')).toBe(ts01);
    expect(await total('ageMin=0', 'auditor')).toBe(serving.length);
    const res = await app.inject({ method: 'GET', url: '/registry/search?township=ts-02', headers: { cookie: cookies.ts01 } });
    problem(res, 403);
  });
});

describe('GET /registry/statistics', () => {
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const divisionsSum = (s: Stats) => {
    expect(sum(s.ageBands)).toBe(s.people);
    expect(sum(s.education)).toBe(s.people);
    expect(s.gender.male + s.gender.female).toBe(s.people);
    expect(s.ethnicity.han + s.ethnicity.minority + s.ethnicity.notRecorded).toBe(s.people);
    expect(sum(s.ethnicity.groups)).toBe(s.ethnicity.han + s.ethnicity.minority);
  };

  it('counts everyone serving, every division summing to them, the townships to the county', async () => {
    const s = await get<{ day: string; total: Stats; townships: Stats[] }>('county', '/registry/statistics');
    expect(s.day).toBe(DAY);
    expect(s.total.people).toBe(serving.length);
    divisionsSum(s.total);
    for (const t of s.townships) divisionsSum(t);
    expect(s.townships).toHaveLength(12);
    expect(s.townships.reduce((n, t) => n + t.people, 0)).toBe(s.total.people);
    expect(s.total.ageBands['41–45']).toBe(serving.filter((p) => age(p) >= 41 && age(p) <= 45).length);
    expect(s.total.ethnicity.han).toBe(serving.filter((p) => p.details!.ethnicity === '汉族').length);
    expect(s.total.ethnicity.minority).toBeGreaterThan(0);
    // The demo: 180 of its 184 villages are 一肩挑 (demo/county.ts).
    expect(s.total.crossAppointed).toEqual({ villages: 184, crossAppointed: 180, share: 180 / 184 });
    expect(s.townships.reduce((n, t) => n + t.crossAppointed.crossAppointed, 0)).toBe(180);
  });

  it('gives a township member their township only, and refuses another', async () => {
    const s = await get<{ total: Stats; townships: Stats[] }>('ts01', '/registry/statistics');
    expect(s.total.townshipId).toBe('ts-01');
    expect(s.townships.map((t) => t.townshipId)).toEqual(['ts-01']);
    expect(s.total.people).toBe(serving.filter((p) => townshipOf(p.orgUnitId) === 'ts-01').length);
    expect(s.total.crossAppointed.villages).toBe(demo.villages.filter((v) => v.parentId === 'ts-01').length);
    problem(await app.inject({ method: 'GET', url: '/registry/statistics?township=ts-02', headers: { cookie: cookies.ts01 } }), 403);
  });

  it('exports a workbook with a Chinese file name whose tables hold the same figures', async () => {
    const res = await app.inject({ method: 'GET', url: '/registry/statistics.xlsx', headers: { cookie: cookies.county } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/spreadsheetml/);
    const disposition = String(res.headers['content-disposition']);
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`班子结构统计-${DAY}.xlsx`)}`);
    expect(disposition).toMatch(/filename="[\x20-\x7e]+\.xlsx"/);
    const { Workbook } = await loadExceljs();
    const wb = new Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([...STATISTICS_SHEETS]);
    const ages = wb.getWorksheet('年龄结构')!;
    expect(ages.getRow(2).values).toEqual([undefined, '单位', '人数', '≤35', '36–40', '41–45', '46–50', '51–55', '>55']);
    // 12 townships, then the county's total.
    const last = ages.getRow(15).values as unknown[];
    expect(String(last[1])).toMatch(/（合计）$/);
    expect(last[2]).toBe(serving.length);
    expect((last.slice(3) as number[]).reduce((a, b) => a + b, 0)).toBe(serving.length);
    const cross = wb.getWorksheet('一肩挑')!.getRow(15).values as unknown[];
    expect(cross.slice(2)).toEqual([184, 180, 180 / 184]);
    const own = await app.inject({ method: 'GET', url: '/registry/statistics.xlsx', headers: { cookie: cookies.ts01 } });
    expect(own.statusCode).toBe(200);
    const one = new Workbook();
    await one.xlsx.load(own.rawPayload as unknown as ArrayBuffer);
    expect(one.getWorksheet('性别结构')!.rowCount).toBe(3);
  });
});
