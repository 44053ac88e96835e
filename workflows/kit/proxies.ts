/**
 * The activities the kit calls, as an interface: workflow code must not import the
 * activity implementations (they touch the database), so activities/ implements this.
 */
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { DomainEvent, EventMetadata } from '../../domain/events';
import type { Role } from '../../domain/actors';

/** An event an append must come right after: the stream's event at `version` has this idempotency key. */
export interface FollowedEvent {
  version: number;
  idempotencyKey: string;
}

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number | 'any';
  idempotencyKey: string;
  events: Array<{ event: DomainEvent; metadata: EventMetadata }>;
  /**
   * The time the events are stamped with (`APPEND_TIME`, and the day of it), in ms since
   * the epoch. Absent: the activity's scheduled time, the server's clock. A local
   * activity's scheduled time is the worker's clock, so a decision's append passes the
   * workflow's own (the server's time of the workflow task that runs it).
   */
  atMs?: number;
  /**
   * The event this append must come right after: the stream's event at `version` is the
   * one whose idempotency key is `idempotencyKey`, or the append fails (non-retryable
   * `PrecedingEventMissing`) and writes nothing. A decision appended while the case's
   * previous append is still on its way back names that append's last event
   * (CaseRuntime.beside): a version alone could be met by another event of the case's.
   */
  follows?: FollowedEvent;
}

export interface AppendEventsOutput {
  firstPosition: string;
  lastPosition: string;
  nextVersion: number;
  duplicate: boolean;
}

export interface TaskToOpen {
  taskId: string;
  step: string;
  title: string;
  role: Role;
  orgUnitId: string;
  townshipId: string;
  dueWorkingDays: number;
  reminderWorkingDaysBefore: number;
}

export interface OpenTaskOutput extends AppendEventsOutput {
  /** The Temporal server's time when the step was scheduled: the workflow's "now". */
  nowMs: number;
  remindAtMs: number;
  dueAtMs: number;
}

export interface NoticeToPost {
  noticeId: string;
  subject: string;
  workingDays: number;
  /** The day it was posted, if before the step ran ('YYYY-MM-DD'); a later day than today counts as today. */
  postedOn?: string;
}

export interface PostNoticeOutput extends AppendEventsOutput {
  nowMs: number;
  closesAtMs: number;
}

export interface CaseActivities {
  appendEvents(input: AppendEventsInput): Promise<AppendEventsOutput>;
  openTask(
    input: Omit<AppendEventsInput, 'events'> & { caseId: string; task: TaskToOpen; metadata: EventMetadata },
  ): Promise<OpenTaskOutput>;
  postNotice(
    input: Omit<AppendEventsInput, 'events'> & { caseId: string; notice: NoticeToPost; metadata: EventMetadata },
  ): Promise<PostNoticeOutput>;
  /**
   * Milliseconds from the server's now until a calendar day (09:00 Asia/Shanghai). Asked
   * only before patch `day-from-workflow-task-time` (calendar.ts); kept for such a call
   * still in flight when a worker with the patch takes over.
   */
  msUntilDay(day: string): Promise<number>;
}

export const caseActivities = proxyActivities<CaseActivities>({
  // Appends take milliseconds; a short timeout lets a step lost with a dead worker retry soon.
  startToCloseTimeout: '10 seconds',
  // A database outage must delay a step, never drop it: retry with backoff without limit,
  // except for errors that no retry can fix (the activity marks those non-retryable).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * A decision's own append, run by the worker that holds the decision's workflow task (a
 * local activity): the Update answers when that one task completes, instead of after an
 * activity task's trip through the server and a second workflow task
 * (CaseRuntime.decide, docs/design.md "Decisions"). Everything that follows a decision
 * stays on `caseActivities`: a local activity started after the decision would keep the
 * decision's workflow task, and so its answer, open until it finished.
 */
export const decisionActivities = proxyLocalActivities<Pick<CaseActivities, 'appendEvents'>>({
  startToCloseTimeout: '10 seconds',
  // As caseActivities: an outage delays the decision, never drops it. Past a minute's
  // backoff the SDK waits on a timer between attempts, outside the workflow task.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
