/**
 * An auditor's view of one case: the timeline from the log and, on request, the case's
 * verification (its histories replayed against the current code, decisions paired with
 * events, the hash chain), its archive to download, a replay of its histories, and its
 * attachments with their SHA-256. Nothing here can decide a step.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Table, Tag, Typography } from 'antd';
import { ApiProblem, getCase, getVerification, type CaseVerification, type DecisionFinding } from '../api';
import { Loadable, ProblemAlert, useLoad } from '../components/Loadable';
import { CaseTimeline } from '../components/Timeline';
import { AttachmentHashes } from '../components/AttachmentHashes';
import { ArchiveAndReplay } from '../components/ArchiveAndReplay';
import { replayStatusLabel, workflowLabel } from '../components/ReplayResult';
import { pick, useLang } from '../i18n';
import { VerifiedBallots } from '../components/VerifiedBallots';
import { casePath, Link } from '../router';
import { caseName } from '../names';
import { formatTime, kindLabel, stageLabel } from '../vocabulary';

function OkTag({ ok }: { ok: boolean }) {
  const { t } = useLang();
  return <Tag color={ok ? 'success' : 'error'}>{ok ? t('verifyOk') : t('verifyFailed')}</Tag>;
}

function Findings({ title, items }: { title: string; items: DecisionFinding[] | undefined }) {
  if (!items || items.length === 0) return null;
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      <ul>
        {items.map((f, i) => (
          <li key={i}>
            {f.step ?? f.eventType ?? f.updateName ?? ''} {f.position ? `#${f.position}` : ''}: {f.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function VerificationReport({ v }: { v: CaseVerification }) {
  const { t, lang } = useLang();
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="verification" data-ok={String(v.ok)}>
      <Alert
        type={v.ok ? 'success' : 'error'}
        showIcon
        title={v.ok ? t('verifyOk') : t('verifyFailed')}
        description={`${formatTime(v.checkedAt, lang)} · ${t('eventsCount', { n: v.events })}${v.note ? ` · ${v.note}` : ''}`}
      />
      <Typography.Text strong>{t('replay')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="runId"
        dataSource={v.runs}
        data-testid="verification-runs"
        columns={[
          { title: t('runId'), dataIndex: 'runId', render: (r: string) => <Typography.Text code>{r.slice(0, 12)}</Typography.Text> },
          {
            title: t('workflowType'),
            dataIndex: 'workflowType',
            render: (w: string) => workflowLabel(lang, w),
          },
          { title: t('historyEvents'), dataIndex: 'historyEvents' },
          {
            title: t('replayStatus'),
            dataIndex: 'status',
            render: (s: string, r) => (
              <>
                <Tag color={r.ok ? 'success' : 'error'}>{replayStatusLabel(lang, s)}</Tag>
                {r.divergence && <div>{r.divergence}</div>}
                {r.error && <div>{r.error}</div>}
              </>
            ),
          },
        ]}
      />
      <Descriptions bordered size="small" column={1}>
        <Descriptions.Item label={t('decisions')}>
          {v.decisions.checked ? (
            <span data-testid="verification-decisions">
              {v.decisions.matched ?? 0} / {v.decisions.updates ?? 0}
            </span>
          ) : (
            <Typography.Text type="secondary">{v.decisions.why}</Typography.Text>
          )}
          <Findings title={t('decisionsWithoutEvents')} items={v.decisions.decisionsWithoutEvents} />
          <Findings title={t('eventsWithoutDecisions')} items={v.decisions.eventsWithoutDecisions} />
          <Findings title={t('receiptMismatches')} items={v.decisions.receiptMismatches} />
          <Findings title={t('inFlight')} items={v.decisions.inFlight} />
        </Descriptions.Item>
        <Descriptions.Item label={pick(lang, '在线投票', 'Online ballots')}>
          {/* Absent from a server older than the ballot check. */}
          {v.ballots ? <VerifiedBallots check={v.ballots} /> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('hashChain')}>
          <OkTag ok={v.chain.ok} /> {t('eventsCount', { n: v.chain.checked })}
          {v.chain.head?.position && (
            <>
              {' '}
              · {t('chainHead')} #{v.chain.head.position} <Typography.Text code>{v.chain.head.hash.slice(0, 16)}</Typography.Text>
            </>
          )}
          {v.chain.firstBadPosition && (
            <div>
              #{v.chain.firstBadPosition}: {v.chain.reason}
            </div>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Space>
  );
}

export function AuditPage({ caseId }: { caseId: string }) {
  const { t, lang } = useLang();
  const view = useLoad(() => getCase(caseId), [caseId]);
  const [verification, setVerification] = useState<CaseVerification | null>(null);
  const [verifyError, setVerifyError] = useState<ApiProblem | Error | null>(null);
  const [verifying, setVerifying] = useState(false);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await getVerification(caseId));
    } catch (err) {
      setVerifyError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="audit-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('auditTitle')}
        {view.data ? ` · ${caseName(lang, view.data)}` : ''}
      </Typography.Title>
      <Alert type="info" showIcon title={t('readOnlyNotice')} />
      <Loadable state={view}>
        {(c) => (
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card size="small" title={caseName(lang, c)} extra={<Link to={casePath(c.caseId)}>{t('openCase')}</Link>}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('caseTitle')}>
                    <Link to={casePath(c.caseId)}>{caseName(lang, c)}</Link>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('kind')}>{kindLabel(lang, c.kind)}</Descriptions.Item>
                  <Descriptions.Item label={t('stage')}>{stageLabel(lang, c.stage)}</Descriptions.Item>
                  <Descriptions.Item label={t('policyVersion')}>{c.policyVersion}</Descriptions.Item>
                </Descriptions>
              </Card>
              <Card
                size="small"
                title={t('verification')}
                style={{ marginTop: 16 }}
                extra={
                  <Button type="primary" onClick={verify} loading={verifying} data-testid="verify">
                    {t('verify')}
                  </Button>
                }
              >
                {verifying && <Typography.Text type="secondary">{t('verifying')}</Typography.Text>}
                {verifyError && <ProblemAlert error={verifyError} onRetry={verify} />}
                {verification && <VerificationReport v={verification} />}
              </Card>
              <Card size="small" title={t('auditTools')} style={{ marginTop: 16 }}>
                <ArchiveAndReplay selection={{ caseId: c.caseId }} />
              </Card>
              <Card size="small" title={t('attachmentHashes')} style={{ marginTop: 16 }}>
                <AttachmentHashes caseId={c.caseId} />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card size="small" title={t('timeline')}>
                <CaseTimeline events={c.timeline} kind={c.kind} />
              </Card>
            </Col>
          </Row>
        )}
      </Loadable>
    </Space>
  );
}
