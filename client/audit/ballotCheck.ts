/**
 * `audit verify`'s ballot check (docs/ballots.md, "Recount and verify"): every online
 * ballot session's chain recounted from its stored rows (`verifyBallotSessions`), and
 * every decision event that says it came from a session held against that session's
 * row (domain/ballots/decisionBallot.ts). Read inside the verify's snapshot, so the
 * sessions and the log are seen at the same instant.
 */
import { sql } from 'kysely';
import { checkDecisionBallot, type DecisionBallotFinding, type SessionOnRecord } from '../../domain/ballots/decisionBallot';
import type { DB } from '../../schema/db';
import { verifyBallotSessions } from '../ballots/service';

/** A session whose chain does not verify: where, and why, in Chinese and English. */
export interface BallotSessionFinding {
  sessionId: string;
  caseId: string;
  step: string;
  /** The first ballot that does not verify, when the chain itself is broken there. */
  position?: number;
  zh: string;
  en: string;
}

export type BallotCheck =
  | {
      checked: true;
      sessions: number;
      ballots: number;
      /** Decision events that carry a session (`data.ballot`). */
      decisions: number;
      /** Sessions in the order they were opened; the first is the first bad one. */
      sessionFindings: BallotSessionFinding[];
      decisionFindings: DecisionBallotFinding[];
    }
  | { checked: false; why: string };

export const ballotFindings = (c: BallotCheck): number => (c.checked ? c.sessionFindings.length + c.decisionFindings.length : 0);

export async function checkBallots(trx: DB): Promise<BallotCheck> {
  const reports = await verifyBallotSessions(trx);
  const rows = await trx
    .selectFrom('ballot_sessions')
    .select(['session_id', 'case_id', 'step', 'status', 'head_hash', 'head_position'])
    .execute();
  const sessions = new Map<string, SessionOnRecord>(
    rows.map((r) => [
      r.session_id,
      { sessionId: r.session_id, caseId: r.case_id, step: r.step, status: r.status, head: r.head_hash, cast: r.head_position },
    ]),
  );
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
  // Only decision events can carry a session; the other engineer's close-then-decide writes it on TaskDecided.
  const decided = await trx
    .selectFrom('events')
    .select(['position', 'stream_id', sql<string>`data->>'step'`.as('step'), sql<unknown>`data->'ballot'`.as('ballot')])
    .where('type', '=', 'TaskDecided')
    .where(sql<boolean>`data ? 'ballot'`)
    .orderBy('position')
    .execute();
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
