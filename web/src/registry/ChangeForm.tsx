/**
 * One registry change as a form in a modal: the fields (the roster's columns, a closed
 * set as a drop-down), the call, and what came back — "recorded", or the server's
 * reasons in the UI's language: each field's problem beside it, a refusal above the
 * buttons. The server checks with the roster's checks (domain/registryForms.ts); the form
 * adds only "required".
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, message } from 'antd';
import { ApiProblem } from '../api';
import type { RegistryChangeResult } from './registryApi';
import { useRegistryText } from './text';

/** 128 random bits as hex; crypto.getRandomValues, unlike randomUUID, works on a plain-http origin too. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface FieldSpec {
  name: string;
  label: string;
  required?: boolean;
  options?: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
  initial?: string;
}

export function ChangeForm({
  id,
  title,
  fields,
  submit,
  onDone,
  danger,
}: {
  /** Names the button (`change-<id>`), the form and its inputs (`<id>_<field>`) for tests and labels. */
  id: string;
  title: string;
  fields: readonly FieldSpec[];
  /** `key` is the Idempotency-Key of this opening of the form: a resent submission is written once. */
  submit: (values: Record<string, string | undefined>, key: string) => Promise<RegistryChangeResult>;
  onDone: (result: RegistryChangeResult) => void;
  danger?: boolean;
}) {
  const { rt, lang } = useRegistryText();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const [key, setKey] = useState(newKey);

  const close = () => {
    setOpen(false);
    setKey(newKey());
    setRefusal(undefined);
    form.resetFields();
  };
  const onFinish = async (values: Record<string, string | undefined>) => {
    setBusy(true);
    setRefusal(undefined);
    try {
      const result = await submit(values, key);
      void message.success(`${rt('recorded')}: ${title}`);
      close();
      onDone(result);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      const p = err.problem;
      const byField = new Map<string, string[]>();
      for (const e of p.errors ?? []) {
        const field = e.where.replace(/^body\./, '');
        const text = lang === 'zh' ? (e.zh ?? e.message) : e.message;
        if (fields.some((f) => f.name === field)) byField.set(field, [...(byField.get(field) ?? []), text]);
      }
      form.setFields([...byField.entries()].map(([name, errors]) => ({ name, errors })));
      const reason = lang === 'zh' ? p.zh : p.en;
      setRefusal(reason ?? p.detail);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button data-testid={`change-${id}`} danger={danger} onClick={() => setOpen(true)}>
        {title}
      </Button>
      <Modal open={open} title={title} onCancel={close} footer={null} destroyOnHidden>
        <Form
          form={form}
          name={id}
          layout="vertical"
          initialValues={Object.fromEntries(fields.filter((f) => f.initial !== undefined).map((f) => [f.name, f.initial]))}
          onFinish={(v) => void onFinish(v)}
          data-testid={`form-${id}`}
        >
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label} rules={f.required ? [{ required: true, message: `${f.label} ✱` }] : []}>
              {f.options ? (
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  options={f.options.map((o) => ({ ...o }))}
                  placeholder={f.placeholder}
                />
              ) : (
                <Input placeholder={f.placeholder} />
              )}
            </Form.Item>
          ))}
          {refusal && (
            <Alert type="error" showIcon title={rt('refused')} description={refusal} data-testid="refusal" style={{ marginBottom: 12 }} />
          )}
          <Button type="primary" htmlType="submit" loading={busy} data-testid={`submit-${id}`} danger={danger}>
            {title}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
