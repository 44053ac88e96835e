/**
 * A decision taken from an online ballot against its session (domain/ballots/decisionBallotCheck.ts):
 * given the stored session, when the decision event names it, then the first thing wrong
 * is named in Chinese and English, or nothing when it holds.
 */
import { describe, expect, it } from 'vitest';
import { checkDecisionBallot, type SessionOnRecord } from '../../domain/ballots/decisionBallotCheck';

const HEAD = 'a'.repeat(64);
const ID = 'bs-00000000-0000-4000-8000-000000000001';
const SESSION: SessionOnRecord = {
  sessionId: ID,
  caseId: 'election/ts-03-v01/2026',
  step: 'election-meeting',
  status: 'closed',
  head: HEAD,
  cast: 33,
};
const event = (ballot: unknown, over: Partial<{ caseId: string; step: string }> = {}) => ({
  position: '120',
  caseId: SESSION.caseId,
  step: SESSION.step,
  ballot,
  ...over,
});

describe('a decision carrying its ballot session', () => {
  it('holds when the session is closed, of that step, on that head, with that count', () => {
    expect(checkDecisionBallot(event({ sessionId: ID, head: HEAD, cast: 33 }), SESSION)).toBeNull();
  });

  it('names a head that is not the session’s, at the event’s position', () => {
    const f = checkDecisionBallot(event({ sessionId: ID, head: 'b'.repeat(64), cast: 33 }), SESSION);
    expect(f).toMatchObject({ position: '120', sessionId: ID });
    expect(f!.en).toBe(`the decision’s ballot head bbbbbbbbbbbb… is not session ${ID}’s head aaaaaaaaaaaa…`);
    expect(f!.zh).toContain('不符');
  });

  it('names a count that is not the session’s', () => {
    expect(checkDecisionBallot(event({ sessionId: ID, head: HEAD, cast: 32 }), SESSION)?.en).toBe(
      `the decision counts 32 ballots, session ${ID} holds 33`,
    );
  });

  it('names a session that is missing, still open, or of another step or case', () => {
    const b = { sessionId: ID, head: HEAD, cast: 33 };
    expect(checkDecisionBallot(event(b), undefined)?.en).toMatch(/does not exist/);
    expect(checkDecisionBallot(event(b), { ...SESSION, status: 'open' })?.en).toMatch(/is not closed/);
    expect(checkDecisionBallot(event(b, { step: 'members-recommendation' }), SESSION)?.en).toMatch(/not this decision’s step/);
    expect(checkDecisionBallot(event(b, { caseId: 'election/ts-03-v02/2026' }), SESSION)?.en).toMatch(/not this decision’s step/);
  });

  it('refuses a ballot field that is not { sessionId, 64-hex head, cast }', () => {
    for (const bad of [
      null,
      [],
      ID,
      undefined,
      { sessionId: 'bs-1', head: HEAD, cast: 1 },
      { sessionId: ID, head: 'xyz', cast: 1 },
      { sessionId: ID, head: HEAD, cast: -1 },
      { head: HEAD, cast: 1 },
    ]) {
      expect(checkDecisionBallot(event(bad), SESSION)?.en).toMatch(/malformed/);
    }
  });
});
