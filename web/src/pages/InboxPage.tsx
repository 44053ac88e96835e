/**
 * The caller's pending tasks (GET /tasks narrows a township member to their township),
 * overdue first, then soonest due (or latest first). Filters: assigned to me / unassigned,
 * overdue / due this week. Each task shows who works on it, with assign / claim / give
 * back (components/TaskAssignment.tsx), and opens the form of its step; the result or the
 * case's refusal shows at once, and a decided task leaves the list.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, List, Segmented, Select, Space, Tag, Typography } from 'antd';
import { getTownships, type DecisionReceipt, type Task } from '../api';
import { getInbox, type AssigneeFilter, type DueFilter, type DueSort } from '../inboxApi';
import { TaskAssignment } from '../components/TaskAssignment';
import { BulkDecision } from '../components/BulkDecision';
import { allowsBulk } from '../../../domain/bulkDecisions';
import { DecisionForm } from '../components/DecisionForm';
import { Loadable, useLoad } from '../components/Loadable';
import { pick, useLang } from '../i18n';
import { casePath, Link } from '../router';
import { mayDecide } from '../permissions';
import { useSession } from '../session';
import { taskTitle } from '../names';
import { stepLabel } from '../steps';
import { useTownshipName } from '../townships';
import { dueOf, formatDate, kindLabel, kindOfCase, roleLabel } from '../vocabulary';

const PAGE_SIZE = 20;

export function sortTasks(tasks: readonly Task[], now = Date.now()): Task[] {
  return [...tasks].sort((a, b) => {
    const ao = Date.parse(a.dueAt) < now ? 0 : 1;
    const bo = Date.parse(b.dueAt) < now ? 0 : 1;
    return ao - bo || Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.taskId.localeCompare(b.taskId);
  });
}

export function DueTag({ dueAt }: { dueAt: string }) {
  const { t, lang } = useLang();
  const due = dueOf(dueAt);
  if (due.overdue) {
    return (
      <Tag color="red" data-testid="due">
        {due.workingDays > 0 ? t('overdueBy', { n: due.workingDays }) : t('overdue')} · {t('due')} {formatDate(due.dueDate, lang)}
      </Tag>
    );
  }
  return (
    <Tag color={due.workingDays <= 1 ? 'orange' : 'default'} data-testid="due">
      {due.workingDays === 0 ? t('dueToday') : t('dueIn', { n: due.workingDays })} · {t('due')} {formatDate(due.dueDate, lang)}
    </Tag>
  );
}

export function InboxPage() {
  const { t, lang } = useLang();
  const { user } = useSession();
  const [township, setTownship] = useState<string | undefined>();
  const [assignee, setAssignee] = useState<AssigneeFilter | 'all'>('all');
  const [due, setDue] = useState<DueFilter | 'all'>('all');
  const [sort, setSort] = useState<DueSort>('due');
  // Tasks ticked for one answer; the bulk form keeps its own copy, so its results outlive the list's reload.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulk, setBulk] = useState<Task[] | null>(null);
  const toggle = (taskId: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });
  const tasks = useLoad(
    () =>
      getInbox({
        township,
        ...(assignee === 'all' ? {} : { assignee }),
        ...(due === 'all' ? {} : { due }),
        ...(sort === 'due' ? {} : { sort }),
      }),
    [township, assignee, due, sort],
  );
  // A township member's inbox is their township's already; county staff and auditors may narrow theirs.
  const countyWide = user?.role !== 'township-committee';
  const townships = useLoad(() => (countyWide ? getTownships() : Promise.resolve([])), [countyWide]);
  const townshipName = useTownshipName();
  const [open, setOpen] = useState<string | null>(null);
  const [done, setDone] = useState<{ receipt: DecisionReceipt; task: Task } | null>(null);
  // Latest first is the server's order; soonest first puts the overdue on top.
  const sorted = useMemo(() => (sort === '-due' ? (tasks.data ?? []) : sortTasks(tasks.data ?? [])), [tasks.data, sort]);
  const option = <V extends string>(group: string, value: V, zh: string, en: string) => ({
    value,
    label: <span data-testid={`inbox-${group}-${value}`}>{pick(lang, zh, en)}</span>,
  });
  const canDecide = user?.role === 'county-org-dept' || user?.role === 'township-committee';

  const decided = (task: Task, receipt: DecisionReceipt) => {
    setDone({ receipt, task });
    setOpen(null);
    tasks.reload();
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="inbox-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('inboxTitle')}
          {user?.townshipId ? ` · ${townshipName(user.townshipId)}` : ''}
        </Typography.Title>
        <Space>
          {countyWide && (
            <Select
              allowClear
              placeholder={t('filterTownship')}
              style={{ minWidth: 200 }}
              value={township}
              onChange={(v?: string) => setTownship(v)}
              options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
              optionFilterProp="label"
              data-testid="inbox-township"
            />
          )}
          <Button onClick={tasks.reload} loading={tasks.loading}>
            {t('refresh')}
          </Button>
        </Space>
      </Space>
      <Space wrap data-testid="inbox-filters">
        {canDecide && (
          <Segmented<AssigneeFilter | 'all'>
            value={assignee}
            onChange={setAssignee}
            options={[
              option('assignee', 'all', '全部', 'All'),
              option('assignee', 'me', '分派给我', 'Assigned to me'),
              option('assignee', 'none', '未分派', 'Unassigned'),
            ]}
            data-testid="inbox-assignee"
          />
        )}
        <Segmented<DueFilter | 'all'>
          value={due}
          onChange={setDue}
          options={[
            option('due', 'all', '全部期限', 'Any due date'),
            option('due', 'overdue', '已逾期', 'Overdue'),
            option('due', 'week', '本周到期', 'Due this week'),
          ]}
          data-testid="inbox-due"
        />
        <Segmented<DueSort>
          value={sort}
          onChange={setSort}
          options={[option('sort', 'due', '截止日期 ↑', 'Due date ↑'), option('sort', '-due', '截止日期 ↓', 'Due date ↓')]}
          data-testid="inbox-sort"
        />
      </Space>
      {!canDecide && <Alert type="info" showIcon title={t('inboxReadOnly')} />}
      {selected.size > 0 && bulk === null && (
        <Button onClick={() => setBulk(sorted.filter((x) => selected.has(x.taskId)))} data-testid="bulk-open">
          {pick(lang, `批量办理所选 ${selected.size} 件`, `Decide the ${selected.size} selected together`)}
        </Button>
      )}
      {bulk !== null && (
        <>
          <BulkDecision
            tasks={bulk}
            onDone={() => {
              setSelected(new Set());
              tasks.reload();
            }}
          />
          <Button onClick={() => setBulk(null)} data-testid="bulk-close">
            {pick(lang, '关闭批量办理', 'Close')}
          </Button>
        </>
      )}
      {done && (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setDone(null) }}
          data-testid="decision-result"
          title={t('decidedOk', {
            step: stepLabel(lang, kindOfCase(done.receipt.caseId), done.receipt.step),
            position: done.receipt.position,
          })}
          description={
            <span>
              {taskTitle(lang, done.task)} · <Link to={casePath(done.receipt.caseId)}>{t('openCase')}</Link>
            </span>
          }
        />
      )}
      <Loadable state={tasks}>
        {() =>
          sorted.length === 0 ? (
            <Empty description={t('inboxEmpty')} />
          ) : (
            <List
              dataSource={sorted}
              rowKey="taskId"
              pagination={sorted.length > PAGE_SIZE ? { pageSize: PAGE_SIZE, showSizeChanger: false } : false}
              renderItem={(task) => (
                <List.Item style={{ display: 'block' }}>
                  <Card
                    size="small"
                    data-testid="task"
                    data-task-id={task.taskId}
                    title={
                      <Space wrap>
                        {mayDecide(user, task) && allowsBulk(task) && (
                          <Checkbox
                            checked={selected.has(task.taskId)}
                            onChange={(e) => toggle(task.taskId, e.target.checked)}
                            data-testid="task-select"
                          />
                        )}
                        <span data-testid="task-title">{taskTitle(lang, task)}</span>
                        {task.escalated && <Tag color="volcano">{t('escalated')}</Tag>}
                      </Space>
                    }
                    extra={
                      mayDecide(user, task) && (
                        <Button
                          type={open === task.taskId ? 'default' : 'primary'}
                          onClick={() => setOpen(open === task.taskId ? null : task.taskId)}
                          data-testid="task-decide"
                        >
                          {open === task.taskId ? t('hideForm') : t('decide')}
                        </Button>
                      )
                    }
                  >
                    <Space wrap size="small">
                      <DueTag dueAt={task.dueAt} />
                      <Tag>{kindLabel(lang, kindOfCase(task.caseId))}</Tag>
                      <Tag>
                        {t('township')}: {townshipName(task.townshipId)}
                      </Tag>
                      <Tag>{roleLabel(t, task.role)}</Tag>
                      <Link to={casePath(task.caseId)}>{t('openCase')}</Link>
                    </Space>
                    <TaskAssignment task={task} user={user ?? null} onChanged={() => tasks.reload()} />
                    {open === task.taskId && (
                      <div style={{ marginTop: 16 }}>
                        <DecisionForm caseId={task.caseId} step={task.step} form={task.form} onDecided={(r) => decided(task, r)} />
                      </div>
                    )}
                  </Card>
                </List.Item>
              )}
            />
          )
        }
      </Loadable>
    </Space>
  );
}
