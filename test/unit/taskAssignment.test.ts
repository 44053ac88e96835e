/**
 * Who works on a task (domain/taskAssignment.ts), given/when/then: assign, reassign,
 * claim and give back, and each refusal with nothing recorded.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { AssignmentRefusal, decideAssignment, type AssignableTask, type Member } from '../../domain/taskAssignment';
import { decider } from '../support/decider';

const at = '2026-12-07T03:00:00.000Z';
const task = (over: Partial<AssignableTask> = {}): AssignableTask => ({
  taskId: 'probation/p-1/a:check-in-1',
  caseId: 'probation/p-1/a',
  townshipId: 'ts-01',
  status: 'pending',
  assignee: null,
  ...over,
});
const ids = { caseId: 'probation/p-1/a', taskId: 'probation/p-1/a:check-in-1' };
const member = (login: string, over: Partial<Member> = {}): Member => ({
  login,
  role: 'township-committee',
  townshipId: 'ts-01',
  disabled: false,
  ...over,
});
const chair: Actor = { id: 'ts-01-chair', role: 'township-committee', townshipId: 'ts-01' };
const li: Actor = { id: 'ts-01-li', role: 'township-committee', townshipId: 'ts-01' };
const outsider: Actor = { id: 'ts-02-chair', role: 'township-committee', townshipId: 'ts-02' };
const staff: Actor = { id: 'org-staff', role: 'county-org-dept' };
const auditor: Actor = { id: 'auditor', role: 'auditor' };

const assign = (login: string, m: Member | null, actor: Actor = chair) => ({ kind: 'assign' as const, login, member: m, actor, at });

describe('assigning a task', () => {
  it('given an unassigned task, when the chair assigns it to a colleague, then it is theirs', () => {
    decider(decideAssignment)
      .given(task())
      .when(assign('ts-01-li', member('ts-01-li')))
      .then([{ type: 'TaskAssigned', data: { ...ids, assignee: 'ts-01-li', previous: null, at } }]);
  });

  it('given a task someone has, when it is assigned to another, then the reassignment names the previous assignee', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-li' }))
      .when(assign('ts-01-wang', member('ts-01-wang')))
      .then([{ type: 'TaskAssigned', data: { ...ids, assignee: 'ts-01-wang', previous: 'ts-01-li', at } }]);
  });

  it('given a task of ts-01, when county staff assign it to a colleague of theirs, then it is theirs', () => {
    decider(decideAssignment)
      .given(task())
      .when(assign('org-staff-2', member('org-staff-2', { role: 'county-org-dept', townshipId: null }), staff))
      .then([{ type: 'TaskAssigned', data: { ...ids, assignee: 'org-staff-2', previous: null, at } }]);
  });

  it('given a task assigned to someone, when it is assigned to them again, then nothing is recorded', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-li' }))
      .when(assign('ts-01-li', member('ts-01-li')))
      .then([]);
  });

  it('given a task of ts-01, when it is assigned to a member of another township, then it is refused', () => {
    decider(decideAssignment)
      .given(task())
      .when(assign('ts-02-li', member('ts-02-li', { townshipId: 'ts-02' })))
      .thenThrows(/不是ts-01党委成员.*neither a member of the ts-01 committee/);
  });

  it('given a task, when it is assigned to an auditor, a disabled member or an unknown login, then each is refused', () => {
    const d = decider(decideAssignment).given(task());
    d.when(assign('auditor', member('auditor', { role: 'auditor', townshipId: null }))).thenThrows(/cannot be given this task/);
    d.when(assign('ts-01-old', member('ts-01-old', { disabled: true }))).thenThrows(/已停用.*is disabled/);
    d.when(assign('nobody', null)).thenThrows(/没有账号 nobody.*there is no account nobody/);
  });

  it('given a task of ts-01, when a member of ts-02 or an auditor assigns it, then it is refused', () => {
    for (const actor of [outsider, auditor]) {
      decider(decideAssignment)
        .given(task())
        .when(assign('ts-01-li', member('ts-01-li'), actor))
        .thenThrows(/only the ts-01 committee or county staff/);
    }
  });

  it('given a decided or withdrawn task, when it is assigned, then it is refused', () => {
    decider(decideAssignment)
      .given(task({ status: 'decided' }))
      .when(assign('ts-01-li', member('ts-01-li')))
      .thenThrows(/已办结.*is decided and can no longer be assigned/);
    decider(decideAssignment)
      .given(task({ status: 'withdrawn' }))
      .when({ kind: 'claim', actor: li, at })
      .thenThrows(/已撤回.*is withdrawn/);
  });
});

describe('claiming a task', () => {
  it('given an unassigned task, when a member claims it, then it is theirs', () => {
    decider(decideAssignment)
      .given(task())
      .when({ kind: 'claim', actor: li, at })
      .then([{ type: 'TaskAssigned', data: { ...ids, assignee: 'ts-01-li', previous: null, at } }]);
  });

  it('given a task someone else has, when a member claims it, then it is refused', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-chair' }))
      .when({ kind: 'claim', actor: li, at })
      .thenThrows(/已分派给 ts-01-chair.*only an unassigned task can be claimed/);
  });

  it('given a task one already has, when one claims it, then nothing is recorded', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-li' }))
      .when({ kind: 'claim', actor: li, at })
      .then([]);
  });

  it('given a task of ts-01, when a member of ts-02 claims it, then it is refused', () => {
    decider(decideAssignment)
      .given(task())
      .when({ kind: 'claim', actor: outsider, at })
      .thenThrows(/only the ts-01 committee/);
  });
});

describe('giving a task back', () => {
  it('given a task one has, when one gives it back, then it is unassigned', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-li' }))
      .when({ kind: 'release', actor: li, at })
      .then([{ type: 'TaskUnassigned', data: { ...ids, previous: 'ts-01-li', at } }]);
  });

  it('given a task someone else has, or nobody, when one gives it back, then it is refused', () => {
    decider(decideAssignment)
      .given(task({ assignee: 'ts-01-chair' }))
      .when({ kind: 'release', actor: li, at })
      .thenThrows(/只能退回自己的任务.*you can give back only your own/);
    decider(decideAssignment)
      .given(task())
      .when({ kind: 'release', actor: li, at })
      .thenThrows(/无可退回.*nothing to give back/);
  });

  it('names each refusal with a code', () => {
    try {
      decideAssignment({ kind: 'release', actor: li, at }, task({ assignee: 'ts-01-chair' }));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AssignmentRefusal);
      expect((err as AssignmentRefusal).code).toBe('not-yours');
    }
  });
});
