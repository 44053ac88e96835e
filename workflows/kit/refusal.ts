import { ApplicationFailure } from '@temporalio/workflow';
import { isRole, type Actor } from '../../domain/actors';
import { parseDecisionBallot, type DecisionBallot } from '../../domain/ballots/decisionBallot';
import type { RefusalReason } from './messages';

export function refuse(reason: RefusalReason, message: string): never {
  throw ApplicationFailure.create({ type: reason, message, nonRetryable: true, details: [{ reason }] });
}

/** An actor arrives from outside the workflow; its shape is checked before its rights. */
export function checkActor(raw: unknown): Actor {
  const a = raw as Partial<Actor> | null;
  if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || a.id === '' || !isRole(a.role)) {
    refuse('MalformedDecision', 'actor must have an id and a known role');
  }
  if (a.role === 'township-committee' && (typeof a.townshipId !== 'string' || a.townshipId === '')) {
    refuse('MalformedDecision', 'a township committee member must name their township');
  }
  // Kept as given (the actor is recorded whole), so who entered a decision stays on it.
  if (a.enteredBy !== undefined && (typeof a.enteredBy !== 'string' || a.enteredBy === '')) {
    refuse('MalformedDecision', 'enteredBy, when given, names the admin who entered the decision');
  }
  return a as Actor;
}

/** The ballot session a decision cites arrives from outside too: a malformed citation is refused like a malformed decision. */
export function checkBallot(raw: unknown): DecisionBallot | undefined {
  const parsed = parseDecisionBallot(raw);
  if (!parsed.ok) refuse('MalformedDecision', parsed.error);
  return parsed.value;
}
