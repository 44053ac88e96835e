/**
 * The authorization matrix: every endpoint × every role (and anonymous) × a resource of
 * the caller's own township and of another, through the real API (`app.inject`) on a
 * real PostgreSQL database and the real Temporal dev server. A decision or objection
 * the API or the case refuses leaves the event log and the workflow history as they were.
 * The table of endpoints, requests and expected statuses is test/support/authzMatrix.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { generateDemoCounty } from '../../demo/county';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { formKeyOfTask } from '../../domain/forms';
import { selectionCaseId } from '../../domain/selection';
import type { SharedServerWorker } from '../support/sharedServer';
import { actorOf, createUser } from '../../client/api/accounts';
import { changeAssignment } from '../../client/taskAssignment';
import { addAttachment } from '../../client/caseNotes';
import { loadSigningKey } from '../../client/audit/checkpoint';
import type { TestDatabase } from '../support/db';
import { eventCount, eventually, historyLength } from '../support/cases';
import { signedInUser, startApiStack } from '../support/api';
import {
  FIXTURE_TERM,
  MATRIX_TERM,
  PASSWORD,
  ROUND_YEAR,
  enc,
  LOGIN,
  MINUTES,
  selectionOpening,
  TARGETS,
  TOWNSHIP,
  WHO,
  type Endpoint,
  type Fixture,
  type Target,
  type Who,
} from '../support/authzMatrix';
import { authzEndpoints } from '../support/authzEndpoints';

const TASK_QUEUE = `api-authz-${process.pid}`;

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let app: FastifyInstance;
let webDir: string | undefined;
const cookies = new Map<Who, string>();
const userIds = new Map<Who, string>();
/** Per township: a case with check-in-1 open, a case with its public notice open, a cadre to start a case for. */
const fixture = {} as Record<Target, Fixture>;

/** The townships' names, for a rename that changes nothing (refused, 409). */
const unitName = {} as Record<Target, string>;

async function request(who: Who, opts: InjectOptions): Promise<number> {
  // A request that brings its own session (logout) keeps it.
  const cookie = opts.headers?.cookie ?? cookies.get(who);
  const res = await app.inject({ ...opts, headers: { ...(opts.headers ?? {}), ...(cookie ? { cookie } : {}) } });
  // Every refusal is a problem document; no endpoint may fail with a 5xx here.
  if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  return res.statusCode;
}

async function settled(caseId: string): Promise<{ history: number; events: number }> {
  return { history: await historyLength(client.workflow.getHandle(caseId)), events: await eventCount(database.db, caseId) };
}

const ENDPOINTS = authzEndpoints({
  fixture,
  unitName,
  userIds,
  db: () => database.db,
  attachmentOf,
  checkInTask,
  unassignedTask,
  taskHeldBy,
});

function expected(e: Endpoint, who: Who, t: Target): number {
  const x = e.expect[who];
  return typeof x === 'number' ? x : x[t];
}

const MATRIX_SIZE = ENDPOINTS.length * WHO.length * TARGETS.length;

/** An attachment on the township's case, added once through the service the route calls. */
const attachments = new Map<Target, string>();
async function attachmentOf(t: Target): Promise<string> {
  if (!attachments.has(t)) {
    const added = await addAttachment(
      database.db,
      fixture[t].assignCase,
      'minutes.pdf',
      MINUTES,
      { id: LOGIN.county, role: 'county-org-dept' },
      Date.now(),
    );
    attachments.set(t, added.attachmentId);
  }
  return attachments.get(t)!;
}

/** The township's check-in task that stays open. */
async function checkInTask(t: Target): Promise<string> {
  const row = await database.db
    .selectFrom('tasks')
    .select('task_id')
    .where('case_id', '=', fixture[t].assignCase)
    .where('step', '=', 'check-in-1')
    .executeTakeFirstOrThrow();
  return row.task_id;
}

/** The check-in task, given back by whoever had it (through the rules, as its holder would). */
async function unassignedTask(t: Target): Promise<string> {
  const taskId = await checkInTask(t);
  const { assignee } = await database.db.selectFrom('tasks').select('assignee').where('task_id', '=', taskId).executeTakeFirstOrThrow();
  if (assignee !== null) {
    const holder = await database.db
      .selectFrom('users')
      .select(['login', 'role', 'township_id'])
      .where('login', '=', assignee)
      .executeTakeFirstOrThrow();
    await changeAssignment(
      database.db,
      taskId,
      { kind: 'release' },
      actorOf({ login: holder.login, role: holder.role, townshipId: holder.township_id }),
      {
        now: Date.now,
        visible: () => true,
      },
    );
  }
  return taskId;
}

