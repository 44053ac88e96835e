/**
 * Helpers shared by the workflow and integration suites: poll a case until a step is
 * open, count what a case wrote, and tell refusals apart.
 *
 * Every wait here ends on an event (a query's answer, a row in a read model, a history
 * with nothing in flight), never after a guessed time: on a busy machine a step takes as
 * long as it takes. What bounds a wait is the test's own timeout, so only a real hang
 * fails, and it fails naming what it waited for (a moment before vitest's own timeout).
 */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { TestRunner } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { sql } from 'kysely';
import type { DB } from '../../schema/db';
import type { PendingTask } from '../../workflows/kit/messages';
import { eventuallyBy, waitForTaskBy } from './waits';

export { expectRefusal, refusalOf } from './waits';

/** Outside a test (in a hook) a wait gives up just before the configured hook timeout (120 s). */
const HOOK_BOUND_MS = 115_000;
/** A timed-out wait reports itself this long before vitest would end the test. */
const REPORT_MARGIN_MS = 1_000;

/**
 * When the running test's own timeout runs out (minus a moment to report what it waited
 * for); in a hook, HOOK_BOUND_MS from now.
 */
export function testDeadline(): number {
  const test = TestRunner.getCurrentTest();
  const started = test?.result?.startTime;
  if (!test || started === undefined || !(test.timeout > 0)) return Date.now() + HOOK_BOUND_MS;
  return Math.max(started + test.timeout - REPORT_MARGIN_MS, Date.now());
}

/**
 * Polls `fn` until it gives a value. Bounded by the test's own timeout unless a caller
 * names a shorter bound on purpose (a wait that must fail fast is a different test).
 */
export function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs?: number): Promise<T> {
  return eventuallyBy(fn, what, timeoutMs === undefined ? testDeadline() : Date.now() + timeoutMs);
}

/** The step's task once it is open (waits.ts `waitForTaskBy`), bounded as `eventually` is. */
export function waitForTask(handle: WorkflowHandle, step: string, timeoutMs?: number): Promise<PendingTask> {
  return waitForTaskBy(handle, step, timeoutMs === undefined ? testDeadline() : Date.now() + timeoutMs);
}

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/**
 * Whether a history has nothing in flight: no workflow task scheduled and not completed,
 * no activity, child start or signal to another workflow without its outcome. Then the
 * workflow is waiting on a timer or a person, and the history grows only when one comes.
 */
export function settled(events: readonly HistoryEvent[]): boolean {
  let workflowTaskOpen = false;
  const activities = new Set<string>();
  const children = new Set<string>();
  const signals = new Set<string>();
  for (const e of events) {
    const id = String(e.eventId);
    if (e.workflowTaskScheduledEventAttributes) workflowTaskOpen = true;
    if (e.workflowTaskCompletedEventAttributes || e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes)
      workflowTaskOpen = false;
    if (e.activityTaskScheduledEventAttributes) activities.add(id);
    const activityClosed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    if (activityClosed) activities.delete(String(activityClosed.scheduledEventId));
    if (e.startChildWorkflowExecutionInitiatedEventAttributes) children.add(id);
    const childOutcome = e.childWorkflowExecutionStartedEventAttributes ?? e.startChildWorkflowExecutionFailedEventAttributes;
    if (childOutcome) children.delete(String(childOutcome.initiatedEventId));
    if (e.signalExternalWorkflowExecutionInitiatedEventAttributes) signals.add(id);
    const signalOutcome = e.externalWorkflowExecutionSignaledEventAttributes ?? e.signalExternalWorkflowExecutionFailedEventAttributes;
    if (signalOutcome) signals.delete(String(signalOutcome.initiatedEventId));
    if (
      e.workflowExecutionCompletedEventAttributes ||
      e.workflowExecutionFailedEventAttributes ||
      e.workflowExecutionTerminatedEventAttributes
    )
      return true;
  }
  return !workflowTaskOpen && activities.size === 0 && children.size === 0 && signals.size === 0;
}

/**
 * The history's length once the workflow has finished reacting to what just happened (a
 * step opening appends, then starts its reminder timer): read when nothing is in flight.
 */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  return eventually(async () => {
    const events = (await handle.fetchHistory()).events ?? [];
    return settled(events) ? events.length : undefined;
  }, `${handle.workflowId} to settle (nothing in flight)`);
}

/**
 * Update events in a history. Temporal's time-skipping test server runs a workflow task
 * even for an update its validator rejects (the real server's is speculative and leaves
 * nothing), so there the proof is that no update was accepted.
 */
export async function acceptedUpdates(handle: WorkflowHandle): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

export async function eventCount(db: DB, streamId?: string): Promise<number> {
  const q = db.selectFrom('events').select(sql<bigint>`count(*)`.as('n'));
  const row = await (streamId ? q.where('stream_id', '=', streamId) : q).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * `RECORD_HISTORIES=1 npm test -- test/workflow`: a workflow test keeps the history of a
 * run it drove in test/fixtures/histories, for the replay suite. An existing file is left
 * alone (`RECORD_HISTORIES=replace` overwrites): a recorded history stands for running
 * cases and is replaced only on purpose.
 */
export async function keepHistory(name: string, history: History | Promise<History>): Promise<void> {
  const mode = process.env.RECORD_HISTORIES;
  if (mode !== '1' && mode !== 'replace') return;
  const file = join(__dirname, '..', 'fixtures', 'histories', `${name}.json`);
  if (mode === '1' && existsSync(file)) return;
  writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(await history)), null, 2) + '\n');
}

export type { Client };
