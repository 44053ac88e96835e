/**
 * Online ballot sessions against a real PostgreSQL server (docs/ballots.md): 40 tokens,
 * 33 ballots cast at once; the turnout, the chain, the close's decision checked by the
 * election meeting's own parser and rules (and 32 failing the quorum the same way); a
 * reused, voided or forged token refused without a write; the triggers; an edited ballot
 * row found by the verify. The step's open task is a row of the tasks read model, as the
 * case's workflow writes it: the decision is not sent to Temporal in this version.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import { chainBallot, recount } from '../../domain/ballots/ballotChain';
import { decideBallot } from '../../domain/electionBallots';
import { judgeMeeting, meetingParser } from '../../domain/electionMeetings';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { DB } from '../../schema/db';
import {
  castBallot,
  closeDueSessions,
  closeSession,
  openSession,
  publishedBallots,
  turnout,
  verifyBallotSession,
  voidSpare,
  type BallotServiceOptions,
  type OpenedSession,
} from '../../client/ballots/service';
import { digestOf, tokenHash } from '../../client/ballots/tokens';
import { openElectionMeeting as openElectionMeetingOf } from '../support/ballotSessions';
import { createTestDatabase, type TestDatabase } from '../support/db';

const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };
const CHAIR: Actor = { id: 'ts-03-committee', role: 'township-committee', townshipId: 'ts-03' };
const OTHER_TOWNSHIP: Actor = { id: 'ts-04-committee', role: 'township-committee', townshipId: 'ts-04' };
const SLATE = ['p-0101', 'p-0102', 'p-0103', 'p-0104'];

let database: TestDatabase;
let db: DB;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.drop());

/** An election whose election meeting is open for the township committee of ts-03. */
const openElectionMeeting = (): Promise<string> => openElectionMeetingOf(db, 'ballots');

async function openForty(spares = 0): Promise<OpenedSession> {
  const caseId = await openElectionMeeting();
  return openSession(db, CHAIR, { caseId, step: 'election-meeting', definition: { due: 40, candidates: SLATE, seats: 3 }, spares }, OPTS);
}

const YES3 = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'no' } };
const YES2 = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0104': 'yes' } };
const OVER = { kind: 'approve', votes: { 'p-0101': 'yes', 'p-0102': 'yes', 'p-0103': 'yes', 'p-0104': 'yes' } };
const ballotsFor = (n: number) => Array.from({ length: n }, (_, i) => (i === n - 1 ? OVER : i < 20 ? YES3 : YES2));

async function rowCounts(sessionId: string) {
  const ballots = await db
    .selectFrom('ballots')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  const used = await db
    .selectFrom('ballot_tokens')
    .select((eb) => eb.fn.countAll<bigint>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '!=', 'issued')
    .executeTakeFirstOrThrow();
  const head = await db
    .selectFrom('ballot_sessions')
    .select(['head_position', 'head_hash'])
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
  return { ballots: Number(ballots.n), usedOrVoided: Number(used.n), head };
}

async function refusal(p: Promise<unknown>): Promise<BallotRefusal> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(BallotRefusal);
    return err as BallotRefusal;
  }
  throw new Error('expected a BallotRefusal');
}

/** Writes with the ballots' triggers switched off for this transaction only: tampering by hand. */
async function tamper(statement: ReturnType<typeof sql>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx);
    await statement.execute(trx);
  });
}

