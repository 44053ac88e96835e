/**
 * The annual evaluation through the real workflow code on Temporal's time-skipping test
 * server (the review window's 30 days, the appeal window's 15 and a 3-month warning pass in seconds; the default
 * policy's durations are the real ones), with activities writing to a real PostgreSQL.
 * The 优秀 quota, at its edge and raised by an approval, is test/workflow/evaluationQuota.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { evaluationWorkflowId } from '../../domain/evaluationRound';
import { addDays, shanghaiDate, shanghaiInstant, workingDaysBetween } from '../../domain/calendar';
import { appendBatch } from '../../activities/eventStore';
import { acceptedUpdates, eventCount, eventually, expectRefusal, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { evaluationStatusQuery, requestReviewUpdate } from '../../workflows/evaluationMessages';
import { roundStatusQuery, type EvaluationRoundOutcome } from '../../workflows/evaluationRound';
import { evaluationBackend } from '../../client/commands/evaluationBackend';
import {
  TASK_QUEUE,
  county,
  committee,
  env,
  db,
  cadreStream,
  person,
  startRound,
  waitForOpen,
  decide,
  assess,
  VOTES_EXCELLENT,
  VOTES_PLAIN,
  THROUGH_REVIEW_REQUEST,
  types,
  cadreRow,
  notifyAndRequestReview,
  useEvaluationSuite,
} from '../support/evaluationSuite';

useEvaluationSuite();

describe('evaluation round', () => {
  it('takes a cadre through the year: a review changes the grade, which then stands; the round closes', async () => {
    // In parts of two, so that the unit's five cases are held by three parts.
    const round = await startRound(2026, 'ts-02', 2);
    const ids = Array.from({ length: 5 }, (_, i) => person('ts-02', i + 1));
    await Promise.all(ids.map((id) => assess(evaluationWorkflowId(2026, id), 'ts-02', { votes: VOTES_PLAIN, recommended: 'competent' })));
    // The committee grades; five assessed allow one 优秀 and it gives none.
    await decide(round.workflowId, 'committee:ts-02/township', county, { grades: Object.fromEntries(ids.map((id) => [id, 'competent'])) });

    const [a, b, ...rest] = ids.map((id) => evaluationWorkflowId(2026, id));
    for (const c of rest) await decide(c!, 'notification', committee('ts-02'), { method: 'post' });
    // No review before the written notification.
    await waitForOpen(a!, 'notification');
    const early = await expectRefusal(
      env.client.workflow
        .getHandle(a!)
        .executeUpdate(requestReviewUpdate, { args: [{ actor: committee('ts-02'), decision: { grounds: '太早' } }] }),
    );
    expect(early).toEqual({ type: 'UnknownStep', message: 'a review can be requested once the grade has been notified in writing' });
    await notifyAndRequestReview(a!, 'ts-02', '实绩突出，申请复核');
    // The review is due within 30 days of the request: on the last working day not after it.
    const reviewTask = await eventually(
      async () =>
        (await db.selectFrom('tasks').selectAll().where('task_id', '=', `${round.workflowId}:review:${ids[0]}`).executeTakeFirst()) ??
        undefined,
      'the review task',
    );
    const requested = await eventually(async () => (await cadreRow(a!)).review_decision_due_on ?? undefined, 'the review request');
    expect(shanghaiDate(reviewTask.due_at.getTime()) <= requested).toBe(true);
    expect(workingDaysBetween(shanghaiDate(reviewTask.due_at.getTime()), requested)).toBe(0);
    await notifyAndRequestReview(b!, 'ts-02', '申请复核');
    // Before the review the grade stands.
    expect((await env.client.workflow.getHandle(a!).query(evaluationStatusQuery)).grade).toBe('competent');
    await decide(round.workflowId, `review:${ids[0]}`, county, { outcome: 'changed', grade: 'excellent', reason: '复核：实绩突出' });
    // A second raise in the unit would be two 优秀 of five.
    const over = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: `review:${ids[1]}`, actor: county, decision: { outcome: 'changed', grade: 'excellent', reason: '复核' } }],
      }),
    );
    expect(over.type).toBe('OverQuota');
    expect(over.message).toContain('1 优秀 of 5 allowed (20%); a proposal of 2 is over quota by 1');
    const upheld = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: `review:${ids[1]}`, actor: county, decision: { outcome: 'changed', grade: 'competent', reason: 'x' } }],
      }),
    );
    expect(upheld.message).toMatch(/already competent/);
    await decide(round.workflowId, `review:${ids[1]}`, county, { outcome: 'upheld', reason: '维持原等次' });

    // The raised grade is posted (5 working days); every window closes after 30 days.
    const outcome = (await round.result()) as EvaluationRoundOutcome;
    expect(outcome.distribution).toEqual({ excellent: 1, competent: 4, 'basically-competent': 0, 'not-competent': 0 });
    expect(await env.client.workflow.getHandle(a!).result()).toBe('excellent');
    await keepHistory('evaluation-round-review-raised', round.fetchHistory());
    await keepHistory('evaluation-review-raised', env.client.workflow.getHandle(a!).fetchHistory());
    // The round started its three parts and no case; the parts started the cases.
    const children = async (workflowId: string) =>
      ((await env.client.workflow.getHandle(workflowId).fetchHistory()).events ?? []).flatMap((e) =>
        e.startChildWorkflowExecutionInitiatedEventAttributes ? [e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId] : [],
      );
    const parts = [1, 2, 3].map((i) => `${round.workflowId}/part-${i}`);
    expect(await children(round.workflowId)).toEqual(parts);
    expect(await Promise.all(parts.map(children))).toEqual([
      [evaluationWorkflowId(2026, ids[0]!), evaluationWorkflowId(2026, ids[1]!)],
      [evaluationWorkflowId(2026, ids[2]!), evaluationWorkflowId(2026, ids[3]!)],
      [evaluationWorkflowId(2026, ids[4]!)],
    ]);
    // One part after another: each starts only once as many parts as came before it have reported their cases started.
    const roundEvents = (await round.fetchHistory()).events ?? [];
    const reports = roundEvents.flatMap((e, i) =>
      e.workflowExecutionSignaledEventAttributes?.signalName === 'evaluationPartStarted' ? [i] : [],
    );
    const starts = roundEvents.flatMap((e, i) => (e.startChildWorkflowExecutionInitiatedEventAttributes ? [i] : []));
    expect(reports).toHaveLength(3);
    expect(starts[1]).toBeGreaterThan(reports[0]!);
    expect(starts[2]).toBeGreaterThan(reports[1]!);
    await keepHistory('evaluation-round-parts-in-turn', round.fetchHistory());
    await keepHistory('evaluation-round-part', env.client.workflow.getHandle(parts[0]!).fetchHistory());

    // Today and a window's end come from the workflow task's time (patch
    // day-from-workflow-task-time): no activity was asked for them, and a review window
    // nobody used lapsed at 24:00 Asia/Shanghai of its last day.
    for (const id of [round.workflowId, ...ids.map((p) => evaluationWorkflowId(2026, p))]) {
      const events = (await env.client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const asked = events.flatMap((e) => {
        const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
        return name === 'evaluationToday' || name === 'msUntilEndOfDay' ? [name] : [];
      });
      expect(asked, id).toEqual([]);
    }
    const fired = ((await env.client.workflow.getHandle(evaluationWorkflowId(2026, ids[4]!)).fetchHistory()).events ?? []).flatMap((e) =>
      e.timerFiredEventAttributes ? [Number(e.eventTime!.seconds) * 1000] : [],
    );
    // The timer is set from one workflow task's time and started as it completes: it fires
    // that task's length after midnight (milliseconds; a minute allows a slow machine).
    const atMidnight = fired.filter((ms) => ms - shanghaiInstant(shanghaiDate(ms), 0, 0) < 60_000);
    expect(atMidnight.length, `timers fired at ${fired.map((ms) => new Date(ms).toISOString()).join(', ')}`).toBeGreaterThan(0);

    expect(await types(a!)).toEqual([
      ...THROUGH_REVIEW_REQUEST,
      'CaseStageChanged',
      'EvaluationGradeChanged',
      'CaseStageChanged',
      'PublicNoticePosted',
      'PublicNoticeClosed',
      // The decided review opens the appeal window once its raise has been posted; nobody appeals.
      'CaseStageChanged',
      'CaseStageChanged',
      'EvaluationGradeFinal',
      'CaseClosed',
    ]);
    const stages = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', a!)
      .where('type', '=', 'CaseStageChanged')
      .orderBy('position')
      .execute();
    expect(stages.map((e) => (e.data as { stage: string }).stage)).toEqual([
      'assessment',
      'committee-grade',
      'notification',
      'review-window',
      'review',
      'review-notice',
      'appeal-window',
      'final',
    ]);
    const rowA = await cadreRow(a!);
    expect(rowA).toMatchObject({
      grade: 'excellent',
      grade_status: 'final',
      review_status: 'changed',
      appeal_status: 'none',
      steps_done: 5,
      stars: null,
      removal_flag: null,
    });
    expect(rowA.appeal_closes_on).not.toBeNull();
    expect(await cadreRow(b!)).toMatchObject({ grade: 'competent', grade_status: 'final', review_status: 'upheld' });
    const roundRow = await db
      .selectFrom('evaluation_rounds')
      .selectAll()
      .where('round_id', '=', round.workflowId)
      .executeTakeFirstOrThrow();
    expect(roundRow).toMatchObject({ status: 'completed', cadres: 5, started: 5, skipped: 0 });

    const mod = evaluationBackend.create({ db, client: env.client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE });
    const dash = (await mod.status({ year: 2026 })).rounds.find((r) => r.roundId === round.workflowId)!;
    expect(dash.townships).toEqual([
      expect.objectContaining({
        townshipId: 'ts-02',
        cadres: 5,
        done: 5,
        final: 5,
        pending: 0,
        overdue: 0,
        grades: { excellent: 1, competent: 4, 'basically-competent': 0, 'not-competent': 0 },
      }),
    ]);
    expect(dash.units).toEqual([expect.objectContaining({ unitId: 'ts-02/township', assessed: 5, allowedExcellent: 1, excellentNow: 1 })]);

    // Starting the year's round again starts nothing, even now that it has closed.
    expect(await mod.startRound({ year: 2026, townshipIds: ['ts-02'] })).toEqual({ roundId: round.workflowId, started: false });
  });

  it('keys in a round recorded afterwards: the meeting, the notice and the letters keep their days, and the grades stand without waiting', async () => {
    const today = shanghaiDate(Date.now());
    const gradedOn = addDays(today, -70);
    const noticePostedOn = addDays(today, -69);
    const notifiedOn = addDays(today, -40);
    const round = await startRound(2026, 'ts-05');
    const ids = Array.from({ length: 5 }, (_, i) => person('ts-05', i + 1));
    const cases = ids.map((id) => evaluationWorkflowId(2026, id));
    await Promise.all(
      cases.map((c, i) =>
        assess(
          c,
          'ts-05',
          i === 0 ? { votes: VOTES_EXCELLENT, recommended: 'excellent' } : { votes: VOTES_PLAIN, recommended: 'competent' },
        ),
      ),
    );
    await decide(round.workflowId, 'committee:ts-05/township', county, {
      grades: Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 'excellent' : 'competent'])),
      gradedOn,
      noticePostedOn,
    });
    // The 优秀 notice counts from the day it went up, so it is over before anyone waits.
    for (const c of cases) await decide(c, 'notification', committee('ts-05'), { method: 'post', notifiedOn });
    const outcome = (await round.result()) as EvaluationRoundOutcome;
    expect(outcome.distribution).toEqual({ excellent: 1, competent: 4, 'basically-competent': 0, 'not-competent': 0 });
    await keepHistory('evaluation-round-dated', round.fetchHistory());
    await keepHistory('evaluation-dated-excellent', env.client.workflow.getHandle(cases[0]!).fetchHistory());

    const graded = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', round.workflowId)
      .where('type', '=', 'EvaluationUnitGraded')
      .executeTakeFirstOrThrow();
    expect(graded.data).toMatchObject({ gradedOn, noticePostedOn });
    const posted = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', cases[0]!)
      .where('type', '=', 'PublicNoticePosted')
      .executeTakeFirstOrThrow();
    expect(posted.data).toMatchObject({ postedOn: noticePostedOn, workingDays: DEFAULT_POLICY.publicNotice.excellentGradeWorkingDays });
    for (const c of cases) {
      const notified = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', c)
        .where('type', '=', 'EvaluationNotified')
        .executeTakeFirstOrThrow();
      expect(notified.data).toMatchObject({
        notifiedOn,
        reviewRequestClosesOn: addDays(notifiedOn, DEFAULT_POLICY.evaluation.reviewRequestDays),
      });
      const final = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', c)
        .where('type', '=', 'EvaluationGradeFinal')
        .executeTakeFirstOrThrow();
      // `at` is the server's clock, which skips every wait it meets: the final grade came
      // the day the letter was recorded, so there was no 30-day wait to skip.
      const day = (e: { data: unknown }) => shanghaiDate(Date.parse((e.data as { at: string }).at));
      expect(day(final)).toBe(day(notified));
      expect(await cadreRow(c)).toMatchObject({ grade_status: 'final', notified_on: notifiedOn });
    }
  });

  it('skips a cadre another round of the year already assesses: her one case stays the first round’s, and the overlapping round grades and counts only the cases it started', async () => {
    const first = await startRound(2026, 'ts-07');
    const early = person('ts-07', 1);
    const earlyCase = evaluationWorkflowId(2026, early);
    // The township's own round has found her and opened her case.
    await waitForOpen(earlyCase, 'self-summary');
    // A cadre posted to the township afterwards has no case yet: the overlapping round
    // assesses her, so its ts-07 unit keeps one of the two cadres it finds there.
    const late = person('ts-07', 2);
    await appendBatch(db, [cadreStream(late, 'ts-07')]);
    const village = person('ts-08', 1);
    const lateCase = evaluationWorkflowId(2026, late);
    const villageCase = evaluationWorkflowId(2026, village);
    // In parts of two: the skipped cadre's part reports her, and both parts' cases are counted.
    const second = await startRound(2026, ['ts-08', 'ts-07'], 2);
    expect(second.workflowId).toBe('evaluation-round/2026/ts-07+ts-08');

    const casesStarted = await eventually(async () => {
      const row = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', second.workflowId)
        .where('type', '=', 'EvaluationRoundCasesStarted')
        .executeTakeFirst();
      return row?.data;
    }, 'the overlapping round to start its cases');
    expect(casesStarted).toEqual({
      roundId: second.workflowId,
      started: 2,
      skipped: [{ personId: early, caseId: earlyCase }],
      units: [
        { unitId: 'ts-07/township', kind: 'organ', townshipId: 'ts-07', assessed: 1, allowedExcellent: 0 },
        { unitId: 'ts-08/villages', kind: 'village', townshipId: 'ts-08', assessed: 1, allowedExcellent: 0 },
      ],
      at: expect.any(String),
    });
    // Found in scope are three; two are assessed here.
    expect(await second.query(roundStatusQuery)).toMatchObject({ cadres: 3, started: 2, skipped: 1, units: 2 });

    await Promise.all([
      assess(earlyCase, 'ts-07', { votes: VOTES_PLAIN, recommended: 'basically-competent' }),
      assess(lateCase, 'ts-07', { votes: VOTES_PLAIN, recommended: 'competent' }),
      assess(villageCase, 'ts-08', { votes: VOTES_PLAIN, recommended: 'competent' }),
    ]);
    // The overlapping round's ts-07 committee has only the cadre it started: hers is the
    // first round's grade to give, and naming her is refused, writing nothing.
    const step = 'committee:ts-07/township';
    expect((await waitForTask(second, step)).title).toContain('1 assessed, at most 0 优秀');
    // Both committees open before the count is taken: the other unit's task opening is an
    // append to the same stream, and must not pass for a trace of the refusal.
    await waitForOpen(second.workflowId, step);
    await waitForOpen(second.workflowId, 'committee:ts-08/villages');
    const [events, updates] = [await eventCount(db, second.workflowId), await acceptedUpdates(second)];
    const refused = await expectRefusal(
      second.executeUpdate(decideUpdate, {
        args: [{ step, actor: county, decision: { grades: { [early]: 'basically-competent', [late]: 'competent' } } }],
      }),
    );
    expect(refused).toEqual({
      type: 'MalformedDecision',
      message: `step "${step}": ts-07/township: every cadre of the unit is graded at once; not assessed in ts-07/township: ${early}`,
    });
    expect([await eventCount(db, second.workflowId), await acceptedUpdates(second)]).toEqual([events, updates]);
    await decide(second.workflowId, step, county, { grades: { [late]: 'competent' } });
    await decide(second.workflowId, 'committee:ts-08/villages', county, { grades: { [village]: 'competent' } });
    await decide(first.workflowId, step, county, { grades: { [early]: 'basically-competent' } });
    await decide(earlyCase, 'notification', committee('ts-07'), { method: 'in-person' });
    await decide(lateCase, 'notification', committee('ts-07'), { method: 'in-person' });
    await decide(villageCase, 'notification', committee('ts-08'), { method: 'in-person' });

    // Each round counts the grades of its own cases: hers only in the first.
    const none = { excellent: 0, competent: 0, 'basically-competent': 0, 'not-competent': 0 };
    expect(await first.result()).toEqual({
      roundId: first.workflowId,
      assessed: 1,
      distribution: { ...none, 'basically-competent': 1 },
    } satisfies EvaluationRoundOutcome);
    expect(await second.result()).toEqual({
      roundId: second.workflowId,
      assessed: 2,
      distribution: { ...none, competent: 2 },
    } satisfies EvaluationRoundOutcome);
    await keepHistory('evaluation-round-skipped', second.fetchHistory());

    // One case for her, started once, by the first round; the second round wrote nothing about her.
    const startedFor = (await db.selectFrom('events').select(['stream_id', 'data']).where('type', '=', 'EvaluationStarted').execute())
      .map((e) => ({ streamId: e.stream_id, ...(e.data as { personId: string; roundId: string }) }))
      .filter((e) => e.personId === early);
    expect(startedFor.map((e) => [e.streamId, e.roundId])).toEqual([[earlyCase, first.workflowId]]);
    expect((await types(earlyCase)).filter((t) => t === 'CaseStarted')).toHaveLength(1);
    const graded = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', second.workflowId)
      .where('type', '=', 'EvaluationUnitGraded')
      .execute();
    expect(graded.flatMap((g) => (g.data as { grades: Array<{ personId: string }> }).grades.map((x) => x.personId)).sort()).toEqual([
      late,
      village,
    ]);
    const rows = await db
      .selectFrom('evaluation_cadres')
      .select(['person_id', 'round_id', 'grade', 'grade_status'])
      .where('person_id', 'in', [early, late, village])
      .orderBy('person_id')
      .execute();
    expect(rows).toEqual([
      { person_id: early, round_id: first.workflowId, grade: 'basically-competent', grade_status: 'final' },
      { person_id: late, round_id: second.workflowId, grade: 'competent', grade_status: 'final' },
      { person_id: village, round_id: second.workflowId, grade: 'competent', grade_status: 'final' },
    ]);
    const roundRow = await db
      .selectFrom('evaluation_rounds')
      .selectAll()
      .where('round_id', '=', second.workflowId)
      .executeTakeFirstOrThrow();
    expect(roundRow).toMatchObject({ status: 'completed', cadres: 3, started: 2, skipped: 1, distribution: { ...none, competent: 2 } });
    const units = await db
      .selectFrom('evaluation_units')
      .select(['unit_id', 'assessed'])
      .where('round_id', '=', second.workflowId)
      .orderBy('unit_id')
      .execute();
    expect(units).toEqual([
      { unit_id: 'ts-07/township', assessed: 1 },
      { unit_id: 'ts-08/villages', assessed: 1 },
    ]);
  });
});
