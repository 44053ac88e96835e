/**
 * The search attributes a case carries, on the real dev server with the real worker. A
 * case started now carries its kind, township and subject, and its stage lives in the
 * read model only: no upsert at each stage. A case started before that, with `Stage`,
 * keeps it current as it always did. An evaluation round starts its cadres' cases the new
 * way (workflows/kit/childSearchAttributes.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '../../domain/policy';
import { evaluationWorkflowId } from '../../domain/evaluationRound';
import { CASE_KIND, STAGE, SUBJECT, TOWNSHIP, caseSearchAttributes, caseSearchAttributesWithStage } from '../../workflows/searchAttributes';
import { seedRegistry } from '../../client/demo';
import { evaluationBackend } from '../../client/commands/evaluationBackend';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually, waitForTask } from '../support/cases';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `search-attributes-${process.pid}`;
// A year and township no other suite on the shared server starts a round for.
const ROUND_YEAR = 2019;
const ROUND_TOWNSHIP = 'ts-03';

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
const handles: WorkflowHandle[] = [];

async function startProbation(personId: string, withStage: boolean): Promise<WorkflowHandle> {
  const attributes = withStage ? caseSearchAttributesWithStage : caseSearchAttributes;
  const handle = await shared!.client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/search-attributes-${process.pid}`,
    args: [probationInput(personId)],
    typedSearchAttributes: attributes('probation', 'ts-01', personId),
  });
  handles.push(handle);
  return handle;
}

/**
 * Upserts of the case's stage. Temporal's SDK upserts `TemporalChangeVersion` beside each
 * patch's first marker (a case started now records one before check-in 1 opens, patch
 * day-from-workflow-task-time), which is not the case's own attribute.
 */
async function stageUpserts(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();
  return (events ?? []).filter((e) => e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.[STAGE.name])
    .length;
}

async function stageInReadModel(caseId: string): Promise<string | null | undefined> {
  const row = await database.db.selectFrom('cases').select('stage').where('case_id', '=', caseId).executeTakeFirst();
  return row?.stage;
}

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
}, 60_000);

afterAll(async () => {
  for (const h of handles) await h.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('case search attributes', () => {
  it('a case started now carries kind, township and subject; its stage is in the read model, never upserted', async () => {
    const handle = await startProbation('sa-new', false);
    await waitForTask(handle, 'check-in-1');
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(CASE_KIND)).toBe('probation');
    expect(attributes.get(TOWNSHIP)).toBe('ts-01');
    expect(attributes.get(SUBJECT)).toBe('sa-new');
    expect(attributes.get(STAGE)).toBeUndefined();
    expect(await stageUpserts(handle)).toBe(0);
    expect(await stageInReadModel(handle.workflowId)).toBe('on-probation');
  });

  it('a case started with Stage, as cases were before, keeps it current', async () => {
    const handle = await startProbation('sa-old', true);
    await waitForTask(handle, 'check-in-1');
    expect((await handle.describe()).typedSearchAttributes.get(STAGE)).toBe('on-probation');
    expect(await stageUpserts(handle)).toBe(1);
    expect(await stageInReadModel(handle.workflowId)).toBe('on-probation');
  });

  it("an evaluation round starts its cadres' cases without Stage", async () => {
    await seedRegistry(database.db);
    const evaluation = evaluationBackend.create({ db: database.db, client: shared!.client, policy: DEFAULT_POLICY, taskQueue: TASK_QUEUE });
    const started = await evaluation.startRound({ year: ROUND_YEAR, townshipIds: [ROUND_TOWNSHIP] });
    expect(started.started).toBe(true);
    handles.push(shared!.client.workflow.getHandle(started.roundId));
    const cadre = await eventually(
      async () =>
        (await database.db.selectFrom('evaluation_cadres').select('person_id').where('round_id', '=', started.roundId).executeTakeFirst())
          ?.person_id,
      'a case of the round to start',
    );
    const handle = shared!.client.workflow.getHandle(evaluationWorkflowId(ROUND_YEAR, cadre));
    handles.push(handle);
    await waitForTask(handle, 'self-summary');
    const attributes = (await handle.describe()).typedSearchAttributes;
    expect(attributes.get(CASE_KIND)).toBe('evaluation');
    expect(attributes.get(TOWNSHIP)).toBe(ROUND_TOWNSHIP);
    expect(attributes.get(SUBJECT)).toBe(cadre);
    expect(attributes.get(STAGE)).toBeUndefined();
    expect(await stageUpserts(handle)).toBe(0);
    expect(await stageInReadModel(handle.workflowId)).toBe('assessment');
  });
});
