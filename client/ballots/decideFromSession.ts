/**
 * The step decided from a closed online ballot session (docs/ballots.md "The decision to
 * the workflow"): the session's published result — the decision with exactly the fields
 * a committee member would type in — with the chair's own fields added (an assembly's
 * day, never a count), sent through the same path as every typed-in decision (the
 * backend's `decide`: client/cases.ts, the kit's `decide` Update), citing the session's
 * id, its chain's head and its ballots. The case's validator then applies the step's
 * parser and every rule after it, and records the citation in the TaskDecided event.
 *
 * Whatever the case answers, the session stays closed and its result published: a
 * refused decision (a missing assembly day) is decided again with the missing field.
 */
import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import type { Actor } from '../../domain/actors';
import { BallotRefusal } from '../../domain/ballots/ballotRefusal';
import type { DecisionBallot } from '../../domain/ballots/decisionBallot';
import { sessionDecisionRefusal } from '../../domain/ballots/sessionDecisionRefusal';
import { missingExtra, withSessionExtra } from '../../domain/ballots/sessionExtra';
import type { ClosedBallotSession, SessionDecisionRefusal } from '../../domain/wire/ballotSession';
import type { DecisionReceipt } from '../../domain/wire/decisionReceipt';
import { isRecord } from '../../domain/decisions';
import type { DB } from '../../schema/db';
import { CaseBusyError, DecisionRefusedError, UserError } from '../userError';
import { closedResult, closeSession, type BallotServiceOptions } from './service';

/** How a decision reaches its case: the backend's `decide` (client/backend.ts), the API's and the CLI's path. */
export type DecideStep = (
  caseId: string,
  step: string,
  actor: Actor,
  decision: unknown,
  ballot?: DecisionBallot,
) => Promise<DecisionReceipt>;

/** A refusal's own words, without the "refused (Reason): " the client puts before them. */
export const refusalDetail = (err: DecisionRefusedError): string => err.message.replace(/^refused \([^)]*\): /, '');

/** The case refused the session's decision: its reason, and its words in both languages for the chair. */
export class SessionDecisionRefusedError extends DecisionRefusedError {
  constructor(readonly refusal: SessionDecisionRefusal) {
    super(refusal.code, refusal.en);
    this.name = 'SessionDecisionRefusedError';
  }
}

/**
 * Decides the session's step from its published result and the chair's `extra` fields.
 * Refuses an open session (`session-open`) and a field that is not the chair's to add
 * (`bad-extra`), in both languages, before anything is sent; the case's own refusal
 * comes back as a SessionDecisionRefusedError, saying which of the chair's fields the
 * step may be waiting for. The same chair sending the same again gets the first receipt
 * (workflows/kit/repeat.ts).
 */
export async function decideFromSession(
  db: DB,
  decide: DecideStep,
  actor: Actor,
  sessionId: string,
  extra?: unknown,
): Promise<DecisionReceipt> {
  const { result, definition } = await closedResult(db, actor, sessionId);
  const decision = withSessionExtra(definition.form, result.decision, extra);
  if (!decision.ok) throw new BallotRefusal('bad-extra', decision.zh, decision.error);
  try {
    return await decide(result.caseId, result.step, actor, decision.value, { sessionId, head: result.head, cast: result.cast });
  } catch (err) {
    if (!(err instanceof DecisionRefusedError)) throw err;
    const missing = missingExtra(definition.form, isRecord(extra) ? extra : undefined);
    throw new SessionDecisionRefusedError(sessionDecisionRefusal(err.reason, refusalDetail(err), missing));
  }
}

/** The case's refusal, or a case that cannot be reached, as the chair's page shows it; anything else is thrown. */
export function decisionRefusalOf(err: unknown): SessionDecisionRefusal {
  if (err instanceof SessionDecisionRefusedError) return err.refusal;
  if (err instanceof DecisionRefusedError) return sessionDecisionRefusal(err.reason, refusalDetail(err));
  if (err instanceof WorkflowNotFoundError)
    return sessionDecisionRefusal('case-not-running', 'the case has no running workflow to take this');
  if (err instanceof CaseBusyError)
    return sessionDecisionRefusal('case-busy', 'the case is busy with other decisions; decide the step from the session again shortly');
  if (err instanceof ServiceError || (err instanceof UserError && err.message.startsWith('Temporal is not reachable'))) {
    return sessionDecisionRefusal('temporal-unavailable', 'Temporal is not reachable; decide the step from the session again shortly');
  }
  throw err;
}

/**
 * Closes the session and decides its step from it. The close is committed first: a step
 * that refuses the decision (e.g. a members' vote without its assembly's day) leaves the
 * session closed and answers why, for the chair to decide it with the missing field.
 */
export async function closeAndDecide(
  db: DB,
  decide: DecideStep,
  actor: Actor,
  sessionId: string,
  opts: Pick<BallotServiceOptions, 'policy'>,
): Promise<ClosedBallotSession> {
  const result = await closeSession(db, actor, sessionId, opts);
  try {
    const receipt = await decideFromSession(db, decide, actor, sessionId);
    return { ...result, decided: receipt };
  } catch (err) {
    return { ...result, decided: null, decisionRefusal: decisionRefusalOf(err) };
  }
}

/**
 * A session closed at its deadline is decided as its close by the chair would be, in the
 * name of the chair who opened it and set that deadline (`opened_by`), so the step does
 * not wait for someone to come back to it. A chair whose account is gone or disabled,
 * or a step that refuses (a members' vote still needs its assembly's day), leaves the
 * session closed and its step open, for a chair to decide with
 * POST /ballot-sessions/{sessionId}/decision.
 */
export async function decideAtDeadline(
  db: DB,
  decide: DecideStep,
  sessionId: string,
): Promise<Pick<ClosedBallotSession, 'decided' | 'decisionRefusal'>> {
  const chair = await db
    .selectFrom('ballot_sessions')
    .innerJoin('users', 'users.login', 'ballot_sessions.opened_by')
    .select(['users.login', 'users.role', 'users.township_id', 'users.disabled'])
    .where('ballot_sessions.session_id', '=', sessionId)
    .executeTakeFirst();
  if (!chair || chair.disabled) {
    return {
      decided: null,
      decisionRefusal: {
        code: 'chair-unavailable',
        zh: '投票已按时结束，但发起投票的账号已不存在或已停用，请由本步骤的决定人据投票结果办理',
        en: 'the session closed at its deadline, but the account that opened it is gone or disabled: whoever decides the step decides it from the session',
      },
    };
  }
  const actor: Actor = { id: chair.login, role: chair.role, ...(chair.township_id ? { townshipId: chair.township_id } : {}) };
  try {
    return { decided: await decideFromSession(db, decide, actor, sessionId) };
  } catch (err) {
    return { decided: null, decisionRefusal: decisionRefusalOf(err) };
  }
}
