/**
 * The auditors' archive, replay, timeline and checkpoints over HTTP, through the real API
 * (`app.inject`) on a real PostgreSQL database and the real Temporal dev server: the
 * archive is the one `cadreflow audit export` writes and verifies offline, a replay names
 * each run and its result, a township committee reaches only its own township's case,
 * a checkpoint is signed and listed, and bad input gets a 4xx in Chinese and English and
 * changes nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import type { ApiModules } from '../../client/api/context';
import { loadSigningKey, signatureValid, type Checkpoint } from '../../client/audit/checkpoint';
import { verifyArchive } from '../../client/audit/verify';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventCount, eventually, waitForTask } from '../support/cases';
import { problem, signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-audit-tools-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
const enc = encodeURIComponent;

type Who = 'county' | 'auditor' | 'ts01' | 'ts02' | 'admin';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let client: Client;
let app: FastifyInstance;
let modules: ApiModules;
let dir: string;
let caseId: string;
const cookies = new Map<Who, string>();

function call(who: Who, opts: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: cookies.get(who)! } });
}

/** Archive lines without the export's own time: two exports of the same record compare equal. */
function archiveLines(gzip: Buffer): unknown[] {
  return gunzipSync(gzip)
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((l) => (l.kind === 'header' ? { ...l, exportedAt: '' } : l));
}

async function accessLogRows(): Promise<number> {
  const r = await database.db
    .selectFrom('access_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cadreflow-audit-tools-'));
  const key = loadSigningKey(dir, {});
  const stack = await startApiStack(TASK_QUEUE, { auditSigningKey: () => key });
  ({ database, shared, client, app, modules } = stack);
  const users: Array<[Who, string, string, string | undefined]> = [
    ['county', 'org-staff', 'county-org-dept', undefined],
    ['auditor', 'auditor', 'auditor', undefined],
    ['admin', 'org-admin', 'admin', undefined],
    ['ts01', 'ts-01-committee', 'township-committee', 'ts-01'],
    ['ts02', 'ts-02-committee', 'township-committee', 'ts-02'],
  ];
  for (const [who, login, role, townshipId] of users)
    cookies.set(who, (await signedInUser(stack, { login, role, townshipId, password: PASSWORD })).cookie);

  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  caseId = (
    await stack.backend.startProbation({
      personId: person.person_id,
      title: '副乡长',
      appointedOn: addMonths(shanghaiDate(Date.now()), -4),
      appointmentId: 'audit-tools',
    })
  ).caseId;
  await waitForTask(client.workflow.getHandle(caseId), 'check-in-1');
  await eventually(
    async () =>
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    'check-in-1 in the read model',
  );
  const decided = await call('ts01', {
    method: 'POST',
    url: `/cases/${enc(caseId)}/decisions`,
    payload: { step: 'check-in-1', decision: { rating: 'good', comment: '表现良好' } },
  });
  expect(decided.statusCode, decided.body).toBe(200);
  // The case settles after the decision (its follow-on appends, then a timer to the next
  // check-in): archives taken from then on hold the same history and log.
  await eventually(async () => {
    const events = (await client.workflow.getHandle(caseId).fetchHistory()).events ?? [];
    return events.at(-1)?.timerStartedEventAttributes ? true : undefined;
  }, `${caseId} waiting for its next check-in`);
}, 180_000);