/** The check-in task, assigned by county staff to the caller when the caller may hold it. */
async function taskHeldBy(t: Target, who: Who): Promise<string> {
  const taskId = await checkInTask(t);
  const mayHold = who === 'county' || (who === 'township' && t === 'own');
  if (mayHold) {
    await changeAssignment(
      database.db,
      taskId,
      { kind: 'assign', login: LOGIN[who] },
      { id: LOGIN.county, role: 'county-org-dept' },
      {
        now: Date.now,
        visible: () => true,
      },
    );
  }
  return taskId;
}

// ── Setup ───────────────────────────────────────────────────────────────────

/** Township staff of rank 科员 in the demo county: people who can be put on probation. */
async function staffOf(township: string, n: number): Promise<string[]> {
  const rows = await database.db
    .selectFrom('people')
    .select('person_id')
    .where('org_unit_id', '=', township)
    .where('rank', '=', '科员')
    .orderBy('person_id')
    .limit(n)
    .execute();
  if (rows.length < n) throw new Error(`the demo county has fewer than ${n} 科员 in ${township}`);
  return rows.map((r) => r.person_id);
}

/** The third of the township's villages off the demo's list (other suites take the first, second-last and last of ts-01); `nth` another. */
async function freeVillage(township: string, nth = 2): Promise<string> {
  const listed = new Set(generateDemoCounty().underperformingVillageIds);
  const villages = await database.db
    .selectFrom('org_units')
    .select('org_unit_id')
    .where('kind', '=', 'village')
    .where('township_id', '=', township)
    .orderBy('org_unit_id')
    .execute();
  return villages.map((v) => v.org_unit_id).filter((id) => !listed.has(id))[nth]!;
}

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'cf-authz-web-'));
  mkdirSync(join(webDir, 'assets'));
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(webDir, 'assets', 'index-B4xQ9z_a.js'), 'void 0;');
  // A signing key in the test's own folder, for POST /audit/checkpoints.
  const auditKey = loadSigningKey(webDir, {});
  const stack = await startApiStack(TASK_QUEUE, { webRoot: webDir, auditSigningKey: () => auditKey });
  ({ database, shared, client, app } = stack);
  const { backend, modules } = stack;

  for (const [who, login] of Object.entries(LOGIN) as Array<[Exclude<Who, 'anonymous'>, string]>) {
    const role = { admin: 'admin', county: 'county-org-dept', auditor: 'auditor', township: 'township-committee' }[who];
    const { userId, cookie } = await signedInUser(stack, {
      login,
      role,
      townshipId: who === 'township' ? 'ts-01' : undefined,
      password: PASSWORD,
    });
    userIds.set(who, userId);
    cookies.set(who, cookie);
  }
  for (const t of TARGETS) await createUser(database.db, { login: `victim-${t}`, role: 'auditor', password: PASSWORD });

  const today = shanghaiDate(Date.now());
  for (const t of TARGETS) {
    const [checkIn, notice, start, assign] = await staffOf(TOWNSHIP[t], 4);
    // Appointed four months ago: check-in-1 is open at once.
    const a = await backend.startProbation({
      personId: checkIn!,
      title: '副乡长',
      appointedOn: addMonths(today, -4),
      appointmentId: 'authz',
    });
    // Its check-in stays open (the decisions row decides checkInCase's): the inbox's rows assign it.
    const assigned = await backend.startProbation({
      personId: assign!,
      title: '副乡长',
      appointedOn: addMonths(today, -4),
      appointmentId: 'authz-inbox',
    });
    const n = await backend.startProbation({
      personId: notice!,
      title: '副乡长',
      appointedOn: today,
      appointmentId: 'authz',
      preAppointmentNotice: true,
    });
    const round = await modules.evaluation.startRound({ year: ROUND_YEAR, townshipIds: [TOWNSHIP[t]] });
    expect(round.started).toBe(true);
    const selection = await modules.selection.start({
      opening: { ...selectionOpening(t, 'authz'), openedOn: today },
      actor: { id: LOGIN.county, role: 'county-org-dept' },
    });
    expect(selection.started).toBe(true);
    unitName[t] = (
      await database.db.selectFrom('org_units').select('name').where('org_unit_id', '=', TOWNSHIP[t]).executeTakeFirstOrThrow()
    ).name;
    // The read routes' cases: an election of a village no other suite elects in this term, a rectification of the fourth free village.
    const election = await modules.election.start({ orgUnitId: `${TOWNSHIP[t]}-v06`, seats: 3, term: FIXTURE_TERM });
    const rectification = await modules.rectification.start({ branches: [await freeVillage(TOWNSHIP[t], 3)] });
    fixture[t] = {
      election: election.caseId,
      rectification: rectification.started[0] ?? rectification.existing[0]!,
      evaluationCase: '',
      checkInCase: a.caseId,
      noticeCase: n.caseId,
      person: checkIn!,
      startPerson: start!,
      round: round.roundId,
      selection: selection.caseId,
      branch: await freeVillage(TOWNSHIP[t]),
      assignCase: assigned.caseId,
    };
  }
  for (const t of TARGETS) {
    const { checkInCase, noticeCase, selection, assignCase, election, rectification, round } = fixture[t];
    for (const id of [election, rectification])
      await eventually(
        async () => (await database.db.selectFrom('cases').select('case_id').where('case_id', '=', id).executeTakeFirst()) ?? undefined,
        `the case row of ${id}`,
      );
    // A cadre's case of the township's round (its cases start after the round).
    fixture[t].evaluationCase = (
      await eventually(
        async () =>
          (await database.db
            .selectFrom('evaluation_cadres')
            .select('case_id')
            .where('round_id', '=', round)
            .orderBy('case_id')
            .executeTakeFirst()) ?? undefined,
        `a cadre's case of ${round}`,
      )
    ).case_id;
    await eventually(
      async () =>
        (await database.db.selectFrom('cases').select('case_id').where('case_id', '=', fixture[t].evaluationCase).executeTakeFirst()) ??
        undefined,
      `the case row of ${fixture[t].evaluationCase}`,
    );
    await eventually(
      async () =>
        (await database.db.selectFrom('cases').select('case_id').where('case_id', '=', selection).executeTakeFirst()) ?? undefined,
      `the case row of ${selection}`,
    );
    await eventually(
      async () =>
        (await database.db
          .selectFrom('tasks')
          .select('task_id')
          .where('case_id', '=', checkInCase)
          .where('step', '=', 'check-in-1')
          .where('status', '=', 'pending')
          .executeTakeFirst()) ?? undefined,
      `check-in-1 of ${checkInCase}`,
    );
    await eventually(
      async () =>
        (await database.db
          .selectFrom('tasks')
          .select('task_id')
          .where('case_id', '=', assignCase)
          .where('step', '=', 'check-in-1')
          .executeTakeFirst()) ?? undefined,
      `check-in-1 of ${assignCase}`,
    );
    await eventually(
      async () =>
        (await database.db
          .selectFrom('public_notices')
          .select('notice_id')
          .where('case_id', '=', noticeCase)
          .where('status', '=', 'open')
          .executeTakeFirst()) ?? undefined,
      `the notice of ${noticeCase}`,
    );
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const t of TARGETS) {
    const opened = fixture[t] ? [fixture[t].selection, selectionCaseId(TOWNSHIP[t], 'matrix-post', shanghaiDate(Date.now()))] : [];
    for (const id of fixture[t] ? [fixture[t].checkInCase, fixture[t].noticeCase, fixture[t].assignCase, ...opened] : []) {
      await client.workflow
        .getHandle(id)
        .terminate('test finished')
        .catch(() => undefined);
    }
  }
  for (const t of TARGETS)
    for (const id of [
      `probation/${fixture[t]?.startPerson}/matrix-${t}`,
      `election/${TOWNSHIP[t]}-v05/${MATRIX_TERM}`,
      `rectification/${fixture[t]?.branch}/${shanghaiDate(Date.now()).slice(0, 4)}`,
    ])
      await client?.workflow
        .getHandle(id)
        .terminate('test finished')
        .catch(() => undefined);
  for (const t of TARGETS)
    if (fixture[t])
      for (const id of [fixture[t].round, fixture[t].election, fixture[t].rectification])
        await client.workflow
          .getHandle(id)
          .terminate('test finished')
          .catch(() => undefined);
  for (const t of TARGETS)
    await client?.schedule
      .getHandle(`evaluation-round-schedule/${TOWNSHIP[t]}`)
      .delete()
      .catch(() => undefined);
  if (webDir) rmSync(webDir, { recursive: true, force: true });
  await shared?.stop();
  await database?.drop();
});

