/**
 * Calendar waits and today's date for a case. The wait is a timer, measured from
 * Temporal's workflow clock (`workflowTaskTime`): the server's time of the workflow task,
 * recorded with it. Cases that started their waits before that asked the server's clock
 * through the kit's `msUntilDay` activity, and replay so.
 */
import { patched } from '@temporalio/workflow';
import { shanghaiDate, shanghaiInstant } from '../../domain/calendar';
import type { CaseRuntime } from './case';
import { caseActivities } from './proxies';
import { workflowTaskTime } from './workflowClock';

/** Cases that asked the day's distance of an activity replay so; later ones read the task's time. */
export const DAY_FROM_TASK_TIME_PATCH = 'day-from-workflow-task-time';

/**
 * Milliseconds until `day` begins for the county (09:00 Asia/Shanghai); zero or less once
 * it has. The activity it replaces read the time the server scheduled it, which is this
 * task's time give or take its milliseconds; it cost a trip through the server and a
 * second workflow task for one subtraction, on the way from a decision to the next task.
 */
export function msUntilDay(day: string): Promise<number> {
  return fromTaskTime(
    (nowMs) => shanghaiInstant(day, 9, 0) - nowMs,
    () => caseActivities.msUntilDay(day),
  );
}

/**
 * A calendar answer (a day's distance, today) computed from the workflow task's time;
 * `asked`, the activity that gave it, for a case that asked it before the patch.
 */
export function fromTaskTime<T>(compute: (nowMs: number) => T, asked: () => Promise<T>): Promise<T> {
  return patched(DAY_FROM_TASK_TIME_PATCH) ? Promise.resolve(compute(workflowTaskTime())) : asked();
}

/** Waits until the start of `day` (Asia/Shanghai); at once when that day has come. Waits are often months long. */
export async function sleepUntilDay(rt: CaseRuntime, day: string): Promise<void> {
  const ms = await msUntilDay(day);
  if (ms > 0) await rt.waitFor(() => false, ms);
}

/** Today in Asia/Shanghai by the server's clock, measured from any known day. */
export async function serverToday(referenceDay: string): Promise<string> {
  const ms = await msUntilDay(referenceDay);
  return shanghaiDate(shanghaiInstant(referenceDay) - ms);
}

/**
 * Today (Asia/Shanghai) by Temporal's workflow clock, which for a validator is the time
 * of the task that carries the decision: for refusing a day after today in a decision.
 */
export function decisionToday(): string {
  return shanghaiDate(workflowTaskTime());
}
