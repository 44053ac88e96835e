/**
 * ballot-cast: online ballots cast by concurrent clients (docs/ballots.md), at the
 * service, against plain PostgreSQL on the same server.
 *
 *  - cast: a session of `ballots` tokens, every ballot cast at once by its own async
 *    client through `castBallot` — the token's single-use flip, the session's chain head
 *    locked, the ballot hashed and appended, one transaction each — then closed (recount
 *    and count) and verified. Rate (ballots/s) over the whole burst and each cast's
 *    latency (p50, p99).
 *  - baseline: the same number of clients each INSERTing one row of the same size into
 *    a plain table with no constraints or indexes, through the same pool.
 *
 * Not the HTTP path: the routes are not built yet; this measures what a route would add
 * its own cost to.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../domain/actors';
import { DEFAULT_POLICY } from '../domain/policy';
import { castBallot, closeSession, openSession, verifyBallotSession, type BallotServiceOptions } from '../client/ballots/service';
import { createBenchDatabase } from './lib/db';
import { phase } from './lib/log';
import type { BenchResult } from './lib/results';
import { round, since, summarizeLatencies } from './lib/stats';

export interface BallotCastOptions {
  ballots: number;
  /** Connections in the pool the clients share. */
  connections: number;
}

const NAME = 'ballot-cast';
const say = (m: string): void => phase(NAME, m);
const CHAIR: Actor = { id: 'bench-committee', role: 'township-committee', townshipId: 'ts-bench' };
const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };
const SLATE = ['p-0101', 'p-0102', 'p-0103', 'p-0104', 'p-0105'];

export async function runBallotCast(o: BallotCastOptions): Promise<BenchResult> {
  const bench = await createBenchDatabase('ballots', { max: o.connections });
  const db = bench.db;
  try {
    const caseId = 'election/ts-bench-v1/2026';
    const now = new Date();
    // The step's open task, as the case's workflow writes it to the tasks read model.
    await db
      .insertInto('tasks')
      .values({
        task_id: `${caseId}#election-meeting`,
        case_id: caseId,
        step: 'election-meeting',
        title: 'bench',
        role: 'township-committee',
        org_unit_id: 'ts-bench-v1',
        township_id: 'ts-bench',
        status: 'pending',
        opened_at: now,
        remind_at: now,
        due_at: now,
        due_working_days: 5,
      })
      .execute();
    const session = await openSession(
      db,
      CHAIR,
      { caseId, step: 'election-meeting', definition: { due: o.ballots, candidates: SLATE, seats: 3 } },
      OPTS,
    );
    const ballots = session.tokens.map((t, i) => ({
      token: t.token,
      ballot: {
        kind: 'approve',
        votes: Object.fromEntries(SLATE.map((c, j) => [c, (i + j) % 3 === 0 ? 'yes' : (i + j) % 3 === 1 ? 'no' : 'abstain'])),
      },
    }));

    say(`${o.ballots} clients cast at once through ${o.connections} connections`);
    const latencies: number[] = [];
    const start = performance.now();
    await Promise.all(
      ballots.map(async (b) => {
        const t0 = performance.now();
        await castBallot(db, b.token, b.ballot);
        latencies.push(since(t0));
      }),
    );
    const castMs = since(start);
    const closeStart = performance.now();
    const result = await closeSession(db, CHAIR, session.sessionId, OPTS);
    const closeMs = since(closeStart);
    const verifyStart = performance.now();
    const verified = await verifyBallotSession(db, session.sessionId);
    const verifyMs = since(verifyStart);
    if (!verified.ok || result.cast !== o.ballots)
      throw new Error(`ballot-cast: ${result.cast} counted, verify ${JSON.stringify(verified)}`);

    say('baseline: the same clients INSERTing one row each into a plain table');
    await sql`create table raw_ballots (session_id text, position integer, content text, prev_hash text, hash text)`.execute(db);
    const rawLatencies: number[] = [];
    const rawStart = performance.now();
    await Promise.all(
      ballots.map(async (b, i) => {
        const t0 = performance.now();
        const content = JSON.stringify(b.ballot);
        const hex = randomBytes(32).toString('hex');
        await sql`insert into raw_ballots values (${session.sessionId}, ${i + 1}, ${content}, ${hex}, ${hex})`.execute(db);
        rawLatencies.push(since(t0));
      }),
    );
    const rawMs = since(rawStart);

    const rate = round((o.ballots / castMs) * 1000, 1);
    const rawRate = round((o.ballots / rawMs) * 1000, 1);
    const lat = summarizeLatencies(latencies);
    const rawLat = summarizeLatencies(rawLatencies);
    return {
      name: NAME,
      measures: [
        {
          benchmark: NAME,
          metric: `cast, ${o.ballots} concurrent clients (ballots/s)`,
          project: rate,
          baseline: rawRate,
          ratio: round(rate / rawRate, 2),
          ratioNote: 'project/raw',
          goal: '≥ 1 ballot/s (60 phones within a minute)',
          met: rate >= 1,
        },
        { benchmark: NAME, metric: 'cast latency p50 (ms)', project: lat.p50, baseline: rawLat.p50, ratio: null },
        { benchmark: NAME, metric: 'cast latency p99 (ms)', project: lat.p99, baseline: rawLat.p99, ratio: null },
        { benchmark: NAME, metric: `close: recount and count of ${o.ballots} (ms)`, project: round(closeMs), baseline: null, ratio: null },
        { benchmark: NAME, metric: `verify of ${o.ballots} (ms)`, project: round(verifyMs), baseline: null, ratio: null },
      ],
      details: { ballots: o.ballots, connections: o.connections, latency: lat, rawLatency: rawLat },
    };
  } finally {
    await bench.drop();
  }
}
