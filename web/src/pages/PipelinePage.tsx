/**
 * The member-development pipeline per village (GET /member-development/pipeline, `cadreflow
 * pipeline`): people at each stage, the step due soonest, and the villages at risk of
 * admitting nobody this year, marked; a switch shows those only. The address keeps the
 * filters (`/#/pipeline?township=ts-01&atRisk=true`); a township committee member sees
 * their own township's villages, as the API gives them.
 */
import { Alert, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { PIPELINE_STAGES } from '../../../domain/wire/pipeline';
import { Loadable, useLoad } from '../components/Loadable';
import { navigate, queryOf, useHashPath, withQuery } from '../router';
import { useSession } from '../session';
import { useTownshipName } from '../townships';
import { formatDate } from '../vocabulary';
import { getPipeline, type VillagePipeline } from '../views/viewsApi';
import { useViewText, type ViewTextKey } from '../views/text';
import { TownshipFilter } from './ElectionsPage';

const STAGE_TEXT: Record<(typeof PIPELINE_STAGES)[number], ViewTextKey> = {
  applicant: 'stageApplicant',
  activist: 'stageActivist',
  'development-target': 'stageTarget',
  probationary: 'stageProbationary',
  full: 'stageFull',
};

export function PipelinePage() {
  const { vt, lang } = useViewText();
  const { user } = useSession();
  const path = useHashPath();
  const q = queryOf(path);
  const township = q.township;
  const atRisk = q.atRisk === 'true';
  const view = useLoad(() => getPipeline({ township, atRisk }), [township, atRisk]);
  const townshipName = useTownshipName();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="pipeline-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {vt('pipelineTitle')}
        </Typography.Title>
        <Space wrap>
          {user?.role !== 'township-committee' && <TownshipFilter value={township} route="/pipeline" testId="pipeline-township" />}
          <Space size="small">
            <Switch
              checked={atRisk}
              data-testid="pipeline-at-risk"
              onChange={(on) => {
                const { atRisk: _, ...rest } = q;
                navigate(withQuery('/pipeline', on ? { ...rest, atRisk: 'true' } : rest));
              }}
            />
            <span>{vt('atRiskOnly')}</span>
          </Space>
          <Button onClick={view.reload} loading={view.loading}>
            {vt('refresh')}
          </Button>
        </Space>
      </Space>
      <Typography.Text type="secondary">{vt('pipelineHint')}</Typography.Text>
      <Loadable state={view}>
        {(v) => (
          <Card size="small" title={`${vt('asOf')} ${formatDate(v.asOf, lang)}`}>
            <Alert
              type={v.atRisk > 0 ? 'warning' : 'success'}
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="pipeline-at-risk-count"
              data-count={v.atRisk}
              title={vt('atRiskCount', { n: v.atRisk, year: v.year })}
            />
            <Table<VillagePipeline>
              size="small"
              rowKey="villageId"
              // The villages at risk first, so they lead the list's first page.
              dataSource={[...v.villages].sort((a, b) => Number(b.atRisk) - Number(a.atRisk))}
              pagination={v.villages.length > 50 ? { pageSize: 50 } : false}
              locale={{ emptyText: vt('noVillages') }}
              data-testid="pipeline"
              rowClassName={(r) => (r.atRisk ? 'pipeline-at-risk' : '')}
              onRow={(r) => ({ style: r.atRisk ? { background: '#fff1f0' } : {} })}
              columns={[
                {
                  title: vt('village'),
                  key: 'village',
                  render: (_, r) => (
                    <Space size="small">
                      <span data-testid="pipeline-village">{r.village}</span>
                      {r.atRisk && <Tag color="red">{vt('atRisk')}</Tag>}
                    </Space>
                  ),
                },
                { title: vt('township'), key: 'township', render: (_, r) => townshipName(r.townshipId) },
                ...PIPELINE_STAGES.map((s) => ({
                  title: vt(STAGE_TEXT[s]),
                  key: s,
                  render: (_: unknown, r: VillagePipeline) => r.counts[s],
                })),
                { title: vt('admittedThisYear'), dataIndex: 'admittedThisYear' },
                {
                  title: vt('earliestAdmission'),
                  key: 'earliest',
                  render: (_, r) => (r.earliestAdmissionOn ? formatDate(r.earliestAdmissionOn, lang) : '—'),
                },
                {
                  title: vt('nextStep'),
                  key: 'next',
                  render: (_, r) => (r.next ? `${r.next.name} · ${formatDate(r.next.dueOn, lang)}` : '—'),
                },
              ]}
            />
          </Card>
        )}
      </Loadable>
    </Space>
  );
}
