/**
 * The inbox as people work it, through the real API (`app.inject`) on a real PostgreSQL
 * database: a task assigned to a named member of the committee, reassigned, claimed and
 * given back, each change an event in the case's inbox stream with its actor; the
 * refusals in Chinese and English with nothing recorded; "assigned to me" and
 * "unassigned"; due-date filters and sort. The tasks are appended through the event store
 * as a workflow would append them (its projections fold them in the same transaction); no
 * workflow runs, and the API's clock is fixed so "this week" is a known week.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { appendToStream } from '../../activities/eventStore';
import { inboxStreamId } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { buildApi } from '../../client/api/server';
import { seedRegistry } from '../../client/demo';
import { directBackend } from '../../client/backend';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount } from '../support/cases';
import { appendCaseEvents, openedTask } from '../support/inbox';
import { problem, signedInUser } from '../support/api';

/** Wednesday 2026-12-09, 10:00 in Shanghai: the week ends Monday 2026-12-14 00:00 (Shanghai). */
const NOW = Date.parse('2026-12-09T02:00:00.000Z');
const PASSWORD = 'inbox test passphrase';
const CASE = 'probation/p-inbox/test';
const OTHER_CASE = 'probation/p-inbox-2/test';
const task = (step: string) => `${CASE}:${step}`;
/** Overdue, due this Friday, due next week. */
const DUE = { overdue: '2026-12-08T09:30:00.000Z', week: '2026-12-11T09:30:00.000Z', later: '2026-12-16T09:30:00.000Z' };

let database: TestDatabase;
let app: FastifyInstance;
const cookies: Record<string, string> = {};
const enc = encodeURIComponent;

