/**
 * ballot-cast: online ballots cast by concurrent clients (docs/ballots.md), at the
 * service, against plain PostgreSQL on the same server.
 *
 *  - cast: a session of `ballots` tokens, every ballot cast at once by its own async
 *    client through `castBallot` — the token's single-use flip, the session's chain head
 *    locked, the ballot hashed and appended, one transaction each — then closed (recount
 *    and count) and verified. Rate (ballots/s) over the whole burst and each cast's
 *    latency (p50, p99).
 *  - HTTP: a second session of as many tokens, every ballot cast at once by its own
 *    client as a phone casts it: `POST /ballots` to the API (buildApi, listening on a
 *    loopback port), with no sign-in. The voter's path never reaches Temporal, so the API
 *    is given a Temporal client that connects only if used (and would then fail).
 *  - baseline: the same number of clients each INSERTing one row of the same size into
 *    a plain table with no constraints or indexes, through the same pool.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import pino from 'pino';
import { directBackend } from '../client/backend';
import type { DB } from '../schema/db';
import { buildApi } from '../client/api/server';
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
  /** Rounds of each burst; the median is reported. */
  rounds: number;
}

const NAME = 'ballot-cast';
const say = (m: string): void => phase(NAME, m);
const CHAIR: Actor = { id: 'bench-committee', role: 'township-committee', townshipId: 'ts-bench' };
const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };
const SLATE = ['p-0101', 'p-0102', 'p-0103', 'p-0104', 'p-0105'];

export async function runBallotCast(o: BallotCastOptions): Promise<BenchResult> {
  const bench = await createBenchDatabase('ballots', { max: o.connections });
  const db = bench.db;
  const loadAtStart = loadavg()[0]!;
  const api = await votersApi(db);
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
    await sql`create table raw_ballots (session_id text, position integer, content text, prev_hash text, hash text)`.execute(db);
    // One session per open step at a time: each burst opens one, and closes it (recount and count).
    const session = async (cast: (b: SlateBallot) => Promise<void>) => {
      const opened = await openSession(
        db,
        CHAIR,
        { caseId, step: 'election-meeting', definition: { due: o.ballots, candidates: SLATE, seats: 3 } },
        OPTS,
      );
      const timed = await burst(slateBallots(opened.tokens), cast);
      const closeStart = performance.now();
      const result = await closeSession(db, CHAIR, opened.sessionId, OPTS);
      const closeMs = since(closeStart);
      const verifyStart = performance.now();
      const verified = await verifyBallotSession(db, opened.sessionId);
      const verifyMs = since(verifyStart);
      if (!verified.ok || result.cast !== o.ballots)
        throw new Error(`ballot-cast: ${result.cast} counted of ${o.ballots}, verify ${JSON.stringify(verified)}`);
      return { ...timed, closeMs, verifyMs };
    };

    const rounds: Array<Record<'service' | 'http' | 'raw', Burst> & { closeMs: number; verifyMs: number }> = [];
    for (let r = 1; r <= o.rounds; r++) {
      say(`round ${r}/${o.rounds}: ${o.ballots} clients cast at once through castBallot (${o.connections} connections)`);
      const service = await session((b) => castBallot(db, b.token, b.ballot).then(() => undefined));
      say(`round ${r}/${o.rounds}: ${o.ballots} clients POST /ballots at once, no sign-in`);
      const http = await session((b) => api.cast(b));
      say(`round ${r}/${o.rounds}: baseline, the same clients INSERTing one row each into a plain table`);
      let position = 0;
      const raw = await burst(service.tokens, async (b) => {
        const hex = randomBytes(32).toString('hex');
        await sql`insert into raw_ballots values (${`round-${r}`}, ${++position}, ${JSON.stringify(b.ballot)}, ${hex}, ${hex})`.execute(db);
      });
      rounds.push({ service, http, raw, closeMs: service.closeMs, verifyMs: service.verifyMs });
    }

    const loadAtEnd = loadavg()[0]!;
    const note = `median of ${o.rounds} rounds; load average (1 min) ${round(loadAtStart)} → ${round(loadAtEnd)}`;
    const med = (f: (x: (typeof rounds)[number]) => number): number => round(median(rounds.map(f)), 1);
    const rate = med((x) => x.service.rate);
    const httpRate = med((x) => x.http.rate);
    const rawRate = med((x) => x.raw.rate);
    const rawP50 = med((x) => x.raw.latency.p50);
    const rawP99 = med((x) => x.raw.latency.p99);
    const rateMeasure = (metric: string, project: number) => ({
      benchmark: NAME,
      metric,
      project,
      baseline: rawRate,
      ratio: round(project / rawRate, 2),
      ratioNote: 'project/raw',
      goal: '≥ 1 ballot/s (60 phones within a minute)',
      met: project >= 1,
      note,
    });
    return {
      name: NAME,
      measures: [
        rateMeasure(`cast, ${o.ballots} concurrent clients (ballots/s)`, rate),
        { benchmark: NAME, metric: 'cast latency p50 (ms)', project: med((x) => x.service.latency.p50), baseline: rawP50, ratio: null },
        { benchmark: NAME, metric: 'cast latency p99 (ms)', project: med((x) => x.service.latency.p99), baseline: rawP99, ratio: null },
        rateMeasure(`cast over HTTP (POST /ballots), ${o.ballots} concurrent clients (ballots/s)`, httpRate),
        {
          benchmark: NAME,
          metric: 'cast over HTTP latency p50 (ms)',
          project: med((x) => x.http.latency.p50),
          baseline: rawP50,
          ratio: null,
        },
        {
          benchmark: NAME,
          metric: 'cast over HTTP latency p99 (ms)',
          project: med((x) => x.http.latency.p99),
          baseline: rawP99,
          ratio: null,
        },
        {
          benchmark: NAME,
          metric: `close: recount and count of ${o.ballots} (ms)`,
          project: med((x) => x.closeMs),
          baseline: null,
          ratio: null,
        },
        { benchmark: NAME, metric: `verify of ${o.ballots} (ms)`, project: med((x) => x.verifyMs), baseline: null, ratio: null },
      ],
      details: {
        ballots: o.ballots,
        connections: o.connections,
        rounds: rounds.map(({ service, http, raw, closeMs, verifyMs }) => ({
          service: { rate: service.rate, latency: service.latency },
          http: { rate: http.rate, latency: http.latency },
          raw: { rate: raw.rate, latency: raw.latency },
          closeMs,
          verifyMs,
        })),
        loadAverage: { start: loadAtStart, end: loadAtEnd },
      },
    };
  } finally {
    await api.close();
    await bench.drop();
  }
}

