/**
 * A replay's result (`cadreflow audit replay`): each run replayed against the current
 * workflow code — matches, diverges (the first diverging event and command named) or
 * failed — and the totals.
 */
import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ReplayReport } from '../auditToolsApi';
import { pick, useLang, type Lang } from '../i18n';
import { kindLabel } from '../vocabulary';

/** Workflow types by the procedure they run (`memberDevelopment` is the member-development case). */
const WORKFLOW_KINDS: Record<string, string> = {
  probation: 'probation',
  memberDevelopment: 'member-development',
  election: 'election',
  evaluation: 'evaluation',
  evaluationRound: 'evaluation-round',
  scheduledEvaluationRound: 'evaluation-round',
  evaluationRoundPart: 'evaluation-round',
  rectification: 'rectification',
  selection: 'selection',
};

const REPLAY_STATUS: Record<string, [string, string]> = {
  ok: ['一致', 'Matches'],
  nondeterministic: ['不一致', 'Diverges'],
  failed: ['重放失败', 'Replay failed'],
};

export const workflowLabel = (lang: Lang, workflowType: string) =>
  WORKFLOW_KINDS[workflowType] ? kindLabel(lang, WORKFLOW_KINDS[workflowType]) : workflowType;
export const replayStatusLabel = (lang: Lang, status: string) => (REPLAY_STATUS[status] ? pick(lang, ...REPLAY_STATUS[status]) : status);

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
        description={
          <>
            <Typography.Text code>{report.source}</Typography.Text> · {s.seconds.toFixed(2)} s
          </>
        }
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
          { title: t('workflowType'), dataIndex: 'workflowType', render: (w: string) => workflowLabel(lang, w) },
          { title: t('historyEvents'), dataIndex: 'events' },
          {
            title: t('replayStatus'),
            dataIndex: 'status',
            render: (status: string, r) => (
              <>
                <Tag color={status === 'ok' ? 'success' : 'error'} data-testid="replay-status">
                  {replayStatusLabel(lang, status)}
                </Tag>
                {r.readAsPlain && <Tag>{t('readAsPlain')}</Tag>}
                {r.divergence && <Typography.Text code>{r.divergence}</Typography.Text>}
                {r.error && status !== 'ok' && <Typography.Text code>{r.error}</Typography.Text>}
                {r.unsealed && r.unsealed.length > 0 && (
                  <div>
                    {t('unsealedInputs')}:{' '}
                    <Typography.Text code>
                      {r.unsealed.map((u) => `#${u.eventId} ${u.eventType}${u.name ? ` ${u.name}` : ''}`).join(', ')}
                    </Typography.Text>
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
