/**
 * A decision taken the moment its task shows in the inbox, while the task's opening (the
 * activity that wrote TaskOpened) has not yet reported back to the workflow: the decision
 * appends right after TaskOpened at once and answers, instead of waiting a workflow task
 * for that report (CaseRuntime.beside, patch `decision-beside-previous-append`). And a
 * decision that comes before TaskOpened is written waits for it and lands after it. On the
 * real dev server with PostgreSQL; the opening activity is the real one, held back by a gate.
 * Two of the runs' histories are kept for the replay suite (test/fixtures/histories).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Actor } from '../../domain/actors';
import { createActivities } from '../../activities';
import { readStream } from '../../activities/eventReads';
import { appendToStream } from '../../activities/eventStore';
import type { DomainEvent } from '../../domain/events';
import { decide } from '../../client/cases';
import { DECISION_BESIDE_APPEND_PATCH } from '../../workflows/kit/case';
import { pendingTasksQuery } from '../../workflows/kit/messages';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually, keepHistory, waitForTask } from '../support/cases';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `decision-beside-${process.pid}`;
const committee: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const checkIn = { rating: 'good', comment: '表现良好' };

/** A promise the test opens when it chooses. */
function gate(): { opened: Promise<void>; open(): void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Per case: held after TaskOpened is written (`after`) or before it is (`before`). */
const gates = new Map<string, { before?: ReturnType<typeof gate>; after?: ReturnType<typeof gate> }>();

let database: TestDatabase;
let connection: Connection;
let nativeConnection: NativeConnection;
let client: Client;
let worker: Worker;
let running: Promise<void>;
const handles: WorkflowHandle[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const address = inject('temporalAddress');
  connection = await Connection.connect({ address });
  nativeConnection = await NativeConnection.connect({ address });
  client = new Client({ connection });
  const real = createActivities({ db: database.db });
  worker = await Worker.create({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: {
      ...real,
      async openTask(input: Parameters<typeof real.openTask>[0]) {
        const held = input.task.step === 'check-in-1' ? gates.get(input.caseId) : undefined;
        await held?.before?.opened;
        const out = await real.openTask(input);
        await held?.after?.opened;
        return out;
      },
    },
  });
  running = worker.run();
}, 60_000);

afterAll(async () => {
  for (const g of gates.values()) {
    g.before?.open();
    g.after?.open();
  }
  for (const h of handles) await h.terminate('test finished').catch(() => undefined);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await database?.drop();
});

async function start(name: string, held: { before?: ReturnType<typeof gate>; after?: ReturnType<typeof gate> }): Promise<WorkflowHandle> {
  const caseId = `probation/${name}-${process.pid}/ts-01`;
  gates.set(caseId, held);
  const handle = await client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: caseId,
    args: [probationInput(`${name}-${process.pid}`, { monthsAgo: 13 })],
  });
  handles.push(handle);
  return handle;
}

async function streamTypes(caseId: string): Promise<Array<{ version: number; type: string; key: string }>> {
  return (await readStream(database.db, caseId)).map((e) => ({ version: e.streamVersion, type: e.type, key: e.idempotencyKey }));
}

/** Whether the workflow has recorded this patch so far. */
async function hasPatch(handle: WorkflowHandle, patch: string): Promise<boolean> {
  return (await patchMarkers(handle)).some((data) => data.includes(JSON.stringify(patch)));
}

/** The patch markers' data (JSON naming the patch) the workflow has recorded so far. */
async function patchMarkers(handle: WorkflowHandle): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const marker = e.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_patch' ? marker.details?.['patch-data']?.payloads?.[0]?.data : undefined;
    return data ? [Buffer.from(data).toString('utf8')] : [];
  });
}

/**
 * Decides check-in 1 while the case's opening is held before its write: waits until the
 * decision has gone beside the opening (its patch recorded), runs `meanwhile`, then lets
 * the opening go on; answers the decision's receipt.
 */
async function decideBeforeTheOpening(handle: WorkflowHandle, held: ReturnType<typeof gate>, meanwhile?: () => Promise<void>) {
  const deciding = decide(client, handle.workflowId, 'check-in-1', committee, checkIn);
  deciding.catch(() => undefined);
  try {
    await eventually(
      async () => ((await hasPatch(handle, DECISION_BESIDE_APPEND_PATCH)) ? true : undefined),
      'the decision tried beside the opening',
    );
    await meanwhile?.();
  } finally {
    held.open();
  }
  return deciding;
}

