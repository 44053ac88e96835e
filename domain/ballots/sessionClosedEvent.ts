/**
 * The event a close appends to the log (docs/ballots.md "The archive"): the session's
 * ballot chain's head and count, on a stream of the session's own, so the log's hash
 * chain covers them from the moment of closing, decided or not.
 */
import type { BallotSessionClosed } from '../events/core';

/** The session's stream in the log: one event, its close. */
export const ballotSessionStream = (sessionId: string): string => `ballot-session/${sessionId}`;

/** Who closed a session by its deadline, in `closed_by` and in the event. */
export const DEADLINE_CLOSER = 'system:deadline';

export function sessionClosedEvent(
  closed: { sessionId: string; caseId: string; step: string; head: string; cast: number },
  hashAlgorithm: string,
  closedBy: string,
  at: string,
): BallotSessionClosed {
  const { sessionId, caseId, step, head, cast } = closed;
  return { type: 'BallotSessionClosed', data: { sessionId, caseId, step, head, cast, hashAlgorithm, closedBy, at } };
}

/**
 * `audit verify`'s anchor check: a session's row against the BallotSessionClosed events
 * the log holds for it. A closed session has exactly one, naming its case, step, head and
 * count; an open session has none. Null when it holds, else why, in Chinese and English.
 */
export function anchorFinding(
  session: { sessionId: string; caseId: string; step: string; status: 'open' | 'closed'; head: string; cast: number },
  logged: readonly BallotSessionClosed['data'][],
): { zh: string; en: string } | null {
  const id = session.sessionId;
  if (session.status === 'open') {
    return logged.length === 0
      ? null
      : { zh: `投票 ${id} 尚未结束，日志中却已记有其结束`, en: `ballot session ${id} is open, but the log records its close` };
  }
  if (logged.length === 0) {
    return {
      zh: `投票 ${id} 已结束，日志中没有其结束记录`,
      en: `ballot session ${id} is closed, but the log holds no BallotSessionClosed for it`,
    };
  }
  if (logged.length > 1) {
    return {
      zh: `日志中记有 ${logged.length} 次投票 ${id} 的结束`,
      en: `the log records ballot session ${id} closed ${logged.length} times`,
    };
  }
  const e = logged[0]!;
  if (e.caseId !== session.caseId || e.step !== session.step) {
    return {
      zh: `日志记载投票 ${id} 属于案件 ${e.caseId} 的步骤 ${e.step}，与投票记录不符`,
      en: `the log records ballot session ${id} for step ${e.step} of case ${e.caseId}, not what the session says`,
    };
  }
  if (e.head !== session.head || e.cast !== session.cast) {
    return {
      zh: `投票 ${id} 结束时日志记载 ${e.cast} 张选票、末端 ${e.head.slice(0, 12)}…，现存为 ${session.cast} 张、末端 ${session.head.slice(0, 12)}…`,
      en: `when ballot session ${id} closed the log recorded ${e.cast} ballots ending at ${e.head.slice(0, 12)}…; it now holds ${session.cast} ending at ${session.head.slice(0, 12)}…`,
    };
  }
  return null;
}
