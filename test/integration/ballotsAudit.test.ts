/**
 * Online ballot sessions in the audit (docs/ballots.md, docs/audit.md) on a real
 * PostgreSQL server: `audit verify` recounts every session's chain and holds every
 * decision that carries a session against it; a ballot row edited past the triggers is
 * found at its position, a decision whose head is not its session's is found at its log
 * position; the audit timeline shows a case's sessions, opened and closed, with the
 * decision event that carries each. Temporal plays no part here: the decisions check
 * says so and the rest runs.
 *
 * Tampering happens inside a transaction that is rolled back (the triggers switched off
 * there), as the audit suite tampers with events, so each test starts from the honest record.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendToStream } from '../../activities/eventStore';
import type { DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import type { DB } from '../../schema/db';
import { auditBackend } from '../../client/audit/backendModule';
import { renderVerify } from '../../client/audit/render';
import { caseFromRecord, caseTimeline } from '../../client/audit/service';
import { renderTimelineHtml, renderTimelineText } from '../../client/audit/timeline';
import { verifyDatabase, type VerifyReport } from '../../client/audit/verify';
import {
  castBallot,
  closeSession,
  openSession,
  verifyBallotSession,
  type BallotResult,
  type BallotServiceOptions,
} from '../../client/ballots/service';
import { digestOf } from '../../client/ballots/tokens';
import { chainBallot, recount } from '../../domain/ballots/ballotChain';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { signedInUser } from '../support/api';
import { apiModules, buildApi } from '../../client/api/server';
import { directBackend } from '../../client/backend';
import type { CaseVerification } from '../../domain/wire/caseVerification';
import { BALLOT_CHAIR, BALLOT_STEP, openElectionMeeting, SLATE, YES3 } from '../support/ballotSessions';

const OPTS: BallotServiceOptions = { hashAlgorithm: 'sha256', policy: DEFAULT_POLICY };

let database: TestDatabase;
let first: { caseId: string; result: BallotResult };
let second: { caseId: string; result: BallotResult };
/** Log positions of the decisions appended below: one that holds, one whose head is wrong. */
let goodDecision: string;
let badDecision: string;

const verify = (db: DB): Promise<VerifyReport> => verifyDatabase(db, 'test database', { unavailable: 'no Temporal in this suite' });

class RolledBack extends Error {}

