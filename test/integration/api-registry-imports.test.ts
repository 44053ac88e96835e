/**
 * A roster (名册) uploaded through the real API, on a real PostgreSQL database: what is no
 * workbook is refused at the door, a roster with bad rows writes nothing and names every
 * problem, a good one writes its changes once, stamped with the signed-in user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { problem, signedInUser, startApiStack } from '../support/api';
import { XLSX_TYPE } from '../../client/api/routes/registryImports';
import { writeRosterWorkbook } from '../../client/roster/workbookWrite';
import { ORG_UNIT_HEADERS, PERSON_HEADERS, rosterFromRegistry } from '../../domain/roster/fromRegistry';
import { readRegistrySnapshot } from '../../client/roster/registrySnapshot';
import { ROSTER_LIMITS } from '../../domain/roster/limits';
import { readRosterWorkbook } from '../../client/roster/workbookRead';

const TASK_QUEUE = `api-registry-imports-${process.pid}`;
const PASSWORD = 'correct horse battery staple';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let county: string;
let township: string;

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

describe('bad input to a roster upload (POST /registry/imports)', () => {
  const upload = (payload: Buffer | string, query = '?dryRun=true', type = XLSX_TYPE) =>
    app.inject({ method: 'POST', url: `/registry/imports${query}`, payload, headers: { 'content-type': type, cookie: county } });
  // Only the import's own events: the cases of the tests before may still be appending theirs.
  const importEvents = async () =>
    Number(
      (
        await database.db
          .selectFrom('events')
          .select(sql<string>`count(*)`.as('n'))
          .where(sql<boolean>`metadata->>'causationId' = 'roster-import'`)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const badRoster = () =>
    writeRosterWorkbook({
      orgUnits: [],
      people: Array.from({ length: 5 }, (_, i) =>
        PERSON_HEADERS.map(
          (h) =>
            (
              ({
                姓名: ['赵一', '钱二', '孙三', '李四', '周五'][i]!,
                性别: '男',
                出生年月: '1975.13',
                单位: 'ts-01',
                职级: '科员',
              }) as Record<string, string>
            )[h] ?? '',
        ),
      ),
    });

  it('bytes that are no workbook, a JSON or text body, a bad dryRun, an unknown query field, an oversized file', async () => {
    expect(problem(await upload(Buffer.from('not a zip at all')), 400)).toMatch(/not an \.xlsx workbook/);
    expect(problem(await upload(JSON.stringify({ rows: [] }), '?dryRun=true', 'application/json'), 415)).toMatch(/workbook/);
    problem(await upload('名册', '?dryRun=true', 'text/plain'), 415);
    const template = await writeRosterWorkbook();
    problem(await upload(template, '?dryRun=yes'), 400);
    problem(await upload(template, '?dryRun=true&force=true'), 400);
    problem(await upload(Buffer.alloc(ROSTER_LIMITS.maxFileBytes + 1)), 413);
  });

  it('a roster with five bad rows: the dry run lists all five, the import refuses them all and writes nothing', async () => {
    const file = await badRoster();
    const dry = await upload(file);
    expect(dry.statusCode, dry.body).toBe(200);
    const report = JSON.parse(dry.body) as { problems: Array<{ row: number; column: string; kind: string }>; written: unknown };
    expect(report.problems.map((p) => [p.row, p.column, p.kind])).toEqual([2, 3, 4, 5, 6].map((row) => [row, '出生年月', 'bad-date']));
    expect(report.written).toBeNull();
    const before = await importEvents();
    const res = await upload(file, '');
    expect(problem(res, 422)).toMatch(/5 problems and cannot be imported; nothing was written/);
    expect((JSON.parse(res.body) as { errors: unknown[] }).errors).toHaveLength(5);
    expect(await importEvents()).toBe(before);
  });

  it('a good roster with one changed cell writes one event stamped with the signed-in user; the same file again writes nothing', async () => {
    const rows = rosterFromRegistry(await readRegistrySnapshot(database.db));
    const name = PERSON_HEADERS.indexOf('姓名');
    const id = PERSON_HEADERS.indexOf('人员编号');
    rows.people[0]![name] = `${rows.people[0]![name]}新`;
    const file = await writeRosterWorkbook(rows);
    const before = await importEvents();
    const res = await upload(file, '');
    expect(res.statusCode, res.body).toBe(200);
    const report = JSON.parse(res.body) as { written: unknown; changes: { people: { changed: number; items: unknown[] } } };
    expect(report.written).toEqual({ events: 1, duplicates: 0 });
    expect(report.changes.people.changed).toBe(1);
    expect(report.changes.people.items).toHaveLength(1);
    const last = await database.db
      .selectFrom('events')
      .select(['type', 'stream_id', 'metadata'])
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ type: 'PersonCorrected', stream_id: `person/${rows.people[0]![id]}` });
    expect(last.metadata.actor).toEqual({ id: 'org-staff', role: 'county-org-dept' });
    const again = await upload(file, '');
    expect(JSON.parse(again.body)).toMatchObject({ written: { events: 0 } });
    expect(await importEvents()).toBe(before + 1);
  });

  it('with Accept: application/x-ndjson, a line as each phase begins and the outcome last; a refusal is the last line', async () => {
    const ndjson = (payload: Buffer, query: string) =>
      app.inject({
        method: 'POST',
        url: `/registry/imports${query}`,
        payload,
        headers: { 'content-type': XLSX_TYPE, accept: 'application/x-ndjson', cookie: county },
      });
    const lines = (body: string) =>
      body
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);

    const rows = rosterFromRegistry(await readRegistrySnapshot(database.db));
    const name = PERSON_HEADERS.indexOf('姓名');
    rows.people[1]![name] = `${rows.people[1]![name]}改`;
    const file = await writeRosterWorkbook(rows);
    const before = await importEvents();
    const res = await ndjson(file, '');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const got = lines(res.body);
    expect(got.slice(0, 3)).toEqual([
      { phase: 'reading' },
      { phase: 'checking', rows: { orgUnits: rows.orgUnits.length, people: rows.people.length } },
      { phase: 'writing', events: 1 },
    ]);
    expect(got).toHaveLength(4);
    expect(got[3]).toMatchObject({ result: { dryRun: false, problems: [], written: { events: 1, duplicates: 0 } } });
    expect(await importEvents()).toBe(before + 1);

    // Problems found after the first line: the last line is the 422 the JSON answer would have been; nothing written.
    const bad = lines((await ndjson(await badRoster(), '')).body);
    expect(bad.map((l) => Object.keys(l)[0])).toEqual(['phase', 'phase', 'problem']);
    expect(bad[2]!.problem).toMatchObject({ type: 'urn:cadreflow:problem:roster-problems', status: 422 });
    expect((bad[2]!.problem as { errors: unknown[] }).errors).toHaveLength(5);
    // No workbook at all: read, refused.
    const junk = lines((await ndjson(Buffer.from('not a zip at all'), '?dryRun=true')).body);
    expect(junk).toHaveLength(2);
    expect(junk[1]!.problem).toMatchObject({ type: 'urn:cadreflow:problem:bad-request', status: 400 });
    expect((junk[1]!.problem as { detail: string }).detail).toMatch(/not an \.xlsx workbook/);
    expect(await importEvents()).toBe(before + 1);
    // Without the header the answer stays one JSON document.
    const plain = await upload(file);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(plain.body)).toMatchObject({ dryRun: true, problems: [] });
  });

  it('fuzzing the upload answers 200 or 4xx, never a 5xx, streamed or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const res = await upload(Buffer.from(bytes));
        expect(res.statusCode).toBeLessThan(500);
      }),
      { numRuns: 40 },
    );
    // Streamed: the last line is the outcome, never a 5xx problem.
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const res = await app.inject({
          method: 'POST',
          url: '/registry/imports?dryRun=true',
          payload: Buffer.from(bytes),
          headers: { 'content-type': XLSX_TYPE, accept: 'application/x-ndjson', cookie: county },
        });
        expect(res.statusCode).toBeLessThan(500);
        const last = JSON.parse(res.body.trimEnd().split('\n').at(-1)!) as { result?: unknown; problem?: { status: number } };
        expect(last.result ?? last.problem).toBeDefined();
        expect(last.problem?.status ?? 200).toBeLessThan(500);
      }),
      { numRuns: 20 },
    );
  });
});

describe('the empty template (GET /registry/template.xlsx)', () => {
  it('is the roster workbook under its Chinese name with an ASCII fallback, and imports as nothing', async () => {
    const res = await app.inject({ method: 'GET', url: '/registry/template.xlsx', headers: { cookie: township } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent('名册模板.xlsx')}`,
    );
    const input = await readRosterWorkbook(res.rawPayload);
    expect(input.people?.headers).toEqual(PERSON_HEADERS);
    expect(input.orgUnits?.headers).toEqual(ORG_UNIT_HEADERS);
    expect([input.people?.rows, input.orgUnits?.rows]).toEqual([[], []]);
    const dry = await app.inject({
      method: 'POST',
      url: '/registry/imports?dryRun=true',
      payload: res.rawPayload,
      headers: { 'content-type': XLSX_TYPE, cookie: county },
    });
    expect(JSON.parse(dry.body)).toMatchObject({ problems: [], rows: { orgUnits: 0, people: 0 } });
  });

  it('refuses a query it does not know, and a township member may not upload', async () => {
    const res = await app.inject({ method: 'GET', url: '/registry/template.xlsx?rows=100', headers: { cookie: county } });
    expect(problem(res, 400)).toMatch(/rows/);
    const upload = await app.inject({
      method: 'POST',
      url: '/registry/imports?dryRun=true',
      payload: await writeRosterWorkbook(),
      headers: { 'content-type': XLSX_TYPE, cookie: township },
    });
    problem(upload, 403);
  });
});
