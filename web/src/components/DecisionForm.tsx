/**
 * The form for a step's decision, looked up by the key its task carries (`task.form`,
 * domain/forms.ts) among each procedure's forms (web/src/forms/). Each form's fields are
 * the fields the step's parser reads, and the same parser checks the entry before it is
 * sent, so a typo is caught here with the parser's own words; the case checks it again
 * and has the last word (role, township, duplicates, thresholds, quorum). A form that
 * depends on the case (the candidates on a ballot, the members' count from the election
 * notice) reads the case's view first. A form of its own (the committee's grading table)
 * is drawn by its component; a task whose step no form knows gets a JSON editor.
 */
import { useEffect } from 'react';
import { Button, Form, Input, Space, Spin, Typography } from 'antd';
import { getCase } from '../api';
import { useLang } from '../i18n';
import { renderField } from '../forms/fields';
import { FORMS } from '../forms';
import type { DecisionFormProps, FormContext, FormSpec } from '../forms/spec';
import { useLoad } from './Loadable';
import { DecisionError, useDecision } from './useDecision';

export type { DecisionFormProps } from '../forms/spec';

const NO_CONTEXT: FormContext = {};

/** The values without those of hidden fields, which the form keeps while they are out of sight. */
function withoutHidden(spec: FormSpec, raw: Record<string, unknown>): Record<string, unknown> {
  if (!spec.visible) return raw;
  const out = structuredClone(raw);
  for (const f of spec.fields) {
    if (spec.visible(f, raw)) continue;
    let at: unknown = out;
    for (const part of f.name.slice(0, -1)) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined;
    if (at && typeof at === 'object') delete (at as Record<string, unknown>)[f.name[f.name.length - 1]!];
  }
  return out;
}

/** Drops what the user left empty, so optional fields are absent rather than null. */
function compact(value: unknown): unknown {
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = compact(v);
  }
  return out;
}

export function DecisionForm(props: DecisionFormProps) {
  const registered = props.form ? FORMS[props.form] : undefined;
  if (registered && 'component' in registered) {
    const Custom = registered.component;
    return <Custom {...props} />;
  }
  return <StepForm {...props} spec={registered} />;
}

function StepForm({ caseId, step, onDecided, spec }: DecisionFormProps & { spec: FormSpec | undefined }) {
  const { t } = useLang();
  const [form] = Form.useForm();
  const values = (Form.useWatch([], form) ?? {}) as Record<string, unknown>;
  const { busy, error, send, refuseLocally } = useDecision(caseId, step, onDecided);
  const needsCase = spec?.context !== undefined;
  const view = useLoad(async () => (spec?.context ? spec.context(await getCase(caseId), step) : NO_CONTEXT), [caseId, spec, step]);
  const context = view.data ?? NO_CONTEXT;

  useEffect(() => {
    if (context.initial) form.setFieldsValue(context.initial);
  }, [context, form]);

  const onFinish = async (raw: Record<string, unknown>) => {
    if (!spec) {
      let decision: unknown;
      try {
        decision = JSON.parse(String(raw.json ?? '{}'));
      } catch {
        decision = undefined;
      }
      if (typeof decision !== 'object' || decision === null || Array.isArray(decision)) {
        refuseLocally(t('jsonInvalid'));
        return;
      }
      await send(decision as Record<string, unknown>);
      return;
    }
    const entered = withoutHidden(spec, raw);
    const shaped = compact(spec.build ? spec.build(entered) : entered) as Record<string, unknown>;
    const parsed = (context.parse ?? spec.parse)?.(shaped);
    if (parsed && !parsed.ok) {
      refuseLocally(parsed.error);
      return;
    }
    if (await send(shaped)) form.resetFields();
  };

  if (needsCase && view.loading && !view.data) {
    return (
      <Space data-testid="decision-form-loading">
        <Spin size="small" />
        {t('loadingCase')}
      </Space>
    );
  }

  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={onFinish}
      data-testid={`decision-form-${spec?.id ?? 'json'}`}
      disabled={busy}
      initialValues={spec?.initial}
    >
      {spec ? (
        <>
          {spec.hint && <Typography.Paragraph type="secondary">{t(spec.hint)}</Typography.Paragraph>}
          {context.hint && (
            <Typography.Paragraph type="secondary" data-testid="form-rule">
              {context.hint(t)}
            </Typography.Paragraph>
          )}
          {spec.fields.filter((f) => !spec.visible || spec.visible(f, values)).map((f) => renderField(f, t, context))}
        </>
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('jsonHint')}</Typography.Paragraph>
          <Form.Item name="json" label={t('jsonDecision')} initialValue="{}" rules={[{ required: true }]}>
            <Input.TextArea rows={6} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </>
      )}
      <DecisionError error={error} />
      <Space>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="decision-submit">
          {t('submit')}
        </Button>
      </Space>
    </Form>
  );
}
