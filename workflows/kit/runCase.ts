/**
 * The epilogue every case workflow shares: a body that a closing handler (ending a case
 * early) may cut short, and no return while an update handler is still appending.
 */
import { allHandlersFinished, condition } from '@temporalio/workflow';
import type { Policy } from '../../domain/policy';
import { CaseEnded } from './case';

/**
 * Runs a case's body to its outcome. A case closed while it waited ends its body with
 * `CaseEnded`, whose outcome is the case's; a handler still appending its events (a
 * decision, an early end) finishes before the workflow returns.
 */
export async function runCase<O extends string>(body: () => Promise<O>): Promise<O> {
  let outcome: O;
  try {
    outcome = await body();
  } catch (err) {
    if (!(err instanceof CaseEnded)) throw err;
    outcome = err.outcome as O;
  }
  await condition(allHandlersFinished);
  return outcome;
}

/** The working-day terms every task gets unless its step sets its own. */
export function taskDefaults(policy: Policy): { dueWorkingDays: number; reminderWorkingDaysBefore: number } {
  return { dueWorkingDays: policy.tasks.defaultDueWorkingDays, reminderWorkingDaysBefore: policy.tasks.reminderWorkingDaysBefore };
}