afterAll(async () => {
  if (caseId)
    await client?.workflow
      .getHandle(caseId)
      .terminate('test finished')
      .catch(() => undefined);
  await app?.close();
  await shared?.stop();
  await database?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('an archive', () => {
  it('is the archive `audit export --case` writes, named for the case, and verifies offline', async () => {
    const before = { events: await eventCount(database.db), access: await accessLogRows() };
    const res = await call('auditor', { method: 'GET', url: `/audit/archive?caseId=${enc(caseId)}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    const today = shanghaiDate(Date.now());
    expect(res.headers['content-disposition']).toContain(`filename="audit-${caseId.replace(/\//g, '-')}-${today}.jsonl.gz"`);
    const bytes = res.rawPayload;
    expect(Number(res.headers['x-archive-histories'])).toBe(1);

    // The same call the CLI's `audit export` makes, a moment later: the same lines.
    const cli = await modules.audit.exportArchive({ scope: { caseId }, namespace: client.options.namespace, progress: false });
    expect(archiveLines(bytes)).toEqual(archiveLines(Buffer.from(cli.gzipBase64, 'base64')));

    const file = join(dir, 'downloaded.jsonl.gz');
    writeFileSync(file, bytes);
    const report = await verifyArchive(file);
    expect(report.ok, JSON.stringify(report, null, 2)).toBe(true);
    expect(report.decisions).toMatchObject({ updates: 1, matched: 1 });
    const header = archiveLines(bytes)[0] as { selection: string; namespace: string };
    expect(header.selection).toBe(`--case ${caseId}`);
    // Reading the record changes neither the log nor the access log (`audit export` records nothing either).
    expect({ events: await eventCount(database.db), access: await accessLogRows() }).toEqual(before);
  }, 120_000);

  it('by kind and day, for county staff; never for a township committee or an administrator', async () => {
    const res = await call('county', {
      method: 'GET',
      url: `/audit/archive?kind=probation&since=${shanghaiDate(Date.now() - 86_400_000)}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const workflows = archiveLines(res.rawPayload)
      .filter((l) => (l as { kind: string }).kind === 'history')
      .map((l) => (l as { workflowId: string }).workflowId);
    expect(workflows).toContain(caseId);
    expect(problem(await call('ts01', { method: 'GET', url: `/audit/archive?caseId=${enc(caseId)}` }), 403)).toMatch(/auditor/);
    expect((await call('admin', { method: 'GET', url: `/audit/archive?caseId=${enc(caseId)}` })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/audit/archive?caseId=${enc(caseId)}` })).statusCode).toBe(401);
  }, 120_000);
});

describe('a replay', () => {
  it('of a case names each run and its result; a township committee replays its own township’s case only', async () => {
    for (const who of ['auditor', 'ts01'] as const) {
      const res = await call(who, { method: 'POST', url: '/audit/replays', payload: { caseId } });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as {
        source: string;
        summary: { total: number; ok: number; nondeterministic: number; failed: number };
        cases: Array<{ workflowId: string; workflowType: string; status: string; events: number }>;
      };
      expect(body.source).toBe(`Temporal (--case ${caseId})`);
      expect(body.summary).toMatchObject({ total: 1, ok: 1, nondeterministic: 0, failed: 0 });
      expect(body.cases).toHaveLength(1);
      expect(body.cases[0]).toMatchObject({ workflowId: caseId, workflowType: 'probation', status: 'ok' });
      expect(body.cases[0]!.events).toBeGreaterThan(10);
    }
    // Another township's case is answered as a missing one; a township committee cannot replay a whole kind.
    expect(problem(await call('ts02', { method: 'POST', url: '/audit/replays', payload: { caseId } }), 404)).toBe(`no case ${caseId}`);
    expect(problem(await call('ts01', { method: 'POST', url: '/audit/replays', payload: { kind: 'probation' } }), 403)).toMatch(
      /replay one case/,
    );
    expect(
      problem(await call('auditor', { method: 'POST', url: '/audit/replays', payload: { caseId: 'probation/p-9999/none' } }), 404),
    ).toBe('no case probation/p-9999/none in Temporal');
  }, 120_000);

  it('of a kind since a day replays every run it selects', async () => {
    const res = await call('county', {
      method: 'POST',
      url: '/audit/replays',
      payload: { kind: 'probation', since: shanghaiDate(Date.now() - 86_400_000) },
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { summary: { total: number; ok: number }; cases: Array<{ workflowId: string; status: string }> };
    expect(body.cases.find((c) => c.workflowId === caseId)).toMatchObject({ status: 'ok' });
    expect(body.summary.total).toBe(body.cases.length);
  }, 120_000);
});

describe('a timeline', () => {
  it('shows the decision beside the Update and the activity that recorded it', async () => {
    const res = await call('ts01', { method: 'GET', url: `/audit/cases/${enc(caseId)}/timeline` });
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json() as {
      caseId: string;
      runs: Array<{ workflowType: string }>;
      rows: Array<{ type: string; step?: string; actor?: { id: string }; update?: { name: string }; activity?: { type: string } }>;
      unanswered: unknown[];
    };
    expect(t.caseId).toBe(caseId);
    expect(t.runs.map((r) => r.workflowType)).toEqual(['probation']);
    expect(t.rows.length).toBe(await eventCount(database.db, caseId));
    const decided = t.rows.find((r) => r.type === 'TaskDecided');
    expect(decided).toMatchObject({ step: 'check-in-1', actor: { id: 'ts-01-committee' }, update: { name: 'decide' } });
    expect(decided?.activity?.type).toBeTruthy();
    expect(t.unanswered).toEqual([]);
    expect(problem(await call('ts02', { method: 'GET', url: `/audit/cases/${enc(caseId)}/timeline` }), 404)).toBe(`no case ${caseId}`);
    expect(problem(await call('auditor', { method: 'GET', url: `/audit/cases/${enc('probation/p-9999/none')}/timeline` }), 404)).toBe(
      'no case probation/p-9999/none in the event log or in Temporal',
    );
  }, 60_000);
});

describe('checkpoints', () => {
  it('are signed over the verified head, stored and listed; a township committee neither signs nor lists them', async () => {
    const listed = async (who: Who) => {
      const res = await call(who, { method: 'GET', url: '/audit/checkpoints' });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json() as { checkpoints: Array<{ id: string; position: string; hash: string; signatureValid: boolean }> }).checkpoints;
    };
    const before = await listed('auditor');
    const created = await call('auditor', { method: 'POST', url: '/audit/checkpoints' });
    expect(created.statusCode, created.body).toBe(201);
    const { id, checkpoint } = created.json() as { id: string; checkpoint: Checkpoint };
    expect(signatureValid(checkpoint).valid).toBe(true);
    const head = await database.db.selectFrom('log_head').select(['position', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    expect(BigInt(checkpoint.head.position)).toBeLessThanOrEqual(head.position);
    const after = await listed('county');
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ id, position: checkpoint.head.position, hash: checkpoint.head.hash, signatureValid: true });
    expect((await call('ts01', { method: 'GET', url: '/audit/checkpoints' })).statusCode).toBe(403);
    expect((await call('ts01', { method: 'POST', url: '/audit/checkpoints' })).statusCode).toBe(403);
    expect(await listed('auditor')).toHaveLength(before.length + 1);
  }, 60_000);
});

describe('bad input', () => {
  it('a selection that chooses no cases, or several ways at once, is refused in Chinese and English', async () => {
    const events = await eventCount(database.db);
    for (const [query, en] of [
      ['', 'choose the cases: caseId, kind and/or since, or all'],
      [`?caseId=${enc(caseId)}&all=true`, 'caseId, all and kind/since select cases in different ways; give one of them'],
      ['?kind=probation&all=true', 'caseId, all and kind/since select cases in different ways; give one of them'],
      ['?since=2026-02-30', 'since "2026-02-30": expected YYYY-MM-DD or an ISO-8601 instant'],
    ] as const) {
      const res = await call('auditor', { method: 'GET', url: `/audit/archive${query}` });
      expect(problem(res, 400)).toBe(en);
      expect((res.json() as { zh: string }).zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const replay = await call('auditor', { method: 'POST', url: '/audit/replays', payload: { caseId, kind: 'probation' } });
    expect(problem(replay, 400)).toBe('caseId, all and kind/since select cases in different ways; give one of them');
    expect(problem(await call('auditor', { method: 'GET', url: '/audit/archive?kind=prob%20ation' }), 400)).toMatch(/^querystring\.kind/);
    expect(problem(await call('auditor', { method: 'GET', url: '/audit/archive?all=yes' }), 400)).toMatch(/^querystring\.all/);
    expect(problem(await call('auditor', { method: 'GET', url: '/audit/archive?query=x' }), 400)).toMatch(/unknown field "query"/);
    expect(problem(await call('auditor', { method: 'POST', url: '/audit/replays', payload: { all: 'true' } }), 400)).toMatch(/^body\.all/);
    expect(problem(await call('auditor', { method: 'POST', url: '/audit/replays', payload: [caseId] }), 400)).toMatch(/^body/);
    expect(problem(await call('auditor', { method: 'GET', url: `/audit/cases/${enc('../x')}/timeline` }), 400)).toMatch(/^params\.caseId/);
    expect(await eventCount(database.db)).toBe(events);
  }, 60_000);

  it('fuzzing the archive’s query, the replay’s body and the timeline’s id answers 200, 400 or 404, never a 5xx, and writes nothing', async () => {
    const events = await eventCount(database.db);
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('no-such-kind', 'p-9999', '2026-01-01', '2026-13-01', 'true', 'false', '', '1', 'a/b', '%00'),
    );
    // Never `all` true nor a bare day: either would replay every case the shared Temporal server holds.
    const key = fc.constantFrom('caseId', 'kind', 'since', 'all', 'other');
    const statuses = new Map<string, number>();
    const count = (what: string, status: number) => statuses.set(`${what} ${status}`, (statuses.get(`${what} ${status}`) ?? 0) + 1);
    const narrow = (q: Record<string, unknown>) =>
      q.all === 'true' || q.all === true || (q.since !== undefined && q.kind === undefined && q.caseId === undefined);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(key, value, { maxKeys: 3 }), async (q) => {
        if (narrow(q)) return;
        const res = await call('auditor', { method: 'GET', url: `/audit/archive?${new URLSearchParams(q).toString()}` });
        count('archive', res.statusCode);
        expect([200, 400, 404], `${JSON.stringify(q)} → ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
    const body = fc.dictionary(
      key,
      fc.oneof(value, fc.boolean(), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })),
      {
        maxKeys: 3,
      },
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        if (narrow(b)) return;
        const res = await call('auditor', { method: 'POST', url: '/audit/replays', payload: b });
        count('replay', res.statusCode);
        expect([200, 400, 404], `${JSON.stringify(b)} → ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 60 }), async (id) => {
        const res = await call('auditor', { method: 'GET', url: `/audit/cases/${enc(id)}/timeline` });
        count('timeline', res.statusCode);
        expect([400, 404], `${JSON.stringify(id)} → ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
      }),
      { numRuns: 60 },
    );
    console.log(
      `audit tools fuzz: ${[...statuses]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(', ')}`,
    );
    expect(await eventCount(database.db)).toBe(events);
  }, 300_000);
});
