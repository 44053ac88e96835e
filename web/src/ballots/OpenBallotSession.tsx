/**
 * 发起线上投票: on a pending step whose form takes votes (domain/ballots/sessionDefinition.ts
 * BALLOT_STEP_FORMS), the chair sets the participants due, the list and the seats where
 * the form has them (from the case's facts where the page has them), a question, rater
 * groups, spares and the closing rule. The entry goes through the server's own parser
 * (`parseSessionDefinition`) before it is sent; the server's refusal, in both languages,
 * is shown otherwise. Opened, the page goes to the session's, holding the token sheet.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { ApiProblem, getTownshipPeople, type CaseView, type Task } from '../api';
import { useLoad } from '../components/Loadable';
import { isBallotStepForm, MAX_DUE, parseSessionDefinition, type BallotStepForm } from '../../../domain/ballots/sessionDefinition';
import { navigate } from '../router';
import { stepLabel } from '../steps';
import { openBallotSession } from './ballotsApi';
import { keepSheet, sessionPath } from './sheetMemory';
import { definitionOf, LIST_FORMS, prefill, type Entry } from './sessionEntry';
import { useBallotText, type BallotTextKey } from './text';

/** The server's bound on spares (client/ballots/service.ts MAX_SPARES). */
const MAX_SPARES = 50;

/** The button and its form, for a task whose step takes votes; nothing for any other. */
export function OpenBallotSession({ view, task }: { view: CaseView; task: Task }) {
  const form = task.form ?? undefined;
  return isBallotStepForm(form) ? <OpenForm view={view} step={task.step} form={form} /> : null;
}

