/**
 * A case whose stream holds appends its workflow does not know, as a workflow task lost
 * after its decisions' appends were written leaves it (the Temporal server drops a
 * workflow's in-flight Updates when the workflow leaves its cache; the decisions come back
 * as repeats, possibly after a newer one): the newer decision goes on after them instead
 * of being refused, and the case's later appends follow (workflows/kit/streamAhead.ts).
 * On the real dev server with the real worker and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../domain/actors';
import type { DomainEvent } from '../../domain/events';
import { appendToStream } from '../../activities/eventStore';
import { readStream } from '../../activities/eventReads';
import { decide } from '../../client/cases';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { waitForTask } from '../support/cases';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `lost-appends-${process.pid}`;
const committee: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let handle: WorkflowHandle | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
}, 60_000);

afterAll(async () => {
  await handle?.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

async function streamTypes(caseId: string): Promise<Array<{ version: number; type: string }>> {
  return (await readStream(database.db, caseId)).map((e) => ({ version: e.streamVersion, type: e.type }));
}

describe('a case stream ahead of its workflow', () => {
  it('takes the next decision after the appends the workflow does not know, and goes on', async () => {
    const caseId = `probation/lost-${process.pid}/ts-01`;
    handle = await shared!.client.workflow.start('probation', {
      taskQueue: TASK_QUEUE,
      workflowId: caseId,
      args: [probationInput(`lost-${process.pid}`, { monthsAgo: 13 })],
    });
    await waitForTask(handle, 'check-in-1');
    const before = await streamTypes(caseId);

    // What a lost workflow task leaves: an append of the case's, written, that its workflow never saw.
    const lost: DomainEvent = {
      type: 'CaseStageChanged',
      data: { caseId, stage: 'on-probation', at: new Date().toISOString() },
    } as DomainEvent;
    await appendToStream(database.db, {
      streamId: caseId,
      expectedVersion: before.at(-1)!.version,
      idempotencyKey: `${caseId}:lost-with-its-workflow-task`,
      events: [{ event: lost, metadata: { workflowId: caseId, causationId: 'lost-with-its-workflow-task' } }],
    });

    const receipt = await decide(shared!.client, caseId, 'check-in-1', committee, { rating: 'good', comment: '表现良好' });
    expect(receipt.step).toBe('check-in-1');
    const after = await streamTypes(caseId);
    const lostAt = before.at(-1)!.version + 1;
    expect(after.find((e) => e.version === lostAt)?.type).toBe('CaseStageChanged');
    expect(after.find((e) => e.type === 'TaskDecided')?.version).toBeGreaterThan(lostAt);

    // The case's own appends go on from there: the next check-in opens.
    await waitForTask(handle, 'check-in-2');
    expect((await handle.describe()).status.name).toBe('RUNNING');
  });
});
