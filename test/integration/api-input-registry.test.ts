/**
 * Bad input to the registry's change routes (client/api/routes/registryChanges.ts)
 * through the real API on a real PostgreSQL database: a body that is no JSON object, has
 * an unknown field, a value of the wrong type or length, or cells the roster's checks
 * refuse is answered 400 with a problem document and writes nothing; fuzzed bodies never
 * get a 5xx, and none refused writes an event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-input-registry-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let personId: string;

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, app } = stack);
  county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  personId = (
    await database.db
      .selectFrom('people')
      .select('person_id')
      .where('township_id', '=', 'ts-01')
      .orderBy('person_id')
      .executeTakeFirstOrThrow()
  ).person_id;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await shared?.stop();
  await database?.drop();
});

const call = (opts: InjectOptions) => app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: county } });
const changeEvents = async () =>
  Number(
    (
      await database.db
        .selectFrom('events')
        .select(sql<string>`count(*)`.as('n'))
        .where(sql<boolean>`metadata->>'causationId' like 'registry-%'`)
        .executeTakeFirstOrThrow()
    ).n,
  );

const routes = () =>
  [
    ['POST', '/registry/people'],
    ['PATCH', `/registry/people/${personId}`],
    ['POST', `/registry/people/${personId}/transfer`],
    ['POST', `/registry/people/${personId}/retire`],
    ['POST', `/registry/people/${personId}/death`],
    ['POST', `/registry/people/${personId}/posts`],
    ['POST', '/registry/posts/a-none/end'],
    ['POST', '/registry/org-units'],
    ['PATCH', '/registry/org-units/ts-01'],
    ['POST', '/registry/org-units/ts-01/dissolve'],
  ] as const;

describe('bad input to the registry’s changes', () => {
  it('answers a body that is no object, an unknown field, a wrong type, an overlong value and NUL with 400, writing nothing', async () => {
    const before = await changeEvents();
    for (const [method, url] of routes()) {
      const bad: Array<InjectOptions['payload'] | string> = [
        '[]',
        '"text"',
        '{"extra":"x"}',
        '{"on":5}',
        `{"on":"${'9'.repeat(300)}"}`,
        '{"on":"\\u0000"}',
      ];
      for (const payload of bad) {
        const res = await call({ method, url, payload: payload as string, headers: { 'content-type': 'application/json' } });
        problem(res, 400);
      }
      problem(await call({ method, url, payload: 'not json', headers: { 'content-type': 'application/json' } }), 400);
      expect(
        (await call({ method, url, payload: 'on=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).statusCode,
      ).toBe(415);
    }
    expect(await changeEvents()).toBe(before);
  });

  it('names every cell the roster’s checks refuse, in both languages', async () => {
    const res = await call({
      method: 'POST',
      url: '/registry/people',
      payload: {
        name: '王1',
        gender: '男性',
        birth: '1975.13',
        ethnicity: '火星族',
        idNumber: '123',
        phone: '12',
        unit: 'ts-01',
        rank: '局长',
      },
    });
    problem(res, 400);
    const body = res.json() as { errors: Array<{ where: string; message: string; zh: string }>; zh: string; en: string };
    expect(body.errors.map((e) => e.where).sort()).toEqual(
      ['body.birth', 'body.ethnicity', 'body.gender', 'body.idNumber', 'body.name', 'body.phone', 'body.rank'].sort(),
    );
    for (const e of body.errors) {
      expect(e.zh.length).toBeGreaterThan(3);
      expect(e.message.length).toBeGreaterThan(3);
    }
    expect(body.zh).toMatch(/不是 56 个民族之一/);
    expect(body.en).toMatch(/not one of the 56 ethnic groups/);
  });

  it('fuzzing the change routes’ bodies never answers a 5xx, and no refused body writes an event', async () => {
    const key = fc.constantFrom(
      'name',
      'gender',
      'birth',
      'unit',
      'rank',
      'idNumber',
      'phone',
      'on',
      'title',
      'titleSince',
      'reason',
      'mergedInto',
      'code',
      'kind',
      'note',
    );
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('男', '1975.03', '197503', '1975-3', 'ts-02', '科员', '2026-01-01', '2026-02-30', 'other', '村', null, ''),
      fc.integer(),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fc.nat(routes().length - 1), fc.dictionary(key, value, { maxKeys: 5 }), async (i, body) => {
        const [method, url] = routes()[i]!;
        const before = await changeEvents();
        const res = await call({ method, url, payload: body });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} → ${res.body}`).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await changeEvents()).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
    console.log(
      `registry change fuzz: 150 bodies → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
  });
});
