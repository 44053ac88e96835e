/**
 * The yearly Schedules that start evaluation rounds (GET /evaluation/schedules), and for
 * county staff the form that sets one (POST /evaluation/schedules) — the browser's
 * `cadreflow evaluation schedule`. The form reads its input with the API's own parser
 * (domain/evaluationSchedule.ts) before sending, so a bad time is named at once.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { DEFAULT_ROUND_CRON, parseRoundSchedule } from '../../../domain/evaluationSchedule';
import { getTownships } from '../api';
import { Loadable, useLoad } from './Loadable';
import { ActionError, useAction } from './useAction';
import { useTownshipName } from '../townships';
import { formatTime } from '../vocabulary';
import { getSchedules, setSchedule, type RoundScheduleLine, type ScheduleResult } from '../views/viewsApi';
import { useViewText } from '../views/text';

function SetSchedule({ onSet }: { onSet: (scheduleId: string) => void }) {
  const { vt, lang } = useViewText();
  const townships = useLoad(getTownships, []);
  const action = useAction(lang);
  const [result, setResult] = useState<ScheduleResult | null>(null);

  const onFinish = (v: { cron: string; townships?: string[] }) => {
    setResult(null);
    const parsed = parseRoundSchedule({ cron: v.cron, townshipIds: v.townships ?? [] });
    if (!parsed.ok) {
      action.setError(parsed.error);
      return;
    }
    const { cron, townshipIds } = parsed.value;
    void action.run(async () => {
      const r = await setSchedule({ cron, ...(townshipIds ? { townships: townshipIds } : {}) });
      setResult(r);
      onSet(r.scheduleId);
    });
  };

  return (
    <Form
      layout="inline"
      onFinish={onFinish}
      initialValues={{ cron: DEFAULT_ROUND_CRON }}
      disabled={action.busy}
      data-testid="schedule-form"
    >
      <Form.Item name="cron" label={vt('cron')} tooltip={vt('cronHint')} rules={[{ required: true, message: vt('badCron') }]}>
        <Input style={{ width: 160 }} data-testid="schedule-cron" />
      </Form.Item>
      <Form.Item name="townships" label={vt('scheduleTownships')} style={{ minWidth: 320 }}>
        <Select
          mode="multiple"
          allowClear
          loading={townships.loading}
          data-testid="schedule-townships"
          options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
          optionFilterProp="label"
          style={{ minWidth: 240 }}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={action.busy} data-testid="schedule-set">
          {vt('setSchedule')}
        </Button>
      </Form.Item>
      <div style={{ width: '100%' }}>
        <ActionError action={action} title={vt('badCron')} testId="schedule-error" />
        {result && (
          <Alert
            type="success"
            showIcon
            style={{ marginTop: 8 }}
            data-testid="schedule-result"
            title={`${result.created ? vt('scheduleCreated') : vt('scheduleUpdated')}: ${result.cron}`}
          />
        )}
      </div>
    </Form>
  );
}

/** `county` or township ids joined by `+`, by name. */
function ScopeName({ line }: { line: RoundScheduleLine }) {
  const { vt } = useViewText();
  const townshipName = useTownshipName();
  if (!line.townshipIds) return <>{vt('wholeCounty')}</>;
  return <>{line.townshipIds.map((id) => townshipName(id)).join('、')}</>;
}

export function RoundSchedules({ mayEdit }: { mayEdit: boolean }) {
  const { vt, lang } = useViewText();
  const list = useLoad(getSchedules, []);
  // Temporal lists a Schedule a moment after it is set: the list is read again until it shows it (a few tries).
  const [awaiting, setAwaiting] = useState<{ id: string; tries: number } | null>(null);
  const { data, loading, reload } = list;
  useEffect(() => {
    if (!awaiting || loading) return;
    if (data?.schedules.some((s) => s.scheduleId === awaiting.id) || awaiting.tries >= 30) {
      setAwaiting(null);
      return;
    }
    const timer = setTimeout(() => {
      setAwaiting({ ...awaiting, tries: awaiting.tries + 1 });
      reload();
    }, 1000);
    return () => clearTimeout(timer);
  }, [awaiting, data, loading, reload]);
  return (
    <Card size="small" title={vt('schedulesTitle')} data-testid="round-schedules">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{vt('schedulesHint')}</Typography.Text>
        {mayEdit && (
          <SetSchedule
            onSet={(id) => {
              setAwaiting({ id, tries: 0 });
              reload();
            }}
          />
        )}
        <Loadable state={list}>
          {(l) => (
            <Table<RoundScheduleLine>
              size="small"
              rowKey="scheduleId"
              pagination={false}
              dataSource={l.schedules}
              locale={{ emptyText: vt('noSchedules') }}
              data-testid="schedule-list"
              columns={[
                { title: vt('scope'), key: 'scope', render: (_, s) => <ScopeName line={s} /> },
                {
                  title: vt('cron'),
                  key: 'cron',
                  render: (_, s) => (
                    <Space size="small">
                      <Typography.Text code data-testid="schedule-line-cron">
                        {s.cron ?? '—'}
                      </Typography.Text>
                      {s.paused && <Tag>{vt('paused')}</Tag>}
                    </Space>
                  ),
                },
                {
                  title: vt('nextRuns'),
                  key: 'next',
                  render: (_, s) =>
                    s.nextRuns
                      .slice(0, 1)
                      .map((r) => formatTime(r, lang))
                      .join('') || '—',
                },
                {
                  title: vt('recentRuns'),
                  key: 'recent',
                  render: (_, s) => s.recentRuns.map((r) => formatTime(r.scheduledAt, lang)).join('、') || '—',
                },
              ]}
            />
          )}
        </Loadable>
      </Space>
    </Card>
  );
}
