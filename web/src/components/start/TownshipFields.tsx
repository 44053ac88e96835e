/**
 * The township and the person of a new-case form, picked by name: the township from
 * GET /registry/org-units, a person from the chosen township's people. Choosing another
 * township clears the field that depends on it.
 */
import { Form, Select, type FormInstance } from 'antd';
import { getTownshipPeople, getTownships } from '../../api';
import { useLang } from '../../i18n';
import { useLoad } from '../Loadable';

export function TownshipField<T>({ form, clears, testId }: { form: FormInstance<T>; clears: string; testId: string }) {
  const { t } = useLang();
  const townships = useLoad(getTownships, []);
  return (
    <Form.Item name="township" label={t('township')} rules={[{ required: true, message: `${t('township')} ✱` }]}>
      <Select
        showSearch
        optionFilterProp="label"
        loading={townships.loading}
        options={(townships.data ?? []).map((u) => ({ value: u.orgUnitId, label: u.name }))}
        onChange={() => form.setFieldValue(clears as never, undefined as never)}
        data-testid={testId}
      />
    </Form.Item>
  );
}

type Person = Awaited<ReturnType<typeof getTownshipPeople>>[number];

export function TownshipPersonField({
  township,
  label,
  busy,
  optionLabel,
  testId,
}: {
  township: string | undefined;
  label: string;
  busy: boolean;
  optionLabel: (p: Person) => string;
  testId: string;
}) {
  const people = useLoad(() => (township ? getTownshipPeople(township) : Promise.resolve([])), [township]);
  return (
    <Form.Item name="personId" label={label} rules={[{ required: true, message: `${label} ✱` }]}>
      <Select
        showSearch
        optionFilterProp="label"
        disabled={!township || busy}
        loading={people.loading}
        options={(people.data ?? []).map((p) => ({ value: p.personId, label: optionLabel(p) }))}
        data-testid={testId}
      />
    </Form.Item>
  );
}