describe('a session of 40 tokens at the election meeting', () => {
  let session: OpenedSession;
  const receipts: string[] = [];

  beforeAll(async () => {
    session = await openForty();
  });

  it('issues 40 distinct tokens and stores only their hashes', async () => {
    expect(session.tokens).toHaveLength(40);
    expect(new Set(session.tokens.map((t) => t.token)).size).toBe(40);
    const rows = await db
      .selectFrom('ballot_tokens')
      .select(['token_hash', 'status'])
      .where('session_id', '=', session.sessionId)
      .execute();
    expect(rows).toHaveLength(40);
    const stored = new Set(rows.map((r) => r.token_hash));
    for (const { token } of session.tokens) {
      expect(stored.has(tokenHash(token, 'sha256'))).toBe(true);
      expect(stored.has(token)).toBe(false);
    }
    // No column anywhere holds a token.
    const dump = JSON.stringify(await db.selectFrom('ballot_sessions').selectAll().execute());
    for (const { token } of session.tokens) expect(dump).not.toContain(token);
  });

  it('33 ballots cast at once: each gets a receipt, the turnout is 33 and the result stays hidden', async () => {
    const casts = await Promise.all(ballotsFor(33).map((b, i) => castBallot(db, session.tokens[i]!.token, b)));
    receipts.push(...casts.map((c) => c.receipt));
    expect(new Set(receipts).size).toBe(33);
    const t = await turnout(db, CHAIR, session.sessionId, OPTS);
    expect(t).toMatchObject({ status: 'open', due: 40, cast: 33, tokens: { issued: 7, used: 33, voided: 0, spares: 0 }, groups: [] });
    expect(t.quorum).toEqual({ threshold: DEFAULT_POLICY.election.electionQuorum, needed: 33 });
    expect(JSON.stringify(t)).not.toContain('p-0101');
    expect(await verifyBallotSession(db, session.sessionId)).toEqual({ sessionId: session.sessionId, ok: true, checked: 33 });
    // Published only once closed.
    expect((await refusal(publishedBallots(db, session.sessionId))).code).toBe('session-open');
  });

  it('another township’s committee cannot see or close the session', async () => {
    expect((await refusal(turnout(db, OTHER_TOWNSHIP, session.sessionId, OPTS))).code).toBe('unknown-session');
    expect((await refusal(closeSession(db, OTHER_TOWNSHIP, session.sessionId, OPTS))).code).toBe('unknown-session');
  });

  it('a reused token is refused and writes nothing', async () => {
    const before = await rowCounts(session.sessionId);
    const r = await refusal(castBallot(db, session.tokens[0]!.token, YES3));
    expect(r.code).toBe('token-used');
    expect(r.zh).toBe('这张票已经投过，每张票只能投一次');
    expect(await rowCounts(session.sessionId)).toEqual(before);
  });

  it('the same unused token sent twice at once votes once', async () => {
    const token = session.tokens[39]!.token;
    const before = await rowCounts(session.sessionId);
    const settled = await Promise.allSettled([castBallot(db, token, YES3), castBallot(db, token, YES3), castBallot(db, token, YES3)]);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(1);
    for (const s of settled.filter((s) => s.status === 'rejected'))
      expect((s as PromiseRejectedResult).reason).toMatchObject({ code: 'token-used' });
    const after = await rowCounts(session.sessionId);
    expect(after.ballots).toBe(before.ballots + 1);
  });

  it('a forged token and a ballot off the slate are refused and write nothing', async () => {
    const before = await rowCounts(session.sessionId);
    expect((await refusal(castBallot(db, '7ZZZZZZZZZZZZZZZZZZZZZZZZZ', YES3))).code).toBe('unknown-token');
    expect((await refusal(castBallot(db, 'not a token', YES3))).code).toBe('bad-token');
    const off = await refusal(castBallot(db, session.tokens[35]!.token, { kind: 'approve', votes: { 'p-9999': 'yes' } }));
    expect(off.code).toBe('bad-ballot');
    expect(await rowCounts(session.sessionId)).toEqual(before);
    // The refused ballot did not use the token up.
    await castBallot(db, session.tokens[35]!.token, YES2);
    expect((await rowCounts(session.sessionId)).ballots).toBe(before.ballots + 1);
  });

  it('the database refuses to change a ballot, to reuse a token, to move a session’s head back', async () => {
    await expect(sql`update ballots set content = 'x' where session_id = ${session.sessionId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from ballots where session_id = ${session.sessionId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(
      sql`update ballot_tokens set status = 'issued' where session_id = ${session.sessionId} and status = 'used'`.execute(db),
    ).rejects.toThrow(/once from issued/);
    await expect(sql`delete from ballot_tokens where session_id = ${session.sessionId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update ballot_sessions set head_position = 1 where session_id = ${session.sessionId}`.execute(db)).rejects.toThrow(
      /one ballot at a time/,
    );
    await expect(sql`update ballot_sessions set definition = '{}' where session_id = ${session.sessionId}`.execute(db)).rejects.toThrow(
      /does not change/,
    );
  });
});

describe('anonymity by construction', () => {
  it('no ballot column names a token or a time, and no token column records when it was used', async () => {
    const columns = async (table: string) =>
      (
        await sql<{
          column_name: string;
        }>`select column_name from information_schema.columns where table_name = ${table} order by ordinal_position`.execute(db)
      ).rows.map((r) => r.column_name);
    // A new column here must keep the promise of docs/ballots.md: nothing links a ballot to its token or to a moment.
    expect(await columns('ballots')).toEqual(['session_id', 'position', 'group_key', 'content', 'prev_hash', 'hash', 'receipt']);
    expect(await columns('ballot_tokens')).toEqual(['token_hash', 'session_id', 'group_key', 'spare', 'status']);
  });
});

describe('closing decides the step as the typed-in count would', () => {
  async function closedWith(n: number) {
    const s = await openForty();
    await Promise.all(ballotsFor(n).map((b, i) => castBallot(db, s.tokens[i]!.token, b)));
    const result = await closeSession(db, CHAIR, s.sessionId, OPTS);
    return { s, result };
  }

  it('33 of 40: the meeting has its quorum, and the slate rule elects from the count', async () => {
    const { s, result } = await closedWith(33);
    const typedIn = { eligible: 40, present: 33, cast: 33, invalid: 1, votes: { 'p-0101': 32, 'p-0102': 32, 'p-0103': 20, 'p-0104': 12 } };
    expect(result.decision).toEqual(typedIn);
    const parsed = meetingParser(SLATE, 3)(result.decision);
    if (!parsed.ok) throw new Error(parsed.error);
    const j = judgeMeeting(parsed.value, 'election', DEFAULT_POLICY, 40);
    if (!j.ok || j.value.outcome !== 'counted') throw new Error('expected a counted meeting');
    expect(decideBallot({ kind: 'first', candidates: SLATE, seats: 3 }, j.value.totals, j.value.present, DEFAULT_POLICY).outcome).toBe(
      'filled',
    );

    // Published: anyone recounts the list to the same tally, and each voter finds their receipt.
    const pub = await publishedBallots(db, s.sessionId);
    const again = recount(digestOf(pub.hashAlgorithm), s.sessionId, pub.definition, pub.ballots);
    expect(again).toMatchObject({ ok: true, checked: 33, head: result.head });
    expect(again.ok && again.tally).toEqual(result.tally);
    expect(pub.result.decision).toEqual(typedIn);
    // A closed session takes no more ballots, and a token left over is refused.
    expect((await refusal(castBallot(db, s.tokens[39]!.token, YES3))).code).toBe('session-closed');
    expect((await refusal(closeSession(db, CHAIR, s.sessionId, OPTS))).code).toBe('session-closed');
  });

  it('32 of 40: no quorum; the decision records attendance only, which the meeting rule judges as no quorum', async () => {
    const { result } = await closedWith(32);
    expect(result.decision).toEqual({ eligible: 40, present: 32 });
    const parsed = meetingParser(SLATE, 3)(result.decision);
    if (!parsed.ok) throw new Error(parsed.error);
    const j = judgeMeeting(parsed.value, 'election', DEFAULT_POLICY, 40);
    expect(j.ok && j.value.outcome).toBe('no-quorum');
  });
});

describe('spares, deadlines and tampering', () => {
  it('a spare is voided by the chair and then refused; a due token cannot be voided', async () => {
    const s = await openForty(2);
    expect(s.spares).toHaveLength(2);
    await voidSpare(db, CHAIR, s.sessionId, s.spares[0]!.token);
    const before = await rowCounts(s.sessionId);
    const r = await refusal(castBallot(db, s.spares[0]!.token, YES3));
    expect(r.code).toBe('token-voided');
    expect(await rowCounts(s.sessionId)).toEqual(before);
    expect((await refusal(voidSpare(db, CHAIR, s.sessionId, s.tokens[0]!.token))).code).toBe('not-a-spare');
    // The other spare still votes.
    await castBallot(db, s.spares[1]!.token, YES3);
    expect((await turnout(db, CHAIR, s.sessionId, OPTS)).tokens).toEqual({ issued: 40, used: 1, voided: 1, spares: 2 });
  });

  it('a spare stands in for a token, it never adds a voter: the ballot after the last one due is refused', async () => {
    const s = await openForty(1);
    await Promise.all(s.tokens.slice(1).map((t) => castBallot(db, t.token, YES3)));
    await castBallot(db, s.spares[0]!.token, YES2);
    const before = await rowCounts(s.sessionId);
    expect(before.ballots).toBe(40);
    const r = await refusal(castBallot(db, s.tokens[0]!.token, YES3));
    expect(r.code).toBe('session-full');
    expect(await rowCounts(s.sessionId)).toEqual(before);
    expect(await verifyBallotSession(db, s.sessionId)).toMatchObject({ ok: true, checked: 40 });
  });

  it('two opens of one step at the same moment give one session and one refusal', async () => {
    const caseId = await openElectionMeeting();
    const open = () =>
      openSession(db, CHAIR, { caseId, step: 'election-meeting', definition: { due: 40, candidates: SLATE, seats: 3 } }, OPTS);
    const settled = await Promise.allSettled([open(), open(), open()]);
    expect(settled.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    for (const x of settled.filter((x) => x.status === 'rejected'))
      expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 'session-open' });
  });

  it('a session past its deadline refuses ballots and is closed by closeDueSessions', async () => {
    const caseId = await openElectionMeeting();
    const closesAt = new Date(Date.now() + 60_000).toISOString();
    const s = await openSession(
      db,
      CHAIR,
      { caseId, step: 'election-meeting', definition: { due: 40, candidates: SLATE, seats: 3, closesAt } },
      OPTS,
    );
    await castBallot(db, s.tokens[0]!.token, YES3);
    // The deadline passes: moved by hand, as the clock would move it.
    await tamper(sql`update ballot_sessions set closes_at = now() - interval '1 second' where session_id = ${s.sessionId}`);
    expect((await refusal(castBallot(db, s.tokens[1]!.token, YES3))).code).toBe('session-closed');
    const closed = await closeDueSessions(db, OPTS);
    expect(closed.map((c) => c.sessionId)).toContain(s.sessionId);
    const row = await db
      .selectFrom('ballot_sessions')
      .select(['status', 'closed_by'])
      .where('session_id', '=', s.sessionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'closed', closed_by: 'system:deadline' });
  });

  it('an edited ballot row, or a ballot without its token, is found by the verify', async () => {
    const s = await openForty();
    await Promise.all(ballotsFor(5).map((b, i) => castBallot(db, s.tokens[i]!.token, b)));
    await closeSession(db, CHAIR, s.sessionId, OPTS);
    expect((await verifyBallotSession(db, s.sessionId)).ok).toBe(true);
    const edited = JSON.stringify({ kind: 'approve', votes: { 'p-0101': 'no', 'p-0102': 'no', 'p-0103': 'no', 'p-0104': 'no' } });
    await tamper(sql`update ballots set content = ${edited} where session_id = ${s.sessionId} and position = 2`);
    const report = await verifyBallotSession(db, s.sessionId);
    expect(report).toMatchObject({ ok: false, firstBadPosition: 2, reason: 'hash of ballot 2 does not match its contents' });

    // Rewritten with every later hash and the head recomputed: the chain holds, the published result does not.
    const rows = await db.selectFrom('ballots').selectAll().where('session_id', '=', s.sessionId).orderBy('position').execute();
    let prev: { position: number; hash: string } | null = null;
    for (const r of rows) {
      const link = chainBallot(digestOf('sha256'), s.sessionId, prev, {
        group: r.group_key,
        content: r.position === 2 ? edited : r.content,
      });
      await tamper(
        sql`update ballots set content = ${link.content}, prev_hash = ${link.prevHash}, hash = ${link.hash}, receipt = ${link.receipt} where session_id = ${s.sessionId} and position = ${r.position}`,
      );
      prev = { position: link.position, hash: link.hash };
    }
    await tamper(sql`update ballot_sessions set head_hash = ${prev!.hash} where session_id = ${s.sessionId}`);
    expect(await verifyBallotSession(db, s.sessionId)).toMatchObject({
      ok: false,
      reason: 'the published result is not the recount of the ballots',
    });

    const t = await openForty();
    await Promise.all(ballotsFor(3).map((b, i) => castBallot(db, t.tokens[i]!.token, b)));
    // A ballot slipped in with a consistent hash but no token used for it.
    const head = await db
      .selectFrom('ballot_sessions')
      .select(['head_position', 'head_hash'])
      .where('session_id', '=', t.sessionId)
      .executeTakeFirstOrThrow();
    const extra = chainBallot(
      digestOf('sha256'),
      t.sessionId,
      { position: head.head_position, hash: head.head_hash },
      {
        group: '',
        content: JSON.stringify({
          kind: 'approve',
          votes: { 'p-0101': 'yes', 'p-0102': 'abstain', 'p-0103': 'abstain', 'p-0104': 'abstain' },
        }),
      },
    );
    await tamper(
      sql`insert into ballots (session_id, position, group_key, content, prev_hash, hash, receipt) values (${t.sessionId}, ${extra.position}, '', ${extra.content}, ${extra.prevHash}, ${extra.hash}, ${extra.receipt})`,
    );
    await tamper(
      sql`update ballot_sessions set head_position = ${extra.position}, head_hash = ${extra.hash} where session_id = ${t.sessionId}`,
    );
    expect(await verifyBallotSession(db, t.sessionId)).toMatchObject({ ok: false, reason: '4 ballots but 3 used tokens' });
  });
});

describe('rater groups and the national hash', () => {
  it('a rating with rater groups issues each group its tokens and publishes each group’s count beside the total', async () => {
    const caseId = await openElectionMeeting();
    // The same open task row, on an evaluation case's rating step.
    const ratingCase = caseId.replace('election/', 'evaluation/');
    await db
      .insertInto('tasks')
      .values({
        task_id: `${ratingCase}#democratic-rating`,
        case_id: ratingCase,
        step: 'democratic-rating',
        title: '民主测评',
        role: 'township-committee',
        org_unit_id: 'ts-03',
        township_id: 'ts-03',
        status: 'pending',
        opened_at: new Date(),
        remind_at: new Date(),
        due_at: new Date(),
        due_working_days: 5,
      })
      .execute();
    const groups = [
      { key: 'leaders', label: '领导班子', due: 3 },
      { key: 'staff', label: '干部职工', due: 6 },
    ];
    const s = await openSession(
      db,
      CHAIR,
      { caseId: ratingCase, step: 'democratic-rating', definition: { due: 9, groups }, spares: 1 },
      { ...OPTS, hashAlgorithm: 'sm3' },
    );
    expect(s.tokens.filter((t) => t.group === 'leaders')).toHaveLength(3);
    expect(s.tokens.filter((t) => t.group === 'staff')).toHaveLength(6);
    expect(s.spares.map((t) => t.group)).toEqual(['leaders', 'staff']);
    const grade = (g: string) => ({ kind: 'rating', grade: g });
    // The leaders' spare stands in for a leader: once the three leaders voted, it is one too many for the group.
    await Promise.all(s.tokens.filter((t) => t.group === 'leaders').map((t) => castBallot(db, t.token, grade('excellent'))));
    expect((await refusal(castBallot(db, s.spares[0]!.token, grade('excellent')))).code).toBe('session-full');
    // The chair's turnout shows each group's tokens: the leaders are all in, the staff not yet.
    expect((await turnout(db, CHAIR, s.sessionId, OPTS)).groups).toEqual([
      { key: 'leaders', label: '领导班子', due: 3, issued: 1, used: 3, voided: 0 },
      { key: 'staff', label: '干部职工', due: 6, issued: 7, used: 0, voided: 0 },
    ]);
    await Promise.all(
      s.tokens
        .filter((t) => t.group === 'staff')
        .map((t, i) => castBallot(db, t.token, grade(i % 2 === 0 ? 'competent' : 'basicallyCompetent'))),
    );
    const result = await closeSession(db, CHAIR, s.sessionId, OPTS);
    expect(result.tally.byGroup.leaders).toEqual({
      kind: 'rating',
      turnout: 3,
      votes: { excellent: 3, competent: 0, basicallyCompetent: 0, notCompetent: 0 },
    });
    expect(result.tally.byGroup.staff).toMatchObject({ kind: 'rating', turnout: 6 });
    expect(result.decision).toMatchObject({ meeting: { present: 9, due: 9 }, votes: { excellent: 3, notCompetent: 0 } });
    // Chained with SM3, as the session recorded: the verify uses the session's own algorithm.
    const pub = await publishedBallots(db, s.sessionId);
    expect(pub.hashAlgorithm).toBe('sm3');
    expect(pub.ballots[0]!.hash).toBe(
      digestOf('sm3')(JSON.stringify(['cadreflow-ballot', '0'.repeat(64), s.sessionId, 1, pub.ballots[0]!.group, pub.ballots[0]!.content])),
    );
    expect(await verifyBallotSession(db, s.sessionId)).toMatchObject({ ok: true, checked: 9 });
    const stored = await db.selectFrom('ballot_tokens').select('token_hash').where('session_id', '=', s.sessionId).execute();
    expect(stored.map((r) => r.token_hash)).toContain(tokenHash(s.tokens[0]!.token, 'sm3'));
  });
});
