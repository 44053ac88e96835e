/**
 * 发展党员 through the real workflow code on Temporal's time-skipping test server, with
 * activities writing to a real PostgreSQL database and the default policy's real
 * durations. A case's dates lie in the past where the rules let them (the township
 * committee records meetings held earlier), so the years of a case fit in the calendar's
 * covered years; the remaining months and the notices' working days are skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import type { Actor } from '../../domain/actors';
import { GATES, newApplication, type DevelopmentState } from '../../domain/memberDevelopment';
import { createTestDatabase } from '../support/db';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal } from '../support/cases';
import { decideUpdate, pendingTasksQuery } from '../../workflows/kit/messages';
import { memberDevelopmentStatusQuery, type MemberDevelopmentInput } from '../../workflows/memberDevelopment';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'member-development-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
/** A run's history stays under this many events, however long the case. */
const RUN_HISTORY_BOUND = 150;

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;
/** Today on the test server's clock when the case started. */
let today: string;

function input(personId: string, state: DevelopmentState): MemberDevelopmentInput {
  return {
    personId,
    personName: `测试${personId}`,
    branchId: 'ts-01-v01-pb',
    villageId: 'ts-01-v01',
    townshipId: 'ts-01',
    policy: DEFAULT_POLICY,
    state,
  };
}

async function start(personId: string, state: (today: string) => DevelopmentState): Promise<WorkflowHandleWithFirstExecutionRunId> {
  today = shanghaiDate(await env.currentTimeMs());
  return env.client.workflow.start('memberDevelopment', {
    taskQueue: TASK_QUEUE,
    workflowId: `member-development/${personId}`,
    args: [input(personId, state(today))],
  });
}

/**
 * The step is open in the workflow and its TaskOpened is in the log: read from the tasks
 * read model, as an inbox reads it. Polling by query instead, a query sent at a run's
 * start was now and then held by the time-skipping server past the test's timeout.
 */
async function waitForOpenTask(handle: WorkflowHandle, step: string): Promise<void> {
  await eventually(
    async () => {
      const row = await db.selectFrom('tasks').select('status').where('task_id', '=', `${handle.workflowId}:${step}`).executeTakeFirst();
      return row?.status === 'pending' ? true : undefined;
    },
    `task ${step} to open`,
    // A loaded machine can make a fresh worker's first workflow task slow.
    40_000,
  );
}

async function pendingSteps(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('step').where('case_id', '=', caseId).where('status', '=', 'pending').execute();
  return rows.map((r) => r.step);
}

/** A query that gives up on a held call and asks again (see waitForOpenTask). */
async function query<T>(ask: () => Promise<T>): Promise<T> {
  return eventually(
    () => Promise.race([ask(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 3_000))]),
    'a query to answer',
  );
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForOpenTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** Waits until the case is at a public notice, then skips past its working days. */
async function passNotice(handle: WorkflowHandle, step: string): Promise<void> {
  await eventually(async () => {
    const row = await db
      .selectFrom('public_notices')
      .select('status')
      .where('notice_id', '=', `${handle.workflowId}:${step}`)
      .executeTakeFirst();
    return row ? true : undefined;
  }, `notice ${step}`);
  await env.sleep('10 days');
}

/** Two of the eight gates before the notice: 两考 and the masses' vote. */
async function passFirstGates(handle: WorkflowHandle, suffix = ''): Promise<void> {
  await decide(handle, `theory-exam${suffix}`, township, { score: 86, trainingDays: 3, trainingHours: 24 });
  await decide(handle, `branch-inspection${suffix}`, township, { outcome: 'pass', comment: '表现良好，政审合格' });
  await decide(handle, `masses-vote${suffix}`, township, { cast: 40, approving: 35 });
  await passNotice(handle, `village-notice${suffix}`);
  await decide(handle, `township-review${suffix}`, township, { outcome: 'pass' });
}

const vote = (on: string, yes = 24) => ({ on, eligible: 30, present: 26, yes });
const assemblyVote = { eligible: 30, present: 26, yes: 25 };

