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
import { DEFAULT_POLICY } from '../../domain/policy';
import { decide } from '../../client/cases';
import { castBallot, closeSession, openSession, type BallotServiceOptions } from '../../client/ballots/service';
import { decideFromSession, type DecideStep } from '../../client/ballots/decideFromSession';
import { startBallotDeadlines } from '../../client/ballots/deadlines';
import { createUser } from '../../client/api/accounts';
import { workerOnSharedServer, type SharedServerWorker } from '../support/sharedServer';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventCount, eventually, expectRefusal, waitForTask } from '../support/cases';
import { decideUpdate } from '../../workflows/kit/messages';
import { probationInput } from '../support/probationInput';

const TASK_QUEUE = `ballots-decide-${process.pid}`;
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const otherTownship: Actor = { id: 'ts-02-committee', role: 'township-committee', townshipId: 'ts-02' };
const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };

let database: TestDatabase;
let shared: SharedServerWorker | undefined;
let handle: WorkflowHandle;
const started: WorkflowHandle[] = [];

/** A probation of `personId` at its democratic rating, every check-in decided by the township. */
async function probationAtRating(personId: string): Promise<WorkflowHandle> {
  // Thirteen months ago: every check-in and the final rating are due at once.
  const input = probationInput(personId, { monthsAgo: 13 });
  const h = await shared!.client.workflow.start('probation', {
    taskQueue: TASK_QUEUE,
    workflowId: `probation/${personId}/ballots-${process.pid}`,
    args: [input],
  });
  started.push(h);
  for (const step of ['check-in-1', 'check-in-2', 'check-in-3']) {
    await waitForTask(h, step);
    await decide(shared!.client, h.workflowId, step, township, { rating: 'good', comment: '' });
  }
  await waitForTask(h, 'democratic-rating');
  // The task row the workflow wrote is what authorizes the chair.
  await eventually(
    async () =>
      (
        await database.db
          .selectFrom('tasks')
          .select('status')
          .where('case_id', '=', h.workflowId)
          .where('step', '=', 'democratic-rating')
          .executeTakeFirst()
      )?.status === 'pending' || undefined,
    'the democratic-rating task row',
  );
  return h;
}

beforeAll(async () => {
  database = await createTestDatabase();
  shared = await workerOnSharedServer(database.db, TASK_QUEUE);
  handle = await probationAtRating('p-1');
});

afterAll(async () => {
  for (const h of started) await h.terminate('test finished').catch(() => undefined);
  await shared?.stop();
  await database?.drop();
});

describe('an online democratic rating decides the probation’s step', () => {
  it('opened on the open task by its committee, voted on 25 phones, closed, and taken by the case as a typed-in count', async () => {
    const db = database.db;
    const caseId = handle.workflowId;
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

describe('a session closed at its deadline', () => {
  it('decides the step by itself, in the name of the chair who opened it, citing the session', async () => {
    const db = database.db;
    const h = await probationAtRating('p-2');
    // The chair's account: the deadline decides in its name, as its close would.
    await createUser(
      db,
      { login: township.id, role: township.role, townshipId: township.townshipId, password: 'correct horse battery staple' },
      { checkTownship: false },
    );
    // Far enough ahead that a busy machine casts every ballot before it.
    const closesAt = new Date(Date.now() + 12_000).toISOString();
    const session = await openSession(
      db,
      township,
      { caseId: h.workflowId, step: 'democratic-rating', definition: { due: 5, closesAt } },
      OPTS,
    );
    await Promise.all(session.tokens.map((t) => castBallot(db, t.token, { kind: 'rating', grade: 'excellent' })));
    const outcomes: Array<{ sessionId: string; decided: boolean }> = [];
    const send: DecideStep = (c, step, actor, decision, ballot) =>
      decide(shared!.client, c, step, actor, decision, ballot ? { ballot } : {});
    const deadlines = startBallotDeadlines(db, {
      policy: DEFAULT_POLICY,
      recheckMs: 3_600_000,
      decide: send,
      onDecided: (r, o) => outcomes.push({ sessionId: r.sessionId, decided: o.decided !== null }),
    });
    try {
      await deadlines.started;
      deadlines.opened();
      const decided = await eventually(
        async () =>
          (await db.selectFrom('events').select('data').where('stream_id', '=', h.workflowId).where('type', '=', 'TaskDecided').execute())
            .map((e) => e.data as Record<string, unknown>)
            .find((d) => d.step === 'democratic-rating'),
        'the democratic rating decided at the deadline',
      );
      const row = await db
        .selectFrom('ballot_sessions')
        .select(['status', 'closed_by', 'head_hash'])
        .where('session_id', '=', session.sessionId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'closed', closed_by: 'system:deadline' });
      expect(decided).toMatchObject({
        actor: { id: township.id, role: 'township-committee', townshipId: 'ts-01' },
        decision: { votes: { excellent: 5, competent: 0, basicallyCompetent: 0, notCompetent: 0 } },
        ballot: { sessionId: session.sessionId, head: row.head_hash, cast: 5 },
      });
      // Told once the case has answered, a moment after its event is in the log.
      await eventually(async () => outcomes.find((o) => o.sessionId === session.sessionId), 'the scheduler told of the decision');
      expect(outcomes).toContainEqual({ sessionId: session.sessionId, decided: true });
      await waitForTask(h, 'township-recommendation');
    } finally {
      await deadlines.stop();
    }
  });
});
