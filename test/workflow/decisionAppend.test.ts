/**
 * A decision's own append runs inside the workflow task that carries the decision (a
 * local activity, patch `decision-append-local`), so the Update answers when that one
 * task completes; what the decision leads to (the next step's opening, the case's
 * closing) is only scheduled there, as ordinary activities that run after the answer.
 * On Temporal's time-skipping test server with a real PostgreSQL; the history of the
 * run is kept for the replay suite (test/fixtures/histories).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import { shanghaiDate } from '../../domain/calendar';
import type { Actor } from '../../domain/actors';
import { createTestDatabase } from '../support/db';
import { seedTownshipWithPeople } from '../support/townshipSeed';
import { probationInput } from '../support/probationInput';
import { timeSkippingWorkerPerTest } from '../support/timeSkipping';
import { keepHistory, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { DECISION_LOCAL_APPEND_PATCH } from '../../workflows/kit/case';
import type { DB } from '../../schema/db';

const TASK_QUEUE = 'decision-append-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedTownshipWithPeople(db, ['p-1']);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** What a history event is, in a word: enough to read a workflow task's commands in order. */
function kind(e: HistoryEvent): string {
  if (e.workflowTaskCompletedEventAttributes) return 'task-completed';
  if (e.workflowExecutionUpdateAcceptedEventAttributes) return 'update-accepted';
  if (e.workflowExecutionUpdateCompletedEventAttributes) return 'update-completed';
  if (e.activityTaskScheduledEventAttributes) return `activity:${e.activityTaskScheduledEventAttributes.activityType?.name}`;
  const marker = e.markerRecordedEventAttributes;
  if (marker?.markerName === 'core_patch') return `patch:${markerText(marker.details?.['patch-data'])}`;
  if (marker?.markerName === 'core_local_activity') return `local:${markerText(marker.details?.data)}`;
  return 'other';
}

/** The JSON a core marker carries (a patch's id, a local activity's type), as text to search. */
function markerText(payloads: { payloads?: Array<{ data?: Uint8Array | null }> | null } | null | undefined): string {
  const data = payloads?.payloads?.[0]?.data;
  return data ? Buffer.from(data).toString('utf8') : '';
}

async function start(): Promise<WorkflowHandle> {
  const now = await env.currentTimeMs();
  const input = probationInput('p-1', { appointedOn: shanghaiDate(now) });
  return env.client.workflow.start('probation', { taskQueue: TASK_QUEUE, workflowId: 'probation/p-1/local-append', args: [input] });
}

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForTask(handle, step);
  await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
  // The answer came after the append committed: the inbox already shows the step decided.
  const task = await db.selectFrom('tasks').select('status').where('task_id', '=', `${handle.workflowId}:${step}`).executeTakeFirst();
  expect(task?.status, `${step} in the tasks read model when its Update answered`).toBe('decided');
}

describe("a decision's append", () => {
  it(
    'runs in the workflow task that answers the Update; what follows is scheduled there and runs after',
    { timeout: 120_000 },
    async () => {
      const handle = await start();
      for (const i of [1, 2, 3]) {
        await env.sleep('95 days');
        await decide(handle, `check-in-${i}`, township, { rating: 'good', comment: `第${i}次考察良好` });
      }
      await env.sleep('95 days');
      await decide(handle, 'democratic-rating', township, {
        votes: { excellent: 12, competent: 18, basicallyCompetent: 3, notCompetent: 1 },
      });
      await decide(handle, 'township-recommendation', township, { outcome: 'confirm', reason: '试用期表现良好' });
      await decide(handle, 'county-decision', county, { outcome: 'confirm', reason: '同意转正' });
      expect(await handle.result()).toBe('confirmed');

      const history = await handle.fetchHistory();
      const kinds = (history.events ?? []).map(kind);
      const accepted = kinds.flatMap((k, i) => (k === 'update-accepted' ? [i] : []));
      expect(accepted).toHaveLength(6);
      for (const [n, from] of accepted.entries()) {
        const to = kinds.indexOf('update-completed', from);
        expect(to, `decision ${n + 1} answered`).toBeGreaterThan(from);
        const between = kinds.slice(from + 1, to);
        // One workflow task from the decision to its answer, and its append a local activity in it.
        expect(between, `decision ${n + 1}: from accepted to answered`).not.toContain('task-completed');
        expect(
          between.filter((k) => k.startsWith('activity:')),
          `decision ${n + 1}: no activity task before the answer`,
        ).toEqual([]);
        expect(between.filter((k) => k.startsWith('local:')).length, `decision ${n + 1}: its append`).toBe(1);
        expect(between.find((k) => k.startsWith('local:'))).toContain('appendEvents');
        // After the answer, up to the next decision: ordinary activities only (the next task, the closing).
        const next = accepted[n + 1] ?? kinds.length;
        const after = kinds.slice(to + 1, next);
        expect(
          after.filter((k) => k.startsWith('local:')),
          `decision ${n + 1}: no local activity after the answer`,
        ).toEqual([]);
        expect(
          after.some((k) => k.startsWith('activity:')),
          `decision ${n + 1}: what follows runs as activities`,
        ).toBe(true);
      }
      // The patch is recorded once, with the first decision.
      const patches = kinds.filter((k) => k.startsWith('patch:'));
      expect(patches.filter((k) => k.includes(DECISION_LOCAL_APPEND_PATCH))).toHaveLength(1);
      expect(kinds.indexOf(patches.find((k) => k.includes(DECISION_LOCAL_APPEND_PATCH))!)).toBeGreaterThan(accepted[0]!);

      // Every step written once, the decisions among them.
      const rows = await db.selectFrom('events').select(['type', 'idempotency_key']).where('stream_id', '=', handle.workflowId).execute();
      expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(rows.length);
      expect(rows.filter((r) => r.type === 'TaskDecided')).toHaveLength(6);
      // Stamped with the server's time (the test server's, a year ahead of the worker's
      // clock), so a decision is never recorded before its task opened.
      const tasks = await db
        .selectFrom('tasks')
        .select(['task_id', 'opened_at', 'decided_at'])
        .where('case_id', '=', handle.workflowId)
        .execute();
      expect(tasks).toHaveLength(6);
      for (const t of tasks) expect(new Date(t.decided_at!).getTime(), t.task_id).toBeGreaterThanOrEqual(new Date(t.opened_at).getTime());
      await keepHistory('probation-decisions-local-append', history);
    },
  );
});
