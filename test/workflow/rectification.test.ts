/**
 * Rectification of an underperforming branch through the real workflow code on
 * Temporal's time-skipping test server, with activities writing to a real PostgreSQL
 * database.
 *
 * The policy shortens consolidation and follow-up to 3 months: the test server starts
 * at today's date and the working-day calendar ends with 2027, so a case that runs a
 * year of follow-up after months of rectification would open tasks the calendar cannot
 * date. Every other value is the default policy's (15 raters, 70 points, more than half
 * dissatisfied fails, monthly reports). One case keeps the default year of follow-up, to
 * see where it ends, and stops before that end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { parsePolicy } from '../../domain/policy';
import { addDays, addMonths, addWorkingDays, shanghaiDate, shanghaiInstant } from '../../domain/calendar';
import { progressReportSchedule } from '../../domain/rectification';
import type { Actor } from '../../domain/actors';
import { appendBatch } from '../../activities/eventStore';
import { createTestDatabase } from '../support/db';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal, historyLength, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { rectificationStatusQuery, rectificationWorkflowId, type RectificationInput } from '../../workflows/rectification';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'rectification-test';
const POLICY = parsePolicy({ version: '2026.1-rectification-test', rectification: { consolidationMonths: 3, followUpMonths: 3 } });
/** The default year of follow-up: its end falls past the working-day calendar, so the case is not run to it. */
const FOLLOW_UP_YEAR = parsePolicy({ version: '2026.1-rectification-test-follow-up-year', rectification: { consolidationMonths: 3 } });
const DUE = POLICY.tasks.defaultDueWorkingDays;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const SUPPORT = {
  countyLeader: '县委常委 王强',
  townshipLeader: '副镇长 李娜',
  firstSecretary: '县财政局 张伟',
  partnerAgency: '县财政局',
};

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await appendBatch(db, [
    {
      streamId: 'orgunit/registry',
      expectedVersion: 'any',
      idempotencyKey: 'seed:registry',
      events: [
        {
          type: 'OrgUnitEstablished' as const,
          data: { orgUnitId: 'ts-01', name: '红门镇', kind: 'township' as const, parentId: null, effectiveFrom: '2025-01-01' },
        },
        ...['v01', 'v02', 'v03', 'v04', 'v05'].map((v) => ({
          type: 'OrgUnitEstablished' as const,
          data: { orgUnitId: `ts-01-${v}`, name: `${v}村`, kind: 'village' as const, parentId: 'ts-01', effectiveFrom: '2025-01-01' },
        })),
      ].map((event) => ({ event, metadata: {} })),
    },
  ]);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

