/**
 * The 优秀 quota of an annual evaluation round through the real workflow code on
 * Temporal's time-skipping test server, with activities writing to a real PostgreSQL: the
 * quota at its edge, and an approval raising it (docs/evaluation.md, "The quota with
 * approval"). The rest of the evaluation is test/workflow/evaluation.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { evaluationWorkflowId } from '../../domain/evaluationRound';
import { addDays, shanghaiDate } from '../../domain/calendar';
import { acceptedUpdates, eventCount, eventually, expectRefusal, keepHistory, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { type EvaluationRoundOutcome } from '../../workflows/evaluationRound';
import {
  county,
  committee,
  env,
  db,
  person,
  startRound,
  waitForOpen,
  decide,
  assess,
  VOTES_EXCELLENT,
  VOTES_PLAIN,
  types,
  cadreRow,
  notifyAndRequestReview,
  useEvaluationSuite,
} from '../support/evaluationSuite';

useEvaluationSuite();

describe('evaluation round: the 优秀 quota', () => {
  it('holds 优秀 to the quota at its edge: 10 of 50 accepted, 11 refused with the numbers; a review re-checks it', async () => {
    const t0 = Date.now();
    // In parts of 20: the unit's fifty cases are held by three parts, as a large county's are.
    const round = await startRound(2026, 'ts-01', 20);
    const ids = Array.from({ length: 50 }, (_, i) => person('ts-01', i + 1));
    // The first 15 have ≥ 90% competent votes, so the vote proposes 优秀 for them.
    await Promise.all(
      ids.map((id, i) =>
        assess(
          evaluationWorkflowId(2026, id),
          'ts-01',
          i < 15 ? { votes: VOTES_EXCELLENT, recommended: 'excellent' } : { votes: VOTES_PLAIN, recommended: 'competent' },
        ),
      ),
    );
    const step = 'committee:ts-01/villages';
    const task = await waitForTask(round, step);
    expect(task.title).toContain('50 assessed, at most 10 优秀');
    const proposal = (excellent: number) => ({
      grades: Object.fromEntries(ids.map((id, i) => [id, i < excellent ? 'excellent' : 'competent'])),
    });

    await eventually(
      async () => (await db.selectFrom('tasks').select('task_id').where('task_id', '=', task.taskId).executeTakeFirst()) ?? undefined,
      'the committee task in the inbox',
    );
    const acceptedBefore = await acceptedUpdates(round);
    const eventsBefore = await eventCount(db, round.workflowId);
    const refused = await expectRefusal(round.executeUpdate(decideUpdate, { args: [{ step, actor: county, decision: proposal(11) }] }));
    expect(refused.type).toBe('OverQuota');
    expect(refused.message).toBe(
      'ts-01/villages: 10 优秀 of 50 allowed (20%); a proposal of 11 is over quota by 1 (allowed = floor(50 × 20 / 100) = 10); ' +
        'an approval (quotaApproval) may raise it to 25%: floor(50 × 25 / 100) = 12',
    );
    expect(await acceptedUpdates(round)).toBe(acceptedBefore);
    expect(await eventCount(db, round.workflowId)).toBe(eventsBefore);
    // Only the county decides.
    expect(
      (await expectRefusal(round.executeUpdate(decideUpdate, { args: [{ step, actor: committee('ts-01'), decision: proposal(10) }] })))
        .type,
    ).toBe('WrongRole');

    await round.executeUpdate(decideUpdate, { args: [{ step, actor: county, decision: proposal(10) }] });
    const graded = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', round.workflowId)
      .where('type', '=', 'EvaluationUnitGraded')
      .executeTakeFirstOrThrow();
    expect((graded.data as { standing: unknown }).standing).toEqual({ assessed: 50, percent: 20, allowed: 10, excellent: 10 });

    // The 11th of the vote's 优秀 was graded 称职 and asks for a review: raising her is over quota.
    const eleventh = evaluationWorkflowId(2026, ids[10]!);
    await notifyAndRequestReview(eleventh, 'ts-01', '测评优秀票超过90%');
    const reviewStep = `review:${ids[10]}`;
    const reviewTask = await waitForTask(round, reviewStep);
    await eventually(
      async () => (await db.selectFrom('tasks').select('task_id').where('task_id', '=', reviewTask.taskId).executeTakeFirst()) ?? undefined,
      'the review task in the inbox',
    );
    const before = await eventCount(db, round.workflowId);
    const over = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: reviewStep, actor: county, decision: { outcome: 'changed', grade: 'excellent', reason: '复核' } }],
      }),
    );
    expect(over).toEqual({
      type: 'OverQuota',
      message: 'ts-01/villages: 10 优秀 of 50 allowed (20%); a proposal of 11 is over quota by 1 (allowed = floor(50 × 20 / 100) = 10)',
    });
    expect(await eventCount(db, round.workflowId)).toBe(before);

    // An upheld objection to the notice lowers one 优秀; the same raise then fits.
    const first = evaluationWorkflowId(2026, ids[0]!);
    await eventually(
      () =>
        env.client.workflow
          .getHandle(first)
          .executeUpdate(fileObjectionUpdate, { args: [{ notice: 'excellent-notice', actor: county, summary: '反映其测评组织不规范' }] }),
      'the 优秀 notice to take objections',
    );
    await decide(first, 'excellent-notice:objection-1:finding', county, { upheld: true, finding: '经核查属实' });
    // The notice runs its 5 working days before the finding takes effect.
    await env.sleep('10 days');
    await decide(first, 'excellent-notice:regrade', county, { grade: 'competent', reason: '公示异议属实' });
    await eventually(async () => ((await cadreRow(first)).grade === 'competent' ? true : undefined), 'the regrade in the read model');
    await eventually(
      () =>
        round.executeUpdate(decideUpdate, {
          args: [{ step: reviewStep, actor: county, decision: { outcome: 'changed', grade: 'excellent', reason: '复核后调整为优秀' } }],
        }),
      'the round to count the lowered grade',
    );
    await eventually(async () => ((await types(eleventh)).includes('PublicNoticePosted') ? true : undefined), 'the raised grade’s notice');
    expect(await types(eleventh)).toEqual(
      expect.arrayContaining(['EvaluationReviewRequested', 'EvaluationGradeChanged', 'PublicNoticePosted']),
    );
    expect(await cadreRow(eleventh)).toMatchObject({ grade: 'excellent', review_status: 'changed' });
    const excellentNow = await db
      .selectFrom('evaluation_cadres')
      .select('case_id')
      .where('unit_id', '=', 'ts-01/villages')
      .where('grade', '=', 'excellent')
      .execute();
    expect(excellentNow).toHaveLength(10);
    console.log(`quota test: 50 cadres assessed and graded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await round.terminate('test finished');
    // Fifty cases on the time-skipping server: a minute is not always enough on a busy two-core machine.
  }, 180_000);

  it('raises a unit’s 优秀 quota with an approval: 2 of 8 at 25% accepted and recorded, a bad approval or a third 优秀 refused, and a review re-checks against the approved ceiling', async () => {
    const round = await startRound(2026, 'ts-10');
    const ids = Array.from({ length: 8 }, (_, i) => person('ts-10', i + 1));
    const cases = ids.map((id) => evaluationWorkflowId(2026, id));
    await Promise.all(
      cases.map((c, i) =>
        assess(c, 'ts-10', i < 3 ? { votes: VOTES_EXCELLENT, recommended: 'excellent' } : { votes: VOTES_PLAIN, recommended: 'competent' }),
      ),
    );
    const step = 'committee:ts-10/township';
    // 20% of 8 is 1.6, so 1; 25% is exactly 2.
    expect((await waitForTask(round, step)).title).toContain('8 assessed, at most 1 优秀 (2 with an approval up to 25%)');
    await waitForOpen(round.workflowId, step);
    const proposal = (excellent: number) => Object.fromEntries(ids.map((id, i) => [id, i < excellent ? 'excellent' : 'competent']));
    const approval = { percent: 25, reference: '县委组字〔2026〕12号', approvedOn: addDays(shanghaiDate(Date.now()), -3) };

    const refused = async (decision: unknown) => {
      const [events, updates] = [await eventCount(db, round.workflowId), await acceptedUpdates(round)];
      const r = await expectRefusal(round.executeUpdate(decideUpdate, { args: [{ step, actor: county, decision }] }));
      expect([await eventCount(db, round.workflowId), await acceptedUpdates(round)]).toEqual([events, updates]);
      return r;
    };
    expect(await refused({ grades: proposal(2) })).toEqual({
      type: 'OverQuota',
      message:
        'ts-10/township: 1 优秀 of 8 allowed (20%); a proposal of 2 is over quota by 1 (allowed = floor(8 × 20 / 100) = 1); ' +
        'an approval (quotaApproval) may raise it to 25%: floor(8 × 25 / 100) = 2',
    });
    expect(await refused({ grades: proposal(2), quotaApproval: { ...approval, percent: 26 } })).toEqual({
      type: 'MalformedDecision',
      message: `step "${step}": ts-10/township: quotaApproval.percent 26 is above 25%, the most an approval may raise the 优秀 quota to`,
    });
    expect(await refused({ grades: proposal(2), quotaApproval: { percent: 25 } })).toEqual({
      type: 'MalformedDecision',
      message: `step "${step}": quotaApproval.reference is required`,
    });
    // An approval dated after today (the server's: the test server runs ahead of this machine) is a typo.
    const serverToday = shanghaiDate(await env.currentTimeMs());
    const tomorrow = addDays(serverToday, 1);
    expect(await refused({ grades: proposal(2), quotaApproval: { ...approval, approvedOn: tomorrow } })).toEqual({
      type: 'MalformedDecision',
      message: `step "${step}": quotaApproval.approvedOn ${tomorrow} is after today (${serverToday})`,
    });
    expect(await refused({ grades: proposal(3), quotaApproval: approval })).toEqual({
      type: 'OverQuota',
      message:
        'ts-10/township: 2 优秀 of 8 allowed (25% by approval 县委组字〔2026〕12号); a proposal of 3 is over quota by 1 (allowed = floor(8 × 25 / 100) = 2)',
    });

    await round.executeUpdate(decideUpdate, {
      args: [{ step, actor: county, decision: { grades: proposal(2), quotaApproval: approval } }],
    });
    const graded = await db
      .selectFrom('events')
      .select('data')
      .where('stream_id', '=', round.workflowId)
      .where('type', '=', 'EvaluationUnitGraded')
      .executeTakeFirstOrThrow();
    expect(graded.data).toMatchObject({ standing: { assessed: 8, percent: 25, allowed: 2, excellent: 2 }, quotaApproval: approval });
    expect(
      await db.selectFrom('evaluation_units').selectAll().where('round_id', '=', round.workflowId).executeTakeFirstOrThrow(),
    ).toMatchObject({
      unit_id: 'ts-10/township',
      assessed: 8,
      allowed_excellent: 2,
      quota_approval_percent: 25,
      quota_approval_reference: '县委组字〔2026〕12号',
      quota_approved_on: approval.approvedOn,
      excellent_at_grading: 2,
    });

    // The third the vote proposed for 优秀 asks for a review: the approved 2 are taken.
    for (const c of cases.slice(3)) await decide(c, 'notification', committee('ts-10'), { method: 'post' });
    await notifyAndRequestReview(cases[2]!, 'ts-10', '测评优秀票超过90%');
    const reviewStep = `review:${ids[2]}`;
    await waitForOpen(round.workflowId, reviewStep);
    const before = await eventCount(db, round.workflowId);
    const over = await expectRefusal(
      round.executeUpdate(decideUpdate, {
        args: [{ step: reviewStep, actor: county, decision: { outcome: 'changed', grade: 'excellent', reason: '复核' } }],
      }),
    );
    expect(over).toEqual({
      type: 'OverQuota',
      message:
        'ts-10/township: 2 优秀 of 8 allowed (25% by approval 县委组字〔2026〕12号); a proposal of 3 is over quota by 1 (allowed = floor(8 × 25 / 100) = 2)',
    });
    expect(await eventCount(db, round.workflowId)).toBe(before);
    await decide(round.workflowId, reviewStep, county, { outcome: 'upheld', reason: '优秀名额已满' });

    // The two 优秀 are notified once their notice's 5 working days are over.
    await env.sleep('10 days');
    for (const c of cases.slice(0, 2)) await decide(c, 'notification', committee('ts-10'), { method: 'in-person' });
    const outcome = (await round.result()) as EvaluationRoundOutcome;
    expect(outcome.distribution).toEqual({ excellent: 2, competent: 6, 'basically-competent': 0, 'not-competent': 0 });
    await keepHistory('evaluation-round-quota-approved', round.fetchHistory());
    expect(await cadreRow(cases[2]!)).toMatchObject({ grade: 'competent', grade_status: 'final', review_status: 'upheld' });
  });
});
