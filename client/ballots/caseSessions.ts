/**
 * A case's ballot sessions (GET /cases/{caseId}/ballot-sessions, docs/ballots.md): how a
 * chair who left a session's page finds it again. Each session's counts only — never a
 * token (none is stored) and never what the ballots say. Which sessions the caller sees
 * is domain/ballots/sessionListing.ts: an open one only its chair, a closed one (whose
 * ballots are published) every reader of the case. The route checks first that the case
 * is the caller's to see.
 */
import type { Actor } from '../../domain/actors';
import { listsSession } from '../../domain/ballots/sessionListing';
import type { CaseBallotSession } from '../../domain/wire/ballotSession';
import type { DB } from '../../schema/db';

export async function caseSessions(db: DB, actor: Actor, caseId: string): Promise<CaseBallotSession[]> {
  const rows = await db
    .selectFrom('ballot_sessions as s')
    .leftJoin('tasks as t', (j) => j.onRef('t.case_id', '=', 's.case_id').onRef('t.step', '=', 's.step'))
    .select([
      's.session_id',
      's.step',
      's.status',
      's.definition',
      's.head_position',
      's.opened_at',
      's.closes_at',
      's.closed_at',
      't.role',
      't.township_id',
      't.escalated_at',
    ])
    .where('s.case_id', '=', caseId)
    .orderBy('s.opened_at', 'desc')
    .orderBy('s.session_id')
    .execute();
  return rows
    .filter((r) =>
      // A session's step always has its task row; without one, only a closed session's published data is shown.
      r.role === null || r.township_id === null
        ? r.status === 'closed'
        : listsSession(
            actor,
            { caseId, step: r.step, role: r.role, townshipId: r.township_id, escalated: r.escalated_at !== null },
            r.status,
          ),
    )
    .map((r) => ({
      sessionId: r.session_id,
      step: r.step,
      status: r.status,
      due: r.definition.due,
      cast: r.head_position,
      openedAt: r.opened_at.toISOString(),
      closesAt: r.closes_at?.toISOString() ?? null,
      closedAt: r.closed_at?.toISOString() ?? null,
    }));
}
