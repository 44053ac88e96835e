/**
 * 分析研判和动议: county staff open a selection (选拔任用) from the dashboard. The form's
 * values go through the opening's own parser (domain/selectionForms.ts, the one the CLI
 * and the API use) before anything is sent; on success the case's page opens once its
 * first step is there.
 */
import { useState } from 'react';
import { Button, Card, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import { shanghaiDate } from '../../../domain/calendar';
import { parseSelectionOpening } from '../../../domain/selectionForms';
import { getTownships, startSelection } from '../api';
import { useLang } from '../i18n';
import { casePath, navigate } from '../router';
import { useLoad } from './Loadable';
import { DecisionError, type DecisionProblem } from './useDecision';
import { caseReady, localRefusal, startProblem } from './start/submitStart';

interface Entry {
  orgUnitId?: string;
  postId?: string;
  title?: string;
  rank?: string;
  positions?: number | null;
  method?: string;
  elected?: boolean;
  qualifications?: string;
  scope?: string;
  openedOn?: string;
}

/** The opening as the parser (and POST /cases/selection) reads it. */
export function openingOf(v: Entry): Record<string, unknown> {
  return {
    orgUnitId: v.orgUnitId,
    post: { postId: v.postId?.trim(), title: v.title, rank: v.rank, positions: v.positions ?? 1, nonElected: !v.elected },
    method: v.method,
    qualifications: v.qualifications,
    scope: v.scope,
    ...(v.openedOn ? { openedOn: v.openedOn } : {}),
  };
}

export function StartSelection() {
  const { t, lang } = useLang();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const townships = useLoad(getTownships, []);
  const [form] = Form.useForm<Entry>();
  const today = shanghaiDate(Date.now());

  const onFinish = async (v: Entry) => {
    setError(null);
    const parsed = parseSelectionOpening(openingOf({ ...v, openedOn: v.openedOn || today }));
    if (!parsed.ok) {
      setError(localRefusal(parsed, t, lang));
      return;
    }
    setBusy(true);
    try {
      // A selection already open (same unit, post and day) is not started again: its page opens all the same.
      const r = await startSelection(openingOf(v));
      await caseReady(r.caseId);
      setOpen(false);
      form.resetFields();
      navigate(casePath(r.caseId));
    } catch (err) {
      setError(startProblem(err, t, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('openSelection')} data-testid="start-selection">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('openSelectionHint')}
      </Typography.Paragraph>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="open-selection">
        {t('openSelection')}
      </Button>
      <Modal open={open} title={t('openSelection')} onCancel={() => setOpen(false)} footer={null} width={640} data-testid="selection-modal">
        <Form
          form={form}
          layout="vertical"
          onFinish={onFinish}
          disabled={busy}
          initialValues={{ positions: 1, method: 'ordinary', elected: false, openedOn: today }}
          data-testid="selection-form"
        >
          <Form.Item name="orgUnitId" label={t('selectionUnit')} rules={[{ required: true, message: `${t('selectionUnit')} ✱` }]}>
            <Select
              showSearch
              optionFilterProp="label"
              loading={townships.loading}
              options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
              data-testid="selection-unit"
            />
          </Form.Item>
          <Form.Item name="postId" label={t('postId')} extra={t('postIdHint')} rules={[{ required: true, message: `${t('postId')} ✱` }]}>
            <Input maxLength={48} data-testid="selection-post-id" />
          </Form.Item>
          <Form.Item name="title" label={t('postTitle')} rules={[{ required: true, message: `${t('postTitle')} ✱` }]}>
            <Input maxLength={100} data-testid="selection-title" />
          </Form.Item>
          <Form.Item name="rank" label={t('postRank')} rules={[{ required: true, message: `${t('postRank')} ✱` }]}>
            <Input maxLength={50} data-testid="selection-rank" />
          </Form.Item>
          <Form.Item name="positions" label={t('positions')} rules={[{ required: true, message: `${t('positions')} ✱` }]}>
            <InputNumber min={1} precision={0} data-testid="selection-positions" />
          </Form.Item>
          <Form.Item name="method" label={t('selectionMethod')} rules={[{ required: true }]}>
            <Radio.Group data-testid="selection-method">
              <Radio value="ordinary">{t('methodOrdinary')}</Radio>
              <Radio value="competitive">{t('methodCompetitive')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="elected" valuePropName="checked">
            <Checkbox data-testid="selection-elected">{t('electedPost')}</Checkbox>
          </Form.Item>
          <Form.Item name="qualifications" label={t('qualifications')} rules={[{ required: true, message: `${t('qualifications')} ✱` }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="selection-qualifications" />
          </Form.Item>
          <Form.Item name="scope" label={t('selectionScope')} rules={[{ required: true, message: `${t('selectionScope')} ✱` }]}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="selection-scope" />
          </Form.Item>
          <Form.Item name="openedOn" label={t('openedOn')}>
            <Input type="date" style={{ width: 200 }} data-testid="selection-opened-on" />
          </Form.Item>
          <DecisionError error={error} />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="selection-submit">
            {t('start')}
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
