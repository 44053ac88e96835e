/**
 * Waits and refusals that need no test runner, so that a script outside vitest
 * (scripts/record-histories.ts) can use them too; test/support/cases.ts bounds them by the
 * running test's timeout. Every wait ends on an event and is bounded by a deadline (ms
 * since the epoch), never by a guessed time.
 */
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { pendingTasksQuery, type PendingTask } from '../../workflows/kit/messages';

/** Polls `fn` until it gives a value; past `deadline` it fails, naming what it waited for and the last error. */
export async function eventuallyBy<T>(fn: () => Promise<T | undefined>, what: string, deadline: number): Promise<T> {
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const cause = (lastError as { cause?: unknown } | undefined)?.cause;
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}${cause ? ` (${String(cause)})` : ''}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A task is open (decisions are accepted) a moment before its TaskOpened event is in the
 * log; waiting for its due date (filled when the opening append returns) waits for both.
 * If it never opens, the error says why when the workflow knows: an activity failing
 * again and again (e.g. a due date past the working-day calendar) shows its last failure.
 */
export async function waitForTaskBy(handle: WorkflowHandle, step: string, deadline: number): Promise<PendingTask> {
  try {
    return await eventuallyBy(
      async () => (await handle.query(pendingTasksQuery)).find((t) => t.step === step && t.dueAt !== ''),
      `task ${step} to open`,
      deadline,
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}${await stuckActivities(handle)}`);
  }
}

/** The workflow's activities that are retrying, with their last failure, as a clause to an error. */
async function stuckActivities(handle: WorkflowHandle): Promise<string> {
  try {
    const pending = (await handle.describe()).raw.pendingActivities ?? [];
    const failing = pending.filter((a) => a.lastFailure?.message);
    if (failing.length === 0) return '';
    return `; activities retrying: ${failing.map((a) => `${a.activityType?.name} (attempt ${a.attempt}): ${a.lastFailure!.message}`).join('; ')}`;
  } catch {
    return '';
  }
}

/** The refusal type (e.g. `WrongTownship`) carried by a failed update. */
export function refusalOf(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  return undefined;
}

/** The refusal an update met (its type and message); throws if it was accepted or failed otherwise. */
export async function expectRefusal(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    const type = refusalOf(err);
    if (type) return { type, message: (err as WorkflowUpdateFailedError).cause?.message ?? '' };
    throw err;
  }
  throw new Error('expected the update to be refused, but it was accepted');
}
