/**
 * Probation through the real workflow code on Temporal's time-skipping test server
 * (a year passes in seconds; the default policy's durations are the real ones) with
 * activities writing to a real PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import { shanghaiDate } from '../../domain/calendar';
import type { Actor } from '../../domain/actors';
import { createTestDatabase } from '../support/db';
import { seedTownshipWithPeople } from '../support/townshipSeed';
import { probationInput } from '../support/probationInput';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal, historyLength, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { endProbationEarlyUpdate, probationStatusQuery, type ProbationInput } from '../../workflows/probation';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'probation-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

/** The test server's clock: ahead of the real one once a test has skipped time. */
let serverNow = Date.now();

function input(personId: string, overrides: Partial<ProbationInput> = {}): ProbationInput {
  return probationInput(personId, { appointedOn: shanghaiDate(serverNow), ...overrides });
}

async function start(personId: string, overrides: Partial<ProbationInput> = {}): Promise<WorkflowHandle> {
  serverNow = await env.currentTimeMs();
  return env.client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/t`,
    args: [input(personId, overrides)],
  });
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** Moves the test server's clock to the next check-in and answers it. */
async function passCheckIns(handle: WorkflowHandle): Promise<void> {
  for (const i of [1, 2, 3]) {
    await env.sleep('95 days');
    await decide(handle, `check-in-${i}`, township, { rating: 'good', comment: `第${i}次考察良好` });
  }
  await env.sleep('95 days');
}

/** Each idempotency key (one per step) appears once: no step wrote twice. */
async function stepsWrittenOnce(caseId: string): Promise<void> {
  const rows = await db.selectFrom('events').select(['idempotency_key']).where('stream_id', '=', caseId).execute();
  const keys = rows.map((r) => r.idempotency_key);
  expect(new Set(keys).size).toBe(keys.length);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedTownshipWithPeople(db, ['p-1', 'p-2', 'p-3', 'p-4', 'p-5']);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

describe('probation workflow', () => {
  it('passes: check-ins, rating, recommendation, county decision → formal appointment', async () => {
    const handle = await start('p-1');
    await passCheckIns(handle);
    await decide(handle, 'democratic-rating', township, {
      votes: { excellent: 12, competent: 18, basicallyCompetent: 3, notCompetent: 1 },
    });
    await decide(handle, 'township-recommendation', township, { outcome: 'confirm', reason: '试用期表现良好' });
    await decide(handle, 'county-decision', county, { outcome: 'confirm', reason: '' });
    expect(await handle.result()).toBe('confirmed');

    const person = await db.selectFrom('people').selectAll().where('person_id', '=', 'p-1').executeTakeFirstOrThrow();
    expect(person.probation_status).toBe('confirmed');
    expect(person.current_title).toBe('副乡长');
    expect(person.rank).toBe('副科级');
    const post = await db.selectFrom('post_assignments').selectAll().where('person_id', '=', 'p-1').executeTakeFirstOrThrow();
    expect(post.on_trial).toBe(false);
    expect(post.confirmed_on).not.toBeNull();
    const types = (
      await db.selectFrom('events').select('type').where('stream_id', '=', handle.workflowId).orderBy('position').execute()
    ).map((r) => r.type);
    expect(types.filter((t) => t === 'ProbationCheckInRecorded')).toHaveLength(3);
    expect(types).toContain('ProbationAssessed');
    expect(types.at(-1)).toBe('CaseClosed');
    await stepsWrittenOnce(handle.workflowId);
    const c = await db.selectFrom('cases').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ status: 'closed', outcome: 'confirmed', policy_version: DEFAULT_POLICY.version });
  });

  it('fails: a rating below 2/3 cannot be confirmed; removal restores the previous rank', async () => {
    const handle = await start('p-2');
    await passCheckIns(handle);
    await decide(handle, 'democratic-rating', township, { votes: { excellent: 5, competent: 14, basicallyCompetent: 8, notCompetent: 3 } });
    await decide(handle, 'township-recommendation', township, { outcome: 'remove', reason: '民主测评未达三分之二' });
    await waitForTask(handle, 'county-decision');
    const before = await acceptedUpdates(handle);
    const eventsBefore = await eventCount(db, handle.workflowId);
    const refused = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'county-decision', actor: county, decision: { outcome: 'confirm', reason: '' } }],
      }),
    );
    expect(refused.type).toBe('MalformedDecision');
    expect(refused.message).toContain('19 of 30');
    expect(await acceptedUpdates(handle)).toBe(before);
    expect(await eventCount(db, handle.workflowId)).toBe(eventsBefore);

    await decide(handle, 'county-decision', county, { outcome: 'remove', reason: '试用期不胜任' });
    expect(await handle.result()).toBe('removed');
    const person = await db.selectFrom('people').selectAll().where('person_id', '=', 'p-2').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ probation_status: 'removed', rank: '科员', current_assignment_id: null });
    const post = await db.selectFrom('post_assignments').selectAll().where('person_id', '=', 'p-2').executeTakeFirstOrThrow();
    expect(post.end_reason).toBe('removed-after-probation');
    await stepsWrittenOnce(handle.workflowId);
  });

  it('ends early by a county decision; pending tasks are withdrawn', async () => {
    const handle = await start('p-3');
    await env.sleep('95 days');
    await waitForTask(handle, 'check-in-1');
    await expectRefusal(
      handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: township, decision: { reason: '严重失误' } }] }),
    ).then((r) => expect(r.type).toBe('WrongRole'));
    await expectRefusal(handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: {} }] })).then((r) =>
      expect(r.type).toBe('MalformedDecision'),
    );
    // A reason a reader sees as empty (spaces, a zero-width space, an ideographic space) is no reason.
    const eventsBefore = await eventCount(db, handle.workflowId);
    const updatesBefore = await acceptedUpdates(handle);
    await expectRefusal(
      handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: ' \u200B\u3000\uFEFF ' } }] }),
    ).then((r) =>
      expect(r).toEqual({ type: 'MalformedDecision', message: 'reason is required: it holds only blank or invisible characters' }),
    );
    expect(await acceptedUpdates(handle)).toBe(updatesBefore);
    expect(await eventCount(db, handle.workflowId)).toBe(eventsBefore);
    // What is stored is the reason without its invisible edges.
    await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: '\u3000严重违纪\u200B' } }] });
    expect(await handle.result()).toBe('ended-early');
    // The path after patch required-text-after-trim, beside probation-blank-reasons-before-trim.
    await keepHistory('probation-ended-early-trimmed', handle.fetchHistory());
    const task = await db
      .selectFrom('tasks')
      .selectAll()
      .where('case_id', '=', handle.workflowId)
      .where('step', '=', 'check-in-1')
      .executeTakeFirstOrThrow();
    expect(task.status).toBe('withdrawn');
    const person = await db.selectFrom('people').selectAll().where('person_id', '=', 'p-3').executeTakeFirstOrThrow();
    expect(person).toMatchObject({ probation_status: 'ended-early', rank: '科员' });
    const ended = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'ProbationEndedEarly')
      .executeTakeFirst();
    expect(ended?.data).toMatchObject({ reason: '严重违纪' });
    await expectRefusal(handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: 'again' } }] })).catch(
      // A closed workflow rejects the update before any validator runs.
      (err: unknown) => expect(String(err)).toMatch(/complet|not found|closed/i),
    );
  });

  it('reminds before the due date and escalates to the county after it; the county may then decide', async () => {
    const handle = await start('p-5', { preAppointmentNotice: true });
    // An objection during the pre-appointment notice, checked and not upheld.
    await eventually(
      () =>
        handle.executeUpdate(fileObjectionUpdate, {
          args: [{ notice: 'pre-appointment-notice', actor: county, summary: '反映其工作作风问题' }],
        }),
      'the notice to accept objections',
    );
    await decide(handle, 'pre-appointment-notice:objection-1:finding', county, { upheld: false, finding: '经核查不属实' });
    await env.sleep('10 days');
    await eventually(
      async () => ((await handle.query(probationStatusQuery)).stage === 'on-probation' ? true : undefined),
      'probation to start',
    );

    // Check-in 1 opens three months after the appointment: before its due date now.
    await env.sleep('85 days');
    const task = await waitForTask(handle, 'check-in-1');
    expect(task.escalated).toBe(false);
    await env.sleep('30 days');
    const escalated = await eventually(async () => {
      const row = await db.selectFrom('tasks').selectAll().where('task_id', '=', task.taskId).executeTakeFirst();
      return row?.escalated_at ? row : undefined;
    }, 'escalation');
    expect(escalated.reminded_at).not.toBeNull();
    expect(escalated.reminded_at!.getTime()).toBeLessThan(escalated.due_at.getTime());
    expect(escalated.escalated_at!.getTime()).toBeGreaterThanOrEqual(escalated.due_at.getTime());
    await handle.executeUpdate(decideUpdate, {
      args: [{ step: 'check-in-1', actor: county, decision: { rating: 'concern', comment: '督办后由组织部考察' } }],
    });
    const types = (await db.selectFrom('events').select('type').where('stream_id', '=', handle.workflowId).execute()).map((r) => r.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'PublicNoticePosted',
        'ObjectionFiled',
        'ObjectionResolved',
        'PublicNoticeClosed',
        'TaskReminderSent',
        'TaskEscalated',
      ]),
    );
    const notice = await db.selectFrom('public_notices').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(notice).toMatchObject({ status: 'closed', objections: 1, upheld: 0, outcome: 'clear' });
    await handle.terminate('test finished');
  });

  it("waiting for a step polls the workflow and leaves the test server's clock alone: only env.sleep skips time", async () => {
    const handle = await start('p-4', { preAppointmentNotice: true });
    const serverBefore = await env.currentTimeMs();
    const realBefore = Date.now();
    await eventually(
      () =>
        handle.executeUpdate(fileObjectionUpdate, {
          args: [{ notice: 'pre-appointment-notice', actor: county, summary: '反映其档案问题' }],
        }),
      'the notice to accept objections',
    );
    await waitForTask(handle, 'pre-appointment-notice:objection-1:finding');
    await historyLength(handle);
    // Skipping would have jumped to the next timer (the finding's reminder, days away);
    // the server's clock moved no more than the wall clock did.
    const serverMoved = (await env.currentTimeMs()) - serverBefore;
    expect(serverMoved).toBeLessThanOrEqual(Date.now() - realBefore + 1_000);
    await handle.terminate('test finished');
  });

  it('an upheld objection during the pre-appointment notice cancels the appointment', async () => {
    serverNow = await env.currentTimeMs();
    const handle = await env.client.workflow.start('probation', {
      taskQueue: TASK_QUEUE,
      workflowId: 'probation/p-5/upheld',
      args: [input('p-5', { preAppointmentNotice: true })],
    });
    await eventually(
      () =>
        handle.executeUpdate(fileObjectionUpdate, {
          args: [{ notice: 'pre-appointment-notice', actor: township, summary: '\u3000档案年龄存疑\u200B' }],
        }),
      'the notice to accept objections',
    );
    await expectRefusal(
      handle.executeUpdate(fileObjectionUpdate, { args: [{ notice: 'pre-appointment-notice', actor: otherTownship, summary: 'x' }] }),
    ).then((r) => expect(r.type).toBe('WrongTownship'));
    // A summary a reader sees as empty is no summary; the one filed is stored without its invisible edges.
    await expectRefusal(
      handle.executeUpdate(fileObjectionUpdate, {
        args: [{ notice: 'pre-appointment-notice', actor: township, summary: '\u200B\u3000 \uFEFF' }],
      }),
    ).then((r) => expect(r).toEqual({ type: 'MalformedDecision', message: 'an objection needs a summary' }));
    const filed = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'ObjectionFiled')
      .execute();
    expect(filed.map((e) => (e.data as { summary: string }).summary)).toEqual(['档案年龄存疑']);
    await decide(handle, 'pre-appointment-notice:objection-1:finding', county, { upheld: true, finding: '经核查属实' });
    expect(await handle.result()).toBe('appointment-cancelled');
    const c = await db.selectFrom('cases').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(c.outcome).toBe('appointment-cancelled');
    const posts = await db.selectFrom('post_assignments').selectAll().where('assignment_id', '=', `${handle.workflowId}/post`).execute();
    expect(posts).toHaveLength(0);
  });
});
