/**
 * Today and the end of a day for an evaluation and its round, from the workflow task's
 * time (kit/calendar.ts `fromTaskTime`, patch `day-from-workflow-task-time`). Cases and
 * rounds that asked the evaluation's activities before the patch replay so.
 */
import { addDays, shanghaiDate, shanghaiInstant } from '../domain/calendar';
import { fromTaskTime } from './kit';
import { evaluationActivities } from './evaluationMessages';

/** The day (Asia/Shanghai) of the workflow task being run. */
export function evaluationToday(): Promise<string> {
  return fromTaskTime(shanghaiDate, () => evaluationActivities.evaluationToday());
}

/** Milliseconds from the workflow task's time to the end of `day` (24:00 Asia/Shanghai). */
export function msUntilEndOfDay(day: string): Promise<number> {
  return fromTaskTime(
    (nowMs) => shanghaiInstant(addDays(day, 1), 0, 0) - nowMs,
    () => evaluationActivities.msUntilEndOfDay(day),
  );
}