describe(`authorization matrix: ${ENDPOINTS.length} endpoints × ${WHO.length} callers × ${TARGETS.length} townships = ${MATRIX_SIZE} requests`, () => {
  it('prints its size', () => {
    console.log(
      `authorization matrix: ${ENDPOINTS.length} endpoints × ${WHO.length} callers (${WHO.join(', ')}) × own/other township = ${MATRIX_SIZE} requests`,
    );
    expect(MATRIX_SIZE).toBe(1020);
  });

  it.each(ENDPOINTS.map((e) => [e.name, e] as const))('%s', async (_name, endpoint) => {
    const cells = WHO.flatMap((who) => TARGETS.map((t) => ({ who, t, want: expected(endpoint, who, t) })));
    // Refusals first, while the guarded cases are untouched; then the accepted requests,
    // which would otherwise turn later refusals into "already decided".
    const refusals = cells.filter((c) => c.want >= 300);
    const accepted = cells.filter((c) => c.want < 300);
    const guarded = TARGETS.flatMap((t) => endpoint.guards?.(t) ?? []);
    const before = new Map<string, { history: number; events: number }>();
    for (const id of guarded) before.set(id, await settled(id));

    const got: Record<string, number> = {};
    const want: Record<string, number> = {};
    for (const c of [...refusals, ...accepted]) {
      if (c === accepted[0]) {
        // Nothing a refused caller sent reached the log or the workflow history.
        for (const id of guarded) expect(await settled(id), `${endpoint.name}: ${id} after refusals`).toEqual(before.get(id));
      }
      got[`${c.who}/${c.t}`] = await request(c.who, await endpoint.request(c.t, c.who));
      want[`${c.who}/${c.t}`] = c.want;
    }
    expect(got).toEqual(want);
  });
});

