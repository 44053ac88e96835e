/**
 * 发展党员: county staff open a development case for a person who handed in an
 * application — picked from the township's people (GET /registry/people). The Party
 * organization applied to is the person's village branch unless one is named. The values
 * go through `parseMemberApplication` (domain/memberApplication.ts, the CLI's and the
 * API's parser) first.
 */
import { useState } from 'react';
import { Button, Form, Input } from 'antd';
import { shanghaiDate } from '../../../../domain/calendar';
import { parseMemberApplication } from '../../../../domain/memberApplication';
import { startMemberApplication } from '../../api';
import { useLang } from '../../i18n';
import { DecisionError, type DecisionProblem } from '../useDecision';
import { submitStart } from './submitStart';
import { TownshipField, TownshipPersonField } from './TownshipFields';

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
  const { t, lang } = useLang();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DecisionProblem | null>(null);
  const [form] = Form.useForm<Entry>();
  const township = Form.useWatch('township', form);
  const today = shanghaiDate(Date.now());

  const onFinish = async (v: Entry) => {
    setError(null);
    setBusy(true);
    setError(await submitStart(applicationOf(v), (raw) => parseMemberApplication(raw, today), startMemberApplication, t, lang));
    setBusy(false);
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} disabled={busy} initialValues={{ appliedOn: today }} data-testid="member-form">
      <TownshipField form={form} clears="personId" testId="member-township" />
      <TownshipPersonField
        township={township}
        label={t('applicant')}
        busy={busy}
        optionLabel={(p) => `${p.name} ${p.personId}`}
        testId="member-person"
      />
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
