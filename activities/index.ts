/**
 * Every side effect a case has: appending its domain events (read models follow in the
 * same transaction) and reading the server's clock for working-day deadlines.
 *
 * Times come from the activity's *scheduled* timestamp, which the Temporal server sets
 * once per step and keeps across retries: a retried step computes the same due date,
 * and the result is recorded in the history, so a newer calendar never changes a
 * running case's deadlines on replay. A decision's append runs as a local activity, whose
 * scheduled time is the worker's clock; it passes the workflow task's time instead
 * (`atMs`, workflows/kit/case.ts), the server's clock too.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DB } from '../schema/db';
import { stampAppendTime, type HashAlgorithm } from '../domain/events';
import { compareDates, dueInstant, reminderInstant, shanghaiDate, shanghaiInstant, workingDaysWindow } from '../domain/calendar';
import type { AppendEventsInput, AppendEventsOutput, CaseActivities } from '../workflows/kit/proxies';
import { appendToStream, StreamVersionConflictError } from './eventStore';
import { eventKeyAt } from './eventReads';

export interface ActivityDeps {
  db: DB;
  /** What new events are hashed with (the deployment's crypto suite); default sha256. */
  hashAlgorithm?: HashAlgorithm;
}

/** The Temporal server's time when this step was scheduled (the same on every retry). */
function scheduledNow(): number {
  return Context.current().info.scheduledTimestampMs;
}

export function createActivities({ db, hashAlgorithm }: ActivityDeps): CaseActivities {
  async function append(input: AppendEventsInput): Promise<AppendEventsOutput> {
    const now = input.atMs ?? scheduledNow();
    const at = new Date(now).toISOString();
    const day = shanghaiDate(now);
    const events = input.events.map(({ event, metadata }) => ({ event: stampAppendTime(event, at, day), metadata }));
    if (input.follows && (await eventKeyAt(db, input.streamId, input.follows.version)) !== input.follows.idempotencyKey) {
      // The append it must follow is not written (or another event holds its place): the
      // workflow waits for that append and appends after it as usual.
      throw ApplicationFailure.create({
        message: `${input.streamId}: version ${input.follows.version} is not ${input.follows.idempotencyKey} (yet)`,
        type: 'PrecedingEventMissing',
        nonRetryable: true,
      });
    }
    try {
      const out = await appendToStream(
        db,
        {
          streamId: input.streamId,
          expectedVersion: input.expectedVersion,
          idempotencyKey: input.idempotencyKey,
          events,
        },
        { hashAlgorithm },
      );
      return { firstPosition: out.firstPosition, lastPosition: out.lastPosition, nextVersion: out.nextVersion, duplicate: out.duplicate };
    } catch (err) {
      // Retrying the same append cannot fix a version conflict; the workflow decides what it
      // means (workflows/kit/streamAhead.ts), so the stream's actual version goes with it.
      if (err instanceof StreamVersionConflictError) {
        throw ApplicationFailure.create({
          message: err.message,
          type: 'StreamVersionConflict',
          nonRetryable: true,
          details: [{ actualVersion: err.actualVersion }],
        });
      }
      throw err;
    }
  }

  return {
    appendEvents: (input) => append(input),

    async openTask({ caseId, task, metadata, ...stream }) {
      const nowMs = scheduledNow();
      const due = dueInstant(nowMs, task.dueWorkingDays);
      const remindAtMs = Math.max(nowMs, reminderInstant(due.dueDate, task.reminderWorkingDaysBefore).remindAtMs);
      const out = await append({
        ...stream,
        events: [
          {
            event: {
              type: 'TaskOpened',
              data: {
                caseId,
                taskId: task.taskId,
                step: task.step,
                title: task.title,
                role: task.role,
                orgUnitId: task.orgUnitId,
                townshipId: task.townshipId,
                openedAt: new Date(nowMs).toISOString(),
                remindAt: new Date(remindAtMs).toISOString(),
                dueAt: new Date(due.dueAtMs).toISOString(),
                dueWorkingDays: task.dueWorkingDays,
              },
            },
            metadata,
          },
        ],
      });
      return { ...out, nowMs, remindAtMs, dueAtMs: due.dueAtMs };
    },

    async postNotice({ caseId, notice, metadata, ...stream }) {
      const nowMs = scheduledNow();
      const today = shanghaiDate(nowMs);
      // Posted before the step ran (on paper, recorded after the fact): counted from that
      // day. A day after today is taken as today: it must never make a notice longer.
      let postedOn: string | undefined;
      if (notice.postedOn !== undefined) {
        try {
          postedOn = compareDates(notice.postedOn, today) > 0 ? today : notice.postedOn;
        } catch (err) {
          throw ApplicationFailure.nonRetryable(`postedOn: ${err instanceof Error ? err.message : String(err)}`, 'InvalidNoticeDay');
        }
      }
      // A notice posted on a day counts that day when it is a working day (公示期含当日).
      const window = workingDaysWindow(postedOn ?? today, notice.workingDays);
      const closesAtMs = shanghaiInstant(window.lastDay, 17, 30);
      const out = await append({
        ...stream,
        events: [
          {
            event: {
              type: 'PublicNoticePosted',
              data: {
                caseId,
                noticeId: notice.noticeId,
                subject: notice.subject,
                postedAt: new Date(nowMs).toISOString(),
                closesAt: new Date(closesAtMs).toISOString(),
                workingDays: notice.workingDays,
                ...(postedOn !== undefined ? { postedOn } : {}),
              },
            },
            metadata,
          },
        ],
      });
      return { ...out, nowMs, closesAtMs };
    },

    async msUntilDay(day) {
      return shanghaiInstant(day, 9, 0) - scheduledNow();
    },
  };
}
