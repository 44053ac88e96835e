/**
 * Ballot sessions close themselves at their deadline (client/ballots/deadlines.ts) on a
 * real PostgreSQL server: the scheduler closes what is overdue as it starts, closes a
 * session a couple of seconds after it opens when told of the open (its own re-check is
 * an hour away, so only the re-arming can close it in time), and the API's open route
 * tells it. Each test waits for the session's status to change, never a guessed sleep.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { castBallot, openSession, type BallotServiceOptions } from '../../client/ballots/service';
import { startBallotDeadlines, type BallotDeadlines } from '../../client/ballots/deadlines';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/cases';
import { BALLOT_CHAIR, BALLOT_STEP, openElectionMeeting, SLATE, sessionState, YES3 } from '../support/ballotSessions';
import { signedInUser, startApiStack, type ApiStack } from '../support/api';

const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };
const HOUR = 3_600_000;

let database: TestDatabase;
const running: BallotDeadlines[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  for (const d of running) await d.stop();
  await database?.drop();
});

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

async function openDue(closesAt: string) {
  const caseId = await openElectionMeeting(database.db, 'deadline');
  return openSession(
    database.db,
    BALLOT_CHAIR,
    { caseId, step: BALLOT_STEP, definition: { due: 5, candidates: SLATE, seats: 3, closesAt } },
    OPTS,
  );
}

async function closedBy(sessionId: string): Promise<string> {
  return eventually(async () => {
    const s = await sessionState(database.db, sessionId);
    return s.status === 'closed' ? s.closed_by! : undefined;
  }, `ballot session ${sessionId} closed`);
}

describe('the deadline scheduler', () => {
  it('closes an overdue session as it starts, with the ballots cast before the deadline', async () => {
    // Far enough ahead that a busy machine still casts before it.
    const s = await openDue(inSeconds(5));
    await castBallot(database.db, s.tokens[0]!.token, YES3);
    // Past the deadline on the database's clock, the one the close compares against.
    await eventually(async () => {
      const r = await sql<{
        past: boolean;
      }>`select closes_at <= now() as past from ballot_sessions where session_id = ${s.sessionId}`.execute(database.db);
      return r.rows[0]?.past || undefined;
    }, 'the deadline to pass');
    expect((await sessionState(database.db, s.sessionId)).status).toBe('open');

    const closed: string[] = [];
    const d = startBallotDeadlines(database.db, { policy: DEFAULT_POLICY, recheckMs: HOUR, onClosed: (r) => closed.push(r.sessionId) });
    running.push(d);
    await d.started;
    const state = await sessionState(database.db, s.sessionId);
    expect(state).toMatchObject({ status: 'closed', closed_by: 'system:deadline', head_position: 1 });
    expect(state.closed_at!.getTime()).toBeGreaterThanOrEqual(state.closes_at!.getTime());
    expect(closed).toContain(s.sessionId);
    await d.stop();
  });

  it('a session opened while it runs closes at its deadline once the scheduler is told', async () => {
    const d = startBallotDeadlines(database.db, { policy: DEFAULT_POLICY, recheckMs: HOUR });
    running.push(d);
    await d.started;
    const s = await openDue(inSeconds(2));
    d.opened();
    expect(await closedBy(s.sessionId)).toBe('system:deadline');
    const state = await sessionState(database.db, s.sessionId);
    expect(state.closed_at!.getTime()).toBeGreaterThanOrEqual(state.closes_at!.getTime());
    await d.stop();
  });

  it('after a close it arms for the next deadline: two sessions, two seconds apart, both close', async () => {
    const d = startBallotDeadlines(database.db, { policy: DEFAULT_POLICY, recheckMs: HOUR });
    running.push(d);
    await d.started;
    const first = await openDue(inSeconds(2));
    const second = await openDue(inSeconds(4));
    d.opened();
    expect(await closedBy(first.sessionId)).toBe('system:deadline');
    expect(await closedBy(second.sessionId)).toBe('system:deadline');
    await d.stop();
  });
});

describe('the API server closes sessions at their deadline', () => {
  let stack: ApiStack;

  beforeAll(async () => {
    stack = await startApiStack(`ballot-deadlines-${process.pid}`, { ballotDeadlines: { recheckMs: HOUR } });
  }, 180_000);
  afterAll(async () => {
    await stack?.app.close();
    await stack?.shared.stop();
    await stack?.database.drop();
  });

  it('a session opened over HTTP with closesAt three seconds ahead closes by itself', async () => {
    const { cookie } = await signedInUser(stack, {
      login: 'deadline-ts03',
      role: 'township-committee',
      townshipId: 'ts-03',
      password: 'correct horse battery staple',
    });
    const caseId = await openElectionMeeting(stack.database.db, 'deadline-api');
    const res = await stack.app.inject({
      method: 'POST',
      url: `/cases/${encodeURIComponent(caseId)}/ballot-sessions`,
      headers: { cookie },
      payload: { step: BALLOT_STEP, definition: { due: 5, candidates: SLATE, seats: 3, closesAt: inSeconds(3) } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { sessionId } = JSON.parse(res.body) as { sessionId: string };
    const state = await eventually(async () => {
      const s = await sessionState(stack.database.db, sessionId);
      return s.status === 'closed' ? s : undefined;
    }, 'the session to close at its deadline');
    expect(state.closed_by).toBe('system:deadline');
    expect(state.closed_at!.getTime()).toBeGreaterThanOrEqual(state.closes_at!.getTime());
  });
});
