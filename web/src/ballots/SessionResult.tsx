/**
 * What the close answers, for the chair: the count (in all and per rater group), the
 * step's decision as its form takes it, and whether the step was decided from it. When
 * the close could not decide by itself — the step needs fields ballots cannot give (an
 * assembly's day) — the fields of the step's own form that the decision lacks are asked
 * for here and sent with the session's decision route; the case's rules apply there.
 */
import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Space, Table, Typography } from 'antd';
import { ApiProblem, type DecisionReceipt } from '../api';
import { formKeyOf, caseKindOfId } from '../../../domain/forms';
import { FORMS } from '../forms';
import { renderField } from '../forms/fields';
import type { Field } from '../forms/spec';
import { useLang } from '../i18n';
import { refusalText } from '../refusals';
import { decideFromSession, type ShownResult, type SessionCount } from './ballotsApi';
import { missingFields } from './sessionEntry';
import { useBallotText, type BallotTextKey } from './text';

const GRADE_TEXT: Record<string, BallotTextKey> = {
  excellent: 'grade_excellent',
  competent: 'grade_competent',
  basicallyCompetent: 'grade_basicallyCompetent',
  notCompetent: 'grade_notCompetent',
};

/** One count's rows: a grade or a person, with its votes (and, on a slate, against and abstaining). */
function rowsOf(count: SessionCount): Array<{ key: string; name: string; votes: number; against?: number; abstained?: number }> {
  if (count.kind === 'rating') return Object.entries(count.votes).map(([g, n]) => ({ key: g, name: g, votes: n }));
  const t = count.tally;
  return Object.entries(t.votes).map(([id, n]) => ({
    key: id,
    name: id,
    votes: n,
    ...(t.kind === 'approve' ? { against: t.against[id] ?? 0, abstained: t.abstained[id] ?? 0 } : {}),
  }));
}

function CountTable({ count, testId }: { count: SessionCount; testId: string }) {
  const { bt } = useBallotText();
  const rows = rowsOf(count);
  const approve = count.kind === 'approve';
  return (
    <div data-testid={testId}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Typography.Text>
          {bt('turnoutCount')}: <b data-testid={`${testId}-turnout`}>{count.turnout}</b>
        </Typography.Text>
        {count.kind !== 'rating' && (
          <Typography.Text>
            {bt('invalid')}: <b>{count.tally.invalid.length}</b>
          </Typography.Text>
        )}
      </Space>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        columns={[
          { title: '', dataIndex: 'name', render: (n: string) => (GRADE_TEXT[n] ? bt(GRADE_TEXT[n]) : n) },
          {
            title: approve ? bt('yes') : bt('votesFor'),
            dataIndex: 'votes',
            render: (n: number) => <span data-testid="tally-votes">{n}</span>,
          },
          ...(approve
            ? [
                { title: bt('no'), dataIndex: 'against' },
                { title: bt('abstain'), dataIndex: 'abstained' },
              ]
            : []),
        ]}
      />
    </div>
  );
}

/** Drops what was left empty, so optional fields are absent rather than null. */
const compact = (v: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined && x !== null && x !== ''));

function DecideForm({ result, onDecided }: { result: ShownResult; onDecided: (r: DecisionReceipt) => void }) {
  const { bt, lang } = useBallotText();
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const key = formKeyOf(caseKindOfId(result.caseId), result.step);
  const registered = key ? FORMS[key] : undefined;
  // The step's own fields that the close's decision lacks (an assembly's day, a notice's day).
  const missing: Field[] = registered && 'fields' in registered ? missingFields(registered.fields, result.decision) : [];

  const send = async (values: Record<string, unknown>) => {
    setBusy(true);
    setError(null);
    try {
      onDecided((await decideFromSession(result.sessionId, compact(values))).receipt);
    } catch (err) {
      const p = err instanceof ApiProblem ? err.problem : undefined;
      const words = p?.zh !== undefined && p.en !== undefined ? (lang === 'zh' ? p.zh : p.en) : t(refusalText(p?.reason));
      setError({
        title: `${bt('decideRefused')}（${p?.status ?? '—'}）`,
        detail: `${words}${p?.detail && p.detail !== words ? ` — ${p.detail}` : ''}`,
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" onFinish={(v: Record<string, unknown>) => void send(v)} disabled={busy} data-testid="ballot-decide-form">
      {missing.length > 0 && <Typography.Paragraph>{bt('decideMissing')}</Typography.Paragraph>}
      {missing.map((f) => renderField(f, t, {}))}
      {error && (
        <Alert
          type="error"
          showIcon
          title={error.title}
          description={error.detail}
          style={{ marginBottom: 12 }}
          data-testid="ballot-decide-error"
        />
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid="ballot-decide">
        {bt('decideNow')}
      </Button>
    </Form>
  );
}

/** `labels`: the rater groups' names by key, where the page still has the definition. */
export function SessionResult({ result, labels = {} }: { result: ShownResult; labels?: Record<string, string> }) {
  const { bt, lang } = useBallotText();
  const [receipt, setReceipt] = useState<DecisionReceipt | null>(result.decided ?? null);
  const groups = Object.entries(result.tally.byGroup);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="ballot-result">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {bt('tally')}
      </Typography.Title>
      <CountTable count={result.tally.total} testId="tally-total" />
      {groups.map(([g, c]) => (
        <div key={g}>
          <Typography.Text strong>{labels[g] ?? g}</Typography.Text>
          <CountTable count={c} testId={`tally-group-${g}`} />
        </div>
      ))}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={bt('head')}>
          <Typography.Text code copyable style={{ wordBreak: 'break-all' }}>
            {result.head}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={bt('decision')}>
          <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="ballot-decision">
            {JSON.stringify(result.decision, null, 2)}
          </pre>
        </Descriptions.Item>
      </Descriptions>
      {receipt ? (
        <Alert
          type="success"
          showIcon
          title={bt('decided')}
          description={bt('decidedReceipt', { position: receipt.position })}
          data-testid="ballot-decided"
        />
      ) : (
        <>
          {result.decisionRefusal && (
            <Alert
              type="warning"
              showIcon
              title={lang === 'zh' ? result.decisionRefusal.zh : result.decisionRefusal.en}
              data-testid="ballot-decision-refusal"
            />
          )}
          <DecideForm result={result} onDecided={setReceipt} />
        </>
      )}
    </Space>
  );
}
