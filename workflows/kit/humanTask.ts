/**
 * A step that waits for a person's decision: opened with a due date in working days,
 * a reminder before it, an escalation to the county organization department after it.
 */
import { patched } from '@temporalio/workflow';
import type { Actor, Role } from '../../domain/actors';
import { APPEND_TIME, type DomainEvent } from '../../domain/events';
import type { DecisionParser, Parsed } from '../../domain/decisions';
import { caseActivities, type OpenTaskOutput, type TaskToOpen } from './proxies';
import { OPENS_WITH_EVENTS_PATCH, type CaseRuntime, type NextTask, type TaskRecord } from './case';

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

/** The task a step opens and the record its decisions are checked against, before it is open. */
function taskOf<T>(rt: CaseRuntime, spec: HumanTaskSpec<T>): NextTask {
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
  // What the inbox shows of it; its days are set once it is open.
  const { dueWorkingDays: _due, reminderWorkingDaysBefore: _reminder, ...shown } = task;
  const record: TaskRecord = {
    info: { ...shown, dueAt: '', remindAt: '', escalated: false },
    status: 'pending',
    parse: spec.parse as DecisionParser<unknown>,
    check: spec.check as ((value: unknown) => Parsed<unknown>) | undefined,
    onDecided: (spec.onDecided ?? (() => [])) as (value: unknown, actor: Actor) => DomainEvent[],
  };
  return { task, record };
}

/** Events the case appends just before a step opens (its start, a grade fixed), and the step they are recorded under. */
export interface Opening {
  step: string;
  events: DomainEvent[];
  actor?: Actor;
}

/**
 * Opens the step, waits for its decision (reminding, then escalating, as the days pass)
 * and answers it. `then`: the step that follows this one at once, whatever the decision;
 * the decision's own append opens it (DECISION_OPENS_NEXT_PATCH), so its humanTask finds
 * it open and schedules nothing to open it. `opening`: events that come just before this
 * step opens, appended with its TaskOpened (OPENS_WITH_EVENTS_PATCH).
 */
export async function humanTask<T, U = never>(
  rt: CaseRuntime,
  spec: HumanTaskSpec<T>,
  { then, opening }: { then?: HumanTaskSpec<U>; opening?: Opening } = {},
): Promise<Decided<T>> {
  const byDecision = rt.openedByDecision.get(spec.step);
  rt.openedByDecision.delete(spec.step);
  const { task, record } = byDecision ?? taskOf(rt, spec);
  // Set before the first await: the decision may come in the next workflow task.
  if (then) record.next = taskOf(rt, then);
  const { taskId } = task;
  let opened: OpenTaskOutput;
  if (byDecision) {
    if (opening) await rt.emit(opening.step, opening.events, opening.actor);
    opened = byDecision.opened;
  } else {
    const withOpening = opening !== undefined && patched(OPENS_WITH_EVENTS_PATCH);
    if (opening && !withOpening) await rt.emit(opening.step, opening.events, opening.actor);
    // Open for decisions from the moment the workflow opens it: once TaskOpened is in an
    // inbox, a decision must be accepted even if the opening activity's result is still on
    // its way back (a worker crash can delay it). Appends are serial, so TaskDecided can
    // never precede TaskOpened in the log.
    rt.tasks.set(spec.step, record);
    opened = await rt.serial((expectedVersion) =>
      caseActivities.openTask({
        caseId: rt.caseId,
        streamId: rt.caseId,
        expectedVersion,
        idempotencyKey: rt.key(`${spec.step}:open`),
        metadata: rt.metadata(`${spec.step}:open`),
        task,
        ...(opening && withOpening
          ? { events: opening.events.map((event) => ({ event, metadata: rt.metadata(opening.step, opening.actor) })) }
          : {}),
      }),
    );
    record.info.dueAt = new Date(opened.dueAtMs).toISOString();
    record.info.remindAt = new Date(opened.remindAtMs).toISOString();
  }
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
