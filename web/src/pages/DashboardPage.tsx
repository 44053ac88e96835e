/**
 * The county at a glance (GET /dashboard): cases by kind and stage, overdue steps, the
 * year's evaluation rounds with their grade distribution, rectification progress; and,
 * for county staff, the form that starts an evaluation round and follows its start, and
 * the one that opens a selection (选拔任用); the yearly Schedules that start rounds, which
 * county staff set (components/RoundSchedules.tsx).
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Form,
  InputNumber,
  List,
  Progress,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { shanghaiDate } from '../../../domain/calendar';
import { COUNTY_SCOPE, evaluationYearFor } from '../../../domain/evaluationRound';
import {
  ApiProblem,
  getDashboard,
  getEvaluationRound,
  getTownships,
  RECTIFICATION_STATUSES,
  startEvaluationRound,
  type Dashboard,
  type RoundDashboard,
  type RoundView,
} from '../api';
import { BarChart } from '../components/BarChart';
import { StartSelection } from '../components/StartSelection';
import { StartCase } from '../components/StartCase';
import { RoundSchedules } from '../components/RoundSchedules';
import { Loadable, ProblemAlert, useLoad } from '../components/Loadable';
import { useLang, pick } from '../i18n';
import { casePath, Link } from '../router';
import { useSession } from '../session';
import { taskTitle } from '../names';
import { useTownshipName } from '../townships';
import { DocumentDownload, ledgerUrl, resultSheetUrl } from '../components/DocumentDownload';
import { GRADES, gradeLabel, kindLabel, roundStatusLabel, stageLabel, valueLabel } from '../vocabulary';
import { DueTag } from './InboxPage';

const GRADE_COLOURS: Record<string, string> = {
  excellent: '#52c41a',
  competent: '#1677ff',
  'basically-competent': '#faad14',
  'not-competent': '#f5222d',
};
const POLL_MS = 1000;

function CasesByKind({ rows }: { rows: Dashboard['cases'] }) {
  const { t, lang } = useLang();
  const kinds = useMemo(() => {
    const out = new Map<string, { open: number; closed: number; stages: Dashboard['cases'] }>();
    for (const r of rows) {
      const k = out.get(r.kind) ?? { open: 0, closed: 0, stages: [] };
      k.open += r.open;
      k.closed += r.closed;
      k.stages.push(r);
      out.set(r.kind, k);
    }
    return [...out.entries()];
  }, [rows]);
  if (kinds.length === 0) return <Empty description={t('notAvailable')} />;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="kind"
      data-testid="cases-by-kind"
      dataSource={kinds.map(([kind, k]) => ({ kind, ...k }))}
      expandable={{
        defaultExpandAllRows: false,
        expandedRowRender: (r) => (
          <Space wrap>
            {r.stages.map((s) => (
              <Tag key={s.stage}>
                {stageLabel(lang, s.stage)}: {s.open} / {s.closed}
              </Tag>
            ))}
          </Space>
        ),
      }}
      columns={[
        { title: t('kind'), dataIndex: 'kind', width: 140, render: (k: string) => kindLabel(lang, k) },
        { title: t('open'), dataIndex: 'open', width: 90 },
        { title: t('closed'), dataIndex: 'closed', width: 90 },
        {
          title: t('stage'),
          key: 'stages',
          render: (_: unknown, r) => (
            <Space wrap size={4}>
              {r.stages
                .filter((s) => s.open > 0)
                .map((s) => (
                  <Tag key={s.stage} color="processing">
                    {stageLabel(lang, s.stage)} {s.open}
                  </Tag>
                ))}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** A round's scope (`county`, `ts-01+ts-03`) by its townships' names. */
function scopeName(lang: 'zh' | 'en', scope: string, townshipName: (id: string) => string): string {
  if (scope === COUNTY_SCOPE) return pick(lang, '全县', 'Whole county');
  return scope
    .split('+')
    .map(townshipName)
    .join(pick(lang, '、', ', '));
}

