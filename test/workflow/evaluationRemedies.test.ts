/**
 * The annual evaluation's consequences and remedies through the real workflow code on
 * Temporal's time-skipping test server, with activities writing to a real PostgreSQL:
 * refusals, the warning (诫勉) and its re-rating, removal after two years not competent,
 * and the appeal (申诉) after a review. The rounds themselves: evaluation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Actor } from '../../domain/actors';
import type { RatingVotes } from '../../domain/democraticRating';
import { evaluationWorkflowId } from '../../domain/evaluationRound';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { acceptedUpdates, eventCount, eventually, expectRefusal, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { evaluationStatusQuery, requestAppealUpdate, requestReviewUpdate } from '../../workflows/evaluationMessages';
import { type EvaluationRoundOutcome, type ScheduledRoundInput } from '../../workflows/evaluationRound';
import { renderDashboard, roundDashboard } from '../../client/commands/evaluationDashboard';
import { narrowDashboard } from '../../client/api/routes/evaluation';
import {
  TASK_QUEUE,
  county,
  committee,
  env,
  db,
  person,
  startRound,
  waitForOpen,
  decide,
  assess,
  VOTES_PLAIN,
  THROUGH_REVIEW_REQUEST,
  types,
  cadreRow,
  notifyAndRequestReview,
  requestAppeal,
  eventData,
  useEvaluationSuite,
} from '../support/evaluationSuite';

useEvaluationSuite();

describe('evaluation round: consequences and remedies', () => {
  it('refuses another township, the wrong role, a recommendation the vote rules out, and a review asked wrongly or too late, writing nothing', async () => {
    const round = await startRound(2026, 'ts-06');
    const c = evaluationWorkflowId(2026, person('ts-06', 1));
    const handle = env.client.workflow.getHandle(c);
    const refused = async (step: string, actor: Actor, decision: unknown) => {
      await waitForOpen(c, step);
      const [events, updates] = [await eventCount(db, c), await acceptedUpdates(handle)];
      const r = await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] }));
      expect([await eventCount(db, c), await acceptedUpdates(handle)]).toEqual([events, updates]);
      return r;
    };
    expect(await refused('self-summary', committee('ts-05'), { summary: '总结' })).toEqual({
      type: 'WrongTownship',
      message: 'step "self-summary" belongs to township ts-06, not ts-05',
    });
    expect((await refused('self-summary', county, { summary: '总结' })).type).toBe('WrongRole');
    await decide(c, 'self-summary', committee('ts-06'), { summary: '总结' });
    await decide(c, 'democratic-rating', committee('ts-06'), { meeting: { present: 30, due: 31 }, votes: VOTES_PLAIN });
    await decide(c, 'quantified-score', committee('ts-06'), { supervisor: 88, staff: 86.5, assessmentTeam: 90 });
    await decide(c, 'supervisor-comment', committee('ts-06'), { comment: '工作扎实', proposedGrade: 'excellent' });
    // 23 of 30 competent-or-better settles nothing: a village cadre's recommendation must be 称职 or 基本称职.
    expect(await refused('township-recommendation', committee('ts-06'), { grade: 'excellent', reason: '' })).toEqual({
      type: 'MalformedDecision',
      message:
        'step "township-recommendation": the vote proposes neither excellent nor not-competent: the grade must be competent or basically-competent, not excellent',
    });
    await decide(c, 'township-recommendation', committee('ts-06'), { grade: 'competent', reason: '' });
    await decide(round.workflowId, 'committee:ts-06/villages', county, { grades: { [person('ts-06', 1)]: 'competent' } });
    await decide(c, 'notification', committee('ts-06'), { method: 'in-person' });
    // The read model, not the query: the query shows the new stage before its events are appended.
    await eventually(async () => ((await cadreRow(c)).notified_on ? true : undefined), 'the notification recorded');

    const ask = async (actor: Actor) => {
      const [events, updates] = [await eventCount(db, c), await acceptedUpdates(handle)];
      const r = await expectRefusal(handle.executeUpdate(requestReviewUpdate, { args: [{ actor, decision: { grounds: '申请复核' } }] }));
      expect([await eventCount(db, c), await acceptedUpdates(handle)]).toEqual([events, updates]);
      return r;
    };
    expect(await ask(committee('ts-05'))).toEqual({ type: 'WrongTownship', message: 'the cadre belongs to township ts-06, not ts-05' });
    expect((await ask({ id: 'audit-1', role: 'auditor' })).type).toBe('WrongRole');
    // Nobody asks within the 30 days: the grade stands and the case closes; a late request
    // finds no running case to take it.
    expect(await handle.result()).toBe('competent');
    const events = await eventCount(db, c);
    await expect(
      handle.executeUpdate(requestReviewUpdate, { args: [{ actor: committee('ts-06'), decision: { grounds: '申请复核' } }] }),
    ).rejects.toThrow();
    expect(await eventCount(db, c)).toBe(events);
    expect(await cadreRow(c)).toMatchObject({ grade: 'competent', grade_status: 'final', review_status: 'none' });
    expect(await types(c)).not.toContain('EvaluationReviewRequested');
    // The case and its round carry the policy they started under.
    const versions = await db.selectFrom('cases').select('policy_version').where('case_id', 'in', [c, round.workflowId]).execute();
    expect(versions.map((v) => v.policy_version)).toEqual([DEFAULT_POLICY.version, DEFAULT_POLICY.version]);
  });

  it('warns (诫勉) at 40% fail votes, re-rates after 3 months, and flags removal when the re-rating fails', async () => {
    const round = await startRound(2026, 'ts-03');
    const id = person('ts-03', 1);
    const caseId = evaluationWorkflowId(2026, id);
    // 4 of 10 not competent: a warning; 60% competent or better proposes nothing.
    const votes = { excellent: 1, competent: 5, basicallyCompetent: 0, notCompetent: 4 };
    await assess(caseId, 'ts-03', {
      votes,
      recommended: 'basically-competent',
      // The villager representatives' meeting needs more than 2/3 present: exactly 2/3 is refused.
      atRating: async () => {
        const noQuorum = await expectRefusal(
          env.client.workflow.getHandle(caseId).executeUpdate(decideUpdate, {
            args: [{ step: 'democratic-rating', actor: committee('ts-03'), decision: { meeting: { present: 10, due: 15 }, votes } }],
          }),
        );
        expect(noQuorum).toMatchObject({ type: 'MalformedDecision' });
        expect(noQuorum.message).toContain('10 of 15 representatives present, more than 2/3 must attend');
      },
    });
    const warned = await eventually(async () => {
      const rows = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', caseId)
        .where('type', '=', 'EvaluationWarningIssued')
        .execute();
      return rows[0]?.data as { warnedOn: string; reRatingFrom: string; fail: number; cast: number } | undefined;
    }, 'the warning');
    expect(warned).toMatchObject({ fail: 4, cast: 10 });
    // The committee's grade follows the village vote: with nothing proposed, 称职 or 基本称职 only.
    await waitForTask(round, 'committee:ts-03/villages');
    const refused = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: 'committee:ts-03/villages', actor: county, decision: { grades: { [id]: 'excellent' } } }],
      }),
    );
    expect(refused.type).toBe('MalformedDecision');
    expect(refused.message).toMatch(/the vote proposes neither excellent nor not-competent/);
    await decide(round.workflowId, 'committee:ts-03/villages', county, { grades: { [id]: 'basically-competent' } });
    await decide(caseId, 'notification', committee('ts-03'), { method: 'in-person' });

    // Two months on there is no re-rating yet; after three there is.
    await env.sleep('60 days');
    const handle = env.client.workflow.getHandle(caseId);
    expect((await handle.query(evaluationStatusQuery)).warning).toBe('issued');
    await env.sleep('35 days');
    await waitForTask(handle, 're-rating');
    // 5 of 10 pass: not more than 60%, so the removal procedure is due.
    await decide(caseId, 're-rating', committee('ts-03'), {
      meeting: { present: 10, due: 12 },
      votes: { excellent: 0, competent: 5, basicallyCompetent: 0, notCompetent: 5 },
    });
    expect(await handle.result()).toBe('basically-competent');
    await keepHistory('evaluation-warning-removal', handle.fetchHistory());
    const t = await types(caseId);
    expect(t).toEqual(
      expect.arrayContaining(['EvaluationWarningIssued', 'EvaluationReRated', 'EvaluationRemovalFlagged', 'EvaluationGradeFinal']),
    );
    const flagged = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'EvaluationRemovalFlagged')
      .executeTakeFirstOrThrow();
    expect(flagged.data).toMatchObject({ reason: 'failed-re-rating' });
    const reRated = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'EvaluationReRated')
      .executeTakeFirstOrThrow();
    expect(reRated.data).toMatchObject({ outcome: 'removal', pass: 5, cast: 10 });
    expect((reRated.data as { ratedOn: string }).ratedOn >= warned.reRatingFrom).toBe(true);
    expect(await cadreRow(caseId)).toMatchObject({
      warning: 'removal',
      removal_flag: 'failed-re-rating',
      grade: 'basically-competent',
      grade_status: 'final',
      stars: 4,
    });
    // 20% × 88 + 40% × 86.5 + 40% × 90 = 88.20, + 1 bonus point: ★4 (80–90) for a village cadre.
    expect((await cadreRow(caseId)).score).toBe(8920);
    await round.result();
    // The round's dashboard names her, not only counts her; a township's view keeps its own.
    const dashboard = (await roundDashboard(db, round.workflowId, new Date()))!;
    expect(dashboard.totals).toMatchObject({ warnings: 1, removalFlags: 1 });
    expect(dashboard.flagged).toEqual([
      { caseId, personId: id, name: expect.any(String), townshipId: 'ts-03', warning: 'removal', removalFlag: 'failed-re-rating' },
    ]);
    expect(renderDashboard(dashboard)).toMatch(new RegExp(`${id} .*ts-03.*re-rating failed.*failed re-rating`));
    expect(narrowDashboard(dashboard, 'ts-03').flagged).toHaveLength(1);
    expect(narrowDashboard(dashboard, 'ts-04').flagged).toEqual([]);
  });

  it('lifts the warning (诫勉) when the re-rating passes with more than 60% pass votes, 基本称职 ballots counted as passes; no removal is flagged', async () => {
    const round = await startRound(2026, 'ts-09');
    const id = person('ts-09', 1);
    const caseId = evaluationWorkflowId(2026, id);
    const handle = env.client.workflow.getHandle(caseId);
    const tc = committee('ts-09');
    // 4 of 10 not competent: a warning. Two negative-list items, one listed twice, cost one star each.
    const negatives = ['村务公开不及时', '未按期召开组织生活会', '村务公开不及时'];
    await assess(caseId, 'ts-09', {
      votes: { excellent: 1, competent: 5, basicallyCompetent: 0, notCompetent: 4 },
      recommended: 'basically-competent',
      negatives,
    });
    const scored = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'EvaluationScored')
      .executeTakeFirstOrThrow();
    // 89.20 points (88 × 20% + 86.5 × 40% + 90 × 40% + 1) earn ★4; two distinct items leave ★2.
    expect(scored.data).toMatchObject({
      total: 8920,
      stars: { fromScore: 4, stars: 2, negatives: ['村务公开不及时', '未按期召开组织生活会'] },
    });
    expect(await cadreRow(caseId)).toMatchObject({ stars: 2 });
    const warned = await eventually(async () => {
      const row = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', caseId)
        .where('type', '=', 'EvaluationWarningIssued')
        .executeTakeFirst();
      return row?.data as { warnedOn: string; reRatingFrom: string; fail: number; cast: number } | undefined;
    }, 'the warning');
    expect(warned).toMatchObject({ fail: 4, cast: 10 });
    await decide(round.workflowId, 'committee:ts-09/villages', county, { grades: { [id]: 'basically-competent' } });
    await decide(caseId, 'notification', tc, { method: 'in-person' });

    // Past the review window and the three months: the grade stands while the warning runs on.
    await env.sleep('95 days');
    await waitForTask(handle, 're-rating');
    expect(await handle.query(evaluationStatusQuery)).toMatchObject({ gradeFinal: true, warning: 'issued', removalFlagged: false });

    // 5 of 10 competent or better alone would be removal; the 2 基本称职 ballots make 7 of 10 pass.
    const ballots: RatingVotes = { excellent: 1, competent: 4, basicallyCompetent: 2, notCompetent: 3 };
    // The re-rating meeting needs the rating's quorum, more than 2/3: exactly 2/3 is refused, writing nothing.
    await waitForOpen(caseId, 're-rating');
    const [events, updates] = [await eventCount(db, caseId), await acceptedUpdates(handle)];
    const noQuorum = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 're-rating', actor: tc, decision: { meeting: { present: 10, due: 15 }, votes: ballots } }],
      }),
    );
    expect(noQuorum).toEqual({
      type: 'MalformedDecision',
      message: 'step "re-rating": the rating meeting is not valid: 10 of 15 representatives present, more than 2/3 must attend',
    });
    expect([await eventCount(db, caseId), await acceptedUpdates(handle)]).toEqual([events, updates]);
    expect((await handle.query(evaluationStatusQuery)).warning).toBe('issued');

    await decide(caseId, 're-rating', tc, { meeting: { present: 11, due: 15 }, votes: ballots });
    expect(await handle.result()).toBe('basically-competent');
    expect(await handle.query(evaluationStatusQuery)).toMatchObject({
      grade: 'basically-competent',
      gradeFinal: true,
      warning: 'passed',
      removalFlagged: false,
    });
    await keepHistory('evaluation-warning-passed', handle.fetchHistory());

    const t = await types(caseId);
    expect(t).toEqual(expect.arrayContaining(['EvaluationWarningIssued', 'EvaluationReRated', 'EvaluationGradeFinal']));
    expect(t).not.toContain('EvaluationRemovalFlagged');
    // The re-rating came after the grade stood, and the case closes on it.
    expect(t.slice(t.indexOf('EvaluationGradeFinal')).filter((type) => !type.startsWith('Task'))).toEqual([
      'EvaluationGradeFinal',
      'EvaluationReRated',
      'CaseClosed',
    ]);
    const reRated = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', caseId)
      .where('type', '=', 'EvaluationReRated')
      .executeTakeFirstOrThrow();
    expect(reRated.data).toMatchObject({ outcome: 'passed', pass: 7, cast: 10, meeting: { present: 11, due: 15 }, votes: ballots });
    expect((reRated.data as { ratedOn: string }).ratedOn >= warned.reRatingFrom).toBe(true);
    expect(await cadreRow(caseId)).toMatchObject({
      warning: 'passed',
      re_rating_from: warned.reRatingFrom,
      removal_flag: null,
      grade: 'basically-competent',
      grade_status: 'final',
    });
    expect(((await round.result()) as EvaluationRoundOutcome).distribution).toEqual({
      excellent: 0,
      competent: 0,
      'basically-competent': 1,
      'not-competent': 0,
    });
  });

  it('flags a cadre not competent two years running for removal, from the read model’s earlier grade', async () => {
    const id = person('ts-04', 1);
    for (const year of [2026, 2027]) {
      const round = await startRound(year, 'ts-04');
      const caseId = evaluationWorkflowId(year, id);
      // 3 of 10 fail votes: below the warning share.
      await assess(caseId, 'ts-04', {
        votes: { excellent: 0, competent: 4, basicallyCompetent: 3, notCompetent: 3 },
        recommended: 'not-competent',
        reason: '履职不力',
      });
      await decide(round.workflowId, 'committee:ts-04/township', county, {
        grades: { [id]: { grade: 'not-competent', reason: '全年履职不力' } },
      });
      await decide(caseId, 'notification', committee('ts-04'), { method: 'in-person' });
      // Past the review window by the clock, not by awaiting a result: a test server left
      // idle while a result is awaited skips on to its farthest timers, years away.
      await env.sleep('32 days');
      await eventually(
        async () =>
          (await db.selectFrom('evaluation_rounds').select('status').where('round_id', '=', round.workflowId).executeTakeFirst())
            ?.status === 'completed'
            ? true
            : undefined,
        `the ${year} round to close`,
      );
      const flags = await db
        .selectFrom('events')
        .select('data')
        .where('stream_id', '=', caseId)
        .where('type', '=', 'EvaluationRemovalFlagged')
        .execute();
      if (year === 2026) expect(flags).toHaveLength(0);
      else expect(flags.map((f) => f.data)).toEqual([expect.objectContaining({ reason: 'two-years-not-competent', years: [2026, 2027] })]);
    }
    expect(await cadreRow(evaluationWorkflowId(2026, id))).toMatchObject({
      removal_flag: null,
      grade: 'not-competent',
      grade_status: 'final',
    });
    expect(await cadreRow(evaluationWorkflowId(2027, id))).toMatchObject({
      removal_flag: 'two-years-not-competent',
      grade: 'not-competent',
      grade_status: 'final',
    });

    // What the Schedule starts finds the round of the year it assesses (2026, in the
    // test server's January) already there, and starts nothing.
    const launch = await env.client.workflow.start('scheduledEvaluationRound', {
      taskQueue: TASK_QUEUE,
      workflowId: 'evaluation-round-launch/ts-04-test',
      args: [{ townshipIds: ['ts-04'], policy: DEFAULT_POLICY } satisfies ScheduledRoundInput],
    });
    expect(await launch.result()).toEqual({ roundId: 'evaluation-round/2026/ts-04', started: false });
    await keepHistory('scheduled-evaluation-round-existing', launch.fetchHistory());
  });
  it('decides an appeal (申诉) after a review like the review: re-checked against the quota, a raise posted, the case closed after the decision', async () => {
    const round = await startRound(2026, 'ts-11');
    const ids = Array.from({ length: 5 }, (_, i) => person('ts-11', i + 1));
    const [a, b, ...rest] = ids.map((id) => evaluationWorkflowId(2026, id));
    await Promise.all([a!, b!, ...rest].map((c) => assess(c, 'ts-11', { votes: VOTES_PLAIN, recommended: 'competent' })));
    // Five assessed allow one 优秀; the committee gives none.
    await decide(round.workflowId, 'committee:ts-11/township', county, { grades: Object.fromEntries(ids.map((id) => [id, 'competent'])) });
    for (const c of rest) await decide(c!, 'notification', committee('ts-11'), { method: 'post' });
    await notifyAndRequestReview(a!, 'ts-11', '实绩突出，申请复核');
    await notifyAndRequestReview(b!, 'ts-11', '申请复核');
    await decide(round.workflowId, `review:${ids[0]}`, county, { outcome: 'upheld', reason: '维持原等次' });
    await decide(round.workflowId, `review:${ids[1]}`, county, { outcome: 'upheld', reason: '维持原等次' });

    // Filed on the day the review was decided: kept as that day (the server's day now).
    const [decidedA] = await eventually(async () => {
      const rows = await eventData<{ caseId: string; decidedOn: string }>(round.workflowId, 'EvaluationReviewDecided');
      const mine = rows.filter((r) => r.caseId === a);
      return mine.length > 0 ? mine : undefined;
    }, 'the review decided');
    const receipt = await requestAppeal(a!, 'ts-11', { grounds: '复核结论与实绩不符，提出申诉', filedOn: decidedA!.decidedOn });
    expect(receipt).toMatchObject({ caseId: a, step: 'appeal-request', taskId: `${a}:appeal-request` });
    await requestAppeal(b!, 'ts-11', { grounds: '申诉' });
    const handleA = env.client.workflow.getHandle(a!);
    // The same appeal sent again by the same committee (its answer lost): the first receipt, nothing written.
    expect(
      await handleA.executeUpdate(requestAppealUpdate, {
        args: [{ actor: committee('ts-11'), decision: { filedOn: decidedA!.decidedOn, grounds: '复核结论与实绩不符，提出申诉' } }],
      }),
    ).toEqual(receipt);
    expect(await eventData(a!, 'EvaluationAppealRequested')).toHaveLength(1);
    // One appeal per case: a second is refused, writing nothing.
    const [events, updates] = [await eventCount(db, a!), await acceptedUpdates(handleA)];
    expect(
      await expectRefusal(handleA.executeUpdate(requestAppealUpdate, { args: [{ actor: county, decision: { grounds: '再次申诉' } }] })),
    ).toEqual({
      type: 'DuplicateDecision',
      message: 'an appeal (申诉) was already filed',
    });
    // Her case may still be appending its 'appeal' stage: nothing of the refusal's is in the log.
    expect(await acceptedUpdates(handleA)).toBe(updates);
    expect((await types(a!)).slice(events).filter((t) => t === 'EvaluationAppealRequested' || t === 'TaskDecided')).toEqual([]);

    // The round decides it as a county task, due within the review's term of the filing.
    const appealStep = `appeal:${ids[0]}`;
    const task = await waitForTask(round, appealStep);
    expect(task).toMatchObject({ role: 'county-org-dept', townshipId: 'ts-11' });
    expect(task.title).toMatch(/^申诉 Appeal: 干部ts-11-p001 \(称职\), 复核结论与实绩不符/);
    const requested = await eventually(
      async () => (await eventData<{ filedOn: string; decisionDueOn: string; appealClosesOn: string }>(a!, 'EvaluationAppealRequested'))[0],
      'the appeal recorded',
    );
    expect(requested).toMatchObject({
      filedOn: decidedA!.decidedOn,
      decisionDueOn: addDays(decidedA!.decidedOn, DEFAULT_POLICY.evaluation.reviewDecisionDays),
      appealClosesOn: addDays(decidedA!.decidedOn, DEFAULT_POLICY.evaluation.appealDays),
    });
    expect(await cadreRow(a!)).toMatchObject({
      appeal_status: 'requested',
      appeal_decision_due_on: requested.decisionDueOn,
      appeal_closes_on: requested.appealClosesOn,
      grade: 'competent',
    });
    await decide(round.workflowId, appealStep, county, { outcome: 'changed', grade: 'excellent', reason: '申诉属实，调整为优秀' });

    // The quota counts the raise the appeal just made: a second 优秀 of five is refused, writing nothing.
    const bStep = `appeal:${ids[1]}`;
    await waitForOpen(round.workflowId, bStep);
    const before = await eventCount(db, round.workflowId);
    const over = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: bStep, actor: county, decision: { outcome: 'changed', grade: 'excellent', reason: '申诉' } }],
      }),
    );
    expect(over).toEqual({
      type: 'OverQuota',
      message: 'ts-11/township: 1 优秀 of 5 allowed (20%); a proposal of 2 is over quota by 1 (allowed = floor(5 × 20 / 100) = 1)',
    });
    expect((await types(round.workflowId)).slice(before).filter((t) => t === 'EvaluationAppealDecided' || t === 'TaskDecided')).toEqual([]);
    await decide(round.workflowId, bStep, county, { outcome: 'upheld', reason: '维持复核结论' });
    // An upheld appeal closes the case with the decision, long before its window's end:
    // the test server's clock does not move while nothing awaits a result.
    await eventually(async () => ((await cadreRow(b!)).grade_status === 'final' ? true : undefined), 'the upheld appeal’s case to close');
    expect(await env.client.workflow.getHandle(b!).result()).toBe('competent');
    expect(await cadreRow(b!)).toMatchObject({ grade: 'competent', review_status: 'upheld', appeal_status: 'upheld' });

    const outcome = (await round.result()) as EvaluationRoundOutcome;
    expect(outcome.distribution).toEqual({ excellent: 1, competent: 4, 'basically-competent': 0, 'not-competent': 0 });
    expect(await handleA.result()).toBe('excellent');
    await keepHistory('evaluation-round-appeal', round.fetchHistory());
    await keepHistory('evaluation-appeal-raised', handleA.fetchHistory());

    const decided = await eventData<{ caseId: string; outcome: string; from: string; to: string; decidedOn: string; appealDays?: number }>(
      round.workflowId,
      'EvaluationAppealDecided',
    );
    expect(decided.map((d) => [d.caseId, d.outcome, d.from, d.to])).toEqual([
      [a, 'changed', 'competent', 'excellent'],
      [b, 'upheld', 'competent', 'competent'],
    ]);
    expect(decided[0]).not.toHaveProperty('appealDays');
    expect(await types(a!)).toEqual([
      ...THROUGH_REVIEW_REQUEST,
      'CaseStageChanged',
      'CaseStageChanged',
      'EvaluationAppealRequested',
      'CaseStageChanged',
      'EvaluationGradeChanged',
      'CaseStageChanged',
      'PublicNoticePosted',
      'PublicNoticeClosed',
      'CaseStageChanged',
      'EvaluationGradeFinal',
      'CaseClosed',
    ]);
    const stages = await eventData<{ stage: string }>(a!, 'CaseStageChanged');
    expect(stages.map((e) => e.stage)).toEqual([
      'assessment',
      'committee-grade',
      'notification',
      'review-window',
      'review',
      'appeal-window',
      'appeal',
      'appeal-notice',
      'final',
    ]);
    const [changed] = await eventData<{ from: string; to: string; source: string }>(a!, 'EvaluationGradeChanged');
    expect(changed).toMatchObject({ from: 'competent', to: 'excellent', source: 'appeal', reason: '申诉属实，调整为优秀' });
    expect(await cadreRow(a!)).toMatchObject({
      grade: 'excellent',
      grade_status: 'final',
      review_status: 'upheld',
      appeal_status: 'changed',
    });
    expect(await handleA.query(evaluationStatusQuery)).toMatchObject({
      review: 'upheld',
      appeal: 'changed',
      appealClosesOn: requested.appealClosesOn,
      gradeFinal: true,
    });
  });

  it('opens the appeal window only after a decided review, keeps it 15 days after the decision, refuses appeals asked wrongly or too late, writing nothing', async () => {
    const round = await startRound(2026, 'ts-12');
    const [idA, idB] = [person('ts-12', 1), person('ts-12', 2)];
    const [a, b] = [evaluationWorkflowId(2026, idA), evaluationWorkflowId(2026, idB)];
    const handleA = env.client.workflow.getHandle(a);
    const handleB = env.client.workflow.getHandle(b);
    // b has 4 of 10 fail votes: a warning (诫勉) keeps her case open for months after her grade stands.
    await Promise.all([
      assess(a, 'ts-12', { votes: VOTES_PLAIN, recommended: 'competent' }),
      assess(b, 'ts-12', {
        votes: { excellent: 1, competent: 5, basicallyCompetent: 0, notCompetent: 4 },
        recommended: 'basically-competent',
      }),
    ]);
    await decide(round.workflowId, 'committee:ts-12/township', county, { grades: { [idA]: 'competent', [idB]: 'basically-competent' } });
    await notifyAndRequestReview(a, 'ts-12', '申请复核');
    await notifyAndRequestReview(b, 'ts-12', '申请复核');

    // The case may still be appending its own stage changes around a refusal, so "nothing
    // written" is: no update accepted into the history, and no appeal or decision in the log since.
    const appeal = async (handle: WorkflowHandle, actor: Actor, decision: unknown) => {
      const id = handle.workflowId;
      const [events, updates] = [await eventCount(db, id), await acceptedUpdates(handle)];
      const r = await expectRefusal(handle.executeUpdate(requestAppealUpdate, { args: [{ actor, decision }] }));
      expect(await acceptedUpdates(handle)).toBe(updates);
      const since = (await types(id)).slice(events);
      expect(since.filter((t) => t === 'EvaluationAppealRequested' || t === 'TaskDecided')).toEqual([]);
      return r;
    };
    // Not while the review is pending.
    await waitForOpen(round.workflowId, `review:${idA}`);
    expect(await appeal(handleA, committee('ts-12'), { grounds: '申诉' })).toEqual({
      type: 'UnknownStep',
      message: 'an appeal (申诉) can be filed once a review (复核) has been decided',
    });
    await decide(round.workflowId, `review:${idA}`, county, { outcome: 'upheld', reason: '维持原等次' });
    await decide(round.workflowId, `review:${idB}`, county, { outcome: 'upheld', reason: '维持原等次' });
    await eventually(
      async () => ((await handleA.query(evaluationStatusQuery)).stage === 'appeal-window' ? true : undefined),
      'a’s appeal window',
    );
    await eventually(
      async () => ((await handleB.query(evaluationStatusQuery)).stage === 'appeal-window' ? true : undefined),
      'b’s appeal window',
    );
    const [decided] = (await eventData<{ caseId: string; decidedOn: string }>(round.workflowId, 'EvaluationReviewDecided')).filter(
      (d) => d.caseId === a,
    );
    const closesOn = addDays(decided!.decidedOn, DEFAULT_POLICY.evaluation.appealDays);
    expect((await handleA.query(evaluationStatusQuery)).appealClosesOn).toBe(closesOn);

    expect(await appeal(handleA, committee('ts-11'), { grounds: '申诉' })).toEqual({
      type: 'WrongTownship',
      message: 'the cadre belongs to township ts-12, not ts-11',
    });
    expect((await appeal(handleA, { id: 'audit-1', role: 'auditor' }, { grounds: '申诉' })).type).toBe('WrongRole');
    expect(await appeal(handleA, committee('ts-12'), {})).toEqual({ type: 'MalformedDecision', message: 'grounds is required' });
    const dayBefore = addDays(decided!.decidedOn, -1);
    expect(await appeal(handleA, committee('ts-12'), { grounds: '申诉', filedOn: dayBefore })).toEqual({
      type: 'MalformedDecision',
      message: `filedOn ${dayBefore} is before ${decided!.decidedOn}, the day the review (复核) was decided`,
    });

    // Day 15 of the window: still open, the grade not yet final.
    await env.sleep('15 days');
    expect(await handleA.query(evaluationStatusQuery)).toMatchObject({ stage: 'appeal-window', gradeFinal: false, appeal: 'none' });
    expect(await cadreRow(a)).toMatchObject({ grade_status: 'fixed' });
    // Past its last day nobody has appealed: the grade is final and the case closes.
    await env.sleep('2 days');
    await eventually(async () => ((await cadreRow(a)).grade_status === 'final' ? true : undefined), 'a’s grade final');
    expect(await handleA.result()).toBe('competent');
    await keepHistory('evaluation-appeal-window-lapsed', handleA.fetchHistory());
    const [final] = await eventData<{ at: string }>(a, 'EvaluationGradeFinal');
    expect(shanghaiDate(Date.parse(final!.at)) > closesOn).toBe(true);
    const stages = await eventData<{ stage: string }>(a, 'CaseStageChanged');
    expect(stages.map((e) => e.stage).slice(-4)).toEqual(['review-window', 'review', 'appeal-window', 'final']);
    expect(await types(a)).not.toContain('EvaluationAppealRequested');
    expect(await cadreRow(a)).toMatchObject({
      grade: 'competent',
      review_status: 'upheld',
      appeal_status: 'none',
      appeal_decision_due_on: null,
      appeal_closes_on: closesOn,
    });
    // A late appeal finds no running case to take it.
    const events = await eventCount(db, a);
    await expect(
      handleA.executeUpdate(requestAppealUpdate, { args: [{ actor: committee('ts-12'), decision: { grounds: '申诉' } }] }),
    ).rejects.toThrow();
    expect(await eventCount(db, a)).toBe(events);

    // b's case runs on for the warning; her window closed the same day and says so.
    await eventually(async () => ((await cadreRow(b)).grade_status === 'final' ? true : undefined), 'b’s grade final');
    expect(await handleB.query(evaluationStatusQuery)).toMatchObject({ gradeFinal: true, warning: 'issued', appeal: 'none' });
    expect(await appeal(handleB, committee('ts-12'), { grounds: '申诉' })).toEqual({
      type: 'UnknownStep',
      message: `the appeal window closed on ${closesOn} (15 days after the review was decided)`,
    });
    await round.terminate('test finished');
  });
});
