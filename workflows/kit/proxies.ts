/**
 * The activities the kit calls, as an interface: workflow code must not import the
 * activity implementations (they touch the database), so activities/ implements this.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { DomainEvent, EventMetadata } from '../../domain/events';
import type { Role } from '../../domain/actors';

export interface AppendEventsInput {
  streamId: string;
  expectedVersion: number | 'any';
  idempotencyKey: string;
  events: Array<{ event: DomainEvent; metadata: EventMetadata }>;
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
  /** Milliseconds from the server's now until a calendar day (09:00 Asia/Shanghai). */
  msUntilDay(day: string): Promise<number>;
}

export const caseActivities = proxyActivities<CaseActivities>({
  // Appends take milliseconds; a short timeout lets a step lost with a dead worker retry soon.
  startToCloseTimeout: '10 seconds',
  // A database outage must delay a step, never drop it: retry with backoff without limit,
  // except for errors that no retry can fix (the activity marks those non-retryable).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