/** `evaluation-round/2026/ts-01+ts-03` → 2026年度考核 · 红门乡、… */
function useRoundName(): (roundId: string) => string {
  const { lang } = useLang();
  const townshipName = useTownshipName();
  return (roundId) => {
    const m = /^evaluation-round\/(\d{4})\/(.+)$/.exec(roundId);
    if (!m) return roundId;
    return `${lang === 'zh' ? `${m[1]}年度考核` : `Evaluation ${m[1]}`} · ${scopeName(lang, m[2]!, townshipName)}`;
  };
}

export function RoundCard({ round }: { round: RoundDashboard }) {
  const { t, lang } = useLang();
  const townshipName = useTownshipName();
  const totals = round.totals;
  return (
    <Card
      size="small"
      title={`${round.year} · ${scopeName(lang, round.scope, townshipName)}`}
      extra={
        <Space>
          <Tag>{roundStatusLabel(lang, round.status)}</Tag>
          <DocumentDownload href={resultSheetUrl(round.roundId)} label="downloadResultSheet" testId="download-result-sheet" size="small" />
        </Space>
      }
      data-testid="round-card"
      style={{ marginBottom: 16 }}
    >
      <Row gutter={16}>
        <Col span={6}>
          <Statistic title={t('cadres')} value={round.cadres} />
        </Col>
        <Col span={6}>
          <Statistic title={t('done')} value={totals.done} />
        </Col>
        <Col span={6}>
          <Statistic title={t('final')} value={totals.final} />
        </Col>
        <Col span={6}>
          <Statistic title={t('overdue')} value={totals.overdue} />
        </Col>
      </Row>
      <Progress percent={round.cadres > 0 ? Math.round((totals.done / round.cadres) * 100) : 0} style={{ margin: '12px 0' }} />
      <Typography.Text strong>{t('gradeDistribution')}</Typography.Text>
      <BarChart
        testId="grade-chart"
        bars={GRADES.map((g) => ({ key: g, label: gradeLabel(t, g), value: totals.grades[g] ?? 0, colour: GRADE_COLOURS[g] }))}
      />
      {round.townships.length > 1 && (
        <Table
          size="small"
          style={{ marginTop: 12 }}
          pagination={false}
          rowKey="townshipId"
          dataSource={round.townships}
          columns={[
            { title: t('township'), dataIndex: 'name', render: (n: string, r) => n || townshipName(r.townshipId) },
            { title: t('cadres'), dataIndex: 'cadres' },
            { title: t('done'), dataIndex: 'done' },
            { title: t('pending'), dataIndex: 'pending' },
            { title: t('overdue'), dataIndex: 'overdue' },
            { title: t('warnings'), dataIndex: 'warnings' },
          ]}
        />
      )}
    </Card>
  );
}

