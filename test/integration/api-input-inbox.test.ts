/**
 * Bad input to the inbox's routes (assign, claim, give back, who may hold a task, the
 * inbox's filters) and a case's notes (comments, attachments) through the real API on a
 * real PostgreSQL database: wrong types,
 * unknown fields, ids that are not ids, and a property-based fuzz of the assignment body
 * and the filters. Every answer is a 2xx or a 4xx problem, never a 5xx, and nothing is
 * recorded unless the change was accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { DEFAULT_POLICY } from '../../domain/policy';
import { inboxStreamId } from '../../domain/events';
import { buildApi } from '../../client/api/server';
import { directBackend } from '../../client/backend';
import { seedRegistry } from '../../client/demo';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { problem, signedInUser } from '../support/api';
import { appendCaseEvents, openedTask } from '../support/inbox';

const PASSWORD = 'inbox input passphrase';
const CASE = 'probation/p-input/test';
const TASK = `${CASE}:check-in-1`;
const enc = encodeURIComponent;

let database: TestDatabase;
let app: FastifyInstance;
let cookie: string;

async function call(opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie } });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  app = await buildApi({
    db: database.db,
    backend: directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-input-inbox' }),
  });
  await appendCaseEvents(database.db, CASE, [
    {
      type: 'CaseStarted',
      data: {
        caseId: CASE,
        kind: 'probation',
        subjectId: 'p-input',
        townshipId: 'ts-01',
        policyVersion: 'test',
        startedAt: '2026-12-01T02:00:00.000Z',
        summary: '试用期考察',
      },
    },
    openedTask(CASE, 'ts-01', 'check-in-1', '2026-12-08T09:30:00.000Z'),
  ]);
  cookie = (
    await signedInUser({ database, app }, { login: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })
  ).cookie;
  await signedInUser({ database, app }, { login: 'ts-01-li', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD });
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('bad input to the inbox', () => {
  it('an assignment body: missing, of the wrong type, with an unknown field, not JSON — and nothing is recorded', async () => {
    const url = `/tasks/${enc(TASK)}/assign`;
    const json = { 'content-type': 'application/json' };
    expect(problem(await call({ method: 'POST', url, headers: json, payload: '{}' }), 400)).toMatch(/assignee/);
    expect(problem(await call({ method: 'POST', url, payload: { assignee: 7 } }), 400)).toMatch(/assignee/);
    expect(problem(await call({ method: 'POST', url, payload: { assignee: 'ts-01-li', actor: 'x' } }), 400)).toMatch(
      /unknown field "actor"/,
    );
    expect(problem(await call({ method: 'POST', url, headers: json, payload: '{"assignee":' }), 400)).toMatch(/not valid JSON/);
    expect(problem(await call({ method: 'POST', url, payload: { assignee: '../etc' } }), 400)).toMatch(/assignee/);
    expect(await eventCount(database.db, inboxStreamId(CASE))).toBe(0);
  });

  it('a task id that is not an id, or names no task', async () => {
    expect(problem(await call({ method: 'POST', url: `/tasks/${enc(' spaced')}/claim` }), 400)).toMatch(/taskId/);
    expect(problem(await call({ method: 'POST', url: `/tasks/${enc(`${CASE}:nothing`)}/claim` }), 404)).toMatch(/no task/);
    expect(problem(await call({ method: 'GET', url: `/tasks/${enc(`${CASE}:nothing`)}/assignees` }), 404)).toMatch(/no task/);
  });

  it('the inbox’s filters: unknown values and fields are refused by name', async () => {
    expect(problem(await call({ method: 'GET', url: '/tasks?assignee=ts-01-li' }), 400)).toMatch(/assignee/);
    expect(problem(await call({ method: 'GET', url: '/tasks?sort=title' }), 400)).toMatch(/sort/);
    expect(problem(await call({ method: 'GET', url: '/tasks?overdue=1' }), 400)).toMatch(/unknown field "overdue"/);
  });

  it('fuzzing the assignment body and the filters answers 2xx or 4xx, never a 5xx, and records only what it accepted', async () => {
    const login = fc.oneof(fc.constantFrom('ts-01-li', 'ts-01-committee', 'ts-02-committee', 'auditor', ''), fc.string());
    const body = fc.oneof(
      fc.jsonValue(),
      { arbitrary: fc.record({ assignee: login }), weight: 3 },
      fc.tuple(fc.record({ assignee: login }), fc.string(), fc.jsonValue()).map(([known, k, v]) => ({ ...known, [k]: v })),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(body, async (payload) => {
        const before = await eventCount(database.db, inboxStreamId(CASE));
        const res = await call({
          method: 'POST',
          url: `/tasks/${enc(TASK)}/assign`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        const after = await eventCount(database.db, inboxStreamId(CASE));
        if (res.statusCode >= 300) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(after).toBe(before);
        } else expect(after - before).toBeLessThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
    const key = fc.constantFrom('assignee', 'due', 'sort', 'township', 'role', 'other');
    const value = fc.oneof(fc.string(), fc.constantFrom('me', 'none', 'overdue', 'week', 'due', '-due', 'ts-01', 'ts-02'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 4 }), async (q) => {
        const res = await call({ method: 'GET', url: `/tasks?${new URLSearchParams(q).toString()}` });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect([200, 400, 403], `${JSON.stringify(q)} → ${res.body}`).toContain(res.statusCode);
      }),
      { numRuns: 200 },
    );
    console.log(
      `inbox fuzz: 400 requests → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(statuses.get(200)).toBeGreaterThan(0);
  });

  it('a comment and an attachment: wrong types, unknown fields, a missing name, an unknown attachment id', async () => {
    const notes = `/cases/${enc(CASE)}`;
    const before = await eventCount(database.db, inboxStreamId(CASE));
    expect(problem(await call({ method: 'POST', url: `${notes}/comments`, payload: { text: 5 } }), 400)).toMatch(/text/);
    expect(problem(await call({ method: 'POST', url: `${notes}/comments`, payload: { text: 'a', by: 'x' } }), 400)).toMatch(
      /unknown field "by"/,
    );
    const pdf = { 'content-type': 'application/octet-stream' };
    expect(
      problem(await call({ method: 'POST', url: `${notes}/attachments`, headers: pdf, payload: Buffer.from('%PDF-1.7') }), 400),
    ).toMatch(/name/);
    expect(
      problem(
        await call({ method: 'POST', url: `${notes}/attachments?name=a.pdf&x=1`, headers: pdf, payload: Buffer.from('%PDF-1.7') }),
        400,
      ),
    ).toMatch(/unknown field "x"/);
    expect(problem(await call({ method: 'GET', url: `${notes}/attachments/not-an-id` }), 400)).toMatch(/attachmentId/);
    expect(
      problem(await call({ method: 'GET', url: `${notes}/attachments/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}` }), 404),
    ).toMatch(/no attachment/);
    expect(await eventCount(database.db, inboxStreamId(CASE))).toBe(before);
  });

  it('fuzzing attachments (random bytes and names) and comments answers 201 or 4xx, and records only what it accepted', async () => {
    const magic = fc.constantFrom(
      [0x25, 0x50, 0x44, 0x46, 0x2d],
      [0xff, 0xd8, 0xff],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      [0x50, 0x4b, 0x03, 0x04],
      [],
    );
    const file = fc.tuple(magic, fc.uint8Array({ maxLength: 64 })).map(([m, rest]) => Buffer.from([...m, ...rest]));
    const name = fc.oneof(
      fc.constantFrom('a.pdf', 'b.JPG', 'c.png', 'd.docx', 'e.xlsx', 'f.exe', '../g.pdf', 'noext'),
      fc.string({ minLength: 1 }),
    );
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(file, name, async (bytes, fileName) => {
        const before = await eventCount(database.db, inboxStreamId(CASE));
        const res = await call({
          method: 'POST',
          url: `/cases/${enc(CASE)}/attachments?name=${enc(fileName)}`,
          headers: { 'content-type': 'application/octet-stream' },
          payload: bytes,
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${fileName} → ${res.body}`).toBeLessThan(500);
        const after = await eventCount(database.db, inboxStreamId(CASE));
        expect(after - before).toBe(res.statusCode === 201 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ text: fc.string({ maxLength: 2100 }) })), async (payload) => {
        const before = await eventCount(database.db, inboxStreamId(CASE));
        const res = await call({
          method: 'POST',
          url: `/cases/${enc(CASE)}/comments`,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify(payload),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBeLessThan(500);
        expect((await eventCount(database.db, inboxStreamId(CASE))) - before).toBe(res.statusCode === 201 ? 1 : 0);
      }),
      { numRuns: 150 },
    );
    console.log(
      `notes fuzz: 300 requests → ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(statuses.get(201)).toBeGreaterThan(0);
  });

  it('a bulk decision’s body: wrong shapes are refused by name; unknown cases are answered per case; nothing is recorded', async () => {
    const before = await eventCount(database.db);
    const post = (payload: unknown) =>
      call({
        method: 'POST',
        url: '/tasks/bulk-decisions',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const decision = { rating: 'good', comment: '' };
    expect(problem(await post({ step: 'check-in-1', decision, caseIds: [] }), 400)).toMatch(/caseIds/);
    expect(problem(await post({ step: 'check-in-1', decision, caseIds: ['a', 'a'] }), 400)).toMatch(/caseIds/);
    expect(problem(await post({ step: 'check-in-1', decision, caseIds: Array.from({ length: 51 }, (_, i) => `c-${i}`) }), 400)).toMatch(
      /caseIds/,
    );
    expect(problem(await post({ step: 'check-in-1', decision, caseIds: ['a'], actor: 'x' }), 400)).toMatch(/unknown field "actor"/);
    const res = await post({ step: 'check-in-1', decision, caseIds: ['probation/nobody/x', `${CASE}-other`] });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body).results).toEqual([
      { caseId: 'probation/nobody/x', accepted: false, reason: 'NotFound', detail: 'no case probation/nobody/x' },
      { caseId: `${CASE}-other`, accepted: false, reason: 'NotFound', detail: `no case ${CASE}-other` },
    ]);
    const notBulk = await post({ step: 'democratic-rating', decision, caseIds: [CASE] });
    expect(JSON.parse(notBulk.body).results).toMatchObject([{ caseId: CASE, accepted: false, reason: 'NotBulk' }]);

    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record(
            { step: fc.string(), decision: fc.jsonValue(), caseIds: fc.array(fc.string(), { maxLength: 4 }) },
            { requiredKeys: [] },
          ),
        ),
        async (payload) => {
          const r = await post(payload);
          expect(r.statusCode, `${JSON.stringify(payload)} → ${r.body}`).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect(await eventCount(database.db)).toBe(before);
  });
});
