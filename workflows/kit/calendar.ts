/**
 * Calendar waits and today's date for a case. A workflow reads no clock: the server's
 * clock is asked through the kit's `msUntilDay` activity, and the wait is a timer.
 */
import { shanghaiDate, shanghaiInstant } from '../../domain/calendar';
import type { CaseRuntime } from './case';
import { caseActivities } from './proxies';

/** Waits until the start of `day` (Asia/Shanghai); at once when that day has come. Waits are often months long. */
export async function sleepUntilDay(rt: CaseRuntime, day: string): Promise<void> {
  const ms = await caseActivities.msUntilDay(day);
  if (ms > 0) await rt.waitFor(() => false, ms);
}

/** Today in Asia/Shanghai by the server's clock, measured from any known day. */
export async function serverToday(referenceDay: string): Promise<string> {
  const ms = await caseActivities.msUntilDay(referenceDay);
  return shanghaiDate(shanghaiInstant(referenceDay) - ms);
}

/**
 * Today (Asia/Shanghai) by Temporal's workflow clock: the server's time of the workflow
 * task being run, which for a validator is the task that carries the decision. Recorded
 * with the task, so a replay reads the same day. Only for refusing a day after today in
 * a decision (a validator cannot call `msUntilDay`); deadlines and the days a case
 * records still come from the activities' clock.
 */
export function decisionToday(): string {
  // eslint-disable-next-line no-restricted-syntax -- the workflow clock, deterministic on replay; see above
  return shanghaiDate(Date.now());
}