async function types(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

async function register(personId: string) {
  return db.selectFrom('party_members').selectAll().where('person_id', '=', personId).executeTakeFirstOrThrow();
}

/** Each step wrote once, and the stream's versions run 1…n across every run. */
async function streamIsWhole(caseId: string): Promise<void> {
  const rows = await db
    .selectFrom('events')
    .select(['idempotency_key', 'stream_version'])
    .where('stream_id', '=', caseId)
    .orderBy('stream_version')
    .execute();
  const keys = rows.map((r) => r.idempotency_key);
  expect(new Set(keys).size).toBe(keys.length);
  expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
}

/** The runs of a case, first to last, following continue-as-new. */
async function runsOf(
  handle: WorkflowHandleWithFirstExecutionRunId,
): Promise<Array<{ runId: string; events: number; continued: boolean }>> {
  const out: Array<{ runId: string; events: number; continued: boolean }> = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    const last = history.events?.at(-1);
    const next: string | undefined = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    out.push({ runId, events: history.events?.length ?? 0, continued: next !== undefined });
    runId = next;
  }
  return out;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

describe('member development workflow', () => {
  it('passes the eight gates and is converted: application to full member', async () => {
    const handle = await start('p-1', (t) => newApplication(addMonths(t, -26)));
    const applied = addMonths(today, -26);
    const activistOn = addMonths(applied, 1);
    const assemblyOn = addMonths(today, -11);

    await decide(handle, 'talk', township, { on: addDays(applied, 10), talkedBy: '王支书', comment: '动机端正' });
    await decide(handle, 'activist-designation', township, { on: activistOn, contacts: '王芳、李强' });
    await decide(handle, 'activist-review-1', township, { rating: 'good' });
    await decide(handle, 'activist-review-2', township, { rating: 'good', comment: '考察期满' });
    await decide(handle, 'development-target', township, { on: addMonths(activistOn, 12), sponsors: ['王芳', '李强'] });
    await passFirstGates(handle);
    await decide(handle, 'members-vote', township, vote(assemblyOn));
    await decide(handle, 'county-review', county, { outcome: 'pass', comment: '材料齐全' });
    await passNotice(handle, 'higher-notice');
    await decide(handle, 'approval', township, { outcome: 'approve', on: addMonths(assemblyOn, 1) });
    await decide(handle, 'oath', township, { on: addDays(addMonths(assemblyOn, 1), 5) });

    // The probation runs a year from the branch assembly: about a month from now.
    const ends = addMonths(assemblyOn, 12);
    await eventually(async () => ((await register('p-1')).next_step === 'conversion' ? true : undefined), 'the conversion to be scheduled');
    expect((await register('p-1')).next_due_on).toBe(ends);
    expect(await pendingSteps(handle.workflowId)).toEqual([]);
    await env.sleep('40 days');
    await decide(handle, 'conversion', township, { outcome: 'convert', on: ends, vote: assemblyVote });
    expect(await handle.result()).toBe('converted');
    // application, activist, two reviews, target, gates to the assembly, gates to approval, probation
    const runs = await runsOf(handle);
    expect(runs).toHaveLength(7);
    for (const r of runs) expect(r.events).toBeLessThan(RUN_HISTORY_BOUND);

    const all = await types(handle.workflowId);
    for (const t of [
      'MemberDevelopmentOpened',
      'ApplicantTalkRecorded',
      'ActivistDesignated',
      'DevelopmentTargetDesignated',
      'TheoryExamRecorded',
      'BranchInspectionRecorded',
      'MassesVoteRecorded',
      'MembersVoteRecorded',
      'MemberAdmitted',
      'OathTaken',
      'MemberConverted',
    ]) {
      expect(
        all.filter((x) => x === t),
        t,
      ).toHaveLength(1);
    }
    expect(all.filter((t) => t === 'ActivistReviewed')).toHaveLength(2);
    expect(all.filter((t) => t === 'DevelopmentReviewRecorded')).toHaveLength(2);
    expect(all.filter((t) => t === 'PublicNoticeClosed')).toHaveLength(2);
    expect(all.at(-1)).toBe('CaseClosed');
    await streamIsWhole(handle.workflowId);

    const row = await register('p-1');
    expect(row).toMatchObject({
      status: 'full',
      case_id: handle.workflowId,
      activist_on: activistOn,
      contacts: '王芳、李强',
      sponsors: '王芳、李强',
      assembly_on: assemblyOn,
      admitted_on: addMonths(assemblyOn, 1),
      probation_ends_on: ends,
      full_on: ends,
      next_step: null,
    });
    const c = await db.selectFrom('cases').selectAll().where('case_id', '=', handle.workflowId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({ kind: 'member-development', status: 'closed', outcome: 'converted', stage: 'probationary' });
    const gateTasks = await db.selectFrom('tasks').select(['step', 'role', 'status']).where('case_id', '=', handle.workflowId).execute();
    expect(gateTasks.every((t) => t.status === 'decided')).toBe(true);
    expect(gateTasks.find((t) => t.step === 'county-review')?.role).toBe('county-org-dept');
    expect(gateTasks.filter((t) => t.role === 'township-committee')).toHaveLength(gateTasks.length - 1);
  });

  it('a failed members’ vote blocks the target for six months; resubmitted, the vote passes', async () => {
    // Taken over at the development-target stage, chosen half a year ago.
    const handle = await start('p-2', (t) => ({
      ...newApplication(addMonths(t, -20)),
      stage: 'development-target',
      talkedOn: addMonths(t, -20),
      activistOn: addMonths(t, -18),
      reviewsDone: 2,
      targetOn: addMonths(t, -6),
    }));
    const failedOn = addMonths(today, -5);
    const blockedUntil = addMonths(failedOn, 6);
    await passFirstGates(handle);
    await decide(handle, 'members-vote', township, vote(failedOn, 15));

    await eventually(async () => ((await register('p-2')).next_step === 'resubmission-1' ? true : undefined), 'the block to be scheduled');
    expect(await register('p-2')).toMatchObject({
      status: 'development-target',
      blocked_until: blockedUntil,
      next_due_on: blockedUntil,
      round: 1,
    });
    const failed = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'DevelopmentRoundFailed')
      .executeTakeFirstOrThrow();
    expect(failed.data).toMatchObject({ round: 1, gate: 'members-vote', blockedUntil });
    expect(await pendingSteps(handle.workflowId)).toEqual([]);

    await env.sleep('15 days');
    expect(await pendingSteps(handle.workflowId)).toEqual([]);
    await env.sleep('20 days');
    await waitForOpenTask(handle, 'resubmission-1');
    expect(shanghaiDate(await env.currentTimeMs()) >= blockedUntil).toBe(true);
    const resubmission = await db
      .selectFrom('tasks')
      .selectAll()
      .where('task_id', '=', `${handle.workflowId}:resubmission-1`)
      .executeTakeFirstOrThrow();
    expect(resubmission).toMatchObject({ role: 'township-committee', township_id: 'ts-01' });
    await decide(handle, 'resubmission-1', township, { outcome: 'resubmit', comment: '已满六个月，重新提交支部大会' });

    // The second round starts at the gate that failed; the earlier gates stay passed.
    await waitForOpenTask(handle, 'members-vote-r2');
    const refused = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'members-vote-r2', actor: township, decision: vote(addDays(blockedUntil, -1)) }],
      }),
    );
    expect(refused.type).toBe('MalformedDecision');
    expect(refused.message).toContain('before the end of the block');
    await decide(handle, 'members-vote-r2', township, vote(blockedUntil, 22));
    await decide(handle, 'county-review-r2', county, { outcome: 'pass' });
    await passNotice(handle, 'higher-notice-r2');
    await decide(handle, 'approval-r2', township, { outcome: 'approve', on: addDays(blockedUntil, 20) });
    await waitForOpenTask(handle, 'oath');

    expect(await register('p-2')).toMatchObject({
      status: 'probationary',
      round: 2,
      assembly_on: blockedUntil,
      probation_ends_on: addMonths(blockedUntil, 12),
      blocked_until: null,
    });
    const all = await types(handle.workflowId);
    expect(all.filter((t) => t === 'MembersVoteRecorded')).toHaveLength(2);
    expect(all.filter((t) => t === 'TheoryExamRecorded')).toHaveLength(1);
    expect(all).toContain('DevelopmentResubmitted');
    await streamIsWhole(handle.workflowId);
    await handle.terminate('test finished');
  });

  it('fewer than half of the masses satisfied defers the target; not put forward again, the case ends not admitted', async () => {
    const handle = await start('p-6', (t) => ({
      ...newApplication(addMonths(t, -20)),
      stage: 'development-target',
      talkedOn: addMonths(t, -20),
      activistOn: addMonths(t, -18),
      reviewsDone: 2,
      targetOn: addMonths(t, -6),
    }));
    await decide(handle, 'theory-exam', township, { score: 75, trainingDays: 4, trainingHours: 32 });
    await decide(handle, 'branch-inspection', township, { outcome: 'pass' });
    await decide(handle, 'masses-vote', township, { cast: 40, approving: 19 });
    // No block after the masses' vote: the township committee decides at once.
    await decide(handle, 'resubmission-1', township, { outcome: 'drop', comment: '群众满意度不足半数，暂缓发展' });
    expect(await handle.result()).toBe('not-admitted');
    const failed = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'DevelopmentRoundFailed')
      .executeTakeFirstOrThrow();
    expect(failed.data).toMatchObject({ gate: 'masses-vote', blockedUntil: null, reason: '19 of 40 satisfied, 20 needed' });
    expect(await register('p-6')).toMatchObject({
      status: 'development-target',
      stop_outcome: 'not-admitted',
      earliest_admission_on: null,
      next_step: null,
    });
    expect(await types(handle.workflowId)).not.toContain('PublicNoticePosted');
  });

  it('extends the probation once, then converts at the end of the extension', async () => {
    const assemblyOn = addDays(addMonths(shanghaiDate(await env.currentTimeMs()), -12), -10);
    const handle = await start('p-3', (t) => ({
      ...newApplication(addMonths(t, -30)),
      stage: 'probationary',
      talkedOn: addMonths(t, -30),
      activistOn: addMonths(t, -28),
      reviewsDone: 2,
      targetOn: addMonths(t, -15),
      nextGate: GATES.length,
      assemblyOn,
      admittedOn: addMonths(assemblyOn, 1),
      probationEndsOn: addMonths(assemblyOn, 12),
      oathOn: addMonths(assemblyOn, 1),
    }));
    const ends = addMonths(assemblyOn, 12);
    await waitForOpenTask(handle, 'conversion');
    const extend = (months: number, on = addDays(ends, 3)) => ({
      outcome: 'extend',
      on,
      months,
      reason: '需继续教育考察',
      vote: assemblyVote,
    });
    for (const months of [5, 13]) {
      const r = await expectRefusal(
        handle.executeUpdate(decideUpdate, { args: [{ step: 'conversion', actor: township, decision: extend(months) }] }),
      );
      expect(r.type).toBe('MalformedDecision');
    }
    await decide(handle, 'conversion', township, extend(6));
    const extendedTo = addMonths(ends, 6);
    await eventually(
      async () => ((await register('p-3')).next_step === 'conversion-2' ? true : undefined),
      'the second conversion to be scheduled',
    );
    expect(await register('p-3')).toMatchObject({
      status: 'probationary',
      extended: true,
      probation_ends_on: extendedTo,
      next_due_on: extendedTo,
    });

    await env.sleep('185 days');
    await waitForOpenTask(handle, 'conversion-2');
    const again = await expectRefusal(
      handle.executeUpdate(decideUpdate, { args: [{ step: 'conversion-2', actor: township, decision: extend(6, extendedTo) }] }),
    );
    expect(again.message).toContain('extended once already');
    await decide(handle, 'conversion-2', township, { outcome: 'convert', on: extendedTo, vote: assemblyVote });
    expect(await handle.result()).toBe('converted');
    expect(await register('p-3')).toMatchObject({ status: 'full', full_on: extendedTo, extended: true });
    const extended = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', handle.workflowId)
      .where('type', '=', 'ProbationaryExtended')
      .execute();
    expect(extended.map((e) => e.data)).toEqual([
      expect.objectContaining({ months: 6, previousEndsOn: ends, probationEndsOn: extendedTo }),
    ]);
    await streamIsWhole(handle.workflowId);
  });

  it('disqualifies a probationary member at the end of the probation', async () => {
    const assemblyOn = addDays(addMonths(shanghaiDate(await env.currentTimeMs()), -12), -3);
    const handle = await start('p-7', (t) => ({
      ...newApplication(addMonths(t, -30)),
      stage: 'probationary',
      talkedOn: addMonths(t, -30),
      activistOn: addMonths(t, -28),
      reviewsDone: 2,
      targetOn: addMonths(t, -15),
      nextGate: GATES.length,
      assemblyOn,
      admittedOn: addMonths(assemblyOn, 1),
      probationEndsOn: addMonths(assemblyOn, 12),
    }));
    await decide(handle, 'oath', township, { on: addMonths(assemblyOn, 1) });
    const decision = { outcome: 'disqualify', on: addMonths(assemblyOn, 12), vote: assemblyVote };
    await waitForOpenTask(handle, 'conversion');
    const noReason = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step: 'conversion', actor: township, decision }] }));
    expect(noReason.message).toContain('reason is required to disqualify');
    await decide(handle, 'conversion', township, { ...decision, reason: '预备期内不履行党员义务' });
    expect(await handle.result()).toBe('disqualified');
    expect(await register('p-7')).toMatchObject({ status: 'disqualified', disqualified_on: addMonths(assemblyOn, 12), full_on: null });
    expect((await types(handle.workflowId)).slice(-2)).toEqual(['ProbationaryDisqualified', 'CaseClosed']);
  });

  it('continues as new at each stage boundary: small runs, state and stream carried across', async () => {
    const handle = await start('p-4', (t) => newApplication(addMonths(t, -4)));
    const activistOn = addMonths(today, -3);
    await decide(handle, 'talk', township, { on: addDays(addMonths(today, -4), 12), talkedBy: '王支书' });
    await decide(handle, 'activist-designation', township, { on: activistOn, contacts: ['王芳'] });

    // The first review is three months away: the case waits, and says so in the register.
    await eventually(
      async () => ((await register('p-4')).next_step === 'activist-review-1' ? true : undefined),
      'review 1 to be scheduled',
    );
    expect((await register('p-4')).next_due_on).toBe(addMonths(activistOn, 6));
    await env.sleep('95 days');
    await decide(handle, 'activist-review-1', township, { rating: 'adequate', comment: '理论学习需加强' });
    await env.sleep('185 days');
    await decide(handle, 'activist-review-2', township, { rating: 'good' });
    await waitForOpenTask(handle, 'development-target');
    const early = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [
          { step: 'development-target', actor: township, decision: { on: addDays(addMonths(activistOn, 12), -1), sponsors: '王芳,李强' } },
        ],
      }),
    );
    expect(early.message).toContain('observed for 12 months');
    await decide(handle, 'development-target', township, { on: addMonths(activistOn, 12), sponsors: '王芳,李强' });
    await waitForOpenTask(handle, 'theory-exam');

    const status = await query(() => handle.query(memberDevelopmentStatusQuery));
    expect(status.run).toBeGreaterThanOrEqual(5);
    expect(status.state).toMatchObject({
      stage: 'development-target',
      activistOn,
      contacts: ['王芳'],
      reviewsDone: 2,
      sponsors: ['王芳', '李强'],
      round: 1,
      nextGate: 0,
    });
    const runs = await runsOf(handle);
    expect(runs.length).toBe(status.run);
    expect(runs.slice(0, -1).every((r) => r.continued)).toBe(true);
    for (const r of runs) expect(r.events).toBeLessThan(RUN_HISTORY_BOUND);
    // One case, one stream: versions run on across the runs and no step wrote twice.
    await streamIsWhole(handle.workflowId);
    const runIds = await db.selectFrom('events').select('metadata').where('stream_id', '=', handle.workflowId).execute();
    expect(new Set(runIds.map((e) => e.metadata.runId)).size).toBe(runs.length);
    await handle.terminate('test finished');
  });

  it('refuses another township’s committee, and the county before escalation; nothing is written', async () => {
    const handle = await start('p-5', (t) => newApplication(addDays(t, -3)));
    await waitForOpenTask(handle, 'talk');
    const before = await acceptedUpdates(handle);
    const events = await eventCount(db, handle.workflowId);
    const decision = { on: today, talkedBy: '王支书' };
    const wrong = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step: 'talk', actor: otherTownship, decision }] }));
    expect(wrong.type).toBe('WrongTownship');
    const byCounty = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step: 'talk', actor: county, decision }] }));
    expect(byCounty.type).toBe('WrongRole');
    expect(await acceptedUpdates(handle)).toBe(before);
    expect(await eventCount(db, handle.workflowId)).toBe(events);
    expect((await register('p-5')).talked_on).toBeNull();
    // The talk is due a month after the application, counted in working days.
    const [talk] = await query(() => handle.query(pendingTasksQuery));
    expect(shanghaiDate(Date.parse(talk!.dueAt)) <= addMonths(addDays(today, -3), 1)).toBe(true);
    await handle.terminate('test finished');
  });
});
