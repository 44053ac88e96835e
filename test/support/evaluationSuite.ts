/**
 * What the annual evaluation's workflow suites share (test/workflow/evaluation*.test.ts):
 * a database seeded with twelve townships of cadres, a time-skipping test server per test,
 * and helpers that start rounds, wait for steps and decide them. `env` and `db` are live
 * bindings, set by useEvaluationSuite's hooks.
 */
import { afterAll, beforeAll } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import type { RatingVotes } from '../../domain/democraticRating';
import type { Grade } from '../../domain/grades';
import { roundScope, roundWorkflowId } from '../../domain/evaluationRound';
import { appendBatch } from '../../activities/eventStore';
import { createTestDatabase } from './db';
import { timeSkippingWorkerPerTest } from './timeSkipping';
import { eventually, testDeadline } from './cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { evaluationStatusQuery, requestAppealUpdate, requestReviewUpdate } from '../../workflows/evaluationMessages';
import { type EvaluationRoundInput } from '../../workflows/evaluationRound';
import type { DB } from '../../schema/db';

export const TASK_QUEUE = 'evaluation-test';
export const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
export const committee = (townshipId: string): Actor => ({ id: `${townshipId}-committee`, role: 'township-committee', townshipId });

export let env: TestWorkflowEnvironment;
export let database: Awaited<ReturnType<typeof createTestDatabase>>;
export let db: DB;

export type Seed = { townshipId: string; township: number; villages: number; perVillage: number };

/**
 * A township with `township` cadres of its own and `villages` × `perVillage` village cadres,
 * person ids `<ts>-pNNN`, in `into` (default: the suite's database).
 */
export async function seedTownship({ townshipId, township, villages, perVillage }: Seed, into?: DB): Promise<void> {
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
  await appendBatch(into ?? db, [
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
export function cadreStream(personId: string, orgUnitId: string) {
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

export function person(townshipId: string, i: number): string {
  return `${townshipId}-p${String(i).padStart(3, '0')}`;
}

/** `casesPerPart`: parts smaller than the default, so that a test's units span several parts. */
export async function startRound(year: number, townships: string | string[], casesPerPart?: number): Promise<WorkflowHandle> {
  const townshipIds = typeof townships === 'string' ? [townships] : townships;
  const input: EvaluationRoundInput = {
    year,
    townshipIds,
    policy: DEFAULT_POLICY,
    ...(casesPerPart !== undefined ? { casesPerPart } : {}),
  };
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
export const waiters = new Map<string, Array<() => void>>();
export let polling: Promise<void> | undefined;

export function waitForOpen(caseId: string, step: string): Promise<void> {
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

export async function decide(caseId: string, step: string, actor: Actor, decision: unknown) {
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
export async function assess(caseId: string, townshipId: string, plan: CadrePlan): Promise<void> {
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

export const VOTES_EXCELLENT: RatingVotes = { excellent: 20, competent: 8, basicallyCompetent: 2, notCompetent: 0 }; // 28/30 ≥ 90%
export const VOTES_PLAIN: RatingVotes = { excellent: 5, competent: 18, basicallyCompetent: 5, notCompetent: 2 }; // 23/30: settles nothing

/** A cadre's log from the start of her case to a review request, the same for every cadre who asks. */
export const THROUGH_REVIEW_REQUEST = [
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

export async function types(streamId: string): Promise<string[]> {
  return (await db.selectFrom('events').select('type').where('stream_id', '=', streamId).orderBy('position').execute()).map((r) => r.type);
}

export async function cadreRow(caseId: string) {
  return db.selectFrom('evaluation_cadres').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
}

export async function notifyAndRequestReview(caseId: string, townshipId: string, grounds: string): Promise<void> {
  await decide(caseId, 'notification', committee(townshipId), { method: 'in-person' });
  const handle = env.client.workflow.getHandle(caseId);
  await eventually(
    async () => ((await handle.query(evaluationStatusQuery)).stage === 'review-window' ? true : undefined),
    `${caseId} review window`,
  );
  await handle.executeUpdate(requestReviewUpdate, { args: [{ actor: committee(townshipId), decision: { grounds } }] });
}

/** Waits for the case to open its appeal window (the review decided and applied), then files the appeal. */
export async function requestAppeal(caseId: string, townshipId: string, decision: { grounds: string; filedOn?: string }) {
  const handle = env.client.workflow.getHandle(caseId);
  await eventually(
    async () => ((await handle.query(evaluationStatusQuery)).stage === 'appeal-window' ? true : undefined),
    `${caseId} appeal window`,
  );
  return handle.executeUpdate(requestAppealUpdate, { args: [{ actor: committee(townshipId), decision }] });
}

export async function eventData<T>(streamId: string, type: DomainEvent['type']): Promise<T[]> {
  return (
    await db.selectFrom('events').select('data').where('stream_id', '=', streamId).where('type', '=', type).orderBy('position').execute()
  ).map((r) => r.data as T);
}

/** Registers the suite's database, its seeded townships and a time-skipping test server per test. */
export function useEvaluationSuite(): void {
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
}
