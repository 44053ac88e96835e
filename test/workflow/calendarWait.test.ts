/**
 * A calendar wait (`sleepUntilDay`) measures how far away its day is from the workflow
 * task's own time (patch `day-from-workflow-task-time`), where it used to ask an
 * activity: no activity task, no second workflow task, and the day still holds — a
 * check-in opens on its day at 09:00 Asia/Shanghai and not before, and a day already past
 * is gone on from at once. On Temporal's time-skipping test server (its clock is a year
 * ahead of the machine's once the first test has skipped), with a real PostgreSQL; the
 * first run's history is kept for the replay suite (test/fixtures/histories).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addMonths, shanghaiDate, shanghaiInstant } from '../../domain/calendar';
import { planProbation } from '../../domain/probation';
import type { Actor } from '../../domain/actors';
import { createTestDatabase } from '../support/db';
import { seedTownshipWithPeople } from '../support/townshipSeed';
import { probationInput } from '../support/probationInput';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { eventually, historyLength, keepHistory, settled, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { DAY_FROM_TASK_TIME_PATCH } from '../../workflows/kit/calendar';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'calendar-wait-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const HOUR = 3_600_000;

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedTownshipWithPeople(db, ['p-1', 'p-2']);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** The activity types a history scheduled, in order. */
function activities(events: readonly HistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const name = e.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

/** How many times a history recorded the patch's marker. */
function patchMarkers(events: readonly HistoryEvent[]): number {
  return events.filter((e) => {
    const m = e.markerRecordedEventAttributes;
    const data = m?.details?.['patch-data']?.payloads?.[0]?.data;
    return m?.markerName === 'core_patch' && data && Buffer.from(data).toString('utf8').includes(DAY_FROM_TASK_TIME_PATCH);
  }).length;
}

async function start(personId: string, appointedOn: string): Promise<WorkflowHandle> {
  const input = probationInput(personId, { appointedOn });
  return env.client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/calendar-wait`,
    args: [input],
  });
}

async function taskOpen(handle: WorkflowHandle, step: string): Promise<boolean> {
  const row = await db.selectFrom('tasks').select('status').where('task_id', '=', `${handle.workflowId}:${step}`).executeTakeFirst();
  return row !== undefined;
}

describe('a calendar wait', () => {
  it('opens a check-in on its day at 09:00 and not an hour before, asking no activity', { timeout: 120_000 }, async () => {
    const now = await env.currentTimeMs();
    const appointedOn = shanghaiDate(now);
    const day = planProbation(appointedOn, false, DEFAULT_POLICY.probation).checkInDates[0]!;
    const handle = await start('p-1', appointedOn);

    // The case is on probation and waiting on its timer: nothing in flight, no task.
    await historyLength(handle);
    expect(await taskOpen(handle, 'check-in-1')).toBe(false);

    // An hour before the day begins for the county: still waiting.
    await env.sleep(shanghaiInstant(day, 9, 0) - HOUR - (await env.currentTimeMs()));
    await eventually(async () => settled((await handle.fetchHistory()).events ?? []) || undefined, 'the case to settle');
    expect(await taskOpen(handle, 'check-in-1'), 'check-in 1 an hour before its day').toBe(false);

    // Two hours later it is open.
    await env.sleep(2 * HOUR);
    await waitForTask(handle, 'check-in-1');
    const opened = await db
      .selectFrom('tasks')
      .select('opened_at')
      .where('task_id', '=', `${handle.workflowId}:check-in-1`)
      .executeTakeFirstOrThrow();
    expect(new Date(opened.opened_at).getTime()).toBeGreaterThanOrEqual(shanghaiInstant(day, 9, 0));

    const history = (await handle.fetchHistory()).events ?? [];
    expect(activities(history)).not.toContain('msUntilDay');
    expect(patchMarkers(history), 'the patch recorded with the first wait').toBe(1);
    await keepHistory('probation-day-from-task-time', await handle.fetchHistory());
  });

  it('goes on at once from a day already past, in the workflow task that reached it', { timeout: 120_000 }, async () => {
    const now = await env.currentTimeMs();
    const handle = await start('p-2', addMonths(shanghaiDate(now), -13));
    await waitForTask(handle, 'check-in-1');
    await handle.executeUpdate(decideUpdate, {
      args: [{ step: 'check-in-1', actor: township, decision: { rating: 'good', comment: '良好' } }],
    });
    await waitForTask(handle, 'check-in-2');

    const history = (await handle.fetchHistory()).events ?? [];
    // Every day of its plan has passed: each wait is a subtraction in the task, not an activity.
    expect(activities(history)).not.toContain('msUntilDay');
    expect(activities(history).filter((a) => a === 'openTask')).toHaveLength(2);
  });
});
