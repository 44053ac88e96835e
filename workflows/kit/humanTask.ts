/**
 * A step that waits for a person's decision: opened with a due date in working days,
 * a reminder before it, an escalation to the county organization department after it.
 */
import type { Actor, Role } from '../../domain/actors';
import { APPEND_TIME, type DomainEvent } from '../../domain/events';
import type { DecisionParser, Parsed } from '../../domain/decisions';
import { caseActivities, type TaskToOpen } from './proxies';
import type { CaseRuntime, TaskRecord } from './case';

export interface HumanTaskSpec<T> {
  step: string;
  title: string;
  role: Role;
  orgUnitId: string;
  townshipId: string;
  dueWorkingDays: number;
  reminderWorkingDaysBefore: number;
  parse: DecisionParser<T>;
  check?: (value: T) => Parsed<T>;
  /** The domain events a decision means, appended with the decision in one transaction. */
  onDecided?: (value: T, actor: Actor) => DomainEvent[];
}

export interface Decided<T> {
  value: T;
  actor: Actor;
}

export async function humanTask<T>(rt: CaseRuntime, spec: HumanTaskSpec<T>): Promise<Decided<T>> {
  const task: TaskToOpen = {
    taskId: `${rt.caseId}:${spec.step}`,
    step: spec.step,
    title: spec.title,
    role: spec.role,
    orgUnitId: spec.orgUnitId,
    townshipId: spec.townshipId,
    dueWorkingDays: spec.dueWorkingDays,
    reminderWorkingDaysBefore: spec.reminderWorkingDaysBefore,
  };
  const { taskId } = task;
  // Open for decisions from the moment the workflow opens it: once TaskOpened is in an
  // inbox, a decision must be accepted even if the opening activity's result is still on
  // its way back (a worker crash can delay it). Appends are serial, so TaskDecided can
  // never precede TaskOpened in the log.
  const record: TaskRecord = {
    info: {
      taskId,
      step: task.step,
      title: task.title,
      role: task.role,
      orgUnitId: task.orgUnitId,
      townshipId: task.townshipId,
      dueAt: '',
      remindAt: '',
      escalated: false,
    },
    status: 'pending',
    parse: spec.parse as DecisionParser<unknown>,
    check: spec.check as ((value: unknown) => Parsed<unknown>) | undefined,
    onDecided: (spec.onDecided ?? (() => [])) as (value: unknown, actor: Actor) => DomainEvent[],
  };
  rt.tasks.set(spec.step, record);
  const opened = await rt.serial(
    (expectedVersion) =>
      caseActivities.openTask({
        caseId: rt.caseId,
        streamId: rt.caseId,
        expectedVersion,
        idempotencyKey: rt.key(`${spec.step}:open`),
        metadata: rt.metadata(`${spec.step}:open`),
        task,
      }),
    // One event, TaskOpened: a decision taken as soon as it is seen may follow it (CaseRuntime.beside).
    { events: 1, key: rt.key(`${spec.step}:open`) },
  );
  record.info.dueAt = new Date(opened.dueAtMs).toISOString();
  record.info.remindAt = new Date(opened.remindAtMs).toISOString();
  const decided = () => record.status === 'decided';

  const untilReminder = opened.remindAtMs - opened.nowMs;
  if (!decided() && untilReminder > 0 && !(await rt.waitFor(decided, untilReminder))) {
    await rt.emit(`${spec.step}:reminder`, [{ type: 'TaskReminderSent', data: { caseId: rt.caseId, taskId, at: APPEND_TIME } }]);
  }
  const untilDue = opened.dueAtMs - Math.max(opened.remindAtMs, opened.nowMs);
  if (!decided() && !(await rt.waitFor(decided, untilDue))) {
    record.info.escalated = true;
    await rt.emit(`${spec.step}:escalation`, [
      { type: 'TaskEscalated', data: { caseId: rt.caseId, taskId, at: APPEND_TIME, escalatedTo: 'county-org-dept' } },
    ]);
  }
  await rt.waitFor(decided);
  return record.result as Decided<T>;
}
