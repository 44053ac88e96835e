/**
 * 试用期: county staff start a probation case for a cadre appointed on trial. The cadre is
 * picked from the township's people (GET /registry/people); the values go through
 * `parseProbationStart` (domain/probationStart.ts, the CLI's and the API's parser) first.
 */
import { useState } from 'react';
import { Button, Checkbox, Form, Input } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseProbationStart } from '../../../../domain/probationStart';
import { startProbation } from '../../api';
import { useLang } from '../../i18n';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { submitStart } from './submitStart';
import { TownshipField, TownshipPersonField } from './TownshipFields';

interface Entry {
  township?: string;
  personId?: string;
  title?: string;
  appointedOn?: string;
  trialRank?: string;
  appointmentId?: string;
  preAppointmentNotice?: boolean;
}

/** The start as the parser (and POST /cases/probation) reads it: empty optional fields are left out. */
export function probationStartOf(v: Entry): Record<string, unknown> {
  return {
    personId: v.personId,
    title: v.title,
    appointedOn: v.appointedOn,
    ...(v.trialRank?.trim() ? { trialRank: v.trialRank } : {}),
    ...(v.appointmentId?.trim() ? { appointmentId: v.appointmentId.trim() } : {}),
    ...(v.preAppointmentNotice ? { preAppointmentNotice: true } : {}),
  };
}

export function ProbationStartForm() {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [form] = Form.useForm<Entry>();
  const township = Form.useWatch('township', form);
  const today = shanghaiDate(Date.now());

  const onFinish = async (v: Entry) => {
    setError(null);
    setBusy(true);
    // The first check-in opens months after the appointment: the case's page opens once the case is there.
    setError(await submitStart(probationStartOf(v), (raw) => parseProbationStart(raw, today), startProbation, t, lang, 'case'));
    setBusy(false);
  };

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={busy}
      initialValues={{ appointedOn: today }}
      data-testid="probation-form"
    >
      <TownshipField form={form} clears="personId" testId="probation-township" />
      <TownshipPersonField
        township={township}
        label={t('cadre')}
        busy={busy}
        optionLabel={(p) => `${p.name}（${p.rank}）${p.personId}`}
        testId="probation-person"
      />
      <Form.Item name="title" label={t('trialPost')} rules={[{ required: true, message: `${t('trialPost')} ✱` }]}>
        <Input maxLength={100} placeholder="副乡长" data-testid="probation-title" />
      </Form.Item>
      <Form.Item name="appointedOn" label={t('appointedOn')} rules={[{ required: true, message: `${t('appointedOn')} ✱` }]}>
        <Input type="date" style={{ width: 200 }} data-testid="probation-appointed-on" />
      </Form.Item>
      <Form.Item name="trialRank" label={t('trialRank')}>
        <Input maxLength={50} data-testid="probation-rank" />
      </Form.Item>
      <Form.Item name="appointmentId" label={t('appointmentId')}>
        <Input maxLength={40} data-testid="probation-appointment-id" />
      </Form.Item>
      <Form.Item name="preAppointmentNotice" valuePropName="checked">
        <Checkbox data-testid="probation-notice">{t('preAppointmentNotice')}</Checkbox>
      </Form.Item>
      <DecisionError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="probation-submit">
        {t('start')}
      </Button>
    </Form>
  );
}