/** The workflow holds the task open for decisions from the moment it schedules the opening. */
function heldOpen(handle: WorkflowHandle): Promise<unknown> {
  return eventually(async () => (await handle.query(pendingTasksQuery)).find((t) => t.step === 'check-in-1'), 'check-in-1 held open');
}

describe('a decision beside its task’s opening', () => {
  it('answers as soon as TaskOpened is written, before the opening has reported back, and lands right after it', async () => {
    const held = gate();
    const handle = await start('beside', { after: held });
    const caseId = handle.workflowId;
    try {
      // What an approver sees: the task in the inbox (the read model written with TaskOpened).
      await eventually(
        async () =>
          (await database.db.selectFrom('tasks').select('status').where('task_id', '=', `${caseId}:check-in-1`).executeTakeFirst())?.status,
        'check-in-1 in the inbox',
      );
      // The opening's result is held back: before this rule the decision waited for it, and this never answered.
      const receipt = await decide(client, caseId, 'check-in-1', committee, checkIn);
      expect(receipt.step).toBe('check-in-1');
      const stream = await streamTypes(caseId);
      const opened = stream.find((e) => e.key === `${caseId}:check-in-1:open#0`)!;
      expect(stream.find((e) => e.type === 'TaskDecided')).toMatchObject({ version: opened.version + 1, key: `${caseId}:check-in-1#0` });
      expect(await hasPatch(handle, DECISION_BESIDE_APPEND_PATCH)).toBe(true);
    } finally {
      held.open();
    }
    // The opening's result arrives after the decision: the case goes on from the decision.
    await waitForTask(handle, 'check-in-2');
    const types = (await streamTypes(caseId)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskDecided')).toHaveLength(1);
    expect(types.filter((t) => t === 'TaskOpened')).toHaveLength(2);
    await keepHistory('probation-decision-beside-opening', handle.fetchHistory());
  });

  it('waits for TaskOpened when the decision comes before it is written, and lands after it', async () => {
    const held = gate();
    const handle = await start('before-open', { before: held });
    const caseId = handle.workflowId;
    await heldOpen(handle);
    // The decision goes beside the opening, finds TaskOpened missing, and waits for the opening.
    const receipt = await decideBeforeTheOpening(handle, held, async () => {
      expect(await streamTypes(caseId)).not.toContainEqual(expect.objectContaining({ type: 'TaskOpened' }));
    });
    expect(receipt.step).toBe('check-in-1');
    const stream = await streamTypes(caseId);
    const opened = stream.find((e) => e.key === `${caseId}:check-in-1:open#0`)!;
    expect(stream.find((e) => e.type === 'TaskDecided')).toMatchObject({ version: opened.version + 1 });
    await waitForTask(handle, 'check-in-2');
  });

  it('never lands before TaskOpened when another event of the case holds the place it follows', async () => {
    const held = gate();
    const handle = await start('held-place', { before: held });
    const caseId = handle.workflowId;
    await heldOpen(handle);
    // An append of the case's that its workflow does not know (as a lost workflow task leaves
    // one) takes the version right after what the workflow knows: where TaskOpened would be.
    const known = (await streamTypes(caseId)).at(-1)!.version;
    const lost = { type: 'CaseStageChanged', data: { caseId, stage: 'on-probation', at: new Date().toISOString() } } as DomainEvent;
    await appendToStream(database.db, {
      streamId: caseId,
      expectedVersion: known,
      idempotencyKey: `${caseId}:lost-with-its-workflow-task`,
      events: [{ event: lost, metadata: { workflowId: caseId, causationId: 'lost-with-its-workflow-task' } }],
    });
    expect((await decideBeforeTheOpening(handle, held)).step).toBe('check-in-1');
    // The version it would have followed was taken, so it waited: the opening goes after the
    // unknown append, and the decision after the opening.
    const stream = await streamTypes(caseId);
    const opened = stream.find((e) => e.key === `${caseId}:check-in-1:open#0`)!;
    expect(opened.version).toBe(known + 2);
    expect(stream.find((e) => e.type === 'TaskDecided')).toMatchObject({ version: known + 3 });
    await waitForTask(handle, 'check-in-2');
    await keepHistory('probation-decision-beside-place-taken', handle.fetchHistory());
  });
});