async function call(login: string, method: 'GET' | 'POST', url: string, payload?: Record<string, string>) {
  return app.inject({ method, url, headers: { cookie: cookies[login]! }, ...(payload === undefined ? {} : { payload }) });
}
async function inbox(login: string, query = ''): Promise<Array<{ taskId: string; assignee: string | null }>> {
  const res = await call(login, 'GET', `/tasks${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
}
const ids = (tasks: Array<{ taskId: string }>) => tasks.map((t) => t.taskId);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  const backend = directBackend({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'api-inbox' });
  app = await buildApi({ db: database.db, backend, clock: () => NOW });
  for (const [caseId, events] of [
    [
      CASE,
      [
        openedTask(CASE, 'ts-01', 'overdue', DUE.overdue),
        openedTask(CASE, 'ts-01', 'week', DUE.week),
        openedTask(CASE, 'ts-01', 'later', DUE.later),
      ],
    ],
    [OTHER_CASE, [openedTask(OTHER_CASE, 'ts-02', 'week', DUE.week)]],
  ] as const) {
    await appendCaseEvents(database.db, caseId, [...events]);
  }
  const users = [
    { login: 'ts-01-chair', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'ts-01-li', role: 'township-committee', townshipId: 'ts-01' },
    { login: 'ts-02-chair', role: 'township-committee', townshipId: 'ts-02' },
    { login: 'org-staff', role: 'county-org-dept' },
    { login: 'auditor', role: 'auditor' },
  ];
  for (const u of users) cookies[u.login] = (await signedInUser({ database, app }, { ...u, password: PASSWORD })).cookie;
}, 60_000);

afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('assigning, claiming and giving back', () => {
  it('the chair assigns a task to a colleague: an event with the chair as actor, and the colleague finds it under "assigned to me"', async () => {
    const res = await call('ts-01-chair', 'POST', `/tasks/${enc(task('week'))}/assign`, { assignee: 'ts-01-li' });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ taskId: task('week'), assignee: 'ts-01-li' });

    const events = await database.db.selectFrom('events').selectAll().where('stream_id', '=', inboxStreamId(CASE)).execute();
    expect(events.map((e) => [e.type, e.data, e.metadata.actor?.id])).toEqual([
      [
        'TaskAssigned',
        { caseId: CASE, taskId: task('week'), assignee: 'ts-01-li', previous: null, at: new Date(NOW).toISOString() },
        'ts-01-chair',
      ],
    ]);
    // The case's own stream, which only its workflow writes, is untouched.
    expect(await eventCount(database.db, CASE)).toBe(3);

    expect(ids(await inbox('ts-01-li', '?assignee=me'))).toEqual([task('week')]);
    expect(ids(await inbox('ts-01-chair', '?assignee=me'))).toEqual([]);
    expect(ids(await inbox('ts-01-chair', '?assignee=none'))).toEqual([task('overdue'), task('later')]);
  });

  it('reassigning names the previous assignee; assigning to the same member again records nothing', async () => {
    const before = await eventCount(database.db, inboxStreamId(CASE));
    expect((await call('ts-01-chair', 'POST', `/tasks/${enc(task('week'))}/assign`, { assignee: 'ts-01-li' })).statusCode).toBe(200);
    expect(await eventCount(database.db, inboxStreamId(CASE))).toBe(before);

    const res = await call('org-staff', 'POST', `/tasks/${enc(task('week'))}/assign`, { assignee: 'ts-01-chair' });
    expect(JSON.parse(res.body)).toMatchObject({ assignee: 'ts-01-chair' });
    const last = await database.db
      .selectFrom('events')
      .select(['data', 'metadata'])
      .where('stream_id', '=', inboxStreamId(CASE))
      .orderBy('position', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.data).toMatchObject({ assignee: 'ts-01-chair', previous: 'ts-01-li' });
    expect(last.metadata.actor).toEqual({ id: 'org-staff', role: 'county-org-dept' });
  });

  it('a member claims an unassigned task and gives it back; claiming a task someone has and giving back another’s are refused', async () => {
    const claimed = await call('ts-01-li', 'POST', `/tasks/${enc(task('later'))}/claim`);
    expect(JSON.parse(claimed.body)).toMatchObject({ assignee: 'ts-01-li' });

    const before = await eventCount(database.db, inboxStreamId(CASE));
    const taken = await call('ts-01-chair', 'POST', `/tasks/${enc(task('later'))}/claim`);
    expect(problem(taken, 409)).toMatch(/任务已分派给 ts-01-li.*only an unassigned task can be claimed/);
    expect(JSON.parse(taken.body).reason).toBe('already-assigned');
    const notMine = await call('ts-01-chair', 'POST', `/tasks/${enc(task('later'))}/release`);
    expect(problem(notMine, 409)).toMatch(/只能退回自己的任务.*give back only your own/);
    expect(await eventCount(database.db, inboxStreamId(CASE))).toBe(before);

    const back = await call('ts-01-li', 'POST', `/tasks/${enc(task('later'))}/release`);
    expect(JSON.parse(back.body)).toMatchObject({ assignee: null });
    expect(ids(await inbox('ts-01-li', '?assignee=me'))).toEqual([]);
  });

  it('refuses an assignee who could not decide the task, in both languages, and records nothing', async () => {
    const before = await eventCount(database.db);
    const url = `/tasks/${enc(task('overdue'))}/assign`;
    expect(problem(await call('ts-01-chair', 'POST', url, { assignee: 'ts-02-chair' }), 422)).toMatch(
      /不是ts-01党委成员或县委组织部工作人员.*neither a member of the ts-01 committee nor county staff/,
    );
    expect(problem(await call('ts-01-chair', 'POST', url, { assignee: 'auditor' }), 422)).toMatch(/cannot be given this task/);
    expect(problem(await call('ts-01-chair', 'POST', url, { assignee: 'nobody' }), 422)).toMatch(/没有账号 nobody.*no account nobody/);
    expect(await eventCount(database.db)).toBe(before);
  });

  it('another township’s task is answered as a missing one; auditors cannot assign', async () => {
    const other = await call('ts-01-chair', 'POST', `/tasks/${enc(`${OTHER_CASE}:week`)}/claim`);
    const missing = await call('ts-01-chair', 'POST', `/tasks/${enc(`${OTHER_CASE}:nothing`)}/claim`);
    expect(problem(other, 404).replace(OTHER_CASE + ':week', 'X')).toBe(problem(missing, 404).replace(OTHER_CASE + ':nothing', 'X'));
    expect(problem(await call('auditor', 'POST', `/tasks/${enc(task('overdue'))}/claim`), 403)).toMatch(/auditor/);
  });

  it('a decided task can no longer change hands', async () => {
    await appendToStream(database.db, {
      streamId: CASE,
      expectedVersion: 3,
      idempotencyKey: `${CASE}:decide-overdue`,
      events: [
        {
          event: {
            type: 'TaskDecided',
            data: {
              caseId: CASE,
              taskId: task('overdue'),
              step: 'overdue',
              actor: { id: 'ts-01-chair', role: 'township-committee', townshipId: 'ts-01' },
              decision: { ok: true },
              at: '2026-12-09T01:00:00.000Z',
            },
          },
          metadata: { workflowId: CASE, causationId: 'overdue' },
        },
      ],
    });
    const res = await call('ts-01-chair', 'POST', `/tasks/${enc(task('overdue'))}/assign`, { assignee: 'ts-01-li' });
    expect(problem(res, 409)).toMatch(/已办结.*is decided and can no longer be assigned/);
  });

  it('lists who a task may go to: its township’s committee, then county staff; never another township or an auditor', async () => {
    const res = await call('ts-01-chair', 'GET', `/tasks/${enc(task('week'))}/assignees`);
    expect(res.statusCode, res.body).toBe(200);
    expect((JSON.parse(res.body) as Array<{ login: string }>).map((m) => m.login)).toEqual(['ts-01-chair', 'ts-01-li', 'org-staff']);
  });
});

describe('due-date filters and sort', () => {
  it('"overdue", "due this week" and latest-first, within the caller’s township', async () => {
    // t-overdue is decided by now; a fresh overdue task shows the filter.
    await appendToStream(database.db, {
      streamId: `${CASE}/2`,
      expectedVersion: 0,
      idempotencyKey: `${CASE}/2:open`,
      events: [{ event: openedTask(`${CASE}/2`, 'ts-01', 'late', DUE.overdue), metadata: { causationId: 'test' } }],
    });
    expect(ids(await inbox('ts-01-chair', '?due=overdue'))).toEqual([`${CASE}/2:late`]);
    expect(ids(await inbox('ts-01-chair', '?due=week'))).toEqual([task('week')]);
    expect(ids(await inbox('ts-01-chair', '?sort=-due'))).toEqual([task('later'), task('week'), `${CASE}/2:late`]);
    expect(ids(await inbox('ts-01-chair', '?sort=due'))).toEqual([`${CASE}/2:late`, task('week'), task('later')]);
    // County staff see every township's task due this week.
    expect(ids(await inbox('org-staff', '?due=week'))).toEqual([`${OTHER_CASE}:week`, task('week')].sort());
  });

  it('refuses an unknown filter value with the field named', async () => {
    const res = await call('ts-01-chair', 'GET', '/tasks?due=yesterday');
    expect(problem(res, 400)).toMatch(/due/);
  });
});
