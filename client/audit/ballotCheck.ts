/**
 * `audit verify`'s ballot check (docs/ballots.md, "Recount and verify"): every online
 * ballot session's chain recounted from its stored rows (`verifyBallotSession`), and
 * every decision event that says it came from a session held against that session's
 * row (domain/ballots/decisionBallot.ts). Read inside the verify's snapshot, so the
 * sessions and the log are seen at the same instant.
 */
import { sql } from 'kysely';
import { checkDecisionBallot, type DecisionBallotFinding, type SessionOnRecord } from '../../domain/ballots/decisionBallotCheck';
import type { BallotCheck, BallotSessionFinding } from '../../domain/wire/ballotCheck';
import type { DB } from '../../schema/db';
import { verifyBallotSession } from '../ballots/service';
import { anchorFinding } from '../../domain/ballots/sessionClosedEvent';
import type { BallotSessionClosed } from '../../domain/events';

export type { BallotCheck, BallotSessionFinding };

export const ballotFindings = (c: BallotCheck): number => (c.checked ? c.sessionFindings.length + c.decisionFindings.length : 0);

const onRecord = (r: {
  session_id: string;
  case_id: string;
  step: string;
  status: 'open' | 'closed';
  head_hash: string;
  head_position: number;
}): SessionOnRecord => ({
  sessionId: r.session_id,
  caseId: r.case_id,
  step: r.step,
  status: r.status,
  head: r.head_hash,
  cast: r.head_position,
});

/** Every session and decision, or one case's (the case verification route). */
export async function checkBallots(trx: DB, caseId?: string): Promise<BallotCheck> {
  let query = trx
    .selectFrom('ballot_sessions')
    .select(['session_id', 'case_id', 'step', 'status', 'head_hash', 'head_position'])
    .orderBy('opened_at')
    .orderBy('session_id');
  if (caseId !== undefined) query = query.where('case_id', '=', caseId);
  const rows = await query.execute();
  const reports = [];
  for (const r of rows) reports.push(await verifyBallotSession(trx, r.session_id));
  const sessions = new Map<string, SessionOnRecord>(rows.map((r) => [r.session_id, onRecord(r)]));
  const sessionFindings: BallotSessionFinding[] = [];
  for (const r of reports) {
    if (r.ok) continue;
    const s = sessions.get(r.sessionId);
    const at = r.firstBadPosition !== undefined ? `第 ${r.firstBadPosition} 张选票` : '选票链';
    sessionFindings.push({
      sessionId: r.sessionId,
      caseId: s?.caseId ?? '',
      step: s?.step ?? '',
      ...(r.firstBadPosition !== undefined ? { position: r.firstBadPosition } : {}),
      zh: `投票 ${r.sessionId} 的${at}校验不通过：${r.reason ?? ''}`,
      en: `ballot session ${r.sessionId}${r.firstBadPosition !== undefined ? ` at ballot ${r.firstBadPosition}` : ''}: ${r.reason ?? ''}`,
    });
  }
  // Each session against its close as the log's own chain recorded it: a rewrite of its
  // ballots after closing, every hash recomputed, still ends on another head than that.
  let closes = trx
    .selectFrom('events')
    .select(sql<BallotSessionClosed['data']>`data`.as('data'))
    .where('type', '=', 'BallotSessionClosed')
    .orderBy('position');
  if (caseId !== undefined) closes = closes.where(sql<boolean>`data->>'caseId' = ${caseId}`);
  const logged = new Map<string, BallotSessionClosed['data'][]>();
  for (const { data } of await closes.execute()) logged.set(data.sessionId, [...(logged.get(data.sessionId) ?? []), data]);
  const flagged = new Set(sessionFindings.map((f) => f.sessionId));
  for (const s of sessions.values()) {
    const f = anchorFinding(s, logged.get(s.sessionId) ?? []);
    // One finding per session: a chain already found broken is named once.
    if (f && !flagged.has(s.sessionId)) sessionFindings.push({ sessionId: s.sessionId, caseId: s.caseId, step: s.step, ...f });
    logged.delete(s.sessionId);
  }
  for (const [sessionId, [e]] of logged) {
    sessionFindings.push({
      sessionId,
      caseId: e!.caseId,
      step: e!.step,
      zh: `日志记载投票 ${sessionId} 已结束，但没有这个投票的记录`,
      en: `the log records ballot session ${sessionId} closed, but no such session is stored`,
    });
  }
  // Only decision events can carry a session: a decision from a session writes it on TaskDecided.
  let decisions = trx
    .selectFrom('events')
    .select(['position', 'stream_id', sql<string>`data->>'step'`.as('step'), sql<unknown>`data->'ballot'`.as('ballot')])
    .where('type', '=', 'TaskDecided')
    .where(sql<boolean>`data ? 'ballot'`)
    .orderBy('position');
  if (caseId !== undefined) decisions = decisions.where('stream_id', '=', caseId);
  const decided = await decisions.execute();
  // One case's decision may cite a session of another case: that session is read too, to say so.
  const cited = decided
    .map((e) => (e.ballot as { sessionId?: unknown } | null)?.sessionId)
    .filter((id): id is string => typeof id === 'string' && !sessions.has(id));
  if (cited.length > 0) {
    const others = await trx
      .selectFrom('ballot_sessions')
      .select(['session_id', 'case_id', 'step', 'status', 'head_hash', 'head_position'])
      .where('session_id', 'in', [...new Set(cited)])
      .execute();
    for (const r of others) sessions.set(r.session_id, onRecord(r));
  }
  const decisionFindings: DecisionBallotFinding[] = [];
  for (const e of decided) {
    const ballot = e.ballot as { sessionId?: unknown } | null;
    const session = typeof ballot?.sessionId === 'string' ? sessions.get(ballot.sessionId) : undefined;
    const f = checkDecisionBallot({ position: e.position.toString(), caseId: e.stream_id, step: e.step, ballot: e.ballot }, session);
    if (f) decisionFindings.push(f);
  }
  return {
    checked: true,
    sessions: reports.length,
    ballots: reports.reduce((n, r) => n + r.checked, 0),
    decisions: decided.length,
    sessionFindings,
    decisionFindings,
  };
}
