/**
 * A case's online ballot sessions as the audit timeline shows them (docs/audit.md): when
 * each opened and by whom, on which step, the participants due and the closing rule;
 * when it closed, by its chair or by its deadline, with the ballots cast and the head of
 * its chain. Never a token and never what a ballot says: those are the published list's.
 */
import { DEADLINE_CLOSER } from '../../domain/ballots/sessionClosedEvent';
import type { DB } from '../../schema/db';

export interface AuditedBallotSession {
  sessionId: string;
  step: string;
  openedAt: string;
  openedBy: string;
  due: number;
  /** Closed by the chair, or by itself at `closesAt`. */
  closing: { kind: 'manual' } | { kind: 'deadline'; at: string };
  status: 'open' | 'closed';
  /** Ballots cast so far; the final count once closed. */
  cast: number;
  closedAt?: string;
  closedBy?: string;
  /** Closed by its deadline rather than by a person. */
  closedByDeadline?: boolean;
  /** The head of its ballot chain once closed: the decision that carries the session cites it. */
  head?: string;
}

export async function caseBallotSessions(db: DB, caseId: string): Promise<AuditedBallotSession[]> {
  const rows = await db
    .selectFrom('ballot_sessions')
    .select([
      'session_id',
      'step',
      'opened_at',
      'opened_by',
      'definition',
      'status',
      'head_position',
      'head_hash',
      'closed_at',
      'closed_by',
    ])
    .where('case_id', '=', caseId)
    .orderBy('opened_at')
    .orderBy('session_id')
    .execute();
  return rows.map((r) => ({
    sessionId: r.session_id,
    step: r.step,
    openedAt: r.opened_at.toISOString(),
    openedBy: r.opened_by,
    due: r.definition.due,
    closing: r.definition.closing.kind === 'deadline' ? { kind: 'deadline', at: r.definition.closing.at } : { kind: 'manual' },
    status: r.status,
    cast: r.head_position,
    ...(r.status === 'closed'
      ? {
          closedAt: r.closed_at?.toISOString(),
          closedBy: r.closed_by ?? undefined,
          closedByDeadline: r.closed_by === DEADLINE_CLOSER,
          head: r.head_hash,
        }
      : {}),
  }));
}