async function tampered<T>(fn: (trx: DB) => Promise<T>): Promise<T> {
  let out: T | undefined;
  try {
    await database.db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      out = await fn(trx);
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return out as T;
}

async function session(cast: number, closesAt?: string): Promise<{ caseId: string; result: BallotResult }> {
  const caseId = await openElectionMeeting(database.db, 'audit');
  const opened = await openSession(
    database.db,
    BALLOT_CHAIR,
    { caseId, step: BALLOT_STEP, definition: { due: 6, candidates: SLATE, seats: 3, ...(closesAt ? { closesAt } : {}) } },
    OPTS,
  );
  for (const t of opened.tokens.slice(0, cast)) await castBallot(database.db, t.token, YES3);
  return { caseId, result: await closeSession(database.db, BALLOT_CHAIR, opened.sessionId, OPTS) };
}

/** The step's decision as the close-then-decide records it: `data.ballot` names the session. */
async function decided(caseId: string, ballot: { sessionId: string; head: string; cast: number }, decision: object): Promise<string> {
  const event = {
    type: 'TaskDecided',
    data: {
      caseId,
      taskId: `${caseId}#${BALLOT_STEP}`,
      step: BALLOT_STEP,
      actor: BALLOT_CHAIR,
      decision,
      at: new Date().toISOString(),
      ballot,
    },
  } as unknown as DomainEvent;
  const r = await appendToStream(database.db, {
    streamId: caseId,
    expectedVersion: 'any',
    idempotencyKey: `${caseId}:${BALLOT_STEP}`,
    events: [{ event, metadata: { actor: BALLOT_CHAIR, causationId: BALLOT_STEP } }],
  });
  return r.firstPosition;
}

beforeAll(async () => {
  database = await createTestDatabase();
  first = await session(3, new Date(Date.now() + 3_600_000).toISOString());
  second = await session(4);
  goodDecision = await decided(
    first.caseId,
    { sessionId: first.result.sessionId, head: first.result.head, cast: 3 },
    first.result.decision,
  );
  badDecision = await decided(
    second.caseId,
    { sessionId: second.result.sessionId, head: first.result.head, cast: 4 },
    second.result.decision,
  );
});
afterAll(async () => database?.drop());

describe('audit verify: the ballot sessions', () => {
  it('recounts every session and holds each decision carrying one against it: the wrong head is found at its position', async () => {
    const started = performance.now();
    const report = await verify(database.db);
    const ms = performance.now() - started;
    expect(report.ballots).toMatchObject({ checked: true, sessions: 2, ballots: 7, decisions: 2, sessionFindings: [] });
    if (!report.ballots.checked) throw new Error('not checked');
    expect(report.ballots.decisionFindings).toHaveLength(1);
    const f = report.ballots.decisionFindings[0]!;
    expect(f).toMatchObject({ position: badDecision, caseId: second.caseId, step: BALLOT_STEP, sessionId: second.result.sessionId });
    expect(f.zh).toContain('不符');
    expect(f.en).toContain(`is not session ${second.result.sessionId}’s head`);
    expect(report.ballots.decisionFindings.map((x) => x.position)).not.toContain(goodDecision);
    expect(report.ok).toBe(false);
    const text = renderVerify(report);
    expect(text).toMatch(
      /ballots {7}1 finding\(s\): 2 online ballot session\(s\), 7 ballot\(s\) recounted; 2 decision\(s\) citing a session/,
    );
    expect(text).toContain(`log position ${badDecision}`);
    // The whole verify, read models rebuilt included, on this small database.
    expect(ms).toBeLessThan(30_000);
  });

  it('a decision naming a session of another step, or one still open, or none, is a finding', async () => {
    const open = await openElectionMeeting(database.db, 'audit-open');
    const opened = await openSession(
      database.db,
      BALLOT_CHAIR,
      { caseId: open, step: BALLOT_STEP, definition: { due: 6, candidates: SLATE, seats: 3 } },
      OPTS,
    );
    const findings = await tampered(async (trx) => {
      const zeros = '0'.repeat(64);
      const at = async (caseId: string, sessionId: string) => {
        const event = {
          type: 'TaskDecided',
          data: {
            caseId,
            taskId: 't',
            step: BALLOT_STEP,
            actor: BALLOT_CHAIR,
            decision: {},
            at: new Date().toISOString(),
            ballot: { sessionId, head: zeros, cast: 0 },
          },
        } as unknown as DomainEvent;
        const r = await appendToStream(trx, {
          streamId: caseId,
          expectedVersion: 'any',
          idempotencyKey: `${caseId}:${sessionId}:forged`,
          events: [{ event, metadata: { causationId: BALLOT_STEP } }],
        });
        return r.firstPosition;
      };
      const elsewhere = await at(open, first.result.sessionId);
      const stillOpen = await at(open, opened.sessionId);
      const missing = await at(open, 'bs-00000000-0000-0000-0000-000000000000');
      const report = await verify(trx);
      if (!report.ballots.checked) throw new Error('not checked');
      const byPosition = new Map(report.ballots.decisionFindings.map((f) => [f.position, f.en]));
      return { elsewhere: byPosition.get(elsewhere), stillOpen: byPosition.get(stillOpen), missing: byPosition.get(missing) };
    });
    expect(findings.elsewhere).toMatch(/served step election-meeting of case .*, not this decision’s step/);
    expect(findings.stillOpen).toMatch(/is not closed/);
    expect(findings.missing).toMatch(/does not exist/);
  });

  it('a closed session rewritten with every hash recomputed is found by its close in the log', async () => {
    const s = second.result;
    const report = await tampered(async (trx) => {
      // Ballot 2 changed, every later link and hash recomputed, the head and the published
      // result made to match: the session's own chain recounts clean.
      const rows = await trx.selectFrom('ballots').selectAll().where('session_id', '=', s.sessionId).orderBy('position').execute();
      const def = (
        await trx.selectFrom('ballot_sessions').select('definition').where('session_id', '=', s.sessionId).executeTakeFirstOrThrow()
      ).definition;
      const digest = digestOf('sha256');
      let head: { position: number; hash: string } | null = null;
      const rewritten = rows.map((r) => {
        const content =
          r.position === 2 ? '{"kind":"approve","votes":{"p-0101":"no","p-0102":"yes","p-0103":"yes","p-0104":"no"}}' : r.content;
        const b = chainBallot(digest, s.sessionId, head, { group: r.group_key, content });
        head = { position: b.position, hash: b.hash };
        return b;
      });
      for (const b of rewritten) {
        await trx
          .updateTable('ballots')
          .set({ content: b.content, prev_hash: b.prevHash, hash: b.hash, receipt: b.receipt } as never)
          .where('session_id', '=', s.sessionId)
          .where('position', '=', b.position)
          .execute();
      }
      const again = recount(digest, s.sessionId, def, rewritten);
      if (!again.ok) throw new Error(`the rewrite does not recount: ${again.reason} ${rows[1]!.content}`);
      await trx
        .updateTable('ballot_sessions')
        .set({ head_hash: again.head, result: JSON.stringify({ ...s, head: again.head, tally: again.tally }) } as never)
        .where('session_id', '=', s.sessionId)
        .execute();
      expect(await verifyBallotSession(trx, s.sessionId)).toMatchObject({ ok: true });
      return verify(trx);
    });
    if (!report.ballots.checked) throw new Error('not checked');
    expect(report.ballots.sessionFindings).toHaveLength(1);
    const f = report.ballots.sessionFindings[0]!;
    expect(f).toMatchObject({ sessionId: s.sessionId, caseId: second.caseId, step: BALLOT_STEP });
    expect(f.en).toContain(`when ballot session ${s.sessionId} closed the log recorded 4 ballots ending at ${s.head.slice(0, 12)}`);
    expect(f.zh).toContain('结束时日志记载 4 张选票');
    expect(report.ok).toBe(false);
  });

  it('a closed session with no close in the log, or a close in the log with no session, is a finding', async () => {
    const findings = await tampered(async (trx) => {
      await sql`delete from events where type = 'BallotSessionClosed' and data->>'sessionId' = ${first.result.sessionId}`.execute(trx);
      // The stored text is what the log holds (data is derived from it).
      await sql`update events set data_canonical = replace(data_canonical, ${second.result.sessionId}, 'bs-00000000-0000-4000-8000-000000000009')
                where type = 'BallotSessionClosed' and data->>'sessionId' = ${second.result.sessionId}`.execute(trx);
      const report = await verify(trx);
      if (!report.ballots.checked) throw new Error('not checked');
      return report.ballots.sessionFindings.map((x) => x.en);
    });
    expect(findings).toContainEqual(`ballot session ${first.result.sessionId} is closed, but the log holds no BallotSessionClosed for it`);
    expect(findings).toContainEqual(`ballot session ${second.result.sessionId} is closed, but the log holds no BallotSessionClosed for it`);
    expect(findings).toContainEqual(
      'the log records ballot session bs-00000000-0000-4000-8000-000000000009 closed, but no such session is stored',
    );
  });

  it('an edited ballot row is found at its position, in Chinese and English', async () => {
    const report = await tampered(async (trx) => {
      await sql`update ballots set content = ${'{"p-0101":"no","p-0102":"yes","p-0103":"yes","p-0104":"no"}'}
                where session_id = ${second.result.sessionId} and position = 2`.execute(trx);
      return verify(trx);
    });
    if (!report.ballots.checked) throw new Error('not checked');
    expect(report.ballots.sessionFindings).toHaveLength(1);
    expect(report.ballots.sessionFindings[0]).toMatchObject({
      sessionId: second.result.sessionId,
      caseId: second.caseId,
      step: BALLOT_STEP,
      position: 2,
    });
    expect(report.ballots.sessionFindings[0]!.zh).toContain('第 2 张选票校验不通过');
    expect(report.ballots.sessionFindings[0]!.en).toContain('at ballot 2');
    const text = renderVerify(report);
    expect(text).toContain('first bad session / 第一个校验不通过的投票 (1 in all)');
    expect(text).toContain(`${second.result.sessionId} (case ${second.caseId}, step ${BALLOT_STEP}, ballot 2)`);
    // Rolled back: the honest record verifies again.
    const honest = await verify(database.db);
    expect(honest.ballots.checked && honest.ballots.sessionFindings).toEqual([]);
  });
});

describe('the case verification route: the case’s sessions and decisions', () => {
  it('GET /audit/cases/{caseId}/verification holds the case’s decision against its session, in Chinese and English', async () => {
    const deps = { db: database.db, policy: DEFAULT_POLICY, taskQueue: 'none' };
    const app = await buildApi({ db: database.db, backend: directBackend(deps), modules: apiModules(deps) });
    try {
      const { cookie } = await signedInUser(
        { database, app },
        { login: 'ballot-audit', role: 'auditor', password: 'ballot audit passphrase' },
      );
      const get = async (caseId: string) => {
        const res = await app.inject({
          method: 'GET',
          url: `/audit/cases/${encodeURIComponent(caseId)}/verification`,
          headers: { cookie },
        });
        expect(res.statusCode, res.body).toBe(200);
        return (JSON.parse(res.body) as CaseVerification).ballots;
      };
      expect(await get(first.caseId)).toEqual({
        checked: true,
        sessions: 1,
        ballots: 3,
        decisions: 1,
        sessionFindings: [],
        decisionFindings: [],
      });
      const bad = await get(second.caseId);
      expect(bad).toMatchObject({ checked: true, sessions: 1, ballots: 4, decisions: 1, sessionFindings: [] });
      expect(bad.checked && bad.decisionFindings).toEqual([
        expect.objectContaining({ position: badDecision, sessionId: second.result.sessionId, zh: expect.stringContaining('不符') }),
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('audit timeline: a case’s ballot sessions', () => {
  it('shows the session opened and closed, with the decision event that carries it', async () => {
    const calls = auditBackend.create({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'none' });
    const t = await caseTimeline(first.caseId, await caseFromRecord(calls, first.caseId), []);
    expect(t.ballotSessions).toHaveLength(1);
    expect(t.ballotSessions[0]).toMatchObject({
      sessionId: first.result.sessionId,
      step: BALLOT_STEP,
      openedBy: BALLOT_CHAIR.id,
      due: 6,
      closing: { kind: 'deadline' },
      status: 'closed',
      cast: 3,
      closedBy: BALLOT_CHAIR.id,
      closedByDeadline: false,
      head: first.result.head,
      decisionPosition: goodDecision,
    });
    const text = renderTimelineText(t);
    expect(text).toContain(`${first.result.sessionId} on step ${BALLOT_STEP}: opened`);
    expect(text).toContain(`by ${BALLOT_CHAIR.id}: 3 cast, head ${first.result.head.slice(0, 12)}…`);
    expect(text).toContain(`decided: log position ${goodDecision} carries it`);
    expect(text).toContain(`ballot=${first.result.sessionId} (3 cast`);
    const html = renderTimelineHtml(t, 'cadreflow test');
    expect(html).toContain('在线投票 (Online ballot sessions)');
    expect(html).toContain(`#${goodDecision}`);
  });

  it('a session closed by its deadline says so; one no decision carries says that', async () => {
    const caseId = await openElectionMeeting(database.db, 'audit-deadline');
    const opened = await openSession(
      database.db,
      BALLOT_CHAIR,
      {
        caseId,
        step: BALLOT_STEP,
        definition: { due: 6, candidates: SLATE, seats: 3, closesAt: new Date(Date.now() + 3_600_000).toISOString() },
      },
      OPTS,
    );
    const calls = auditBackend.create({ db: database.db, policy: DEFAULT_POLICY, taskQueue: 'none' });
    const before = await caseTimeline(caseId, await caseFromRecord(calls, caseId), []).catch((err: Error) => err);
    // No event in the case's stream and no history: the timeline has no case to show yet.
    expect(before).toBeInstanceOf(Error);
    await decided(caseId, { sessionId: 'bs-unrelated', head: '1'.repeat(64), cast: 0 }, {});
    // Past the triggers: the deadline moved into the past, so the close is the deadline's.
    await tampered(async (trx) => {
      await sql`update ballot_sessions set status = 'closed', closed_by = 'system:deadline', closed_at = now() where session_id = ${opened.sessionId}`.execute(
        trx,
      );
      const t = await caseTimeline(
        caseId,
        await caseFromRecord(auditBackend.create({ db: trx, policy: DEFAULT_POLICY, taskQueue: 'none' }), caseId),
        [],
      );
      expect(t.ballotSessions[0]).toMatchObject({ status: 'closed', closedByDeadline: true });
      expect(t.ballotSessions[0]!.decisionPosition).toBeUndefined();
      const text = renderTimelineText(t);
      expect(text).toContain('by its deadline: 0 cast');
      expect(text).toContain('decided: no decision event carries it yet');
    });
  });
});