type SlateBallot = { token: string; ballot: { kind: 'approve'; votes: Record<string, string> } };

/** One slate ballot per token, the marks varied so the count is not one-sided. */
function slateBallots(tokens: { token: string }[]): SlateBallot[] {
  return tokens.map((t, i) => ({
    token: t.token,
    ballot: {
      kind: 'approve',
      votes: Object.fromEntries(SLATE.map((c, j) => [c, (i + j) % 3 === 0 ? 'yes' : (i + j) % 3 === 1 ? 'no' : 'abstain'])),
    },
  }));
}

interface Burst {
  /** The tokens of the burst's session: the baseline writes one row per token. */
  tokens: SlateBallot[];
  rate: number;
  latency: ReturnType<typeof summarizeLatencies>;
}

/** Every ballot cast at once, each by its own client: the rate over the burst and each cast's latency. */
async function burst(ballots: SlateBallot[], cast: (b: SlateBallot) => Promise<void>): Promise<Burst> {
  const latencies: number[] = [];
  const start = performance.now();
  await Promise.all(
    ballots.map(async (b) => {
      const t0 = performance.now();
      await cast(b);
      latencies.push(since(t0));
    }),
  );
  return { tokens: ballots, rate: round((ballots.length / since(start)) * 1000, 1), latency: summarizeLatencies(latencies) };
}

/** The real API on a loopback port, and a cast as the voting page sends it. */
async function votersApi(db: DB) {
  // Casting never reaches Temporal; a lazy connection is never opened unless something does.
  const client = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
  const app = await buildApi({
    db,
    backend: directBackend({ db, client, policy: DEFAULT_POLICY, taskQueue: 'bench-ballots' }),
    logger: pino({ level: 'error' }, pino.destination(2)),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/ballots`;
  return {
    async cast(b: SlateBallot): Promise<void> {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
      if (res.status !== 201) throw new Error(`POST /ballots: ${res.status} ${await res.text()}`);
      await res.json();
    },
    close: () => app.close(),
  };
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