async function start(branchId: string, policy = POLICY): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId; listedOn: string }> {
  const listedOn = shanghaiDate(await env.currentTimeMs());
  const input: RectificationInput = {
    branchId,
    branchName: `${branchId}村`,
    townshipId: 'ts-01',
    year: Number(listedOn.slice(0, 4)),
    listedOn,
    screening: { reasons: [{ kind: 'secretary-vacant', since: '2025-03-01', months: 3 }], addedByCounty: false },
    policy,
  };
  const handle = await env.client.workflow.start('rectification', {
    taskQueue: TASK_QUEUE,
    workflowId: rectificationWorkflowId(branchId, input.year),
    args: [input],
  });
  return { handle, listedOn };
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** Moves the test server's clock to noon (Shanghai) of a day; the workflow's calendar waits end at 09:00. */
async function sleepUntil(day: string, hour = 12): Promise<void> {
  const ms = shanghaiInstant(day, hour) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

function planUntil(startOn: string, months: number) {
  return {
    problems: ['组织生活不规范', '村级集体经济薄弱'],
    measures: [
      { measure: '规范三会一课', responsible: '村党支部书记', deadline: addMonths(startOn, 1) },
      { measure: '发展集体经济项目', responsible: '驻村第一书记', deadline: addMonths(startOn, months) },
    ],
  };
}

/** The day a report's task opens: so that its working-day deadline is the schedule's day. */
const opensOn = (dueOn: string) => addWorkingDays(dueOn, -DUE);

async function supportAndPlan(handle: WorkflowHandle, startOn: string, months: number, round = 1): Promise<void> {
  if (round === 1) await decide(handle, 'support', county, SUPPORT);
  await decide(handle, `round-${round}:plan-1`, township, planUntil(startOn, months));
  await decide(handle, `round-${round}:plan-1:approval`, county, { outcome: 'approve', comment: '同意' });
}

async function fileReports(handle: WorkflowHandle, startOn: string, months: number, round = 1): Promise<void> {
  for (const due of progressReportSchedule(startOn, addMonths(startOn, months), POLICY.rectification)) {
    await sleepUntil(opensOn(due.dueOn));
    await decide(handle, `round-${round}:report-${due.period}`, township, { summary: `第${due.period}期整改进展` });
  }
  await sleepUntil(addMonths(startOn, months));
}

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

async function row(caseId: string) {
  return db.selectFrom('rectification_cases').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
}

/** The read model once the case has reached a stage. */
function rowAt(caseId: string, stage: string) {
  return eventually(async () => {
    const r = await row(caseId);
    return r.stage === stage ? r : undefined;
  }, `stage ${stage}`);
}

async function taskSteps(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('step').where('case_id', '=', caseId).orderBy('opened_at').execute();
  return rows.map((r) => r.step);
}

/** The inbox, not a query: the test server can hold a query sent while a run hands over to the next. */
function roundOpens(caseId: string, round: number) {
  return eventually(
    async () =>
      (await db
        .selectFrom('tasks')
        .select('task_id')
        .where('case_id', '=', caseId)
        .where('step', '=', `round-${round}:plan-1`)
        .where('status', '=', 'pending')
        .executeTakeFirst()) ?? undefined,
    `round ${round} to open its plan`,
  );
}

/** One event per stream version, each step's key once: no step wrote twice, no run lost a version. */
async function streamIsWhole(caseId: string): Promise<void> {
  const rows = await db
    .selectFrom('events')
    .select(['stream_version', 'idempotency_key'])
    .where('stream_id', '=', caseId)
    .orderBy('stream_version')
    .execute();
  expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
  expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
}

const votes = (satisfied: number, basicallySatisfied: number, dissatisfied: number) => ({ satisfied, basicallySatisfied, dissatisfied });

describe('rectification workflow', () => {
  it('passes first time: support, a rejected then an approved plan, monthly reports, inspection, sign-off, follow-up', async () => {
    const { handle, listedOn } = await start('ts-01-v01');
    const caseId = handle.workflowId;

    await waitForTask(handle, 'support');
    await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step: 'support', actor: township, decision: SUPPORT }] })).then((r) =>
      expect(r.type).toBe('WrongRole'),
    );
    await expectRefusal(
      handle.executeUpdate(decideUpdate, { args: [{ step: 'support', actor: county, decision: { ...SUPPORT, partnerAgency: '' } }] }),
    ).then((r) => expect(r.message).toContain('partnerAgency is required'));
    await decide(handle, 'support', county, SUPPORT);

    await decide(handle, 'round-1:plan-1', township, planUntil(listedOn, 2));
    // The township drafts; only the county approves.
    await waitForTask(handle, 'round-1:plan-1:approval');
    await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'round-1:plan-1:approval', actor: township, decision: { outcome: 'approve', comment: '' } }],
      }),
    ).then((r) => expect(r.type).toBe('WrongRole'));
    await expectRefusal(
      handle.executeUpdate(decideUpdate, { args: [{ step: 'round-1:plan-1:approval', actor: county, decision: { outcome: 'reject' } }] }),
    ).then((r) => expect(r.message).toContain('comment is required'));
    await decide(handle, 'round-1:plan-1:approval', county, { outcome: 'reject', comment: '措施不具体，责任人不明确' });
    expect((await row(caseId)).plan_status).toBe('rejected');
    await decide(handle, 'round-1:plan-2', township, planUntil(listedOn, 2));
    await decide(handle, 'round-1:plan-2:approval', county, { outcome: 'approve', comment: '' });

    // No inspection before every report is in and the plan's last deadline has come.
    await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'round-1:inspection-1', actor: county, decision: { score: 90, votes: votes(12, 5, 3) } }],
      }),
    ).then((r) => expect(r.type).toBe('UnknownStep'));
    await fileReports(handle, listedOn, 2);
    await waitForTask(handle, 'round-1:inspection-1');
    const tooFew = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'round-1:inspection-1', actor: county, decision: { score: 90, votes: votes(10, 3, 1) } }],
      }),
    );
    expect(tooFew).toMatchObject({ type: 'MalformedDecision', message: expect.stringContaining('at least 15 representatives') });
    const findings = { report: '班子配齐，议事规则上墙', interviews: '访谈党员群众20人', onSiteCheck: '活动场所规范，台账齐全' };
    await decide(handle, 'round-1:inspection-1', county, { score: 82.5, votes: votes(12, 5, 3), ...findings });
    await decide(handle, 'round-1:sign-off', county, { comment: '验收合格，予以销号' });
    const inspected = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'RectificationInspected')
      .execute();
    expect(inspected.map((e) => (e.data as { findings?: unknown }).findings)).toEqual([findings]);

    const signedOff = await eventually(async () => {
      const r = await row(caseId);
      return r.stage === 'follow-up' ? r : undefined;
    }, 'sign-off');
    const inspectedOn = signedOff.last_inspection!.inspectedOn;
    expect(signedOff).toMatchObject({
      round: 1,
      stage: 'follow-up',
      support: SUPPORT,
      plan_status: 'approved',
      plan_drafts: 2,
      plan_complete_by: addMonths(listedOn, 2),
      reports_due: 2,
      reports_filed: 2,
      reports_late: 0,
      inspections: 1,
      follow_up_until: addMonths(inspectedOn, POLICY.rectification.followUpMonths),
    });
    expect(signedOff.last_inspection).toMatchObject({ result: 'pass', scoreHundredths: 8250, raters: 20, dissatisfied: 3 });
    expect(signedOff.signed_off_on).toBe(inspectedOn);

    await sleepUntil(addDays(signedOff.follow_up_until!, -1));
    expect((await handle.query(rectificationStatusQuery)).stage).toBe('follow-up');
    await sleepUntil(signedOff.follow_up_until!);
    await decide(handle, 'follow-up-report', township, { summary: '销号后一年运行平稳' });
    expect(await handle.result()).toBe('rectified');
    await keepHistory('rectification-passed', handle.fetchHistory());

    const types = await eventTypes(caseId);
    expect(types.filter((t) => t.startsWith('Rectification') || t.startsWith('ProgressReport'))).toEqual([
      'RectificationStarted',
      'RectificationSupportAssigned',
      'RectificationPlanDrafted',
      'RectificationPlanRejected',
      'RectificationPlanDrafted',
      'RectificationPlanApproved',
      'ProgressReportFiled',
      'ProgressReportFiled',
      'RectificationInspected',
      'RectificationSignedOff',
      'RectificationFollowUpReported',
    ]);
    expect(types.at(-1)).toBe('CaseClosed');
    expect(await row(caseId)).toMatchObject({ status: 'rectified', stage: 'closed', followed_up_on: signedOff.follow_up_until });
    const c = await db.selectFrom('cases').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
    expect(c).toMatchObject({
      kind: 'rectification',
      subject_id: 'ts-01-v01',
      status: 'closed',
      outcome: 'rectified',
      policy_version: POLICY.version,
    });
    // Each report task fell due on its scheduled day (both are working days or move to the next one).
    const reportTasks = await db
      .selectFrom('tasks')
      .select(['step', 'due_at'])
      .where('case_id', '=', caseId)
      .where('step', 'like', '%report-%')
      .orderBy('step')
      .execute();
    const schedule = progressReportSchedule(listedOn, addMonths(listedOn, 2), POLICY.rectification);
    expect(reportTasks.map((t) => shanghaiDate(t.due_at.getTime()))).toEqual(schedule.map((d) => addWorkingDays(opensOn(d.dueOn), DUE)));
    await streamIsWhole(caseId);
  });

  it('a basic pass is consolidated for the policy’s months, then inspected again and passes', async () => {
    const { handle, listedOn } = await start('ts-01-v02');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    await decide(handle, 'round-1:inspection-1', county, { score: 65, votes: votes(10, 4, 2) });

    const consolidating = await eventually(async () => {
      const r = await row(caseId);
      return r.stage === 'round-1:consolidation-1' ? r : undefined;
    }, 'consolidation');
    const firstOn = consolidating.last_inspection!.inspectedOn;
    expect(consolidating).toMatchObject({
      status: 'consolidating',
      consolidate_until: addMonths(firstOn, POLICY.rectification.consolidationMonths),
    });
    expect(consolidating.last_inspection).toMatchObject({ result: 'basic-pass', scoreHundredths: 6500 });

    // Not before the consolidation ends.
    await sleepUntil(addDays(consolidating.consolidate_until!, -1));
    expect((await handle.query(rectificationStatusQuery)).stage).toBe('round-1:consolidation-1');
    await sleepUntil(consolidating.consolidate_until!);
    await decide(handle, 'round-1:inspection-2', county, { score: 76, votes: votes(13, 4, 1) });
    // Dated a month ahead: a sign-off cannot lengthen the follow-up, so it is today's.
    await decide(handle, 'round-1:sign-off', county, { signedOffOn: addMonths(consolidating.consolidate_until!, 1) });

    const signedOff = await eventually(async () => {
      const r = await row(caseId);
      return r.status === 'follow-up' ? r : undefined;
    }, 'sign-off');
    expect(signedOff).toMatchObject({ round: 1, inspections: 2, consolidate_until: null });
    expect(signedOff.last_inspection).toMatchObject({ result: 'pass', inspection: 2 });
    const secondOn = signedOff.last_inspection!.inspectedOn;
    expect(secondOn).toBe(consolidating.consolidate_until);
    expect(signedOff).toMatchObject({ signed_off_on: secondOn, follow_up_until: addMonths(secondOn, POLICY.rectification.followUpMonths) });
    const outcomes = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'RectificationInspected')
      .orderBy('position')
      .execute();
    expect(outcomes.map((e) => (e.data as { outcome: { result: string } }).outcome.result)).toEqual(['basic-pass', 'pass']);
    await streamIsWhole(caseId);
    await handle.terminate('test finished');
  });

  it('fails with more than half dissatisfied and rectifies again: a new round from a new plan, in a new run that carries the case', async () => {
    const { handle, listedOn } = await start('ts-01-v03');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    // 90 points, but 9 of 16 representatives dissatisfied: fails outright.
    await decide(handle, 'round-1:inspection-1', county, { score: 90, votes: votes(5, 2, 9) });

    // The inbox, not a query: the test server can hold a query sent while a run hands over
    // to the next (continue-as-new) until the test times out.
    await eventually(
      async () =>
        (await db
          .selectFrom('tasks')
          .select('task_id')
          .where('case_id', '=', caseId)
          .where('step', '=', 'round-2:plan-1')
          .where('status', '=', 'pending')
          .executeTakeFirst()) ?? undefined,
      'round 2 to open its plan',
    );
    const firstRun = await env.client.workflow.getHandle(caseId, handle.firstExecutionRunId).fetchHistory();
    expect(firstRun.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    await keepHistory('rectification-failed-round-1', firstRun);
    const status = await handle.query(rectificationStatusQuery);
    const failedOn = status.rounds[0]!.inspections[0]!.inspectedOn;
    expect(status).toMatchObject({ round: 2, roundStartOn: failedOn, support: SUPPORT, stage: 'round-2:plan' });
    expect(status.rounds).toEqual([
      {
        round: 1,
        startedOn: listedOn,
        drafts: 1,
        completeBy: addMonths(listedOn, 1),
        reportsFiled: 1,
        reportsLate: 0,
        inspections: [{ inspectedOn: failedOn, result: 'fail', scoreHundredths: 9000 }],
      },
    ]);
    expect(await row(caseId)).toMatchObject({
      round: 2,
      round_started_on: failedOn,
      status: 'rectifying',
      plan_status: 'none',
      plan_drafts: 0,
      reports_filed: 1,
      inspections: 1,
      support: SUPPORT,
    });
    expect((await row(caseId)).last_inspection).toMatchObject({ result: 'fail', because: 'dissatisfied', dissatisfied: 9, raters: 16 });

    // Round 2 reports run from the failed inspection's day.
    await supportAndPlan(handle, failedOn, 1, 2);
    await fileReports(handle, failedOn, 1, 2);
    await decide(handle, 'round-2:inspection-1', county, { score: 80, votes: votes(12, 4, 2) });
    await decide(handle, 'round-2:sign-off', county, {});
    const signedOff = await eventually(async () => {
      const r = await row(caseId);
      return r.status === 'follow-up' ? r : undefined;
    }, 'sign-off');
    expect(signedOff).toMatchObject({ round: 2, reports_due: 2, reports_filed: 2, inspections: 2 });

    await streamIsWhole(caseId);
    const runs = await db.selectFrom('events').select('metadata').where('stream_id', '=', caseId).execute();
    expect(new Set(runs.map((e) => e.metadata.runId)).size).toBe(2);
    const types = await eventTypes(caseId);
    expect(types.filter((t) => t === 'CaseStarted')).toHaveLength(1);
    expect(types.filter((t) => t === 'RectificationSupportAssigned')).toHaveLength(1);
    expect(types).toContain('RectificationRoundStarted');
    await handle.terminate('test finished');
  });

  it('a sign-off a month after the inspection: the follow-up runs 12 months from the sign-off, not from the inspection', async () => {
    expect(FOLLOW_UP_YEAR.rectification.followUpMonths).toBe(12);
    const { handle, listedOn } = await start('ts-01-v06', FOLLOW_UP_YEAR);
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    await decide(handle, 'round-1:inspection-1', county, { score: 80, votes: votes(14, 4, 2) });
    const inspectedOn = (await rowAt(caseId, 'round-1:sign-off')).last_inspection!.inspectedOn;

    const signOffDay = addMonths(inspectedOn, 1);
    await sleepUntil(signOffDay);
    await waitForTask(handle, 'round-1:sign-off');
    const updates = await acceptedUpdates(handle);
    const events = await eventCount(db, caseId);
    const before = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'round-1:sign-off', actor: county, decision: { signedOffOn: addDays(inspectedOn, -1) } }],
      }),
    );
    expect(before).toMatchObject({
      type: 'MalformedDecision',
      message: expect.stringContaining(`before the inspection on ${inspectedOn}`),
    });
    expect(await acceptedUpdates(handle)).toBe(updates);
    expect(await eventCount(db, caseId)).toBe(events);

    await decide(handle, 'round-1:sign-off', county, { comment: '整改到位，予以销号' });
    const followUpUntil = addMonths(signOffDay, 12);
    expect(followUpUntil).not.toBe(addMonths(inspectedOn, 12));
    const signedOff = await rowAt(caseId, 'follow-up');
    expect(signedOff).toMatchObject({ status: 'follow-up', signed_off_on: signOffDay, follow_up_until: followUpUntil });
    expect((await handle.query(rectificationStatusQuery)).followUpUntil).toBe(followUpUntil);
    const event = await db
      .selectFrom('events')
      .select(['data', 'metadata'])
      .where('stream_id', '=', caseId)
      .where('type', '=', 'RectificationSignedOff')
      .executeTakeFirstOrThrow();
    expect(event.data).toEqual({ caseId, round: 1, signedOffOn: signOffDay, followUpUntil, comment: '整改到位，予以销号', actor: county });
    expect(event.metadata.actor).toEqual(county);
    // Its own append, right after the decision: the day is the server's once the decision is in.
    const types = await eventTypes(caseId);
    expect(types.slice(types.indexOf('RectificationSignedOff') - 1, types.indexOf('RectificationSignedOff') + 2)).toEqual([
      'TaskDecided',
      'RectificationSignedOff',
      'CaseStageChanged',
    ]);

    // A day past the year counted from the inspection, the case still waits: no report is asked for.
    await sleepUntil(addDays(addMonths(inspectedOn, 12), 1));
    await historyLength(handle);
    expect((await handle.query(rectificationStatusQuery)).stage).toBe('follow-up');
    expect(await taskSteps(caseId)).not.toContain('follow-up-report');
    await streamIsWhole(caseId);
    await handle.terminate('test finished');
  });

  it('a sign-off recorded afterwards counts the follow-up from its own day; the follow-up report opens when that ends', async () => {
    const { handle, listedOn } = await start('ts-01-v07');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    await decide(handle, 'round-1:inspection-1', county, { score: 88, votes: votes(15, 3, 2) });
    const inspectedOn = (await rowAt(caseId, 'round-1:sign-off')).last_inspection!.inspectedOn;

    // Signed off at a meeting six days after the inspection, keyed in two weeks later.
    const signedOffOn = addDays(inspectedOn, 6);
    await sleepUntil(addDays(inspectedOn, 20));
    await decide(handle, 'round-1:sign-off', county, { comment: '县委组织部会议决定销号', signedOffOn });
    const followUpUntil = addMonths(signedOffOn, POLICY.rectification.followUpMonths);
    expect(await rowAt(caseId, 'follow-up')).toMatchObject({ signed_off_on: signedOffOn, follow_up_until: followUpUntil });
    const decided = await db
      .selectFrom('tasks')
      .select('decision')
      .where('case_id', '=', caseId)
      .where('step', '=', 'round-1:sign-off')
      .executeTakeFirstOrThrow();
    expect(decided.decision).toEqual({ comment: '县委组织部会议决定销号', signedOffOn });

    // Past the end counted from the inspection, not yet at the sign-off's.
    await sleepUntil(addDays(followUpUntil, -1));
    await historyLength(handle);
    expect((await handle.query(rectificationStatusQuery)).stage).toBe('follow-up');
    expect(await taskSteps(caseId)).not.toContain('follow-up-report');
    await sleepUntil(followUpUntil);
    await waitForTask(handle, 'follow-up-report');
    const report = await db
      .selectFrom('tasks')
      .select('opened_at')
      .where('case_id', '=', caseId)
      .where('step', '=', 'follow-up-report')
      .executeTakeFirstOrThrow();
    expect(shanghaiDate(report.opened_at.getTime())).toBe(followUpUntil);
    await decide(handle, 'follow-up-report', township, { summary: '销号后运行平稳' });
    expect(await handle.result()).toBe('rectified');
    await keepHistory('rectification-signed-off-on-recorded-day', handle.fetchHistory());
    expect(await row(caseId)).toMatchObject({
      status: 'rectified',
      signed_off_on: signedOffOn,
      follow_up_until: followUpUntil,
      followed_up_on: followUpUntil,
    });
    await streamIsWhole(caseId);
  });

  it('fails on the score, below the basic-pass floor with the representatives satisfied, and rectifies again in a new round', async () => {
    expect(POLICY.rectification.basicPassFloor).toBe(60);
    const { handle, listedOn } = await start('ts-01-v08');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    // 16 of 20 satisfied and 1 dissatisfied, but a hundredth of a point under the floor.
    await decide(handle, 'round-1:inspection-1', county, { score: 59.99, votes: votes(16, 3, 1) });

    await roundOpens(caseId, 2);
    const firstRun = await env.client.workflow.getHandle(caseId, handle.firstExecutionRunId).fetchHistory();
    expect(firstRun.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    const status = await handle.query(rectificationStatusQuery);
    const failedOn = status.rounds[0]!.inspections[0]!.inspectedOn;
    expect(status).toMatchObject({ round: 2, roundStartOn: failedOn, stage: 'round-2:plan' });
    expect(status.rounds[0]!.inspections).toEqual([{ inspectedOn: failedOn, result: 'fail', scoreHundredths: 5999 }]);
    const r = await row(caseId);
    expect(r).toMatchObject({
      round: 2,
      round_started_on: failedOn,
      status: 'rectifying',
      plan_status: 'none',
      inspections: 1,
      consolidate_until: null,
      signed_off_on: null,
    });
    expect(r.last_inspection).toMatchObject({ result: 'fail', because: 'score', scoreHundredths: 5999, raters: 20, dissatisfied: 1 });
    // Neither signed off nor consolidated: round 1 ended at its inspection.
    expect(await taskSteps(caseId)).toEqual([
      'support',
      'round-1:plan-1',
      'round-1:plan-1:approval',
      'round-1:report-1',
      'round-1:inspection-1',
      'round-2:plan-1',
    ]);
    await streamIsWhole(caseId);
    await handle.terminate('test finished');
  });

  it('a basic pass whose re-inspection after consolidation fails rectifies again, from the re-inspection’s day', async () => {
    const { handle, listedOn } = await start('ts-01-v09');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 1);
    await fileReports(handle, listedOn, 1);
    await decide(handle, 'round-1:inspection-1', county, { score: 65, votes: votes(10, 4, 2) });
    const consolidating = await rowAt(caseId, 'round-1:consolidation-1');
    const firstOn = consolidating.last_inspection!.inspectedOn;
    await sleepUntil(consolidating.consolidate_until!);
    await decide(handle, 'round-1:inspection-2', county, { score: 55, votes: votes(12, 5, 1) });

    await roundOpens(caseId, 2);
    const status = await handle.query(rectificationStatusQuery);
    const secondOn = consolidating.consolidate_until!;
    expect(status).toMatchObject({ round: 2, roundStartOn: secondOn, stage: 'round-2:plan' });
    expect(status.rounds[0]!.inspections).toEqual([
      { inspectedOn: firstOn, result: 'basic-pass', scoreHundredths: 6500 },
      { inspectedOn: secondOn, result: 'fail', scoreHundredths: 5500 },
    ]);
    const r = await row(caseId);
    expect(r).toMatchObject({
      round: 2,
      round_started_on: secondOn,
      status: 'rectifying',
      inspections: 2,
      consolidate_until: null,
      signed_off_on: null,
    });
    expect(r.last_inspection).toMatchObject({ result: 'fail', because: 'score', round: 1, inspection: 2 });

    // Round 2's reports are counted from the failed re-inspection.
    await supportAndPlan(handle, secondOn, 1, 2);
    const approvals = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'RectificationPlanApproved')
      .orderBy('position')
      .execute();
    expect(approvals.map((e) => e.data as { round: number; reportsDue: unknown })).toMatchObject([
      { round: 1 },
      { round: 2, reportsDue: progressReportSchedule(secondOn, addMonths(secondOn, 1), POLICY.rectification) },
    ]);
    await streamIsWhole(caseId);
    await handle.terminate('test finished');
  });

  it('a progress report not filed by its due date escalates to the county, with ProgressReportLate', async () => {
    const { handle, listedOn } = await start('ts-01-v04');
    const caseId = handle.workflowId;
    await supportAndPlan(handle, listedOn, 2);
    const [first] = progressReportSchedule(listedOn, addMonths(listedOn, 2), POLICY.rectification);
    await sleepUntil(opensOn(first!.dueOn));
    const task = await waitForTask(handle, 'round-1:report-1');
    expect(task.escalated).toBe(false);

    await sleepUntil(addDays(shanghaiDate(Date.parse(task.dueAt)), 1));
    const late = await eventually(async () => {
      const r = await row(caseId);
      return r.reports_late === 1 ? r : undefined;
    }, 'the late report');
    expect(late.reports_filed).toBe(0);
    const taskRow = await db.selectFrom('tasks').selectAll().where('task_id', '=', task.taskId).executeTakeFirstOrThrow();
    expect(taskRow.reminded_at).not.toBeNull();
    expect(taskRow.escalated_at!.getTime()).toBeGreaterThanOrEqual(taskRow.due_at.getTime());
    const types = await eventTypes(caseId);
    expect(types.indexOf('ProgressReportLate')).toBe(types.indexOf('TaskEscalated') + 1);
    const lateEvent = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'ProgressReportLate')
      .executeTakeFirstOrThrow();
    expect(lateEvent.data).toMatchObject({ round: 1, period: 1, dueOn: first!.dueOn, taskId: task.taskId });
    expect((await handle.query(rectificationStatusQuery)).reportsLate).toBe(1);

    // Escalated (督办): the county may now file it in the township's place.
    await handle.executeUpdate(decideUpdate, { args: [{ step: 'round-1:report-1', actor: county, decision: { summary: '督办后补报' } }] });
    const filed = await eventually(async () => {
      const r = await row(caseId);
      return r.reports_filed === 1 ? r : undefined;
    }, 'the report filed');
    expect(filed.reports_late).toBe(1);
    await streamIsWhole(caseId);
    await handle.terminate('test finished');
  });

  it('refuses another township’s committee, the wrong role and a malformed plan, and writes nothing', async () => {
    const { handle, listedOn } = await start('ts-01-v05');
    const caseId = handle.workflowId;
    await decide(handle, 'support', county, SUPPORT);
    // Open in the inbox: its TaskOpened is in the log, so the count below is settled.
    await eventually(
      () => db.selectFrom('tasks').select('task_id').where('case_id', '=', caseId).where('step', '=', 'round-1:plan-1').executeTakeFirst(),
      'the plan task in the inbox',
    );
    const updates = await acceptedUpdates(handle);
    const events = await eventCount(db, caseId);
    const plan = planUntil(listedOn, 2);

    const attempt = (actor: Actor, decision: unknown) =>
      expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step: 'round-1:plan-1', actor, decision }] }));
    expect(await attempt(otherTownship, plan)).toMatchObject({ type: 'WrongTownship', message: expect.stringContaining('ts-01') });
    expect((await attempt(county, plan)).type).toBe('WrongRole');
    const early = { ...plan, measures: [{ measure: '整改', responsible: '书记', deadline: listedOn }] };
    expect(await attempt(township, early)).toMatchObject({
      type: 'MalformedDecision',
      message: expect.stringContaining('not after the round began'),
    });
    expect(await attempt(township, { ...plan, measures: [] })).toMatchObject({
      type: 'MalformedDecision',
      message: expect.stringContaining('measures needs at least one item'),
    });
    const beyond = { ...plan, measures: [{ measure: '整改', responsible: '书记', deadline: '2031-06-30' }] };
    expect(await attempt(township, beyond)).toMatchObject({
      type: 'MalformedDecision',
      message: expect.stringContaining('working-day calendar'),
    });

    expect(await acceptedUpdates(handle)).toBe(updates);
    expect(await eventCount(db, caseId)).toBe(events);
    expect((await row(caseId)).plan_status).toBe('none');
    await decide(handle, 'round-1:plan-1', township, plan);
    expect(await eventCount(db, caseId)).toBeGreaterThan(events);
    await handle.terminate('test finished');
  });
});
