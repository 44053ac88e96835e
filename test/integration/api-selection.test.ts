/**
 * Selections through the real API, on a real PostgreSQL database and the real Temporal
 * dev server: county staff open one, decide its work plan, and read its full-process
 * record (全程纪实) as lines and as the .docx; bad openings are refused with the parser's
 * message and start nothing; a township reads only its own township's record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import JSZip from 'jszip';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { selectionCaseId } from '../../domain/selection';
import type { Backend } from '../../client/backend';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventCount, eventually } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-selection-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** Post ids of this suite, apart from other suites' selections on the shared server. */
const POST = `api-sel-${process.pid}`;

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let backend: Backend;
let app: FastifyInstance;
const cookie: Record<'county' | 'own' | 'other' | 'auditor', string> = { county: '', own: '', other: '', auditor: '' };
const started: string[] = [];
const today = shanghaiDate(Date.now());

async function call(who: keyof typeof cookie, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: cookie[who] } });
}

function opening(postId = POST, extra: Record<string, unknown> = {}) {
  return {
    orgUnitId: 'ts-01',
    post: { postId, title: '副乡长', rank: '副科级', positions: 1 },
    method: 'ordinary',
    qualifications: '大学本科以上学历，两年以上乡镇工作经历',
    scope: '全县乡镇在职干部',
    ...extra,
  };
}

const open = (body: unknown) => call('county', { method: 'POST', url: '/cases/selection', payload: body as object });

/** True when Temporal has a workflow with this id. */
async function exists(workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch {
    return false;
  }
}

