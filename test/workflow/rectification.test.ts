/**
 * Rectification of an underperforming branch through the real workflow code on Temporal's
 * time-skipping test server, with activities writing to a real PostgreSQL database: the
 * cases that pass (first time, or after consolidation) and when their follow-up runs.
 * The rounds that fail and rectify again, escalation and refusals are in
 * rectificationRounds.test.ts; the shared set-up in test/support/rectificationSuite.ts.
 */
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addWorkingDays, shanghaiDate } from '../../domain/calendar';
import { progressReportSchedule } from '../../domain/rectification';
import { acceptedUpdates, eventCount, eventually, expectRefusal, historyLength, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { rectificationStatusQuery } from '../../workflows/rectification';
import {
  county,
  db,
  decide,
  DUE,
  eventTypes,
  fileReports,
  FOLLOW_UP_YEAR,
  opensOn,
  planUntil,
  POLICY,
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
});
