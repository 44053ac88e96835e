/**
 * An online rating decides the real step (docs/ballots.md): a probation case on the
 * shared Temporal dev server reaches its democratic rating; the township committee opens
 * a session on that open task (authorized by the task the workflow wrote), 25 phones
 * vote, the session closes, and the step is decided from it (client/ballots/decideFromSession.ts)
 * through the path every typed-in count takes (client/cases.ts `decide`, the kit's
 * `decide` Update) — the case's own validator takes it, the log records the counted
 * votes, and the TaskDecided cites the session. Another township's committee cannot open it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowHandle } from '@temporalio/client';
import type { Actor } from '../../domain/actors';
import { addMonths, shanghaiDate } from '../../domain/calendar';
import { DEFAULT_POLICY } from '../../domain/policy';
import { decide } from '../../client/cases';
import { castBallot, closeSession, openSession, type BallotServiceOptions } from '../../client/ballots/service';
import { decideFromSession, type DecideStep } from '../../client/ballots/decideFromSession';
import type { ProbationInput } from '../../workflows/probation';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount, eventually, expectRefusal, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';

const TASK_QUEUE = `ballots-decide-${process.pid}`;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let handle: WorkflowHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  const input: ProbationInput = {
    personId: 'p-1',
    personName: '测试',
    orgUnitId: 'ts-01',
    townshipId: 'ts-01',
    title: '副乡长',
    trialRank: '副科级',
    previousRank: '科员',
    // Thirteen months ago: every check-in and the final rating are due at once.
    appointedOn: addMonths(shanghaiDate(Date.now()), -13),
    village: false,
    preAppointmentNotice: false,
    policy: DEFAULT_POLICY,
  };
  handle = await shared.client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/p-1/ballots-${process.pid}`,
    args: [input],
  });
  for (const step of ['check-in-1', 'check-in-2', 'check-in-3']) {
    await waitForTask(handle, step);
    await decide(shared.client, handle.workflowId, step, township, { rating: 'good', comment: '' });
  }
  await waitForTask(handle, 'democratic-rating');
});

afterAll(async () => {
  await handle?.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('an online democratic rating decides the probation’s step', () => {
  it('opened on the open task by its committee, voted on 25 phones, closed, and taken by the case as a typed-in count', async () => {
    const db = database.db;
    const caseId = handle.workflowId;
    // The task row the workflow wrote is what authorizes the chair.
    await eventually(
      async () =>
        (
          await db
            .selectFrom('tasks')
            .select('status')
            .where('case_id', '=', caseId)
            .where('step', '=', 'democratic-rating')
            .executeTakeFirst()
        )?.status === 'pending' || undefined,
      'the democratic-rating task row',
    );
    await expect(
      openSession(db, otherTownship, { caseId, step: 'democratic-rating', definition: { due: 25 } }, OPTS),
    ).rejects.toMatchObject({ name: 'BallotRefusal', code: 'no-ballot-step' });
    const session = await openSession(db, township, { caseId, step: 'democratic-rating', definition: { due: 25 } }, OPTS);
    const grades = ['excellent', 'competent', 'competent', 'basicallyCompetent', 'notCompetent'];
    await Promise.all(session.tokens.map((t, i) => castBallot(db, t.token, { kind: 'rating', grade: grades[i % 5] })));
    const result = await closeSession(db, township, session.sessionId, OPTS);
    expect(result.decision).toEqual({ votes: { excellent: 5, competent: 10, basicallyCompetent: 5, notCompetent: 5 } });

    const send: DecideStep = (c, step, actor, decision, ballot) =>
      decide(shared!.client, c, step, actor, decision, ballot ? { ballot } : {});
    // Nothing of a rating is the chair's to add: the ballots give it all.
    await expect(decideFromSession(db, send, township, session.sessionId, { votes: {} })).rejects.toMatchObject({ code: 'bad-extra' });
    // A citation that is no session's, sent straight to the case (around the client's own check): refused, nothing written.
    const before = await eventCount(db, caseId);
    const cite = { sessionId: session.sessionId, head: result.head, cast: 25 };
    for (const ballot of [{ ...cite, head: 'abc' }, { ...cite, cast: -1 }, { ...cite, sessionId: 'x' }, { ...cite, extra: 1 }, 'bs-1']) {
      const refused = await expectRefusal(
        handle.executeUpdate(decideUpdate, {
          args: [{ step: 'democratic-rating', actor: township, decision: result.decision, ballot: ballot as never }],
        }),
      );
      expect(refused.type, JSON.stringify(ballot)).toBe('MalformedDecision');
    }
    expect(await eventCount(db, caseId)).toBe(before);

    const receipt = await decideFromSession(db, send, township, session.sessionId);
    expect(receipt).toMatchObject({ caseId, step: 'democratic-rating' });
    // The same from the same session again gets the same receipt; the same counts citing another chain are another decision.
    expect(await decideFromSession(db, send, township, session.sessionId)).toEqual(receipt);
    const other = await expectRefusal(
      handle.executeUpdate(decideUpdate, {
        args: [{ step: 'democratic-rating', actor: township, decision: result.decision, ballot: { ...cite, head: 'f'.repeat(64) } }],
      }),
    );
    expect(other.type).toBe('DuplicateDecision');
    const decided = await eventually(
      async () =>
        (await db.selectFrom('events').select('data').where('stream_id', '=', caseId).where('type', '=', 'TaskDecided').execute())
          .map((e) => e.data as Record<string, unknown>)
          .find((d) => d.step === 'democratic-rating'),
      'the democratic rating’s TaskDecided',
    );
    expect(decided).toMatchObject({ decision: result.decision, ballot: { sessionId: session.sessionId, head: result.head, cast: 25 } });
    const assessed = await eventually(
      async () =>
        (
          await db
            .selectFrom('events')
            .select('data')
            .where('stream_id', '=', caseId)
            .where('type', '=', 'ProbationAssessed')
            .executeTakeFirst()
        )?.data,
      'the ProbationAssessed event',
    );
    // 15 favourable of 25 is below 2/3: the policy's rule reads the online count as it reads a typed-in one.
    expect(assessed).toMatchObject({
      votes: { excellent: 5, competent: 10, basicallyCompetent: 5, notCompetent: 5 },
      approval: { favourable: 15, cast: 25 },
      meetsThreshold: false,
    });
    await waitForTask(handle, 'township-recommendation');
  });
});