/** Follows a round while its cases start: GET /evaluation/rounds/{id} every second until every start is answered. */
export function RoundProgressView({ roundId, onSettled }: { roundId: string; onSettled?: () => void }) {
  const { t, lang } = useLang();
  const roundName = useRoundName();
  const [view, setView] = useState<RoundView | null>(null);
  const [error, setError] = useState<ApiProblem | Error | null>(null);

  useEffect(() => {
    let live = true;
    let timer: number | undefined;
    const poll = async () => {
      let settled = false;
      try {
        const v = await getEvaluationRound(roundId);
        if (!live) return;
        setView(v);
        setError(null);
        const p = v.progress;
        settled = p.started !== null && p.cadres !== null && p.casesStarted >= p.started;
      } catch (err) {
        if (!live) return;
        setError(err instanceof Error ? err : new Error(String(err)));
      }
      if (settled) onSettled?.();
      else if (live) timer = window.setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
    // onSettled is a notification; a new function must not restart the polling.
  }, [roundId]);

  const p = view?.progress;
  const cadres = p?.cadres ?? null;
  const startedCount = p?.casesStarted ?? 0;
  return (
    <div
      data-testid="round-progress"
      data-cases-started={startedCount}
      data-cadres={cadres ?? ''}
      data-settled={String(!!p && p.started !== null && startedCount >= p.started)}
    >
      <Typography.Text strong>
        {t('roundProgress')}: {roundName(roundId)}
      </Typography.Text>
      {error && <ProblemAlert error={error} />}
      {!p || !p.known ? (
        <div>
          <Typography.Text type="secondary">{t('roundWaiting')}</Typography.Text>
        </div>
      ) : (
        <>
          <Progress percent={cadres ? Math.floor((startedCount / cadres) * 100) : 0} status={p.started !== null ? 'success' : 'active'} />
          <Space wrap>
            <Tag>
              {t('casesStarted')}: <span data-testid="round-cases-started">{startedCount}</span> /{' '}
              <span data-testid="round-cadres">{cadres ?? '…'}</span>
            </Tag>
            {p.status && (
              <Tag>
                {t('roundStatus')}: {roundStatusLabel(lang, p.status)}
              </Tag>
            )}
            {p.skipped !== null && p.skipped > 0 && (
              <Tag>
                {pick(lang, '未启动', 'Skipped')} {p.skipped}
              </Tag>
            )}
          </Space>
        </>
      )}
      {view?.dashboard && <div style={{ marginTop: 12 }}>{<RoundCard round={view.dashboard} />}</div>}
    </div>
  );
}

function StartRound({ onStarted }: { onStarted: () => void }) {
  const { t } = useLang();
  const roundName = useRoundName();
  const townships = useLoad(getTownships, []);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ roundId: string; started: boolean } | null>(null);
  const [error, setError] = useState<ApiProblem | Error | null>(null);

  const onFinish = async (v: { year: number; townships?: string[] }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await startEvaluationRound(v.year, v.townships);
      setResult(r);
      onStarted();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('startRound')} data-testid="start-round">
      <Form layout="inline" onFinish={onFinish} initialValues={{ year: evaluationYearFor(shanghaiDate(Date.now())) }} disabled={busy}>
        <Form.Item name="year" label={t('year')} rules={[{ required: true }]}>
          <InputNumber min={2000} max={2100} precision={0} data-testid="round-year" />
        </Form.Item>
        <Form.Item name="townships" label={t('townships')} style={{ minWidth: 320 }}>
          <Select
            mode="multiple"
            allowClear
            loading={townships.loading}
            data-testid="round-townships"
            options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
            optionFilterProp="label"
            style={{ minWidth: 280 }}
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="round-start">
            {t('start')}
          </Button>
        </Form.Item>
      </Form>
      {error && (
        <div style={{ marginTop: 12 }}>
          <ProblemAlert error={error} />
        </div>
      )}
      {result && (
        <div style={{ marginTop: 12 }}>
          <Alert
            type={result.started ? 'success' : 'info'}
            showIcon
            data-testid="round-started"
            data-round-id={result.roundId}
            title={
              result.started
                ? t('roundStarted', { roundId: roundName(result.roundId) })
                : t('roundExisting', { roundId: roundName(result.roundId) })
            }
            style={{ marginBottom: 12 }}
          />
          <RoundProgressView key={result.roundId} roundId={result.roundId} onSettled={onStarted} />
        </div>
      )}
    </Card>
  );
}