function OpenForm({ view, step, form: ballotForm }: { view: CaseView; step: string; form: BallotStepForm }) {
  const { bt, lang } = useBallotText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ title: string; detail: string } | null>(null);
  const [form] = Form.useForm<Entry>();
  const values = Form.useWatch([], form) as Entry | undefined;
  const hasList = LIST_FORMS.includes(ballotForm);
  // Whom the list may name, by name: the case's township's people (ids not among them may still be typed).
  const people = useLoad(async () => (hasList && view.townshipId ? getTownshipPeople(view.townshipId) : []), [hasList, view.townshipId]);
  const personOptions = (people.data ?? []).map((p) => ({ value: p.personId, label: `${p.name}（${p.personId}）` }));
  const groupSum = (values?.groups ?? []).reduce((n, g) => n + (g?.due ?? 0), 0);

  const start = () => {
    setError(null);
    form.resetFields();
    form.setFieldsValue({ spares: 2, closing: 'manual', groups: [], ...prefill(view, step, ballotForm) });
    setOpen(true);
  };

  const submit = async (v: Entry) => {
    const definition = definitionOf(v, ballotForm);
    // The server's own parser first: its words, before anything is sent.
    const parsed = parseSessionDefinition(definition, { caseId: view.caseId, step, now: new Date().toISOString() });
    if (!parsed.ok) {
      setError({ title: bt('checkLocally'), detail: parsed.error });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const sheet = await openBallotSession(view.caseId, { step, definition, spares: v.spares ?? 0 });
      keepSheet(sheet);
      setOpen(false);
      navigate(sessionPath(sheet.sessionId));
    } catch (err) {
      const p = err instanceof ApiProblem ? err.problem : undefined;
      const words = p?.zh !== undefined && p.en !== undefined ? (lang === 'zh' ? p.zh : p.en) : (p?.detail ?? String(err));
      setError({ title: bt('refused', { status: p?.status ?? '—' }), detail: words });
    } finally {
      setBusy(false);
    }
  };

  const label = (k: BallotTextKey) => bt(k);
  return (
    <>
      <div style={{ marginTop: 12 }}>
        <Button onClick={start} data-testid="ballot-open">
          {bt('openButton')}
        </Button>
      </div>
      <Modal
        open={open}
        title={bt('openTitle', { step: stepLabel(lang, view.kind, step) })}
        onCancel={() => setOpen(false)}
        footer={null}
        width={720}
        // Mounted from the start, so that the form's values can be set before it is first shown.
        forceRender
      >
        <Typography.Paragraph type="secondary">{bt('openHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} data-testid="ballot-open-form">
          <Form.Item name="due" label={label('due')} rules={[{ required: true, message: `${label('due')} ✱` }]}>
            <InputNumber min={1} max={MAX_DUE} precision={0} style={{ width: 160 }} data-testid="ballot-due" />
          </Form.Item>
          {hasList && (
            <>
              <Form.Item name="candidates" label={label('candidates')} extra={bt('candidatesHint')}>
                <Select
                  mode="tags"
                  tokenSeparators={[',', ' ', '，', '、']}
                  optionFilterProp="label"
                  options={personOptions}
                  loading={people.loading}
                  data-testid="ballot-candidates"
                />
              </Form.Item>
              <Form.Item name="seats" label={label('seats')}>
                <InputNumber min={1} precision={0} style={{ width: 160 }} data-testid="ballot-seats" />
              </Form.Item>
            </>
          )}
          <Form.Item name="question" label={label('question')}>
            <Input maxLength={200} data-testid="ballot-question" />
          </Form.Item>
          <Form.Item label={label('groups')} extra={bt('groupsHint')}>
            <Form.List name="groups">
              {(items, { add, remove }) => (
                <div data-testid="ballot-groups">
                  {items.map((item) => (
                    <Space key={item.key} align="baseline" wrap data-testid="ballot-group-row">
                      <Form.Item name={[item.name, 'label']} style={{ marginBottom: 8 }}>
                        <Input placeholder={bt('groupLabel')} maxLength={40} style={{ width: 160 }} data-testid="ballot-group-label" />
                      </Form.Item>
                      <Form.Item name={[item.name, 'key']} style={{ marginBottom: 8 }}>
                        <Input placeholder={bt('groupKey')} maxLength={32} style={{ width: 220 }} data-testid="ballot-group-key" />
                      </Form.Item>
                      <Form.Item name={[item.name, 'due']} style={{ marginBottom: 8 }}>
                        <InputNumber min={1} precision={0} placeholder={bt('groupDue')} data-testid="ballot-group-due" />
                      </Form.Item>
                      <Button type="link" onClick={() => remove(item.name)}>
                        {bt('remove')}
                      </Button>
                    </Space>
                  ))}
                  <Space>
                    <Button type="dashed" onClick={() => add({})} data-testid="ballot-group-add">
                      + {bt('addGroup')}
                    </Button>
                    {items.length > 0 && (
                      <Typography.Text type={groupSum === (values?.due ?? 0) ? 'secondary' : 'warning'} data-testid="ballot-groups-sum">
                        {bt('groupsSum', { sum: groupSum, due: values?.due ?? 0 })}
                      </Typography.Text>
                    )}
                  </Space>
                </div>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item name="spares" label={label('spares')}>
            <InputNumber min={0} max={MAX_SPARES} precision={0} style={{ width: 160 }} data-testid="ballot-spares" />
          </Form.Item>
          <Form.Item name="closing" label={label('closing')}>
            <Radio.Group
              options={[
                { value: 'manual', label: bt('closingManual') },
                { value: 'deadline', label: bt('closingDeadline') },
              ]}
              data-testid="ballot-closing"
            />
          </Form.Item>
          {values?.closing === 'deadline' && (
            <Form.Item name="closesAt" label={label('closesAt')}>
              <Input type="datetime-local" style={{ width: 240 }} data-testid="ballot-closes-at" />
            </Form.Item>
          )}
          {error && (
            <Alert
              type="error"
              showIcon
              title={error.title}
              description={error.detail}
              style={{ marginBottom: 16 }}
              data-testid="ballot-open-error"
            />
          )}
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="ballot-open-submit">
              {bt('submitOpen')}
            </Button>
            <Button onClick={() => setOpen(false)}>{bt('cancel')}</Button>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
