/**
 * The dashboard, evaluation round and case verification endpoints with real data, on the
 * real Temporal dev server and a real PostgreSQL: an evaluation round over two townships
 * started through the API (twice: the second starts nothing), polled until its cases
 * have started; a probation case and two rectification cases in other townships. Each
 * caller gets the shapes the web UI reads, and a township committee member only their
 * township's part of every one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { generateDemoCounty } from '../../demo/county';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { ApiModules } from '../../client/api/context';
import type { Dashboard } from '../../domain/wire/dashboard';
import type { RoundView } from '../../domain/wire/roundProgress';
import type { EvaluationRoundInput } from '../../workflows/evaluationRound';
import type { SharedServerWorker } from '../support/sharedServer';
import type { TestDatabase } from '../support/db';
import { eventCount, eventually, waitForTask } from '../support/cases';
import { signedInUser, startApiStack } from '../support/api';

const TASK_QUEUE = `api-dashboard-${process.pid}`;
const PASSWORD = 'correct horse battery staple';
/** Rounds share the test run's Temporal server: a year and townships no other suite uses. */
const YEAR = 2025;
const ROUND = `evaluation-round/${YEAR}/ts-04+ts-08`;
const DAY_MS = 24 * 60 * 60 * 1000;

type Who = 'county' | 'auditor' | 'ts04' | 'ts01';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let client: Client;
let app: FastifyInstance;
let modules: ApiModules;
/** The API's clock runs this far ahead, to make steps overdue without waiting for them. */
let aheadMs = 0;
const cookies = new Map<Who, string>();
let probationCase: string;
const rectificationCases: string[] = [];

async function call(who: Who, opts: InjectOptions) {
  return app.inject({ ...opts, headers: { ...(opts.headers ?? {}), cookie: cookies.get(who)! } });
}

async function get<T>(who: Who, url: string): Promise<T> {
  const res = await call(who, { method: 'GET', url });
  expect(res.statusCode, `${who} GET ${url}: ${res.body}`).toBe(200);
  return res.json() as T;
}

const roundUrl = `/evaluation/rounds/${encodeURIComponent(ROUND)}`;

