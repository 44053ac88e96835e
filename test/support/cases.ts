/**
 * Helpers shared by the workflow and integration suites: poll a case until a step is
 * open, count what a case wrote, and tell refusals apart.
 */
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils';
import { sql } from 'kysely';
import type { DB } from '../../schema/db';
import { pendingTasksQuery, type PendingTask } from '../../workflows/kit/messages';

export async function eventually<T>(fn: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
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
 */
export function waitForTask(handle: WorkflowHandle, step: string, timeoutMs?: number): Promise<PendingTask> {
  return eventually(
    async () => (await handle.query(pendingTasksQuery)).find((t) => t.step === step && t.dueAt !== ''),
    `task ${step} to open`,
    timeoutMs,
  );
}

/**
 * The history's length once the workflow has finished reacting to what just happened
 * (a step opening also starts its reminder timer a moment later).
 */
export async function historyLength(handle: WorkflowHandle): Promise<number> {
  let last = -1;
  for (;;) {
    const history = await handle.fetchHistory();
    const n = history.events?.length ?? 0;
    if (n === last) return n;
    last = n;
    await new Promise((r) => setTimeout(r, 300));
  }
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

/** The refusal type (e.g. `WrongTownship`) carried by a failed update. */
export function refusalOf(err: unknown): string | undefined {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? undefined;
  return undefined;
}

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
