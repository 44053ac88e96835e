/**
 * On the real Temporal server a decision refused by its validator leaves no trace: not
 * one history event (the server runs validation in a speculative workflow task) and not
 * one event in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../domain/actors';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount, expectRefusal, historyLength, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate } from '../../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../../workflows/probation';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `refusals-${process.pid}`;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const auditor: Actor = { id: 'auditor-1', role: 'auditor' };

let database: TestDatabase;
let client: Client;
let shared: SharedServerWorker | undefined;
let handle: WorkflowHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  client = shared.client;
  const input = probationInput('p-1');
  handle = await client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/p-1/refusals-${process.pid}`,
    args: [input],
  });
  await waitForTask(handle, 'check-in-1');
});

afterAll(async () => {
  await handle?.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('refused decisions on the real server', () => {
  it('refuses wrong step, role, township, malformed and duplicate decisions, writing nothing', async () => {
    const attempt = async (step: string, actor: Actor, decision: unknown) =>
      (await expectRefusal(handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] }))).type;
    const before = await historyLength(handle);
    const eventsBefore = await eventCount(database.db, handle.workflowId);
    expect(eventsBefore).toBeGreaterThan(0);

    const refusals = [
      await attempt('check-in-2', township, { rating: 'good' }),
      await attempt('county-decision', county, { outcome: 'confirm' }),
      await attempt('check-in-1', county, { rating: 'good' }),
      await attempt('check-in-1', auditor, { rating: 'good' }),
      await attempt('check-in-1', otherTownship, { rating: 'good' }),
      await attempt('check-in-1', township, { rating: 'excellent!' }),
      await attempt('check-in-1', township, { rating: 'good', score: 5 }),
      await attempt('check-in-1', township, 'good'),
      await attempt('check-in-1', { id: 'x', role: 'township-committee' } as Actor, { rating: 'good' }),
      await attempt('check-in-1', { id: 'x', role: 'mayor' } as unknown as Actor, { rating: 'good' }),
      (await expectRefusal(handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: township, decision: { reason: 'x' } }] }))).type,
      (
        await expectRefusal(
          handle.executeUpdate(fileObjectionUpdate, { args: [{ notice: 'no-such-notice', actor: county, summary: 'x' }] }),
        )
      ).type,
    ];
    expect(refusals).toEqual([
      'UnknownStep',
      'UnknownStep',
      'WrongRole',
      'WrongRole',
      'WrongTownship',
      'MalformedDecision',
      'MalformedDecision',
      'MalformedDecision',
      'MalformedDecision',
      'MalformedDecision',
      'WrongRole',
      'UnknownStep',
    ]);
    expect(await historyLength(handle)).toBe(before);
    expect(await eventCount(database.db, handle.workflowId)).toBe(eventsBefore);

    await handle.executeUpdate(decideUpdate, {
      args: [{ step: 'check-in-1', actor: township, decision: { rating: 'adequate', comment: '' } }],
    });
    const afterDecision = await historyLength(handle);
    const eventsAfterDecision = await eventCount(database.db, handle.workflowId);
    expect(eventsAfterDecision).toBe(eventsBefore + 2); // TaskDecided + ProbationCheckInRecorded
    expect(await attempt('check-in-1', township, { rating: 'good' })).toBe('DuplicateDecision');
    expect(await historyLength(handle)).toBe(afterDecision);
    expect(await eventCount(database.db, handle.workflowId)).toBe(eventsAfterDecision);
  });
});
