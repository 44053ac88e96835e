/**
 * The annual evaluation through the real workflow code on Temporal's time-skipping test
 * server (the review window's 30 days, the appeal window's 15 and a 3-month warning pass in seconds; the default
 * policy's durations are the real ones), with activities writing to a real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import type { RatingVotes } from '../../domain/democraticRating';
import type { Grade } from '../../domain/grades';
import { roundScope, roundWorkflowId, evaluationWorkflowId } from '../../domain/evaluationRound';
import { addDays, shanghaiDate, workingDaysBetween } from '../../domain/calendar';
import { appendBatch } from '../../activities/eventStore';
import { createTestDatabase } from '../support/db';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { acceptedUpdates, eventCount, eventually, expectRefusal, keepHistory, testDeadline, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { evaluationStatusQuery, requestAppealUpdate, requestReviewUpdate } from '../../workflows/evaluationMessages';
import {
  roundStatusQuery,
  type EvaluationRoundInput,
  type EvaluationRoundOutcome,
  type ScheduledRoundInput,
} from '../../workflows/evaluationRound';
import { evaluationBackend } from '../../client/commands/evaluationBackend';
import { renderDashboard, roundDashboard } from '../../client/commands/evaluationDashboard';
import { narrowDashboard } from '../../client/api/routes/evaluation';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'evaluation-test';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const committee = (townshipId: string): Actor => ({ id: `${townshipId}-committee`, role: 'township-committee', townshipId });

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

type Seed = { townshipId: string; township: number; villages: number; perVillage: number };

/** A township with `township` cadres of its own and `villages` × `perVillage` village cadres, person ids `<ts>-pNNN`. */
async function seedTownship({ townshipId, township, villages, perVillage }: Seed): Promise<void> {
  const unit = (orgUnitId: string, kind: 'township' | 'village', parentId: string | null): DomainEvent => ({
    type: 'OrgUnitEstablished',
    data: { orgUnitId, name: orgUnitId, kind, parentId, effectiveFrom: '2025-01-01' },
  });
  const units: DomainEvent[] = [unit(townshipId, 'township', null)];
  const people: Array<{ personId: string; orgUnitId: string }> = [];
  let n = 0;
  const hire = (orgUnitId: string) => people.push({ personId: `${townshipId}-p${String(++n).padStart(3, '0')}`, orgUnitId });
  for (let i = 0; i < township; i++) hire(townshipId);
  for (let v = 1; v <= villages; v++) {
    const villageId = `${townshipId}-v${String(v).padStart(2, '0')}`;
    units.push(unit(villageId, 'village', townshipId));
    for (let i = 0; i < perVillage; i++) hire(villageId);
  }
  await appendBatch(db, [
    {
      streamId: `orgunit/${townshipId}`,
      expectedVersion: 'any',
      idempotencyKey: `seed:${townshipId}`,
      events: units.map((event) => ({ event, metadata: {} })),
    },
    ...people.map(({ personId, orgUnitId }) => cadreStream(personId, orgUnitId)),
  ]);
}

/** A person registered and holding a post in `orgUnitId`: a cadre a round's scope finds. */
function cadreStream(personId: string, orgUnitId: string) {
  return {
    streamId: `person/${personId}`,
    expectedVersion: 'any' as const,
    idempotencyKey: `seed:${personId}`,
    events: [
      {
        event: {
          type: 'PersonRegistered',
          data: { personId, name: `干部${personId}`, gender: 'female', birthYear: 1985, orgUnitId, rank: '科员' },
        } as DomainEvent,
        metadata: {},
      },
      {
        event: {
          type: 'PostAssigned',
          data: {
            assignmentId: `a-${personId}`,
            personId,
            orgUnitId,
            title: '委员',
            rank: '科员',
            startedOn: '2024-01-01',
            onTrial: false,
          },
        } as DomainEvent,
        metadata: {},
      },
    ],
  };
}

function person(townshipId: string, i: number): string {
  return `${townshipId}-p${String(i).padStart(3, '0')}`;
}

async function startRound(year: number, townships: string | string[]): Promise<WorkflowHandle> {
  const townshipIds = typeof townships === 'string' ? [townships] : townships;
  const input: EvaluationRoundInput = { year, townshipIds, policy: DEFAULT_POLICY };
  return env.client.workflow.start('evaluationRound', {
    taskQueue: TASK_QUEUE,
    workflowId: roundWorkflowId(year, roundScope(townshipIds)),
    args: [input],
  });
}

/**
 * Waits for steps to open in the tasks read model, one query for every waiter at a time:
 * fifty cases polled one by one (or by workflow query) would keep a small machine busy
 * answering instead of running them.
 */
const waiters = new Map<string, Array<() => void>>();
let polling: Promise<void> | undefined;

function waitForOpen(caseId: string, step: string): Promise<void> {
  const taskId = `${caseId}:${step}`;
  const opened = new Promise<void>((resolve) => waiters.set(taskId, [...(waiters.get(taskId) ?? []), resolve]));
  polling ??= (async () => {
    while (waiters.size > 0) {
      const rows = await db
        .selectFrom('tasks')
        .select('task_id')
        .where('task_id', 'in', [...waiters.keys()])
        .where('status', '=', 'pending')
        .execute();
      for (const { task_id } of rows) {
        for (const resolve of waiters.get(task_id) ?? []) resolve();
        waiters.delete(task_id);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    polling = undefined;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      waiters.delete(taskId);
      reject(new Error(`timed out waiting for ${taskId} to open`));
    }, testDeadline() - Date.now());
  });
  return Promise.race([opened, timeout]).finally(() => clearTimeout(timer));
}