describe('what the matrix does not show', () => {
  it('a township inbox and case list hold only that township; county staff and auditors see every township', async () => {
    const get = async (who: Who, url: string) =>
      JSON.parse((await app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } })).body);
    const inbox = (await get('township', '/tasks')) as Array<{ townshipId: string }>;
    expect(inbox.length).toBeGreaterThan(0);
    expect(new Set(inbox.map((t) => t.townshipId))).toEqual(new Set(['ts-01']));
    const cases = (await get('township', '/cases')) as { items: Array<{ townshipId: string }> };
    expect(new Set(cases.items.map((c) => c.townshipId))).toEqual(new Set(['ts-01']));
    const people = (await get('township', '/registry/people?limit=500')) as { items: Array<{ townshipId: string }> };
    expect(new Set(people.items.map((p) => p.townshipId))).toEqual(new Set(['ts-01']));
    for (const who of ['county', 'auditor'] as const) {
      const all = (await get(who, '/tasks')) as Array<{ townshipId: string }>;
      expect(new Set(all.map((t) => t.townshipId))).toEqual(new Set(['ts-01', 'ts-02']));
    }
  });

  it('every task names the form that decides it, in the inbox, on the case and in the OpenAPI document', async () => {
    const get = async (who: Who, url: string) =>
      JSON.parse((await app.inject({ method: 'GET', url, headers: { cookie: cookies.get(who)! } })).body);
    const inbox = (await get('county', '/tasks')) as Array<{ caseId: string; step: string; form: string | null }>;
    expect(inbox.length).toBeGreaterThan(0);
    // Every step the fixture's cases open has a form; the key is the one domain/forms.ts gives.
    for (const task of inbox) expect(task.form, `${task.caseId} ${task.step}`).toBe(formKeyOfTask(task));
    expect(inbox.filter((t) => t.step === 'check-in-1').map((t) => t.form)).toEqual(expect.arrayContaining(['probation.check-in']));
    expect(inbox.every((t) => t.form !== null)).toBe(true);
    const view = (await get('county', `/cases/${enc(fixture.own.checkInCase)}`)) as { tasks: Array<{ step: string; form: string | null }> };
    expect(view.tasks.find((t) => t.step === 'check-in-1')?.form).toBe('probation.check-in');
    const doc = (await get('county', '/docs/json')) as { paths: Record<string, { get?: { responses: Record<string, unknown> } }> };
    const taskSchema = JSON.stringify(doc.paths['/tasks']!.get!.responses['200']);
    expect(taskSchema).toContain('"form"');
    expect(taskSchema).toContain('"probation.check-in"');
  });

  it('stamps the decision with the signed-in user, and refuses an actor in the body', async () => {
    const events = await database.db
      .selectFrom('events')
      .select(['type', 'data', 'metadata'])
      .where('stream_id', '=', fixture.own.checkInCase)
      .where('type', '=', 'TaskDecided')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]!.metadata.actor).toEqual({ id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' });
    expect((events[0]!.data as { actor: unknown }).actor).toEqual({
      id: 'ts-01-committee',
      role: 'township-committee',
      townshipId: 'ts-01',
    });

    const before = await settled(fixture.other.checkInCase);
    const res = await app.inject({
      method: 'POST',
      url: `/cases/${enc(fixture.other.checkInCase)}/decisions`,
      headers: { cookie: cookies.get('township')! },
      payload: {
        step: 'check-in-1',
        decision: { rating: 'good' },
        actor: { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' },
      },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).detail).toBe('body: unknown field "actor"');
    expect(await settled(fixture.other.checkInCase)).toEqual(before);
  });

  it('another township’s case is answered exactly as a missing one: same status, same problem, same words', async () => {
    const shape = async (url: string) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie: cookies.get('township')! } });
      const body = JSON.parse(res.body) as Record<string, unknown>;
      return { status: res.statusCode, keys: Object.keys(body).sort(), type: body.type, title: body.title, detail: body.detail };
    };
    const hidden = await shape(`/cases/${enc(fixture.other.checkInCase)}`);
    const missing = await shape(`/cases/${enc('probation/p-9999/none')}`);
    expect(hidden).toEqual({ ...missing, detail: `no case ${fixture.other.checkInCase}` });
    expect(missing.detail).toBe('no case probation/p-9999/none');
    expect(hidden.status).toBe(404);
  });

  it('every state-changing endpoint refuses a signed-in browser’s request from another origin, and nothing changes', async () => {
    const changing = ENDPOINTS.filter((e) => e.name.startsWith('POST') || e.name.startsWith('PATCH') || e.name.startsWith('DELETE'));
    expect(changing.length).toBeGreaterThanOrEqual(9);
    const guarded = TARGETS.flatMap((t) => changing.flatMap((e) => e.guards?.(t) ?? []));
    const before = new Map<string, { history: number; events: number }>();
    for (const id of guarded) before.set(id, await settled(id));
    const accessBefore = await database.db.selectFrom('access_log').select('position').execute();
    for (const e of changing) {
      for (const who of ['admin', 'county', 'auditor', 'township'] as const) {
        const opts = await e.request('own', who);
        const res = await app.inject({
          ...opts,
          headers: { ...(opts.headers ?? {}), cookie: opts.headers?.cookie ?? cookies.get(who)!, origin: 'http://127.0.0.1:8233' },
        });
        expect(res.statusCode, `${e.name} as ${who}`).toBe(403);
        expect(JSON.parse(res.body).detail).toMatch(/^a request from http:\/\/127\.0\.0\.1:8233 may not act with this session/);
      }
    }
    for (const id of guarded) expect(await settled(id)).toEqual(before.get(id));
    expect(await database.db.selectFrom('access_log').select('position').execute()).toEqual(accessBefore);
  });

  it('names the case’s refusal reason', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/cases/${enc(fixture.other.checkInCase)}/decisions`,
      headers: { cookie: cookies.get('county')! },
      payload: { step: 'check-in-1', decision: { rating: 'good' } },
    });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ type: 'urn:cadreflow:problem:refused-WrongRole', reason: 'WrongRole', status: 403 });
  });
});