function Rectification({ r }: { r: Dashboard['rectification'] }) {
  const { t, lang } = useLang();
  const STATUS: Record<string, [string, string]> = {
    rectifying: ['整顿中', 'Rectifying'],
    consolidating: ['巩固提升', 'Consolidating'],
    passed: ['验收通过', 'Passed'],
    'follow-up': ['跟踪回访', 'Follow-up'],
    rectified: ['已销号', 'Rectified'],
  };
  const label = (s: string) => (STATUS[s] ? pick(lang, STATUS[s][0], STATUS[s][1]) : s);
  const townshipName = useTownshipName();
  if (r.total === 0) return <Empty description={t('notAvailable')} />;
  return (
    <>
      <BarChart
        testId="rectification-chart"
        bars={RECTIFICATION_STATUSES.map((s) => ({ key: s, label: label(s), value: r.byStatus[s] ?? 0 }))}
      />
      <Table
        size="small"
        style={{ marginTop: 12 }}
        rowKey="caseId"
        pagination={{ pageSize: 8, showSizeChanger: false }}
        dataSource={r.items}
        columns={[
          {
            title: pick(lang, '党组织', 'Branch'),
            dataIndex: 'branchName',
            render: (n: string, x) => <Link to={casePath(x.caseId)}>{n}</Link>,
          },
          { title: t('township'), dataIndex: 'townshipId', render: (v: string) => townshipName(v) },
          { title: t('stage'), dataIndex: 'stage', render: (s: string) => stageLabel(lang, s) },
          { title: t('caseStatus'), dataIndex: 'status', render: (s: string) => <Tag>{label(s)}</Tag> },
          {
            title: pick(lang, '进度报告', 'Reports'),
            key: 'reports',
            render: (_: unknown, x) =>
              `${x.reportsFiled}/${x.reportsDue}${x.reportsLate ? ` (${pick(lang, '逾期', 'late')} ${x.reportsLate})` : ''}`,
          },
          {
            title: pick(lang, '验收', 'Inspection'),
            key: 'inspection',
            render: (_: unknown, x) => (x.lastInspection ? `${valueLabel(lang, x.lastInspection.result)} ${x.lastInspection.score}` : '—'),
          },
        ]}
      />
    </>
  );
}

export function DashboardPage() {
  const { t, lang } = useLang();
  const townshipName = useTownshipName();
  const { user } = useSession();
  const dashboard = useLoad(getDashboard, []);
  const isStaff = user?.role === 'county-org-dept';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard-page">
      <Space style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('dashboardTitle')}
          {dashboard.data?.township ? ` · ${townshipName(dashboard.data.township)}` : ''}
        </Typography.Title>
        <Button onClick={dashboard.reload} loading={dashboard.loading}>
          {t('refresh')}
        </Button>
      </Space>
      {isStaff ? (
        <>
          <StartRound onStarted={dashboard.reload} />
          <StartSelection />
          <StartCase />
        </>
      ) : (
        user?.role === 'auditor' && <Typography.Text type="secondary">{t('staffOnly')}</Typography.Text>
      )}
      <RoundSchedules mayEdit={isStaff} />
      <Loadable state={dashboard}>
        {(d) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Card size="small" title={t('casesByKind')}>
                <CasesByKind rows={d.cases} />
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title={`${t('overdueSteps')} (${d.overdue.total})`} data-testid="overdue">
                {d.overdue.items.length === 0 ? (
                  <Empty description={t('noOverdue')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                ) : (
                  <List
                    size="small"
                    dataSource={d.overdue.items}
                    pagination={d.overdue.items.length > 8 ? { pageSize: 8, size: 'small' } : false}
                    renderItem={(task) => (
                      <List.Item>
                        <Space wrap size="small">
                          <Link to={casePath(task.caseId)}>{taskTitle(lang, task)}</Link>
                          <Tag>{townshipName(task.townshipId)}</Tag>
                          <DueTag dueAt={task.dueAt} />
                          {task.escalated && <Tag color="volcano">{t('escalated')}</Tag>}
                        </Space>
                      </List.Item>
                    )}
                  />
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={`${t('evaluationRounds')}${d.evaluation.year ? ` ${d.evaluation.year}` : ''}`}
                data-testid="evaluation"
              >
                {d.evaluation.rounds.length === 0 ? (
                  <Empty description={t('notAvailable')} />
                ) : (
                  d.evaluation.rounds.map((r) => <RoundCard key={r.roundId} round={r} />)
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <Card
                size="small"
                title={`${t('rectification')} (${d.rectification.total})`}
                extra={<DocumentDownload href={ledgerUrl(d.township)} label="downloadLedger" testId="download-ledger" size="small" />}
                data-testid="rectification"
              >
                <Rectification r={d.rectification} />
              </Card>
            </Col>
          </Row>
        )}
      </Loadable>
    </Space>
  );
}