async function docxParagraphs(body: Buffer): Promise<string[]> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE);
  ({ database, shared, client, backend, app } = stack);
  cookie.county = (await signedInUser(stack, { login: 'org-staff', role: 'county-org-dept', password: PASSWORD })).cookie;
  cookie.auditor = (await signedInUser(stack, { login: 'auditor', role: 'auditor', password: PASSWORD })).cookie;
  cookie.own = (
    await signedInUser(stack, { login: 'ts-01-c', role: 'township-committee', townshipId: 'ts-01', password: PASSWORD })
  ).cookie;
  cookie.other = (
    await signedInUser(stack, { login: 'ts-02-c', role: 'township-committee', townshipId: 'ts-02', password: PASSWORD })
  ).cookie;
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const id of started)
    await client?.workflow
      .getHandle(id)
      .terminate('test finished')
      .catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('POST /cases/selection', () => {
  it('county staff open a selection once; the same unit, post and day again starts nothing', async () => {
    const caseId = selectionCaseId('ts-01', POST, today);
    started.push(caseId);
    const first = await open(opening());
    expect(first.statusCode, first.body).toBe(201);
    expect(JSON.parse(first.body)).toEqual({ caseId, started: true });
    const again = await open(opening());
    expect(again.statusCode, again.body).toBe(200);
    expect(JSON.parse(again.body)).toEqual({ caseId, started: false });
    // The opener is the signed-in user, read from the event the case wrote.
    const row = await eventually(
      async () =>
        (await database.db
          .selectFrom('events')
          .select(['data'])
          .where('stream_id', '=', caseId)
          .where('type', '=', 'SelectionOpened')
          .executeTakeFirst()) ?? undefined,
      'SelectionOpened',
    );
    expect((row.data as { actor: unknown }).actor).toEqual({ id: 'org-staff', role: 'county-org-dept' });
    expect(problem(await call('own', { method: 'POST', url: '/cases/selection', payload: opening('by-township') }), 403)).toMatch(
      /county organization department/,
    );
    expect(await exists(selectionCaseId('ts-01', 'by-township', today))).toBe(false);
  });

  it('refuses a bad opening with the parser’s message, and starts nothing', async () => {
    const tomorrow = addDays(today, 1);
    const cases: Array<[unknown, RegExp, string]> = [
      [opening('bad-method', { method: 'fast' }), /^body\.method: must be equal to one of the allowed values/, 'bad-method'],
      [opening('Deputy Head'), /^body\.post\.postId: must match pattern/, 'Deputy Head'],
      [opening('bad-day', { openedOn: '2026-02-30' }), /^openedOn: no such calendar day: 2026-02-30/, 'bad-day'],
      [opening('future', { openedOn: tomorrow }), new RegExp(`^openedOn: ${tomorrow} is after today`), 'future'],
      [opening('old', { openedOn: '2020-01-06' }), /^openedOn: 2020-01-06 is more than a year ago/, 'old'],
      [{ ...opening('no-unit'), orgUnitId: 'ts-99' }, /^no org unit with id ts-99/, 'no-unit'],
      [{ ...opening('actor'), actor: { id: 'x', role: 'county-org-dept' } }, /^body: unknown field "actor"/, 'actor'],
      [
        opening('zero', { post: { postId: 'zero', title: '副乡长', rank: '副科级', positions: 0 } }),
        /^body\.post\.positions: must be >= 1/,
        'zero',
      ],
      [{ ...opening('no-scope'), scope: undefined }, /^body: must have required property 'scope'/, 'no-scope'],
    ];
    for (const [body, detail, postId] of cases) {
      expect(problem(await open(body), 400), JSON.stringify(body)).toMatch(detail);
      expect(await exists(selectionCaseId('ts-01', postId, today)), postId).toBe(false);
    }
  });

  it('fuzz: a corrupted opening is always a 400 problem, never a 5xx, and starts no case', async () => {
    type Body = Record<string, unknown> & { post: Record<string, unknown> };
    const corruptions: Array<(b: Body) => void> = [
      (b) => delete b.orgUnitId,
      (b) => (b.method = 42),
      (b) => (b.openedOn = '2026-13-01'),
      (b) => (b.post.positions = -1),
      (b) => (b.post.title = ''),
      (b) => (b.post.extra = true),
      (b) => (b.qualifications = 'x'.repeat(2001)),
      (b) => (b.orgUnitId = '../ts-01'),
      (b) => (b.post.nonElected = 'no'),
      // Last, as the corruptions are applied in order: it replaces the post the others change.
      (b) => (b.post = 'post' as unknown as Body['post']),
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: corruptions.length - 1 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 9999 }),
        async (picked, n) => {
          const postId = `fuzz-${n}`;
          const body = structuredClone(opening(postId)) as Body;
          for (const i of [...picked].sort((x, y) => x - y)) corruptions[i]!(body);
          const res = await open(body);
          expect(res.statusCode, res.body).toBe(400);
          expect(JSON.parse(res.body).detail.length).toBeGreaterThan(5);
          expect(await exists(selectionCaseId('ts-01', postId, today))).toBe(false);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('the full-process record from the API', () => {
  it('reads the same lines as the .docx, twice the same, for the county, the auditor and the own township only', async () => {
    const caseId = selectionCaseId('ts-01', POST, today);
    const url = `/cases/${encodeURIComponent(caseId)}`;
    await eventually(
      async () =>
        (await database.db
          .selectFrom('tasks')
          .select('task_id')
          .where('case_id', '=', caseId)
          .where('step', '=', 'work-plan')
          .where('status', '=', 'pending')
          .executeTakeFirst()) ?? undefined,
      'the work-plan task',
    );
    const decided = await call('county', {
      method: 'POST',
      url: `${url}/decisions`,
      payload: { step: 'work-plan', decision: { approvedBy: '县委书记专题会', approvedOn: today } },
    });
    expect(decided.statusCode, decided.body).toBe(200);
    await eventually(async () => ((await eventCount(database.db, caseId)) >= 3 ? true : undefined), 'the plan approval in the log');

    const res = await call('county', { method: 'GET', url: `${url}/record` });
    expect(res.statusCode, res.body).toBe(200);
    const { lines } = JSON.parse(res.body) as { caseId: string; lines: Array<{ heading?: number; text: string }> };
    expect(lines[0]).toEqual({ heading: 1, text: '选拔任用全程纪实：' + lines[0]!.text.split('：')[1] });
    expect(lines.map((l) => l.text)).toEqual(
      expect.arrayContaining([`案件编号：${caseId}`, '二、工作方案', `${today} 经 县委书记专题会 审批同意。`]),
    );

    const docx = await call('auditor', { method: 'GET', url: `${url}/record.docx` });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const fileName = `选拔任用全程纪实-ts-01-${POST}-${today}.docx`;
    expect(docx.headers['content-disposition']).toBe(
      `attachment; filename="ts-01-${POST}-${today}.docx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    );
    const paragraphs = await docxParagraphs(docx.rawPayload);
    expect(paragraphs).toEqual(lines.map((l) => l.text));
    const again = await call('own', { method: 'GET', url: `${url}/record.docx` });
    expect(await docxParagraphs(again.rawPayload)).toEqual(paragraphs);

    expect(problem(await call('other', { method: 'GET', url: `${url}/record` }), 404)).toBe(`no case ${caseId}`);
    expect(problem(await call('other', { method: 'GET', url: `${url}/record.docx` }), 404)).toBe(`no case ${caseId}`);
  });

  it('another kind of case has no record: 404 naming its kind', async () => {
    const person = await database.db
      .selectFrom('people')
      .select('person_id')
      .where('org_unit_id', '=', 'ts-01')
      .where('rank', '=', '科员')
      .orderBy('person_id')
      .executeTakeFirstOrThrow();
    const p = await backend.startProbation({ personId: person.person_id, title: '副乡长', appointedOn: today, appointmentId: 'api-sel' });
    started.push(p.caseId);
    await eventually(
      async () => (await database.db.selectFrom('cases').select('case_id').where('case_id', '=', p.caseId).executeTakeFirst()) ?? undefined,
      'the probation case row',
    );
    expect(problem(await call('county', { method: 'GET', url: `/cases/${encodeURIComponent(p.caseId)}/record` }), 404)).toBe(
      `${p.caseId} is a probation case; only a selection has a full-process record`,
    );
  });
});
