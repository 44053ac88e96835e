/**
 * One case: its state, the step it waits on (with the decision form for those who may
 * decide it), what people wrote on it, and its timeline from the event log; a selection
 * also shows its full-process record (全程纪实) with the Word document to download.
 */
import { useState } from 'react';
import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { getCase, type DecisionReceipt } from '../api';
import { mayDecide, mayRecordRequests } from '../permissions';
import { DecisionForm } from '../components/DecisionForm';
import { Loadable, useLoad } from '../components/Loadable';
import { CaseTimeline } from '../components/Timeline';
import { SelectionRecord } from '../components/SelectionRecord';
import { DocumentDownload, noticeUrl } from '../components/DocumentDownload';
import { AppointmentFormLinks } from '../components/AppointmentFormLinks';
import { CaseNotes } from '../components/CaseNotes';
import { GradeRequests } from '../components/GradeRequests';
import { ElectionDetails } from '../components/ElectionDetails';
import { useLang } from '../i18n';
import { auditPath, casePath, Link } from '../router';
import { useSession } from '../session';
import { caseName, taskTitle } from '../names';
import { stepLabel } from '../steps';
import { useTownshipName } from '../townships';
import { commentsOf, eventLabel, formatDate, formatTime, kindLabel, roleLabel, stageLabel, valueLabel } from '../vocabulary';
import { DueTag } from './InboxPage';
import { OpenBallotSession } from '../ballots/OpenBallotSession';
import { getCaseSessions } from '../ballots/ballotsApi';
import { CaseSessionsCard, OpenSessionLink } from '../ballots/CaseSessions';

/**
 * The person a case is about, when it is a cadre: a probation's (`probation/<personId>/…`)
 * or an annual evaluation's (`evaluation/<year>/<personId>`); their 任免审批表 is offered for download.
 */
function subjectPerson(c: { kind: string; caseId: string }): string | null {
  const parts = c.caseId.split('/');
  if (c.kind === 'probation' && parts.length >= 2) return parts[1]!;
  if (c.kind === 'evaluation' && parts.length === 3) return parts[2]!;
  return null;
}