async function decide(caseId: string, step: string, actor: Actor, decision: unknown) {
  await waitForOpen(caseId, step);
  return env.client.workflow.getHandle(caseId).executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

interface CadrePlan {
  votes: RatingVotes;
  recommended: Grade;
  reason?: string;
  /** Runs once the democratic rating is open, before it is decided. */
  atRating?: () => Promise<void>;
  /** Negative-list items (负面清单) sent with the score sheet. */
  negatives?: string[];
}

/** The township committee's five steps, from the self-summary to its recommendation. */
async function assess(caseId: string, townshipId: string, plan: CadrePlan): Promise<void> {
  const tc = committee(townshipId);
  await decide(caseId, 'self-summary', tc, { summary: '全年工作总结' });
  if (plan.atRating) {
    await waitForOpen(caseId, 'democratic-rating');
    await plan.atRating();
  }
  const cast = plan.votes.excellent + plan.votes.competent + plan.votes.basicallyCompetent + plan.votes.notCompetent;
  await decide(caseId, 'democratic-rating', tc, { meeting: { present: cast, due: cast + 1 }, votes: plan.votes });
  await decide(caseId, 'quantified-score', tc, {
    supervisor: 88,
    staff: 86.5,
    assessmentTeam: 90,
    bonus: 1,
    ...(plan.negatives ? { negatives: plan.negatives } : {}),
  });
  await decide(caseId, 'supervisor-comment', tc, { comment: '工作扎实', proposedGrade: plan.recommended });
  await decide(caseId, 'township-recommendation', tc, { grade: plan.recommended, reason: plan.reason ?? '' });
}

const VOTES_EXCELLENT: RatingVotes = { excellent: 20, competent: 8, basicallyCompetent: 2, notCompetent: 0 }; // 28/30 ≥ 90%
const VOTES_PLAIN: RatingVotes = { excellent: 5, competent: 18, basicallyCompetent: 5, notCompetent: 2 }; // 23/30: settles nothing

/** A cadre's log from the start of her case to a review request, the same for every cadre who asks. */
const THROUGH_REVIEW_REQUEST = [
  'CaseStarted',
  'EvaluationStarted',
  'CaseStageChanged',
  'TaskOpened',
  'TaskDecided',
  'EvaluationSelfSummaryFiled',
  'TaskOpened',
  'TaskDecided',
  'EvaluationRated',
  'TaskOpened',
  'TaskDecided',
  'EvaluationScored',
  'TaskOpened',
  'TaskDecided',
  'EvaluationSupervisorCommented',
  'TaskOpened',
  'TaskDecided',
  'EvaluationRecommended',
  'CaseStageChanged',
  'EvaluationGradeFixed',
  'CaseStageChanged',
  'TaskOpened',
  'TaskDecided',
  'EvaluationNotified',
  'CaseStageChanged',
  'EvaluationReviewRequested',
];

async function types(streamId: string): Promise<string[]> {
  return (await db.selectFrom('events').select('type').where('stream_id', '=', streamId).orderBy('position').execute()).map((r) => r.type);
}

async function cadreRow(caseId: string) {
  return db.selectFrom('evaluation_cadres').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
}

async function notifyAndRequestReview(caseId: string, townshipId: string, grounds: string): Promise<void> {
  await decide(caseId, 'notification', committee(townshipId), { method: 'in-person' });
  const handle = env.client.workflow.getHandle(caseId);
  await eventually(
    async () => ((await handle.query(evaluationStatusQuery)).stage === 'review-window' ? true : undefined),
    `${caseId} review window`,
  );
  await handle.executeUpdate(requestReviewUpdate, { args: [{ actor: committee(townshipId), decision: { grounds } }] });
}

/** Waits for the case to open its appeal window (the review decided and applied), then files the appeal. */
async function requestAppeal(caseId: string, townshipId: string, decision: { grounds: string; filedOn?: string }) {
  const handle = env.client.workflow.getHandle(caseId);
  await eventually(
    async () => ((await handle.query(evaluationStatusQuery)).stage === 'appeal-window' ? true : undefined),
    `${caseId} appeal window`,
  );
  return handle.executeUpdate(requestAppealUpdate, { args: [{ actor: committee(townshipId), decision }] });
}

async function eventData<T>(streamId: string, type: DomainEvent['type']): Promise<T[]> {
  return (
    await db.selectFrom('events').select('data').where('stream_id', '=', streamId).where('type', '=', type).orderBy('position').execute()
  ).map((r) => r.data as T);
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedTownship({ townshipId: 'ts-01', township: 0, villages: 10, perVillage: 5 });
  await seedTownship({ townshipId: 'ts-02', township: 5, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-03', township: 0, villages: 1, perVillage: 1 });
  await seedTownship({ townshipId: 'ts-04', township: 1, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-05', township: 5, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-06', township: 0, villages: 1, perVillage: 1 });
  await seedTownship({ townshipId: 'ts-07', township: 1, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-08', township: 0, villages: 1, perVillage: 1 });
  await seedTownship({ townshipId: 'ts-09', township: 0, villages: 1, perVillage: 1 });
  await seedTownship({ townshipId: 'ts-10', township: 8, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-11', township: 5, villages: 0, perVillage: 0 });
  await seedTownship({ townshipId: 'ts-12', township: 2, villages: 0, perVillage: 0 });
});

afterAll(async () => {
  await database?.drop();
});

// A test server per test: each starts its clock at the real now.
timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

describe('evaluation round', () => {
  it('holds 优秀 to the quota at its edge: 10 of 50 accepted, 11 refused with the numbers; a review re-checks it', async () => {
    const t0 = Date.now();
    const round = await startRound(2026, 'ts-01');
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

  it('takes a cadre through the year: a review changes the grade, which then stands; the round closes', async () => {
    const round = await startRound(2026, 'ts-02');
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
    const second = await startRound(2026, ['ts-08', 'ts-07']);
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
