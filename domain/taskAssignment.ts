/**
 * Who works on a task, as decisions: given the task and the people involved, the events
 * an assignment, a claim or a give-back records (domain/events/inbox.ts), or a refusal
 * that says why in Chinese and English. Pure: the caller reads the task's row and the
 * accounts, appends the events with the actor in their metadata, and passes the time.
 *
 * Rules:
 * - Only a pending task changes hands: a decided or withdrawn one is refused.
 * - Whoever changes it acts for the task's township (its committee) or is county staff.
 * - A task goes only to someone who could decide it: an enabled member of the task's
 *   township committee, or county staff (who decide escalated tasks).
 * - Assigning to the current assignee changes nothing and records nothing; assigning to
 *   someone else is a reassignment and names the previous assignee.
 * - A claim takes an unassigned task for oneself; a task someone has is reassigned, not
 *   claimed over them.
 * - Only the assignee gives a task back.
 */
import type { Actor, Role } from './actors';
import type { TaskAssignmentEvent } from './events';

export interface AssignableTask {
  taskId: string;
  caseId: string;
  townshipId: string;
  status: 'pending' | 'decided' | 'withdrawn';
  assignee: string | null;
}

/** An account as the rules need it. */
export interface Member {
  login: string;
  role: Role;
  townshipId: string | null;
  disabled: boolean;
}

export type AssignmentCommand =
  /** `member` is the account named by `login`, or null when there is none. */
  | { kind: 'assign'; login: string; member: Member | null; actor: Actor; at: string }
  | { kind: 'claim'; actor: Actor; at: string }
  | { kind: 'release'; actor: Actor; at: string };

export type AssignmentRefusalCode =
  'task-closed' | 'not-your-township' | 'unknown-member' | 'not-eligible' | 'already-assigned' | 'not-yours';

/** A change the inbox refuses; nothing is recorded. */
export class AssignmentRefusal extends Error {
  override readonly name = 'AssignmentRefusal';
  constructor(
    readonly code: AssignmentRefusalCode,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh} / ${en}`);
  }
}

/** Whether `m` could decide tasks of `townshipId`, and so may hold one. */
export function mayHold(m: Pick<Member, 'role' | 'townshipId' | 'disabled'>, townshipId: string): boolean {
  if (m.disabled) return false;
  return m.role === 'county-org-dept' || (m.role === 'township-committee' && m.townshipId === townshipId);
}

export function decideAssignment(command: AssignmentCommand, task: AssignableTask): TaskAssignmentEvent[] {
  if (task.status !== 'pending') {
    const zh = task.status === 'decided' ? '已办结' : '已撤回';
    throw new AssignmentRefusal(
      'task-closed',
      `任务 ${task.taskId} ${zh}，不能再分派`,
      `task ${task.taskId} is ${task.status} and can no longer be assigned`,
    );
  }
  const actor = command.actor;
  if (!mayHold({ role: actor.role, townshipId: actor.townshipId ?? null, disabled: false }, task.townshipId)) {
    throw new AssignmentRefusal(
      'not-your-township',
      `${actor.id}不是${task.townshipId}党委成员，也不是县委组织部工作人员`,
      `only the ${task.townshipId} committee or county staff change who works on this task`,
    );
  }
  const { caseId, taskId } = task;
  switch (command.kind) {
    case 'assign': {
      const m = command.member;
      if (!m || m.login !== command.login) {
        throw new AssignmentRefusal('unknown-member', `没有账号 ${command.login}`, `there is no account ${command.login}`);
      }
      if (!mayHold(m, task.townshipId)) {
        throw new AssignmentRefusal(
          'not-eligible',
          `${m.login}${m.disabled ? '已停用' : `不是${task.townshipId}党委成员或县委组织部工作人员`}，不能接收此任务`,
          `${m.login} ${m.disabled ? 'is disabled' : `is neither a member of the ${task.townshipId} committee nor county staff`} and cannot be given this task`,
        );
      }
      if (task.assignee === m.login) return [];
      return [{ type: 'TaskAssigned', data: { caseId, taskId, assignee: m.login, previous: task.assignee, at: command.at } }];
    }
    case 'claim': {
      if (task.assignee === command.actor.id) return [];
      if (task.assignee !== null) {
        throw new AssignmentRefusal(
          'already-assigned',
          `任务已分派给 ${task.assignee}，只能认领未分派的任务`,
          `the task is assigned to ${task.assignee}; only an unassigned task can be claimed`,
        );
      }
      return [{ type: 'TaskAssigned', data: { caseId, taskId, assignee: command.actor.id, previous: null, at: command.at } }];
    }
    case 'release': {
      if (task.assignee !== command.actor.id) {
        throw new AssignmentRefusal(
          'not-yours',
          task.assignee === null ? '任务未分派给任何人，无可退回' : `任务分派给了 ${task.assignee}，只能退回自己的任务`,
          task.assignee === null
            ? 'the task is assigned to nobody; there is nothing to give back'
            : `the task is assigned to ${task.assignee}; you can give back only your own`,
        );
      }
      return [{ type: 'TaskUnassigned', data: { caseId, taskId, previous: task.assignee, at: command.at } }];
    }
  }
}
