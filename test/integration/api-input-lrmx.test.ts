/**
 * Bad input to the LRMX routes through the real API, on real PostgreSQL: what is no form
 * is refused at the door or with a 422 naming what is wrong, in Chinese and English, never
 * a 5xx, and writes nothing; a property-based fuzz of XML-like bodies and of person ids.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LRMX_LIMITS } from '../../domain/lrmx/form';
import { problem, signedInUser, startApiStack } from '../support/api';
import type { TestDatabase } from '../support/db';
import type { SharedServerWorker } from '../support/sharedServer';

const TASK_QUEUE = `api-input-lrmx-${process.pid}`;
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

const upload = (payload: Buffer | string, query = '', type = 'application/xml') =>
  app.inject({ method: 'POST', url: `/registry/lrmx${query}`, payload, headers: { 'content-type': type, cookie: county } });
const lrmxEvents = async () =>
  Number(
    (
      await database.db
        .selectFrom('events')
        .select(sql<string>`count(*)`.as('n'))
        .where(sql<boolean>`metadata->>'causationId' = 'lrmx-import'`)
        .executeTakeFirstOrThrow()
    ).n,
  );
const NEW_PERSON = '<Person><XingMing>赵新</XingMing><XingBie>女</XingBie><ChuShengNianYue>199002</ChuShengNianYue></Person>';

describe('bad input to POST /registry/lrmx', () => {
  it('the wrong media type, an oversized file, unknown or malformed query fields', async () => {
    problem(await upload(JSON.stringify({ XingMing: '赵新' }), '', 'application/json'), 415);
    problem(await upload('赵新', '', 'text/plain'), 415);
    problem(await upload(Buffer.alloc(LRMX_LIMITS.maxFileBytes + 1, 0x20)), 413);
    problem(await upload(NEW_PERSON, '?force=true'), 400);
    problem(await upload(NEW_PERSON, `?rank=${'科'.repeat(21)}`), 400);
    problem(await upload(NEW_PERSON, '?unit=%00'), 400);
    expect(await lrmxEvents()).toBe(0);
  });

  it('a form the registry cannot take: a new person without a unit, an unknown unit, a rank not in the list, a date in the future', async () => {
    expect(problem(await upload(NEW_PERSON), 422)).toMatch(/须指定单位和职级.*needs a unit and a rank/);
    expect(problem(await upload(NEW_PERSON, '?unit=ts-99&rank=科员'), 422)).toMatch(/no unit ts-99/);
    expect(problem(await upload(NEW_PERSON, '?unit=ts-01&rank=大王'), 422)).toMatch(/rank "大王"/);
    expect(problem(await upload(NEW_PERSON.replace('199002', '209901')), 422)).toMatch(/later than this month/);
    expect(problem(await upload(NEW_PERSON.replace('<XingMing>赵新</XingMing>', '')), 422)).toMatch(/XingMing.*is empty/);
    expect(await lrmxEvents()).toBe(0);
  });

  it('fuzz: XML-like bodies never fail with a 5xx and, without a unit, write nothing', async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('男', '女', '198503', '1985.13', '&amp;', '&bogus;', ']]>', '<', '汉族'),
    );
    const name = fc.constantFrom(
      'XingMing',
      'XingBie',
      'ChuShengNianYue',
      'MinZu',
      'ShenFenZheng',
      'ZhaoPian',
      'JiaTingChengYuan',
      'Item',
      'X',
    );
    const element = fc.tuple(name, text).map(([n, t]) => `<${n}>${t}</${n}>`);
    const body = fc.oneof(
      fc.array(element, { maxLength: 6 }).map((els) => `<Person>${els.join('')}</Person>`),
      fc
        .tuple(
          fc.constantFrom('<!DOCTYPE Person>', '<?xml version="1.0"?>', '<Root>', '</Person>', ''),
          fc.array(element, { maxLength: 3 }),
        )
        .map(([head, els]) => `${head}<Person>${els.join('')}`),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const res = await upload(payload);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect([400, 422], `${String(payload)} → ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 150 },
    );
    expect(await lrmxEvents()).toBe(0);
    console.log(`lrmx upload fuzz: 150 bodies → ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')}`);
  });

  it('fuzz: person ids on the two downloads are 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), fc.boolean(), async (id, docx) => {
        const url = `/registry/people/${encodeURIComponent(id)}/${docx ? 'appointment-form.docx' : 'lrmx'}`;
        const res = await app.inject({ method: 'GET', url, headers: { cookie: county } });
        expect([400, 404], `${url} → ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 100 },
    );
  });
});
