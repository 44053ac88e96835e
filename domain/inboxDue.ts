/**
 * The inbox's due-date filters as instants: "overdue" is due before now; "due this week"
 * is not overdue yet and due before the week ends (Monday 00:00 of the next week, Asia/
 * Shanghai — the office's week, whatever the server's zone). Pure: the caller passes now.
 */
import { addDays, shanghaiDate, shanghaiInstant } from './calendar';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const DUE_FILTERS = ['overdue', 'week'] as const;
export type DueFilter = (typeof DUE_FILTERS)[number];

/** Due at or after `from` and before `before` (ISO instants); either bound may be open. */
export interface DueWindow {
  from?: string;
  before?: string;
}

export function dueWindow(filter: DueFilter, nowMs: number): DueWindow {
  const now = new Date(nowMs).toISOString();
  if (filter === 'overdue') return { before: now };
  const today = shanghaiDate(nowMs);
  // Shanghai day 0 (1970-01-01) was a Thursday (3 counting from Monday = 0).
  const weekday = (Math.floor((nowMs + SHANGHAI_OFFSET_MS) / DAY_MS) + 3) % 7;
  const nextMonday = addDays(today, 7 - weekday);
  return { from: now, before: new Date(shanghaiInstant(nextMonday, 0)).toISOString() };
}