/** Open cases per township and kind, straight from the read model. */
async function openCases(township?: string): Promise<number> {
  let q = database.db
    .selectFrom('cases')
    .select(sql<bigint>`count(*)`.as('n'))
    .where('status', '=', 'open');
  if (township) q = q.where('township_id', '=', township);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

async function overdueTasks(now: Date, township?: string): Promise<number> {
  let q = database.db
    .selectFrom('tasks')
    .select(sql<bigint>`count(*)`.as('n'))
    .where('status', '=', 'pending')
    .where('due_at', '<', now);
  if (township) q = q.where('township_id', '=', township);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

beforeAll(async () => {
  const stack = await startApiStack(TASK_QUEUE, {
    clock: () => Date.now() + aheadMs,
    // Sessions must outlive the clock moved ahead.
    sessionTtlMs: 400 * DAY_MS,
  });
  ({ database, shared, client, app, modules } = stack);
  const backend = stack.backend;
  const users: Array<[Who, string, string, string | undefined]> = [
    ['county', 'org-staff', 'county-org-dept', undefined],
    ['auditor', 'auditor', 'auditor', undefined],
    ['ts04', 'ts-04-committee', 'township-committee', 'ts-04'],
    ['ts01', 'ts-01-committee', 'township-committee', 'ts-01'],
  ];
  for (const [who, login, role, townshipId] of users) {
    cookies.set(who, (await signedInUser(stack, { login, role, townshipId, password: PASSWORD })).cookie);
  }

  // A probation case in ts-01 with check-in-1 open, decided by its committee.
  const person = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', 'ts-01')
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .executeTakeFirstOrThrow();
  probationCase = (
    await backend.startProbation({
      personId: person.person_id,
      title: '副乡长',
      appointedOn: addMonths(shanghaiDate(Date.now()), -4),
      appointmentId: 'dashboard',
    })
  ).caseId;
  await waitForTask(client.workflow.getHandle(probationCase), 'check-in-1');
  await eventually(
    async () =>
      (await database.db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', probationCase)
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    'check-in-1 in the read model',
  );
  const decided = await call('ts01', {
    method: 'POST',
    url: `/cases/${encodeURIComponent(probationCase)}/decisions`,
    payload: { step: 'check-in-1', decision: { rating: 'good', comment: '表现良好' } },
  });
  expect(decided.statusCode, decided.body).toBe(200);

  // Rectification of a village in ts-01 and one in ts-04: not the demo's list, which the rectification suite starts.
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const branches: string[] = [];
  for (const township of ['ts-01', 'ts-04']) {
    const villages = await database.db
      .selectFrom('org_units')
      .select('org_unit_id')
      .where('kind', '=', 'village')
      .where('township_id', '=', township)
      .orderBy('org_unit_id')
      .execute();
    branches.push(villages.map((v) => v.org_unit_id).find((id) => !listed.has(id))!);
  }
  const started = await modules.rectification.start({ branches, on: addMonths(shanghaiDate(Date.now()), -4) });
  expect(started.started).toHaveLength(2);
  rectificationCases.push(...started.started);
  await eventually(
    async () => ((await modules.rectification.list({})).length === 2 ? true : undefined),
    'the rectification cases in the read model',
  );

  // The round, through the API; a second start in the other order names the same round and starts nothing.
  const first = await call('county', { method: 'POST', url: '/evaluation/rounds', payload: { year: YEAR, townships: ['ts-08', 'ts-04'] } });
  expect(first.statusCode, first.body).toBe(201);
  expect(first.json()).toEqual({ roundId: ROUND, started: true });
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const id of [probationCase, ...rectificationCases, ROUND]) {
    if (id)
      await client?.workflow
        .getHandle(id)
        .terminate('test finished')
        .catch(() => undefined);
  }
  await shared?.stop();
  await database?.drop();
});

describe('evaluation rounds over HTTP', () => {
  it('reports progress while the cases start; starting again starts nothing', async () => {
    const polled: RoundView[] = [];
    const done = await eventually(
      async () => {
        const v = await get<RoundView>('county', roundUrl);
        polled.push(v);
        return v.progress.started !== null && v.progress.casesStarted >= v.progress.started ? v : undefined;
      },
      'every case of the round to start',
      150_000,
    );
    expect(polled.length).toBeGreaterThan(0);
    expect(done.progress).toMatchObject({ roundId: ROUND, known: true, casesStarted: 138, started: 138, skipped: 0, cadres: 138 });
    expect(done.progress.units.map((u) => u.unitId)).toEqual(['ts-04/township', 'ts-04/villages', 'ts-08/township', 'ts-08/villages']);

    const again = await call('county', {
      method: 'POST',
      url: '/evaluation/rounds',
      payload: { year: YEAR, townships: ['ts-04', 'ts-08'] },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ roundId: ROUND, started: false });
    const starts = await database.db.selectFrom('events').select('position').where('type', '=', 'EvaluationRoundStarted').execute();
    expect(starts).toHaveLength(1);
    // The round's log names the signed-in user who started it.
    const opened = await database.db
      .selectFrom('events')
      .select('metadata')
      .where('stream_id', '=', ROUND)
      .where('type', '=', 'CaseStarted')
      .executeTakeFirstOrThrow();
    expect(opened.metadata.actor).toEqual({ id: 'org-staff', role: 'county-org-dept' });
  }, 180_000);

  it('gives county staff and auditors the whole round, a township committee its township’s part, and others none', async () => {
    for (const who of ['county', 'auditor'] as const) {
      const v = await get<RoundView>(who, roundUrl);
      expect(v.township).toBeNull();
      const d = v.dashboard!;
      expect(d).toMatchObject({ roundId: ROUND, year: YEAR, scope: 'ts-04+ts-08', cadres: 138, started: 138, skipped: 0 });
      expect(d.townships.map((t) => [t.townshipId, t.cadres])).toEqual([
        ['ts-04', 69],
        ['ts-08', 69],
      ]);
      expect(d.totals).toMatchObject({
        cadres: 138,
        done: 0,
        pending: 138,
        grades: { excellent: 0, competent: 0, 'basically-competent': 0, 'not-competent': 0 },
      });
      expect(d.units).toHaveLength(4);
    }

    const mine = await get<RoundView>('ts04', roundUrl);
    expect(mine.township).toBe('ts-04');
    expect(mine.progress).toMatchObject({ known: true, cadres: 69, casesStarted: 69, started: 69, skipped: null });
    expect(mine.progress.units.map((u) => u.unitId)).toEqual(['ts-04/township', 'ts-04/villages']);
    const d = mine.dashboard!;
    expect(d).toMatchObject({ cadres: 69, started: 69, skipped: null });
    expect(d.townships.map((t) => t.townshipId)).toEqual(['ts-04']);
    expect(d.units.map((u) => u.townshipId)).toEqual(['ts-04', 'ts-04']);
    expect(d.totals.cadres).toBe(69);
    expect(JSON.stringify(mine)).not.toMatch(/ts-08\//);

    const refused = await call('ts01', { method: 'GET', url: roundUrl });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: 'urn:cadreflow:problem:forbidden' });
    // Not even whether a round exists: one that does not gets the same 403.
    expect(
      (await call('ts01', { method: 'GET', url: `/evaluation/rounds/${encodeURIComponent(`evaluation-round/${YEAR}/ts-09`)}` })).statusCode,
    ).toBe(403);
    const missing = await call('county', {
      method: 'GET',
      url: `/evaluation/rounds/${encodeURIComponent(`evaluation-round/${YEAR}/ts-09`)}`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ detail: `no evaluation round evaluation-round/${YEAR}/ts-09` });
  });

  it('answers for a round Temporal has but the read model does not yet, instead of 404', async () => {
    // On a task queue no worker polls, the round stays as it is just after its start.
    const roundId = `evaluation-round/${YEAR}/ts-01+ts-09`;
    const input: EvaluationRoundInput = { year: YEAR, townshipIds: ['ts-01', 'ts-09'], policy: DEFAULT_POLICY };
    const handle = await client.workflow.start('evaluationRound', { taskQueue: `${TASK_QUEUE}-idle`, workflowId: roundId, args: [input] });
    try {
      const url = `/evaluation/rounds/${encodeURIComponent(roundId)}`;
      const county = await get<RoundView>('county', url);
      expect(county).toEqual({
        roundId,
        township: null,
        progress: { roundId, known: false, status: null, cadres: null, casesStarted: 0, started: null, skipped: null, units: [] },
        dashboard: null,
      });
      const ts01 = await get<RoundView>('ts01', url);
      expect(ts01).toMatchObject({
        township: 'ts-01',
        progress: { known: false, cadres: null, casesStarted: 0, started: null },
        dashboard: null,
      });
      expect((await call('ts04', { method: 'GET', url })).statusCode).toBe(403);
    } finally {
      await handle.terminate('test finished');
    }
  });
});

describe('the dashboard', () => {
  it('shows county staff every part of the county, and what the read models hold', async () => {
    aheadMs = 0;
    const d = await get<Dashboard>('county', '/dashboard');
    expect(d.township).toBeNull();
    expect(Date.parse(d.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(new Set(d.cases.map((c) => c.kind))).toEqual(new Set(['probation', 'rectification', 'evaluation', 'evaluation-round']));
    expect(d.cases.reduce((n, c) => n + c.open, 0)).toBe(await openCases());
    expect(d.cases.filter((c) => c.kind === 'evaluation').reduce((n, c) => n + c.open + c.closed, 0)).toBe(138);
    expect(d.evaluation.year).toBe(YEAR);
    expect(d.evaluation.rounds.map((r) => r.roundId)).toEqual([ROUND]);
    expect(d.evaluation.rounds[0]!.townships.map((t) => t.townshipId)).toEqual(['ts-04', 'ts-08']);
    expect(d.rectification.total).toBe(2);
    expect(d.rectification.items.map((r) => r.townshipId)).toEqual(['ts-01', 'ts-04']);
    expect(Object.values(d.rectification.byStatus).reduce((a, b) => a + b, 0)).toBe(2);
    expect(Object.keys(d.rectification.byStatus)).toEqual(['rectifying', 'consolidating', 'passed', 'follow-up', 'rectified']);
    expect(d.overdue.total).toBe(await overdueTasks(new Date(Date.parse(d.generatedAt))));
  });

  it('lists overdue steps oldest first, at most 50, with how many there are', async () => {
    aheadMs = 120 * DAY_MS;
    try {
      const lowest = await overdueTasks(new Date(Date.now() + aheadMs));
      const d = await get<Dashboard>('county', '/dashboard');
      const now = new Date(Date.parse(d.generatedAt));
      expect(now.getTime()).toBeGreaterThan(Date.now() + 119 * DAY_MS);
      // Steps keep opening while the cases run: the count lies between one taken before and one after.
      const total = await overdueTasks(now);
      expect(total).toBeGreaterThan(50);
      expect(d.overdue.total).toBeGreaterThanOrEqual(lowest);
      expect(d.overdue.total).toBeLessThanOrEqual(total);
      expect(d.overdue.items).toHaveLength(50);
      const due = d.overdue.items.map((t) => Date.parse(t.dueAt));
      expect(due).toEqual([...due].sort((a, b) => a - b));
      expect(due.every((t) => t < now.getTime())).toBe(true);

      const ts01 = await get<Dashboard>('ts01', '/dashboard');
      expect(ts01.overdue.total).toBeGreaterThan(0);
      expect(ts01.overdue.total).toBeLessThanOrEqual(await overdueTasks(new Date(Date.parse(ts01.generatedAt)), 'ts-01'));
      expect(new Set(ts01.overdue.items.map((t) => t.townshipId))).toEqual(new Set(['ts-01']));
    } finally {
      aheadMs = 0;
    }
  });

  it('narrows every part to the township of a committee member, and to the township county staff ask for', async () => {
    const ts04 = await get<Dashboard>('ts04', '/dashboard');
    expect(ts04.township).toBe('ts-04');
    // The round's own case is filed under its scope, not under one township.
    expect(new Set(ts04.cases.map((c) => c.kind))).toEqual(new Set(['evaluation', 'rectification']));
    expect(ts04.cases.reduce((n, c) => n + c.open, 0)).toBe(await openCases('ts-04'));
    expect(ts04.evaluation.rounds).toHaveLength(1);
    expect(ts04.evaluation.rounds[0]!.townships.map((t) => t.townshipId)).toEqual(['ts-04']);
    expect(new Set(ts04.evaluation.rounds[0]!.units.map((u) => u.townshipId))).toEqual(new Set(['ts-04']));
    expect(ts04.rectification.items.map((r) => r.townshipId)).toEqual(['ts-04']);
    expect(ts04.rectification.total).toBe(1);
    expect(ts04.overdue.items.every((t) => t.townshipId === 'ts-04')).toBe(true);

    const ts01 = await get<Dashboard>('ts01', '/dashboard');
    expect(ts01.township).toBe('ts-01');
    expect(new Set(ts01.cases.map((c) => c.kind))).toEqual(new Set(['probation', 'rectification']));
    // The round covers ts-04 and ts-08 only.
    expect(ts01.evaluation).toEqual({ year: YEAR, rounds: [] });
    expect(ts01.rectification.items.map((r) => r.townshipId)).toEqual(['ts-01']);

    // County staff asking for a township get what its committee gets.
    const asked = await get<Dashboard>('county', '/dashboard?township=ts-04');
    expect({ ...asked, generatedAt: '' }).toEqual({ ...ts04, generatedAt: '' });
    expect((await call('ts04', { method: 'GET', url: '/dashboard?township=ts-08' })).statusCode).toBe(403);
    // Another year: no rounds, the rest as it was.
    const other = await get<Dashboard>('county', '/dashboard?year=2019');
    expect(other.evaluation).toEqual({ year: 2019, rounds: [] });
  });
});

describe('verifying a case', () => {
  it('replays the case’s history, pairs its decision with the log, and verifies the chain', async () => {
    const before = await eventCount(database.db);
    const v = (await get<Record<string, unknown>>('auditor', `/audit/cases/${encodeURIComponent(probationCase)}/verification`)) as {
      caseId: string;
      ok: boolean;
      events: number;
      runs: Array<{ runId: string; workflowType: string; ok: boolean; status: string; historyEvents: number }>;
      decisions: {
        checked: boolean;
        updates: number;
        matched: number;
        decisionsWithoutEvents: unknown[];
        eventsWithoutDecisions: unknown[];
      };
      chain: { ok: boolean; checked: number; head: { position: string } };
      unsealed: unknown[];
      executions: { checked: boolean; runs?: number; findings?: Array<{ status: string; reason: string }> };
    };
    expect(v.caseId).toBe(probationCase);
    expect(v.ok).toBe(true);
    expect(v.events).toBe(await eventCount(database.db, probationCase));
    expect(v.runs).toHaveLength(1);
    expect(v.runs[0]).toMatchObject({ workflowType: 'probation', ok: true, status: 'ok' });
    expect(v.runs[0]!.historyEvents).toBeGreaterThan(10);
    expect(v.decisions).toMatchObject({ checked: true, updates: 1, matched: 1, decisionsWithoutEvents: [], eventsWithoutDecisions: [] });
    expect(v.chain.ok).toBe(true);
    expect(v.chain.checked).toBeGreaterThanOrEqual(before);
    expect(v.unsealed).toEqual([]);
    expect(v.executions).toEqual({ checked: true, runs: 1, findings: [] });

    const staff = await call('county', { method: 'GET', url: `/audit/cases/${encodeURIComponent(ROUND)}/verification` });
    expect(staff.statusCode, staff.body).toBe(200);
    const round = staff.json() as { ok: boolean; runs: Array<{ workflowType: string; ok: boolean }> };
    expect(round.runs.map((r) => [r.workflowType, r.ok])).toEqual([['evaluationRound', true]]);

    const missing = await call('auditor', {
      method: 'GET',
      url: `/audit/cases/${encodeURIComponent('probation/p-9999/none')}/verification`,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ detail: 'no case probation/p-9999/none in the event log or in Temporal' });

    // A case terminated around the API (Temporal's own tools) while the read model still shows it open.
    await client.workflow.getHandle(probationCase).terminate('terminated around the API');
    const after = (await get<Record<string, unknown>>(
      'auditor',
      `/audit/cases/${encodeURIComponent(probationCase)}/verification`,
    )) as typeof v;
    expect(after.ok).toBe(false);
    expect(after.executions.checked).toBe(true);
    expect(after.executions.findings?.map((f) => f.status)).toEqual(['TERMINATED']);
  }, 120_000);
});
