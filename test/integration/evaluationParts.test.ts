/**
 * A round larger than one Temporal workflow may hold. Temporal refuses a workflow more than
 * `limit.numPendingChildExecutions.error` pending children (2,000 by default): a round that
 * started every cadre's case itself stalled at its 2,001st cadre, retrying the start for
 * ever. Here the suite's own dev server allows only 10 pending children and 10 pending
 * outgoing signals per workflow, and a round of 25 cadres, in parts of 8, starts every case,
 * hears every recommendation through its parts, and has its committee's grades reach
 * every case; no workflow ever holds more than 8 children or sends more than 8 signals at
 * once. Real Temporal binary, real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { Actor } from '../../domain/actors';
import { DEFAULT_POLICY } from '../../domain/policy';
import { evaluationWorkflowId, roundPartWorkflowId, roundScope, roundWorkflowId } from '../../domain/evaluationRound';
import { createWorker } from '../../worker/worker';
import { decideUpdate } from '../../workflows/kit/messages';
import { evaluationStatusQuery } from '../../workflows/evaluationMessages';
import { roundStatusQuery, type EvaluationRoundInput } from '../../workflows/evaluationRound';
import type { TemporalEndpoint } from '../../client/temporal';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { ownTemporal } from '../support/temporal';
import { eventually, waitForTask } from '../support/cases';
import { person, seedTownship, VOTES_PLAIN } from '../support/evaluationSuite';

const LIMIT = 10;
const PER_PART = 8;
const TOWNSHIP = 'ts-01';
const CADRES = 25;
const TASK_QUEUE = `evaluation-parts-${process.pid}`;
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const committee: Actor = { id: `${TOWNSHIP}-committee`, role: 'township-committee', townshipId: TOWNSHIP };

let database: TestDatabase;
let temporal: TemporalEndpoint;
let connection: Connection;
let nativeConnection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let client: Client;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedTownship({ townshipId: TOWNSHIP, township: CADRES, villages: 0, perVillage: 0 }, database.db);
  temporal = await ownTemporal({
    'limit.numPendingChildExecutions.error': LIMIT,
    'limit.numPendingSignals.error': LIMIT,
  });
  nativeConnection = await NativeConnection.connect({ address: temporal.address });
  worker = await createWorker({
    connection: nativeConnection,
    namespace: temporal.namespace,
    db: database.db,
    taskQueue: TASK_QUEUE,
    workflowBundle: { codePath: inject('workflowBundlePath') },
  });
  running = worker.run();
  connection = await Connection.connect({ address: temporal.address });
  client = new Client({ connection, namespace: temporal.namespace });
}, 60_000);

afterAll(async () => {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running;
  await nativeConnection?.close();
  await connection?.close();
  await temporal?.stop();
  await database?.drop();
});

async function decide(handle: WorkflowHandle, step: string, actor: Actor, decision: unknown): Promise<void> {
  await waitForTask(handle, step);
  await handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });
}

/** The workflow ids a workflow started as children, from its history. */
async function childrenOf(workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).flatMap((e) =>
    e.startChildWorkflowExecutionInitiatedEventAttributes ? [e.startChildWorkflowExecutionInitiatedEventAttributes.workflowId!] : [],
  );
}

describe('an evaluation round in parts, on a server that allows 10 pending children per workflow', () => {
  it('starts 25 cases in four parts, hears every recommendation and grades every case', async () => {
    const input: EvaluationRoundInput = { year: 2026, townshipIds: [TOWNSHIP], policy: DEFAULT_POLICY, casesPerPart: PER_PART };
    const round = await client.workflow.start('evaluationRound', {
      taskQueue: TASK_QUEUE,
      workflowId: roundWorkflowId(2026, roundScope([TOWNSHIP])),
      args: [input],
    });
    const ids = Array.from({ length: CADRES }, (_, i) => person(TOWNSHIP, i + 1));
    const cases = ids.map((id) => client.workflow.getHandle(evaluationWorkflowId(2026, id)));

    await eventually(
      async () => ((await round.query(roundStatusQuery)).stage === 'assessment' ? true : undefined),
      'the round to start every case',
    );
    expect(await round.query(roundStatusQuery)).toMatchObject({ cadres: CADRES, started: CADRES, skipped: 0, units: 1 });
    const parts = [1, 2, 3, 4].map((i) => roundPartWorkflowId(round.workflowId, i));
    expect(await childrenOf(round.workflowId)).toEqual(parts);
    const held = await Promise.all(parts.map(childrenOf));
    expect(held.map((p) => p.length)).toEqual([8, 8, 8, 1]);
    expect(held.flat()).toEqual(cases.map((c) => c.workflowId));

    // The township committee's five steps for every cadre; the last one is its recommendation.
    for (const c of cases) {
      await decide(c, 'self-summary', committee, { summary: '全年工作总结' });
      await decide(c, 'democratic-rating', committee, { meeting: { present: 30, due: 31 }, votes: VOTES_PLAIN });
      await decide(c, 'quantified-score', committee, { supervisor: 88, staff: 86.5, assessmentTeam: 90, bonus: 1 });
      await decide(c, 'supervisor-comment', committee, { comment: '工作扎实', proposedGrade: 'competent' });
      await decide(c, 'township-recommendation', committee, { grade: 'competent', reason: '' });
    }
    // The parts tell the round once the unit's cadres are all recommended.
    const step = `committee:${TOWNSHIP}/township`;
    expect((await waitForTask(round, step)).title).toContain(`${CADRES} assessed, at most 5 优秀`);
    expect((await round.query(roundStatusQuery)).ready).toBe(CADRES);
    const grades = Object.fromEntries(ids.map((id, i) => [id, i < 5 ? 'excellent' : 'competent']));
    await decide(round, step, county, { grades });

    // Each part passes its cadres' grades on.
    for (const [i, c] of cases.entries()) {
      const status = await eventually(async () => {
        const s = await c.query(evaluationStatusQuery);
        return s.grade !== undefined ? s : undefined;
      }, `the grade of ${c.workflowId}`);
      expect(status.grade).toBe(i < 5 ? 'excellent' : 'competent');
    }
    await round.terminate('test finished');
  }, 240_000);
});
