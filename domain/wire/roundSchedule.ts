/**
 * The yearly Schedules that start evaluation rounds (`cadreflow evaluation schedule`, GET and
 * POST /evaluation/schedules): the wire types, written once for the server
 * (client/commands/evaluationBackend.ts) and the web UI. Type-only.
 */

/** What setting a scope's Schedule answers. */
export interface ScheduleResult {
  scheduleId: string;
  created: boolean;
  cron: string;
  timezone: string;
  nextRuns: string[];
}

/** A round's yearly Schedule as it stands in Temporal. */
export interface RoundScheduleLine {
  scheduleId: string;
  /** `county`, or the townships joined by `+` (the rounds it starts have this scope). */
  scope: string;
  /** null: the whole county. */
  townshipIds: string[] | null;
  /** The expression it was last set to (kept in the Schedule's note); null if set by other means. */
  cron: string | null;
  timezone: string;
  paused: boolean;
  nextRuns: string[];
  /** The rounds' launches it started last, newest first (at most 3). */
  recentRuns: Array<{ scheduledAt: string; workflowId: string }>;
}

/** GET /evaluation/schedules: the Schedules whose scope covers the township asked for (null: all). */
export interface ScheduleList {
  township: string | null;
  schedules: RoundScheduleLine[];
}
