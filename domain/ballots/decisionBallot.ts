/**
 * A step's decision taken from an online ballot carries its session (docs/ballots.md):
 * `TaskDecided.data.ballot = { sessionId, head, cast }`, the session's id, the 64-hex head
 * of its ballot chain and the number of ballots cast. `audit verify` holds each such
 * event against the session's stored row: the session exists, is closed, served that
 * case's step, and ended on that head after that many ballots. A decision naming a
 * session that says otherwise was not the count of those ballots.
 */

/** What a decision event says about the session it came from. */
export interface DecisionBallot {
  sessionId: string;
  head: string;
  cast: number;
}

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

const HEAD = /^[0-9a-f]{64}$/;

/** The event's `data.ballot` read as the decision's session, or why it cannot be one. */
export function readDecisionBallot(raw: unknown): { ok: true; value: DecisionBallot } | { ok: false; zh: string; en: string } {
  const r = raw as Partial<Record<keyof DecisionBallot, unknown>> | null;
  if (
    r === null ||
    typeof r !== 'object' ||
    Array.isArray(r) ||
    typeof r.sessionId !== 'string' ||
    typeof r.head !== 'string' ||
    !HEAD.test(r.head) ||
    typeof r.cast !== 'number' ||
    !Number.isSafeInteger(r.cast) ||
    r.cast < 0
  ) {
    return {
      ok: false,
      zh: '决定所附的投票记录格式不对（应有 sessionId、64 位十六进制 head 和 cast）',
      en: 'the decision’s ballot is malformed (it needs sessionId, a 64-hex head and cast)',
    };
  }
  return { ok: true, value: { sessionId: r.sessionId, head: r.head, cast: r.cast } };
}

/** The first thing wrong with a decision's ballot against its stored session, or null when it holds. */
export function checkDecisionBallot(event: BallotDecisionEvent, session: SessionOnRecord | undefined): DecisionBallotFinding | null {
  const read = readDecisionBallot(event.ballot);
  const at = { position: event.position, caseId: event.caseId, step: event.step };
  if (!read.ok) return { ...at, zh: read.zh, en: read.en };
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
