/**
 * What the rectification workflow suites share (test/workflow/rectification*.test.ts): a
 * database with one township of five villages, a time-skipping test server per test, and
 * helpers that start a case, decide its steps, move the clock and read the log and the
 * read models. `env` and `db` are live bindings, set by useRectificationSuite's hooks.
 *
 * The policy shortens consolidation and follow-up to 3 months: the test server starts
 * at today's date and the working-day calendar ends with 2027, so a case that runs a
 * year of follow-up after months of rectification would open tasks the calendar cannot
 * date. Every other value is the default policy's (15 raters, 70 points, more than half
 * dissatisfied fails, monthly reports). One case keeps the default year of follow-up
 * (FOLLOW_UP_YEAR), to see where it ends, and stops before that end.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { parsePolicy } from '../../domain/policy';
import { addMonths, addWorkingDays, shanghaiDate, shanghaiInstant } from '../../domain/calendar';
import { progressReportSchedule } from '../../domain/rectification';
import type { Actor } from '../../domain/actors';
import { appendBatch } from '../../activities/eventStore';
import { createTestDatabase } from './db';
import { timeSkippingWorkerPerTest } from './timeSkipping';
import { eventually, waitForTask } from './cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { rectificationWorkflowId, type RectificationInput } from '../../workflows/rectification';
import type { DB } from '../../schema/db';

export const TASK_QUEUE = 'rectification-test';
export const POLICY = parsePolicy({ version: '2026.1-rectification-test', rectification: { consolidationMonths: 3, followUpMonths: 3 } });
/** The default year of follow-up: its end falls past the working-day calendar, so the case is not run to it. */
export const FOLLOW_UP_YEAR = parsePolicy({
  version: '2026.1-rectification-test-follow-up-year',
  rectification: { consolidationMonths: 3 },
});
export const DUE = POLICY.tasks.defaultDueWorkingDays;
export const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
export const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
export const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
export const SUPPORT = {
  countyLeader: '县委常委 王强',
  townshipLeader: '副镇长 李娜',
  firstSecretary: '县财政局 张伟',
  partnerAgency: '县财政局',
};

export let env: TestWorkflowEnvironment;
export let database: Awaited<ReturnType<typeof createTestDatabase>>;
export let db: DB;

/** The suite's hooks: a database with a township of five villages, a time-skipping server per test. */
export function useRectificationSuite(): void {
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
}

export async function start(
  branchId: string,
  policy = POLICY,
): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId; listedOn: string }> {
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

export async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown) {
  await waitForTask(handle, step);
  return handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** Moves the test server's clock to noon (Shanghai) of a day; the workflow's calendar waits end at 09:00. */
export async function sleepUntil(day: string, hour = 12): Promise<void> {
  const ms = shanghaiInstant(day, hour) - (await env.currentTimeMs());
  if (ms > 0) await env.sleep(ms);
}

export function planUntil(startOn: string, months: number) {
  return {
    problems: ['组织生活不规范', '村级集体经济薄弱'],
    measures: [
      { measure: '规范三会一课', responsible: '村党支部书记', deadline: addMonths(startOn, 1) },
      { measure: '发展集体经济项目', responsible: '驻村第一书记', deadline: addMonths(startOn, months) },
    ],
  };
}

/** The day a report's task opens: so that its working-day deadline is the schedule's day. */
export const opensOn = (dueOn: string) => addWorkingDays(dueOn, -DUE);

export async function supportAndPlan(handle: WorkflowHandle, startOn: string, months: number, round = 1): Promise<void> {
  if (round === 1) await decide(handle, 'support', county, SUPPORT);
  await decide(handle, `round-${round}:plan-1`, township, planUntil(startOn, months));
  await decide(handle, `round-${round}:plan-1:approval`, county, { outcome: 'approve', comment: '同意' });
}

export async function fileReports(handle: WorkflowHandle, startOn: string, months: number, round = 1): Promise<void> {
  for (const due of progressReportSchedule(startOn, addMonths(startOn, months), POLICY.rectification)) {
    await sleepUntil(opensOn(due.dueOn));
    await decide(handle, `round-${round}:report-${due.period}`, township, { summary: `第${due.period}期整改进展` });
  }
  await sleepUntil(addMonths(startOn, months));
}

export async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select('type').where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

export async function row(caseId: string) {
  return db.selectFrom('rectification_cases').selectAll().where('case_id', '=', caseId).executeTakeFirstOrThrow();
}

/** The read model once the case has reached a stage. */
export function rowAt(caseId: string, stage: string) {
  return eventually(async () => {
    const r = await row(caseId);
    return r.stage === stage ? r : undefined;
  }, `stage ${stage}`);
}

export async function taskSteps(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('tasks').select('step').where('case_id', '=', caseId).orderBy('opened_at').execute();
  return rows.map((r) => r.step);
}

/** The inbox, not a query: the test server can hold a query sent while a run hands over to the next. */
export function roundOpens(caseId: string, round: number) {
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
export async function streamIsWhole(caseId: string): Promise<void> {
  const rows = await db
    .selectFrom('events')
    .select(['stream_version', 'idempotency_key'])
    .where('stream_id', '=', caseId)
    .orderBy('stream_version')
    .execute();
  expect(rows.map((r) => r.stream_version)).toEqual(rows.map((_, i) => i + 1));
  expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
}

export const votes = (satisfied: number, basicallySatisfied: number, dissatisfied: number) => ({
  satisfied,
  basicallySatisfied,
  dissatisfied,
});
