/**
 * The chair's page of one online ballot session (`/#/ballot-sessions/<id>`): the token
 * sheet while this page holds it (it is answered once, at opening), the live turnout
 * against the quorum — polled every two seconds, counts only, never what the ballots
 * say — voiding a spare, and closing, which shows the count and the step's decision.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, Modal, Progress, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { ApiProblem } from '../api';
import { casePath, Link } from '../router';
import { formatTime } from '../vocabulary';
import { closeBallotSession, getPublishedResult, getTurnout, voidSpareToken, type ShownResult, type Turnout } from './ballotsApi';
import { sheetOf } from './sheetMemory';
import { SessionResult } from './SessionResult';
import { TokenSheet } from './TokenSheet';
import { useBallotText } from './text';

/** How often the turnout is asked for: a room's phones vote within a minute or two. */
const POLL_MS = 2000;

/** A problem's words in the user's language: the ballot routes answer both. */
function problemWords(err: unknown, lang: 'zh' | 'en'): { status: number | string; words: string } {
  const p = err instanceof ApiProblem ? err.problem : undefined;
  if (p?.zh !== undefined && p.en !== undefined) return { status: p.status, words: lang === 'zh' ? p.zh : p.en };
  return { status: p?.status ?? '—', words: p?.detail ?? String(err) };
}