export function CasePage({ caseId }: { caseId: string }) {
  const { t, lang } = useLang();
  const { user } = useSession();
  const view = useLoad(() => getCase(caseId), [caseId]);
  const townshipName = useTownshipName();
  const [done, setDone] = useState<DecisionReceipt | null>(null);
  // The case's online ballot sessions, asked again with the case (a session opened or closed meanwhile).
  const sessions = useLoad(() => getCaseSessions(caseId), [caseId, view.data?.timeline.length]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="case-page">
      <Loadable state={view}>
        {(c) => {
          const pending = c.tasks.filter((task) => task.status === 'pending');
          const comments = commentsOf(c.timeline);
          const openSessionOf = (step: string) => sessions.data?.find((s) => s.step === step && s.status === 'open');
          return (
            <>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <Typography.Title level={3} style={{ margin: 0 }} data-testid="case-name">
                  {caseName(lang, c)}
                </Typography.Title>
                <Space>
                  {(user?.role === 'auditor' || user?.role === 'county-org-dept') && <Link to={auditPath(c.caseId)}>{t('verify')}</Link>}
                  {c.timeline.some((e) => e.type === 'PublicNoticePosted') && (
                    <DocumentDownload href={noticeUrl(c.caseId)} label="downloadNotice" testId="download-notice" />
                  )}
                  <Button onClick={view.reload} loading={view.loading} data-testid="case-refresh">
                    {t('refresh')}
                  </Button>
                </Space>
              </Space>
              <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-facts">
                <Descriptions.Item label={t('caseTitle')}>
                  {/* The id is an identifier: it stays in the link (and its address), not in the text. */}
                  <Typography.Text copyable={{ text: c.caseId }}>
                    <Link to={casePath(c.caseId)}>{caseName(lang, c)}</Link>
                  </Typography.Text>
                </Descriptions.Item>
                <Descriptions.Item label={t('kind')}>{kindLabel(lang, c.kind)}</Descriptions.Item>
                <Descriptions.Item label={t('township')}>{townshipName(c.townshipId)}</Descriptions.Item>
                <Descriptions.Item label={t('stage')}>{stageLabel(lang, c.stage)}</Descriptions.Item>
                <Descriptions.Item label={t('caseStatus')}>
                  <Tag color={c.status === 'open' ? 'processing' : 'default'}>{c.status === 'open' ? t('open') : t('closed')}</Tag>
                  {c.outcome && <Tag>{valueLabel(lang, c.outcome)}</Tag>}
                </Descriptions.Item>
                <Descriptions.Item label={t('startedAt')}>{formatTime(c.startedAt, lang)}</Descriptions.Item>
                <Descriptions.Item label={t('policyVersion')}>{c.policyVersion}</Descriptions.Item>
                {subjectPerson(c) && (
                  <Descriptions.Item label={t('appointmentForm')}>
                    <AppointmentFormLinks personId={subjectPerson(c)!} />
                  </Descriptions.Item>
                )}
                {c.probation && (
                  <>
                    <Descriptions.Item label={t('appointedOn')}>{formatDate(c.probation.appointedOn, lang)}</Descriptions.Item>
                    <Descriptions.Item label={t('endsOn')}>{formatDate(c.probation.endsOn, lang)}</Descriptions.Item>
                  </>
                )}
              </Descriptions>
              {done && (
                <Alert
                  type="success"
                  showIcon
                  data-testid="decision-result"
                  title={t('decidedOk', { step: stepLabel(lang, c.kind, done.step), position: done.position })}
                />
              )}
              <Row gutter={[16, 16]}>
                <Col xs={24} lg={12}>
                  <Card title={t('currentStep')} size="small" data-testid="current-step">
                    {pending.length === 0 ? (
                      <Typography.Text type="secondary">{t('noCurrentStep')}</Typography.Text>
                    ) : (
                      pending.map((task) => (
                        <div key={task.taskId} style={{ marginBottom: 16 }}>
                          <Space wrap>
                            <Typography.Text strong data-testid="task-title">
                              {taskTitle(lang, task)}
                            </Typography.Text>
                            <Tag>{roleLabel(t, task.role)}</Tag>
                            <DueTag dueAt={task.dueAt} />
                            {task.escalated && <Tag color="volcano">{t('escalated')}</Tag>}
                          </Space>
                          {mayDecide(user, task) &&
                            (openSessionOf(task.step) ? (
                              <OpenSessionLink session={openSessionOf(task.step)!} />
                            ) : (
                              <OpenBallotSession view={c} task={task} />
                            ))}
                          {mayDecide(user, task) && (
                            <div style={{ marginTop: 12 }}>
                              <DecisionForm
                                caseId={c.caseId}
                                step={task.step}
                                form={task.form}
                                onDecided={(r) => {
                                  setDone(r);
                                  view.reload();
                                }}
                              />
                            </div>
                          )}
                        </div>
                      ))
                    )}
                  </Card>
                  <CaseSessionsCard kind={c.kind} sessions={sessions.data ?? []} />
                  {user?.role === 'county-org-dept' && c.kind === 'probation' && c.status === 'open' && (
                    // Not a task: the county may end a probation at any time (提前结束试用期).
                    <Collapse
                      style={{ marginTop: 16 }}
                      size="small"
                      items={[
                        {
                          key: 'end-early',
                          label: t('endEarlyTitle'),
                          children: (
                            <DecisionForm
                              caseId={c.caseId}
                              step="end-early"
                              form="probation.end-early"
                              onDecided={(r) => {
                                setDone(r);
                                view.reload();
                              }}
                            />
                          ),
                        },
                      ]}
                    />
                  )}
                  <Card title={t('comments')} size="small" style={{ marginTop: 16 }} data-testid="comments">
                    {comments.length === 0 ? (
                      <Empty description={t('noComments')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
                    ) : (
                      <List
                        size="small"
                        dataSource={comments}
                        renderItem={(c2) => (
                          <List.Item>
                            <List.Item.Meta
                              title={
                                <Space wrap size="small">
                                  <span>{eventLabel(lang, c2.entry.type)}</span>
                                  {c2.entry.actor && <Tag>{c2.entry.actor.id}</Tag>}
                                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                                    {formatTime(c2.entry.recordedAt, lang)}
                                  </Typography.Text>
                                </Space>
                              }
                              description={<span data-testid="comment">{c2.text}</span>}
                            />
                          </List.Item>
                        )}
                      />
                    )}
                  </Card>
                  {c.kind === 'evaluation' && c.status === 'open' && mayRecordRequests(user, c.townshipId) && (
                    <GradeRequests caseId={c.caseId} stage={c.stage} onRecorded={() => view.reload()} />
                  )}
                  <CaseNotes caseId={c.caseId} townshipId={c.townshipId} user={user ?? null} />
                </Col>
                <Col xs={24} lg={12}>
                  {c.kind === 'election' && <ElectionDetails caseId={c.caseId} version={c.timeline.length} />}
                  {c.kind === 'selection' && (
                    <Card title={t('record')} size="small" style={{ marginBottom: 16 }}>
                      <SelectionRecord caseId={c.caseId} version={c.timeline.length} />
                    </Card>
                  )}
                  <Card title={t('timeline')} size="small">
                    <CaseTimeline events={c.timeline} kind={c.kind} />
                  </Card>
                </Col>
              </Row>
            </>
          );
        }}
      </Loadable>
    </Space>
  );
}
