/**
 * Who works on a task: the inbox's assign, claim and give back, and the people a task may
 * go to. Reads the task's row and the accounts, asks the rules (domain/taskAssignment.ts),
 * and appends what they decide to the case's inbox stream with the actor in the metadata.
 *
 * The decision and its append share one transaction that first takes the log's head lock,
 * which every append takes too: no decision or other assignment of the task can land
 * between reading its row and recording the change, and taking that lock first keeps the
 * order every appender uses (head, then read models), so two writers cannot deadlock.
 */
import { randomUUID } from 'node:crypto';
import { appendToStream } from '../activities/eventStore';
import type { Actor } from '../domain/actors';
import { inboxStreamId } from '../domain/events';
import { decideAssignment, mayHold, type AssignableTask, type Member } from '../domain/taskAssignment';
import type { DB } from '../schema/db';
import type { Task } from '../domain/wire/task';
import { taskView } from './backend';
import type { Assignable } from '../domain/wire/assignable';

export type AssignmentChange = { kind: 'assign'; login: string } | { kind: 'claim' } | { kind: 'release' };

export class UnknownTaskError extends Error {
  override readonly name = 'UnknownTaskError';
  constructor(readonly taskId: string) {
    super(`no task ${taskId}`);
  }
}

/** The task's row, or UnknownTaskError; `visible` hides another township's task as a missing one. */
async function taskRow(db: DB, taskId: string, visible: (townshipId: string) => boolean) {
  const row = await db.selectFrom('tasks').selectAll().where('task_id', '=', taskId).executeTakeFirst();
  if (!row || !visible(row.township_id)) throw new UnknownTaskError(taskId);
  return row;
}

async function member(db: DB, login: string): Promise<Member | null> {
  const row = await db
    .selectFrom('users')
    .select(['login', 'role', 'township_id', 'disabled'])
    .where('login', '=', login)
    .executeTakeFirst();
  return row ? { login: row.login, role: row.role, townshipId: row.township_id, disabled: row.disabled } : null;
}

/**
 * Applies one change and returns the task as it now is. A change the rules refuse throws
 * their AssignmentRefusal and records nothing; one that changes nothing records nothing.
 */
export async function changeAssignment(
  db: DB,
  taskId: string,
  change: AssignmentChange,
  actor: Actor,
  opts: { now: () => number; visible: (townshipId: string) => boolean },
): Promise<Task> {
  return db.transaction().execute(async (trx) => {
    await trx.selectFrom('log_head').select('id').where('id', '=', 1).forUpdate().execute();
    const row = await taskRow(trx, taskId, opts.visible);
    const task: AssignableTask = {
      taskId: row.task_id,
      caseId: row.case_id,
      townshipId: row.township_id,
      status: row.status,
      assignee: row.assignee,
    };
    const at = new Date(opts.now()).toISOString();
    const events = decideAssignment(
      change.kind === 'assign'
        ? { kind: 'assign', login: change.login, member: await member(trx, change.login), actor, at }
        : { kind: change.kind, actor, at },
      task,
    );
    if (events.length > 0) {
      await appendToStream(trx, {
        streamId: inboxStreamId(task.caseId),
        expectedVersion: 'any',
        // Each request is its own change: a second "assign to Li" after a give-back is a new fact.
        idempotencyKey: `${inboxStreamId(task.caseId)}:${randomUUID()}`,
        events: events.map((event) => ({ event, metadata: { actor, causationId: `${change.kind}:${task.taskId}` } })),
      });
    }
    return taskView(await taskRow(trx, taskId, () => true));
  });
}

export type { Assignable };

/** Who may hold the task: its township committee's enabled members, then county staff. */
export async function assignableTo(db: DB, taskId: string, visible: (townshipId: string) => boolean): Promise<Assignable[]> {
  const row = await taskRow(db, taskId, visible);
  const users = await db
    .selectFrom('users')
    .select(['login', 'display_name', 'role', 'township_id', 'disabled'])
    .where('disabled', '=', false)
    .where((eb) => eb.or([eb('role', '=', 'county-org-dept'), eb('township_id', '=', row.township_id)]))
    .orderBy('role', 'desc')
    .orderBy('login')
    .execute();
  return users
    .filter((u) => mayHold({ role: u.role, townshipId: u.township_id, disabled: u.disabled }, row.township_id))
    .map((u) => ({ login: u.login, displayName: u.display_name, role: u.role }));
}
