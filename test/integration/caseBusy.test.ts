/**
 * A case with as many decisions in flight as Temporal admits at once (`history.maxInFlightUpdates`,
 * 10 by default): a big evaluation round whose committee grades many units side by side.
 * Temporal turns the next decision away with RESOURCE_EXHAUSTED; after the client's own
 * retries the decision is a CaseBusyError that says nothing was recorded and to send it
 * again, never a refusal and never a bare "Workflow Update failed". Here the suite's own dev
 * server admits one Update per workflow, and no worker polls the case's queue, so the first
 * decision stays in flight. Real Temporal binary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { Actor } from '../../domain/actors';
import { CaseBusyError, decide } from '../../client/cases';
import type { TemporalEndpoint } from '../../client/temporal';
import { ownTemporal } from '../support/temporal';

const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

let temporal: TemporalEndpoint;
let connection: Connection;
let client: Client;

beforeAll(async () => {
  temporal = await ownTemporal({ 'history.maxInFlightUpdates': 1 });
  // Two attempts instead of the client's ten: the same answer, in seconds rather than half a minute.
  connection = await Connection.connect({
    address: temporal.address,
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 2 }))],
  });
  client = new Client({ connection, namespace: temporal.namespace });
}, 60_000);

afterAll(async () => {
  await connection?.close();
  await temporal?.stop();
});

describe('a decision Temporal will not admit yet', () => {
  it('is a CaseBusyError, in both languages, and the decision in flight is untouched', async () => {
    const round = await client.workflow.start('evaluationRound', {
      taskQueue: `nobody-polls-${process.pid}`,
      workflowId: 'evaluation-round/2026/busy',
      args: [{}],
    });
    const grade = (unit: string) =>
      decide(
        client,
        round.workflowId,
        `committee:${unit}`,
        county,
        { grades: {}, gradedOn: '2026-12-01' },
        { updateId: `grade:${unit}` },
      ).then(
        () => 'answered',
        (err: unknown) => err,
      );
    // Side by side: Temporal admits whichever arrives first and turns the other away.
    const outcomes = [grade('ts-01/township'), grade('ts-02/township')];
    const first = await Promise.race(outcomes);
    expect(first).toBeInstanceOf(CaseBusyError);
    const busy = first as CaseBusyError;
    expect(busy.caseId).toBe(round.workflowId);
    expect(busy.message).toMatch(/busy with other decisions; nothing was recorded; send the decision again/);
    expect(busy.zh).toContain('正在处理其他决定');

    // The admitted one is still waiting for the round (no worker runs it); ending the round ends it.
    await round.terminate('test over');
    const settled = await Promise.all(outcomes);
    expect(settled.filter((o) => o instanceof CaseBusyError)).toHaveLength(1);
    expect(settled).not.toContain('answered');
  }, 60_000);
});
