/**
 * 发展党员: county staff open a development case for a person who handed in an
 * application — picked from the township's people (GET /registry/people). The Party
 * organization applied to is the person's village branch unless one is named. The values
 * go through `parseMemberApplication` (domain/memberApplication.ts, the CLI's and the
 * API's parser) first.
 */
import { useState } from 'react';
import { Button, Form, Input, Select } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseMemberApplication } from '../../../../domain/memberApplication';
import { getTownshipPeople, getTownships, startMemberApplication } from '../../api';
import { useLang } from '../../i18n';
import { useLoad } from '../Loadable';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { submitStart } from './submitStart';

interface Entry {
  township?: string;
  personId?: string;
  appliedOn?: string;
  branchId?: string;
}

/** The application as the parser (and POST /cases/member-development) reads it: empty optional fields are left out. */
export function applicationOf(v: Entry): Record<string, unknown> {
  return {
    personId: v.personId,
    ...(v.appliedOn ? { appliedOn: v.appliedOn } : {}),
    ...(v.branchId?.trim() ? { branchId: v.branchId.trim() } : {}),
  };
}

export function MemberApplicationForm() {
  const { t } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [form] = Form.useForm<Entry>();
  const township = Form.useWatch('township', form);
  const townships = useLoad(getTownships, []);
  const people = useLoad(() => (township ? getTownshipPeople(township) : Promise.resolve([])), [township]);
  const today = shanghaiDate(Date.now());

  const onFinish = async (v: Entry) => {
    setError(null);
    setBusy(true);
    setError(await submitStart(applicationOf(v), (raw) => parseMemberApplication(raw, today), startMemberApplication, t));
    setBusy(false);
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} disabled={busy} initialValues={{ appliedOn: today }} data-testid="member-form">
      <Form.Item name="township" label={t('township')} rules={[{ required: true, message: `${t('township')} ✱` }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={townships.loading}
          options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
          onChange={() => form.setFieldValue('personId', undefined)}
          data-testid="member-township"
        />
      </Form.Item>
      <Form.Item name="personId" label={t('applicant')} rules={[{ required: true, message: `${t('applicant')} ✱` }]}>
        <Select
          showSearch
          optionFilterProp="label"
          disabled={!township || busy}
          loading={people.loading}
          options={(people.data ?? []).map((p) => ({ value: p.personId, label: `${p.name} ${p.personId}` }))}
          data-testid="member-person"
        />
      </Form.Item>
      <Form.Item name="appliedOn" label={t('appliedOn')}>
        <Input type="date" style={{ width: 200 }} data-testid="member-applied-on" />
      </Form.Item>
      <Form.Item name="branchId" label={t('appliedTo')}>
        <Input maxLength={64} data-testid="member-branch" />
      </Form.Item>
      <DecisionError error={error} />
      <Button type="primary" htmlType="submit" loading={busy} data-testid="member-submit">
        {t('start')}
      </Button>
    </Form>
  );
}
