/**
 * A decision sent again after it was applied (its answer lost to a dropped connection or
 * a restarted API process) gets the first one's receipt, not "already decided": the same
 * step, the same actor, an equal decision. A different decision or another person is
 * still refused. Likewise for ending a probation early and for filing an objection.
 * On Temporal's time-skipping test server with a real PostgreSQL.
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
import { eventCount, eventually, expectRefusal, keepHistory, refusalOf, waitForTask } from '../support/cases';
import { decideUpdate, fileObjectionUpdate, type DecisionReceipt } from '../../workflows/kit/messages';
import { endProbationEarlyUpdate } from '../../workflows/probation';
import type { DB } from '../../schema/db';
import { decide as decideCase } from '../../client/cases';
import { WorkflowNotFoundError } from '@temporalio/common';

const TASK_QUEUE = 'repeated-decision-test';
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const colleague: Actor = { id: 'ts-01-deputy', role: 'township-committee', townshipId: 'ts-01' };
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };

let env: TestWorkflowEnvironment;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: DB;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await seedTownshipWithPeople(db, ['p-1', 'p-2', 'p-3']);
});

afterAll(async () => {
  await database?.drop();
});

timeSkippingWorkerPerTest({ taskQueue: TASK_QUEUE, db: () => db, onEnv: (e) => (env = e) });

async function start(personId: string, preAppointmentNotice = false): Promise<WorkflowHandle> {
  const now = await env.currentTimeMs();
  const input = probationInput(personId, { appointedOn: shanghaiDate(now), preAppointmentNotice });
  return env.client.workflow.start('probation', { taskQueue: TASK_QUEUE, workflowId: `probation/${personId}/repeat`, args: [input] });
}

const decide = (handle: WorkflowHandle, step: string, actor: Actor, decision: unknown): Promise<DecisionReceipt> =>
  handle.executeUpdate(decideUpdate, { args: [{ step, actor, decision }] });

async function typesOf(caseId: string): Promise<string[]> {
  const rows = await db.selectFrom('events').select(['type']).where('stream_id', '=', caseId).orderBy('position').execute();
  return rows.map((r) => r.type);
}

const count = (types: string[], type: string) => types.filter((t) => t === type).length;

describe('a repeated decision', () => {
  it('gets the first receipt and writes nothing; another decision or another person is refused', { timeout: 120_000 }, async () => {
    const handle = await start('p-1');
    await env.sleep('95 days');
    await waitForTask(handle, 'check-in-1');
    const first = await decide(handle, 'check-in-1', township, { rating: 'good', comment: '表现良好' });
    expect(first).toMatchObject({ caseId: handle.workflowId, step: 'check-in-1', taskId: `${handle.workflowId}:check-in-1` });
    const events = await eventCount(db, handle.workflowId);

    // The same decision (its fields in another order, the comment with the spaces the parser trims): the first receipt.
    expect(await decide(handle, 'check-in-1', township, { comment: ' 表现良好 ', rating: 'good' })).toEqual(first);
    expect(await eventCount(db, handle.workflowId)).toBe(events);

    // Decided differently, or by a colleague, or by the county: not a repeat.
    expect(await expectRefusal(decide(handle, 'check-in-1', township, { rating: 'adequate', comment: '表现良好' }))).toMatchObject({
      type: 'DuplicateDecision',
    });
    expect(await expectRefusal(decide(handle, 'check-in-1', colleague, { rating: 'good', comment: '表现良好' }))).toMatchObject({
      type: 'DuplicateDecision',
    });
    expect(await expectRefusal(decide(handle, 'check-in-1', county, { rating: 'good', comment: '表现良好' }))).toMatchObject({
      type: 'DuplicateDecision',
    });
    expect(await eventCount(db, handle.workflowId)).toBe(events);

    // Sent twice at once (the second while the first is still being appended): one decision, one receipt for both.
    await env.sleep('95 days');
    await waitForTask(handle, 'check-in-2');
    const pair = await Promise.all([1, 2].map(() => decide(handle, 'check-in-2', township, { rating: 'adequate', comment: '' })));
    expect(pair[1]).toEqual(pair[0]);
    const types = await typesOf(handle.workflowId);
    expect(count(types, 'TaskDecided')).toBe(2);
    expect(count(types, 'ProbationCheckInRecorded')).toBe(2);
    // The receipt names the position of the decision's last event.
    const last = await db
      .selectFrom('events')
      .select(['position', 'type'])
      .where('position', '=', BigInt(pair[0]!.position))
      .executeTakeFirstOrThrow();
    expect(last.type).toBe('ProbationCheckInRecorded');
  });

  it(
    'ending a probation early twice at once closes it once; both get its receipt, and so does a third after the workflow completed; another reason is refused',
    { timeout: 120_000 },
    async () => {
      const handle = await start('p-2');
      await env.sleep('95 days');
      await waitForTask(handle, 'check-in-1');
      const end = (actor: Actor, reason: string) =>
        handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor, decision: { reason } }] });
      // The same decision twice at once: whichever arrives first closes the case, the other is its repeat.
      const both = await Promise.allSettled([end(county, '严重违纪'), end(county, '严重违纪')]);
      const answered = both.filter((r): r is PromiseFulfilledResult<DecisionReceipt> => r.status === 'fulfilled');
      expect(answered.length).toBeGreaterThan(0);
      const receipt = answered[0]!.value;
      // Had one arrived after the workflow completed, Temporal would not take it at all; the
      // client then answers from the history, as it does for the third below.
      for (const r of both) {
        expect(
          r.status === 'fulfilled' ? r.value : await decideCase(env.client, handle.workflowId, 'end-early', county, { reason: '严重违纪' }),
        ).toEqual(receipt);
      }
      // Another reason is not a repeat: refused while the case closes (CaseClosed), or not taken once it has completed.
      const other = await decideCase(env.client, handle.workflowId, 'end-early', county, { reason: '另一理由' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(
        other instanceof WorkflowNotFoundError || (other as { reason?: string } | undefined)?.reason === 'CaseClosed',
        String(other),
      ).toBe(true);
      expect(await handle.result()).toBe('ended-early');
      // Sent again once the workflow has completed (it takes no Update): the receipt from its history.
      expect(await decideCase(env.client, handle.workflowId, 'end-early', county, { reason: '严重违纪' })).toEqual(receipt);
      await expect(decideCase(env.client, handle.workflowId, 'end-early', county, { reason: '另一理由' })).rejects.toThrow(
        WorkflowNotFoundError,
      );
      await expect(
        decideCase(env.client, handle.workflowId, 'end-early', { ...county, id: 'org-other' }, { reason: '严重违纪' }),
      ).rejects.toThrow(WorkflowNotFoundError);
      const types = await typesOf(handle.workflowId);
      expect(count(types, 'ProbationEndedEarly')).toBe(1);
      expect(count(types, 'CaseClosed')).toBe(1);
    },
  );

  it('filing the same objection again gets the first receipt; another summary is another objection', { timeout: 120_000 }, async () => {
    const handle = await start('p-3', true);
    await eventually(
      async () => ((await typesOf(handle.workflowId)).includes('PublicNoticePosted') ? true : undefined),
      'the notice to be posted',
    );
    const object = (actor: Actor, summary: string) =>
      handle.executeUpdate(fileObjectionUpdate, { args: [{ notice: 'pre-appointment-notice', actor, summary }] });
    // The log holds the notice a moment before the case has taken its posting's answer: until
    // then an objection is refused (UnknownStep) and writes nothing, so it is sent again.
    const first = await eventually(
      () =>
        object(township, '反映工作作风问题').catch((err: unknown) => {
          if (refusalOf(err) === 'UnknownStep') return undefined;
          throw err;
        }),
      'the case to take objections on its notice',
    );
    expect(await object(township, '反映工作作风问题 ')).toEqual(first);
    const another = await object(township, '反映另一问题');
    expect(another.taskId).not.toBe(first.taskId);
    // The county's own report of the same text is its own objection.
    const byCounty = await object(county, '反映工作作风问题');
    expect(byCounty.taskId).not.toBe(first.taskId);
    const types = await typesOf(handle.workflowId);
    expect(count(types, 'ObjectionFiled')).toBe(3);
    // Answer every objection so the history ends at a closed notice, then keep it for the replay suite.
    for (const step of [first.step, another.step, byCounty.step]) {
      await waitForTask(handle, `${step}:finding`);
      await decide(handle, `${step}:finding`, county, { upheld: false, finding: '经核查不属实' });
    }
    await env.sleep('10 days');
    await eventually(
      async () => ((await typesOf(handle.workflowId)).includes('PublicNoticeClosed') ? true : undefined),
      'the notice to close',
    );
    await handle.executeUpdate(endProbationEarlyUpdate, { args: [{ actor: county, decision: { reason: '测试结束' } }] });
    expect(await handle.result()).toBe('ended-early');
    await keepHistory('probation-objection-repeated', handle.fetchHistory());
  });
});
