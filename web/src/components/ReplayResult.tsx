/**
 * A replay's result (`cadreflow audit replay`): each run replayed against the current
 * workflow code — matches, diverges (the first diverging event and command named) or
 * failed — and the totals.
 */
import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ReplayReport } from '../auditToolsApi';
import { pick, useLang } from '../i18n';

export const REPLAY_STATUS: Record<string, [string, string]> = {
  ok: ['一致', 'Matches'],
  nondeterministic: ['不一致', 'Diverges'],
  failed: ['重放失败', 'Replay failed'],
};

export function ReplayResult({ report }: { report: ReplayReport }) {
  const { t, lang } = useLang();
  const s = report.summary;
  const ok = s.nondeterministic + s.failed === 0 && s.total > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="replay-result" data-ok={String(ok)}>
      <Alert
        type={ok ? 'success' : s.total === 0 ? 'info' : 'error'}
        showIcon
        title={t('replaySummary', { total: s.total, ok: s.ok, nondeterministic: s.nondeterministic, failed: s.failed })}
        description={`${report.source} · ${s.seconds.toFixed(2)} s`}
      />
      <Table
        size="small"
        pagination={report.cases.length > 20 ? { pageSize: 20 } : false}
        rowKey={(r) => `${r.workflowId}/${r.runId}`}
        dataSource={report.cases}
        data-testid="replay-runs"
        columns={[
          { title: t('caseId'), dataIndex: 'workflowId', render: (w: string) => <Typography.Text code>{w}</Typography.Text> },
          { title: t('runId'), dataIndex: 'runId', render: (r: string) => <Typography.Text code>{r.slice(0, 12)}</Typography.Text> },
          { title: t('workflowType'), dataIndex: 'workflowType' },
          { title: t('historyEvents'), dataIndex: 'events' },
          {
            title: t('replayStatus'),
            dataIndex: 'status',
            render: (status: string, r) => (
              <>
                <Tag color={status === 'ok' ? 'success' : 'error'} data-testid="replay-status">
                  {REPLAY_STATUS[status] ? pick(lang, ...REPLAY_STATUS[status]) : status}
                </Tag>
                {r.readAsPlain && <Tag>{t('readAsPlain')}</Tag>}
                {r.divergence && <div>{r.divergence}</div>}
                {r.error && status !== 'ok' && <div>{r.error}</div>}
                {r.unsealed && r.unsealed.length > 0 && (
                  <div>
                    {t('unsealedInputs')}: {r.unsealed.map((u) => `#${u.eventId} ${u.eventType}${u.name ? ` ${u.name}` : ''}`).join(', ')}
                  </div>
                )}
              </>
            ),
          },
        ]}
      />
    </Space>
  );
}