function TurnoutCard({ turnout, error }: { turnout: Turnout | null; error: string | null }) {
  const { bt, lang } = useBallotText();
  if (!turnout) return <Card title={bt('turnout')} size="small" loading={!error} extra={error} />;
  const q = turnout.quorum;
  const met = q !== null && turnout.cast >= q.needed;
  return (
    <Card
      title={bt('turnout')}
      size="small"
      data-testid="ballot-turnout"
      extra={
        <Tag color={turnout.status === 'open' ? 'processing' : 'default'} data-testid="ballot-status">
          {turnout.status === 'open' ? bt('statusOpen') : bt('statusClosed')}
        </Tag>
      }
    >
      <Space align="center" size="large" wrap>
        <Statistic
          title={bt('cast')}
          value={turnout.cast}
          suffix={<span style={{ fontSize: 16 }}>{bt('ofDue', { due: turnout.due })}</span>}
          valueRender={(node) => <span data-testid="turnout-cast">{node}</span>}
        />
        <Progress type="circle" size={72} percent={Math.round((100 * turnout.cast) / Math.max(1, turnout.due))} />
        <Space orientation="vertical" size={2}>
          {q === null ? (
            <Typography.Text type="secondary">{bt('noQuorumRule')}</Typography.Text>
          ) : (
            <>
              <Typography.Text data-testid="turnout-quorum">{bt('quorumNeeded', { needed: q.needed })}</Typography.Text>
              <Tag color={met ? 'success' : 'warning'}>{met ? bt('quorumMet') : bt('quorumNotMet')}</Tag>
            </>
          )}
          {turnout.closesAt && (
            <Typography.Text type="secondary">{bt('closesAtLabel', { at: formatTime(turnout.closesAt, lang) })}</Typography.Text>
          )}
        </Space>
      </Space>
      <Space wrap style={{ marginTop: 12 }}>
        <Tag>
          {bt('issued')} <span data-testid="turnout-issued">{turnout.tokens.issued}</span>
        </Tag>
        <Tag color="blue">
          {bt('used')} <span data-testid="turnout-used">{turnout.tokens.used}</span>
        </Tag>
        <Tag color="red">
          {bt('voided')} <span data-testid="turnout-voided">{turnout.tokens.voided}</span>
        </Tag>
        <Tag>
          {bt('spareCount')} {turnout.tokens.spares}
        </Tag>
      </Space>
      {turnout.groups && turnout.groups.length > 0 && (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          pagination={false}
          rowKey="key"
          data-testid="turnout-groups"
          dataSource={turnout.groups}
          columns={[
            { title: bt('byGroup'), dataIndex: 'label' },
            { title: bt('used'), key: 'used', render: (_: unknown, g) => `${g.used} / ${g.due}` },
            { title: bt('issued'), dataIndex: 'issued' },
            { title: bt('voided'), dataIndex: 'voided' },
          ]}
        />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        {bt('neverResult')}
      </Typography.Paragraph>
    </Card>
  );
}

function VoidSpare({ sessionId, onVoided }: { sessionId: string; onVoided: () => void }) {
  const { bt, lang } = useBallotText();
  const [form] = Form.useForm<{ token: string }>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async ({ token }: { token: string }) => {
    setBusy(true);
    setOutcome(null);
    try {
      await voidSpareToken(sessionId, token.trim());
      setOutcome({ ok: true, text: bt('voidedOk') });
      form.resetFields();
      onVoided();
    } catch (err) {
      const { status, words } = problemWords(err, lang);
      setOutcome({ ok: false, text: `${words}（${status}）` });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={bt('voidTitle')} size="small" className="ballot-no-print">
      <Typography.Paragraph type="secondary">{bt('voidHint')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={(v) => void submit(v)} disabled={busy}>
        <Form.Item name="token" rules={[{ required: true, message: `${bt('voidToken')} ✱` }]}>
          <Input placeholder={bt('voidToken')} maxLength={64} style={{ width: 300, fontFamily: 'monospace' }} data-testid="void-token" />
        </Form.Item>
        <Button htmlType="submit" danger loading={busy} data-testid="void-submit">
          {bt('voidSubmit')}
        </Button>
      </Form>
      {outcome && (
        <Alert style={{ marginTop: 8 }} type={outcome.ok ? 'success' : 'error'} showIcon title={outcome.text} data-testid="void-outcome" />
      )}
    </Card>
  );
}

export function BallotSessionPage({ sessionId }: { sessionId: string }) {
  const { bt, lang } = useBallotText();
  const sheet = sheetOf(sessionId);
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const [turnoutError, setTurnoutError] = useState<string | null>(null);
  const [result, setResult] = useState<ShownResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [closing, setClosing] = useState(false);
  const [closeError, setCloseError] = useState<string | null>(null);

  /** No such session for this user (another township's, or none): nothing to poll for. */
  const [gone, setGone] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setTurnout(await getTurnout(sessionId));
      setTurnoutError(null);
    } catch (err) {
      const { status, words } = problemWords(err, lang);
      setTurnoutError(`${words}（${status}）`);
      if (status === 404) setGone(true);
    }
  }, [sessionId, lang]);

  const closed = result !== null || turnout?.status === 'closed';
  useEffect(() => {
    void refresh();
    if (closed || gone) return;
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => clearInterval(timer);
  }, [refresh, closed, gone]);

  // Closed elsewhere (at its deadline, in another tab): the published result is the close's.
  const closedElsewhere = turnout?.status === 'closed' && result === null;
  useEffect(() => {
    if (!closedElsewhere) return;
    let live = true;
    getPublishedResult(sessionId).then(
      (r) => live && setResult(r),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [closedElsewhere, sessionId]);

  const close = async () => {
    setClosing(true);
    setCloseError(null);
    try {
      setResult(await closeBallotSession(sessionId));
      setConfirming(false);
      void refresh();
    } catch (err) {
      const { status, words } = problemWords(err, lang);
      setCloseError(`${words}（${status}）`);
    } finally {
      setClosing(false);
    }
  };

  const caseId = sheet?.definition.caseId ?? result?.caseId;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="ballot-session-page">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }} className="ballot-no-print">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {bt('sessionTitle')}
          {sheet && <Typography.Text type="secondary">{` · ${sheet.definition.question}`}</Typography.Text>}
        </Typography.Title>
        {caseId && <Link to={casePath(caseId)}>{bt('backToCase')}</Link>}
      </Space>
      <Row gutter={[16, 16]} className="ballot-no-print">
        <Col xs={24} lg={12}>
          <TurnoutCard turnout={turnout} error={turnoutError} />
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {!closed && <VoidSpare sessionId={sessionId} onVoided={() => void refresh()} />}
            <Card title={bt('closeButton')} size="small">
              {result ? (
                <SessionResult
                  result={result}
                  labels={Object.fromEntries((sheet?.definition.groups ?? turnout?.groups ?? []).map((g) => [g.key, g.label]))}
                />
              ) : closed ? (
                <Typography.Text type="secondary">{bt('statusClosed')}</Typography.Text>
              ) : (
                <Button danger type="primary" onClick={() => setConfirming(true)} data-testid="ballot-close">
                  {bt('closeButton')}
                </Button>
              )}
            </Card>
          </Space>
        </Col>
      </Row>
      {sheet ? (
        <Card size="small">
          <Alert
            className="ballot-no-print"
            type="warning"
            showIcon
            title={bt('onceWarning')}
            description={bt('onceDetail')}
            style={{ marginBottom: 12 }}
            data-testid="sheet-once"
          />
          <TokenSheet sheet={sheet} />
        </Card>
      ) : (
        <Alert type="info" showIcon title={bt('sheetGone')} data-testid="sheet-gone" className="ballot-no-print" />
      )}
      <Modal
        open={confirming}
        title={bt('closeConfirm')}
        onCancel={() => setConfirming(false)}
        footer={
          <Space>
            <Button onClick={() => setConfirming(false)}>{bt('cancel')}</Button>
            <Button danger type="primary" loading={closing} onClick={() => void close()} data-testid="ballot-close-confirm">
              {bt('ok')}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph>{bt('closeConfirmDetail')}</Typography.Paragraph>
        {closeError && <Alert type="error" showIcon title={closeError} data-testid="ballot-close-error" />}
      </Modal>
    </Space>
  );
}
