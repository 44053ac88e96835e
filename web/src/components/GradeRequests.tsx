/**
 * A cadre's review request (复核) and appeal (申诉) against their evaluation grade, recorded
 * on the evaluation case's page by county staff or the cadre's own township committee (POST
 * /cases/{caseId}/review-requests and /appeals; `cadreflow evaluation review-request|appeal-request`).
 * The case accepts a review request in its `review-window` stage and an appeal in its
 * `appeal-window`; the form says which window is open, and a request the case refuses
 * shows why in the page's language. The grounds are read by the domain's parsers first.
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { parseAppealRequest, parseReviewRequest } from '../../../domain/evaluationForms';
import { ApiProblem, type DecisionReceipt } from '../api';
import { useLang } from '../i18n';
import { refusalText } from '../refusals';
import { refusalInLang } from './useAction';
import { requestAppeal, requestReview } from '../views/viewsApi';
import { useViewText } from '../views/text';

type Kind = 'review' | 'appeal';

function RequestForm({ caseId, kind, onRecorded }: { caseId: string; kind: Kind; onRecorded: (r: DecisionReceipt) => void }) {
  const { t } = useLang();
  const { vt, lang } = useViewText();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ why: string; detail: string } | null>(null);

  const onFinish = async (v: { grounds?: string; filedOn?: string }) => {
    setRefusal(null);
    const filedOn = v.filedOn?.trim() || undefined;
    const parsed =
      kind === 'review'
        ? parseReviewRequest({ grounds: v.grounds ?? '' })
        : parseAppealRequest({ grounds: v.grounds ?? '', ...(filedOn ? { filedOn } : {}) });
    if (!parsed.ok) {
      setRefusal({ why: vt('groundsRequired'), detail: parsed.error });
      return;
    }
    setBusy(true);
    try {
      const r =
        kind === 'review' ? await requestReview(caseId, v.grounds!.trim()) : await requestAppeal(caseId, v.grounds!.trim(), filedOn);
      onRecorded(r);
    } catch (err) {
      const reason = err instanceof ApiProblem ? err.problem.reason : undefined;
      setRefusal({ why: t(refusalText(reason)), detail: refusalInLang(lang, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form layout="vertical" onFinish={onFinish} disabled={busy} data-testid={`${kind}-request-form`}>
      <Form.Item name="grounds" label={vt('grounds')} rules={[{ required: true, whitespace: true, message: vt('groundsRequired') }]}>
        <Input.TextArea rows={2} maxLength={2000} data-testid={`${kind}-grounds`} />
      </Form.Item>
      {kind === 'appeal' && (
        <Form.Item name="filedOn" label={vt('filedOn')}>
          <Input placeholder="YYYY-MM-DD" style={{ width: 160 }} data-testid="appeal-filed-on" />
        </Form.Item>
      )}
      <Button type="primary" htmlType="submit" loading={busy} data-testid={`${kind}-submit`}>
        {kind === 'review' ? vt('recordReview') : vt('recordAppeal')}
      </Button>
      {refusal && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 8 }}
          data-testid={`${kind}-refused`}
          title={`${vt('requestRefused')}: ${refusal.why}`}
          description={refusal.detail}
        />
      )}
    </Form>
  );
}

export function GradeRequests({ caseId, stage, onRecorded }: { caseId: string; stage: string; onRecorded: (r: DecisionReceipt) => void }) {
  const { vt } = useViewText();
  const [recorded, setRecorded] = useState<DecisionReceipt | null>(null);
  // The window the case is in decides which request it would take; outside both, the review
  // request's form stays, so a late or early request is refused by the case, in words.
  const kind: Kind = stage === 'appeal-window' ? 'appeal' : 'review';
  const open = stage === 'review-window' || stage === 'appeal-window';
  const done = (r: DecisionReceipt) => {
    setRecorded(r);
    onRecorded(r);
  };
  return (
    <Card size="small" title={vt('gradeRequests')} style={{ marginTop: 16 }} data-testid="grade-requests">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type={open ? undefined : 'secondary'} data-testid="grade-request-window">
          {stage === 'review-window' ? vt('reviewWindowOpen') : stage === 'appeal-window' ? vt('appealWindowOpen') : vt('windowClosed')}
        </Typography.Text>
        <Typography.Text strong>{kind === 'review' ? vt('reviewRequest') : vt('appealRequest')}</Typography.Text>
        {recorded ? (
          <Alert
            type="success"
            showIcon
            data-testid="grade-request-recorded"
            title={vt('requestRecorded', { position: recorded.position })}
          />
        ) : (
          <RequestForm key={kind} caseId={caseId} kind={kind} onRecorded={done} />
        )}
      </Space>
    </Card>
  );
}
