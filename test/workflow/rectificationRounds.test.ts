/**
 * Rectification through the real workflow code on Temporal's time-skipping test server and
 * a real PostgreSQL database: cases that fail and rectify again in a new round (and a new
 * run), a late progress report escalated to the county, and refusals that write nothing.
 * The passing cases are in rectification.test.ts; the shared set-up in
 * test/support/rectificationSuite.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { addDays, addMonths, shanghaiDate } from '../../domain/calendar';
import { progressReportSchedule } from '../../domain/rectification';
import { acceptedUpdates, eventCount, eventually, expectRefusal, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { rectificationStatusQuery } from '../../workflows/rectification';
import {
  county,
  db,
  decide,
  env,
  eventTypes,
  fileReports,
  opensOn,
  otherTownship,
  planUntil,
  POLICY,
  roundOpens,
  row,
  rowAt,
  sleepUntil,
  start,
  streamIsWhole,
  SUPPORT,
  supportAndPlan,
  taskSteps,
  township,
  votes,
  useRectificationSuite,
} from '../support/rectificationSuite';

useRectificationSuite();

describe('rectification workflow', () => {
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
