/**
 * `audit verify`'s check of a decision taken from an online ballot (docs/ballots.md):
 * the TaskDecided event's `data.ballot` (read with the one parser of a cited session,
 * decisionBallot.ts) held against the session's stored row: the session exists, is
 * closed, served that case's step, and ended on that head after that many ballots. A
 * decision naming a session that says otherwise was not the count of those ballots.
 */
import { parseDecisionBallot } from './decisionBallot';

/** The stored session, as far as the check reads it. */
export interface SessionOnRecord {
  sessionId: string;
  caseId: string;
  step: string;
  status: 'open' | 'closed';
  head: string;
  cast: number;
}

/** A decision event that carries a ballot: where it is in the log, and what it names. */
export interface BallotDecisionEvent {
  position: string;
  caseId: string;
  step: string;
  ballot: unknown;
}

export interface DecisionBallotFinding {
  position: string;
  caseId: string;
  step: string;
  sessionId?: string;
  zh: string;
  en: string;
}

/** The first thing wrong with a decision's ballot against its stored session, or null when it holds. */
export function checkDecisionBallot(event: BallotDecisionEvent, session: SessionOnRecord | undefined): DecisionBallotFinding | null {
  const read = parseDecisionBallot(event.ballot);
  const at = { position: event.position, caseId: event.caseId, step: event.step };
  // The event records a ballot, so one that parses to none (absent) is malformed too.
  if (!read.ok || read.value === undefined) {
    const why = read.ok ? 'ballot is missing' : read.error;
    return { ...at, zh: `决定所附的投票记录格式不对：${why}`, en: `the decision’s ballot is malformed: ${why}` };
  }
  const b = read.value;
  const finding = (zh: string, en: string): DecisionBallotFinding => ({ ...at, sessionId: b.sessionId, zh, en });
  if (!session)
    return finding(`决定所引用的投票 ${b.sessionId} 不存在`, `the decision names ballot session ${b.sessionId}, which does not exist`);
  if (session.caseId !== event.caseId || session.step !== event.step) {
    return finding(
      `投票 ${b.sessionId} 属于案件 ${session.caseId} 的步骤 ${session.step}，不是本决定的步骤`,
      `ballot session ${b.sessionId} served step ${session.step} of case ${session.caseId}, not this decision’s step`,
    );
  }
  if (session.status !== 'closed') return finding(`投票 ${b.sessionId} 尚未结束`, `ballot session ${b.sessionId} is not closed`);
  if (session.head !== b.head) {
    return finding(
      `决定所记的投票链末端 ${b.head.slice(0, 12)}… 与投票 ${b.sessionId} 的末端 ${session.head.slice(0, 12)}… 不符`,
      `the decision’s ballot head ${b.head.slice(0, 12)}… is not session ${b.sessionId}’s head ${session.head.slice(0, 12)}…`,
    );
  }
  if (session.cast !== b.cast) {
    return finding(
      `决定记有 ${b.cast} 张选票，投票 ${b.sessionId} 共 ${session.cast} 张`,
      `the decision counts ${b.cast} ballots, session ${b.sessionId} holds ${session.cast}`,
    );
  }
  return null;
}
