/**
 * Who works on a task, on its inbox card: the assignee (or 无人认领), and the controls the
 * signed-in user may use — claim an unassigned task, give back one's own, assign or
 * reassign to a member of the township committee or county staff. Only a hint: the API
 * decides (domain/taskAssignment.ts) and its refusal is shown in the user's language.
 */
import { useState } from 'react';
import { Button, Select, Space, Tag } from 'antd';
import type { Task, User } from '../api';
import { pick, useLang } from '../i18n';
import { assignTask, claimTask, getAssignees, releaseTask, type Assignable } from '../inboxApi';
import { ActionError, refusalInLang, useAction } from './useAction';

/** Whether `user` could hold the task: its township's committee, or county staff. */
export function mayHold(user: User | null | undefined, task: Pick<Task, 'townshipId'>): boolean {
  if (!user || user.disabled) return false;
  return user.role === 'county-org-dept' || (user.role === 'township-committee' && user.townshipId === task.townshipId);
}

export function TaskAssignment({ task, user, onChanged }: { task: Task; user: User | null; onChanged: (task: Task) => void }) {
  const { lang } = useLang();
  const action = useAction(lang);
  const { busy, setError } = action;
  const [people, setPeople] = useState<Assignable[] | null>(null);
  const [choice, setChoice] = useState<string | undefined>();
  const holder = mayHold(user, task);
  const mine = user !== null && task.assignee === user.login;

  const run = (change: () => Promise<Task>) =>
    action.run(async () => {
      onChanged(await change());
      setChoice(undefined);
    });
  const loadPeople = async () => {
    if (people !== null) return;
    try {
      setPeople(await getAssignees(task.taskId));
    } catch (err) {
      setError(refusalInLang(lang, err));
    }
  };

  return (
    <div style={{ marginTop: 8 }}>
      <Space wrap size="small">
        <Tag
          color={task.assignee ? (mine ? 'blue' : 'geekblue') : 'default'}
          data-testid="task-assignee"
          data-assignee={task.assignee ?? ''}
        >
          {task.assignee
            ? `${pick(lang, '承办人', 'Assigned to')}: ${task.assignee}${mine ? pick(lang, '（我）', ' (me)') : ''}`
            : pick(lang, '未分派', 'Unassigned')}
        </Tag>
        {holder && task.assignee === null && (
          <Button size="small" loading={busy} onClick={() => run(() => claimTask(task.taskId))} data-testid="task-claim">
            {pick(lang, '认领', 'Claim')}
          </Button>
        )}
        {mine && (
          <Button size="small" loading={busy} onClick={() => run(() => releaseTask(task.taskId))} data-testid="task-release">
            {pick(lang, '退回', 'Give back')}
          </Button>
        )}
        {holder && (
          <>
            <Select
              size="small"
              style={{ minWidth: 200 }}
              placeholder={pick(lang, task.assignee ? '改派给…' : '分派给…', task.assignee ? 'Reassign to…' : 'Assign to…')}
              value={choice}
              onChange={(v: string) => setChoice(v)}
              onOpenChange={(o) => o && void loadPeople()}
              loading={people === null}
              options={(people ?? []).map((p) => ({ value: p.login, label: `${p.displayName} (${p.login})` }))}
              data-testid="task-assign-select"
            />
            <Button
              size="small"
              type="primary"
              disabled={choice === undefined}
              loading={busy}
              onClick={() => choice && run(() => assignTask(task.taskId, choice))}
              data-testid="task-assign"
            >
              {pick(lang, '分派', 'Assign')}
            </Button>
          </>
        )}
      </Space>
      <ActionError action={action} title={pick(lang, '未能更改承办人', 'The assignment was refused')} testId="assignment-error" />
    </div>
  );
}
