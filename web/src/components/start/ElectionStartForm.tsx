/**
 * 换届选举: county staff start an election — a township committee's (两推一选) or a
 * village branch's (双推直选). The unit is picked from the registry (GET
 * /registry/org-units): the township, then its committee or one of its villages. The
 * values go through `parseElectionStart` (domain/electionStart.ts, the CLI's and the
 * API's parser) first; whether the form fits the unit the API checks against the registry.
 */
import { useState } from 'react';
import { Button, Form, Input, InputNumber, Select } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { MAX_SEATS, parseElectionStart } from '../../../../domain/electionStart';
import { getVillages, startElection } from '../../api';
import { useLang } from '../../i18n';
import { useLoad } from '../Loadable';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { submitStart } from './submitStart';
import { TownshipField } from './TownshipFields';

interface Entry {
  township?: string;
  orgUnitId?: string;
  seats?: number | null;
  term?: string;
}

/** The start as the parser (and POST /cases/election) reads it; the form follows from the unit. */
export function electionStartOf(v: Entry): Record<string, unknown> {
  return { orgUnitId: v.orgUnitId, seats: v.seats ?? undefined, ...(v.term?.trim() ? { term: v.term.trim() } : {}) };
}

export function ElectionStartForm() {
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [form] = Form.useForm<Entry>();
  const township = Form.useWatch('township', form);
  const villages = useLoad(() => (township ? getVillages(township) : Promise.resolve([])), [township]);

  const onFinish = async (v: Entry) => {
    setError(null);
    setBusy(true);
    setError(await submitStart(electionStartOf(v), parseElectionStart, startElection, t, lang));
    setBusy(false);
  };

  const units = township
    ? [
        { value: township, label: t('electionUnitTownship') },
        ...(villages.data ?? []).map((u) => ({ value: u.orgUnitId, label: `${u.name}（${t('electionVillageForm')}）` })),
      ]
    : [];

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      disabled={busy}
      initialValues={{ seats: 5, term: shanghaiDate(Date.now()).slice(0, 4) }}
      data-testid="election-form"
    >
      <TownshipField form={form} clears="orgUnitId" testId="election-township" />
      <Form.Item name="orgUnitId" label={t('electionUnit')} rules={[{ required: true, message: `${t('electionUnit')} ✱` }]}>
        <Select
          showSearch
          optionFilterProp="label"
          disabled={!township || busy}
          loading={villages.loading}
          options={units}
          data-testid="election-unit"
        />
      </Form.Item>
      <Form.Item name="seats" label={t('seats')} rules={[{ required: true, message: `${t('seats')} ✱` }]}>
        <InputNumber min={1} max={MAX_SEATS} precision={0} data-testid="election-seats" />
      </Form.Item>
      <Form.Item name="term" label={t('electionTerm')}>
        <Input maxLength={4} style={{ width: 120 }} data-testid="election-term" />
      </Form.Item>
      <DecisionError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="election-submit">
        {t('start')}
      </Button>
    </Form>
  );
}
