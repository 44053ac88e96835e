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
