/**
 * The session a decision was taken from (docs/ballots.md "The decision to the
 * workflow"): its id, its ballot chain's head and the ballots in it. It rides beside the
 * decision, not in it — the step's parser reads the same fields as a typed-in count —
 * and the case records it in the TaskDecided event (`data.ballot`), where `audit
 * verify` finds it. Checked here once for the client, which refuses before sending, and
 * for the case's validator (workflows/kit/case.ts), which refuses what arrives otherwise.
 */
import { count, fail, isRecord, ok, onlyKeys, type Parsed } from '../decisions';
import type { DecisionBallot } from '../wire/ballotSession';
import { MAX_DUE } from './sessionDefinition';

export type { DecisionBallot };

/** A session's id as the store makes it (client/ballots/service.ts `openSession`). */
export const SESSION_ID = /^bs-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A chain's hash: SHA-256 or SM3, lower-case hex. */
const HEAD = /^[0-9a-f]{64}$/;

/** undefined when no session is cited (a typed-in decision); the citation, or why it is malformed. */
export function parseDecisionBallot(raw: unknown): Parsed<DecisionBallot | undefined> {
  if (raw === undefined) return ok(undefined);
  if (!isRecord(raw)) return fail('ballot must be { sessionId, head, cast }');
  const extra = onlyKeys(raw, ['sessionId', 'head', 'cast']);
  if (extra) return fail(`ballot: ${extra}`);
  if (typeof raw.sessionId !== 'string' || !SESSION_ID.test(raw.sessionId)) {
    return fail(`ballot.sessionId must be a ballot session's id (bs-<uuid>), got ${JSON.stringify(raw.sessionId)}`);
  }
  if (typeof raw.head !== 'string' || !HEAD.test(raw.head)) {
    return fail(`ballot.head must be the chain's head, 64 lower-case hex digits, got ${JSON.stringify(raw.head)}`);
  }
  const cast = count(raw.cast, 'ballot.cast');
  if (!cast.ok) return cast;
  if (cast.value > MAX_DUE) return fail(`ballot.cast must be at most ${MAX_DUE}, the most a session may be due`);
  return ok({ sessionId: raw.sessionId, head: raw.head, cast: cast.value });
}
