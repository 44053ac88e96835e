/**
 * How a form's fields are drawn: one antd form item per field, a list of lines or of rows
 * for the repeated ones, and the input each kind of field takes.
 */
import { Button, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import type { Translate } from '../i18n';
import type { Field, FormContext } from './spec';

export function renderField(f: Field, t: Translate, context: FormContext) {
  const key = f.name.join('.');
  const rules = f.required ? [{ required: true, message: `${t(f.label)} ✱` }] : [];
  if (f.kind === 'lines') {
    return (
      <Form.Item key={key} label={t(f.label)} required={f.required}>
        <Form.List name={f.name}>
          {(items, { add, remove }) => (
            <div data-testid={`field-${key}`}>
              {items.map((item, i) => (
                <Space key={item.key} align="baseline" style={{ display: 'flex' }} data-testid="list-row">
                  <Form.Item name={item.name} style={{ marginBottom: 8 }}>
                    <Input placeholder={`${t(f.item)} ${i + 1}`} maxLength={2000} style={{ width: 420 }} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(item.name)} data-testid="remove-row">
                    {t('removeRow')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add('')} data-testid="add-row">
                + {t('addRow')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
    );
  }
  if (f.kind === 'rows') {
    return (
      <Form.Item key={key} label={t(f.label)} required={f.required}>
        <Form.List name={f.name}>
          {(items, { add, remove }) => (
            <div data-testid={`field-${key}`}>
              {items.length > 0 && (
                <Space style={{ display: 'flex', marginBottom: 4 }}>
                  {f.columns.map((c) => (
                    <Typography.Text key={c.name} type="secondary" style={{ display: 'inline-block', width: c.width }}>
                      {t(c.label)}
                    </Typography.Text>
                  ))}
                </Space>
              )}
              {items.map((item) => (
                <Space key={item.key} align="baseline" wrap style={{ display: 'flex' }} data-testid="list-row">
                  {f.columns.map((c) => (
                    <Form.Item key={c.name} name={[item.name, c.name]} style={{ marginBottom: 8 }}>
                      {renderInput({ name: [c.name], label: c.label, kind: c.kind }, t, context, {
                        placeholder: t(c.label),
                        width: c.width,
                      })}
                    </Form.Item>
                  ))}
                  <Button type="link" onClick={() => remove(item.name)} data-testid="remove-row">
                    {t('removeRow')}
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({})} data-testid="add-row">
                + {t('addRow')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form.Item>
    );
  }
  return (
    <Form.Item key={key} name={f.name} label={t(f.label)} rules={rules}>
      {renderInput(f, t, context)}
    </Form.Item>
  );
}

function renderInput(f: Field, t: Translate, context: FormContext, cell?: { placeholder: string; width: number }) {
  switch (f.kind) {
    case 'radio':
      return (
        <Radio.Group>
          {f.options.map((o) => (
            <Radio key={String(o.value)} value={o.value}>
              {o.label(t)}
            </Radio>
          ))}
        </Radio.Group>
      );
    case 'select':
      return <Select options={f.options.map((o) => ({ value: o.value as string, label: o.label(t) }))} style={{ maxWidth: 240 }} />;
    case 'people':
      // Person ids typed or picked from those the case knows; the case checks each one.
      return (
        <Select
          mode="tags"
          tokenSeparators={[',', '，', '、', ' ']}
          options={(context.people?.[f.name.join('.')] ?? []).map((p) => ({ value: p, label: context.names?.[p] ?? p }))}
          style={{ maxWidth: 480 }}
        />
      );
    case 'person':
      // One person picked by name (typing filters), sent as the id.
      return (
        <Select
          showSearch
          allowClear
          optionFilterProp="label"
          placeholder={cell?.placeholder}
          options={(context.people?.[f.name.join('.')] ?? []).map((p) => ({ value: p, label: context.names?.[p] ?? p }))}
          style={{ width: cell?.width ?? 240 }}
          data-testid={`person-${f.name.join('.')}`}
        />
      );
    case 'text':
      return <Input maxLength={2000} placeholder={cell?.placeholder} style={cell ? { width: cell.width } : undefined} />;
    case 'longText':
      return <Input.TextArea rows={3} maxLength={2000} showCount />;
    case 'date':
      // The browser's own date input gives YYYY-MM-DD, the form the parsers read.
      return <Input type="date" style={{ width: cell?.width ?? 200 }} placeholder={cell?.placeholder} />;
    case 'count':
      return (
        <InputNumber
          min={0}
          max={'max' in f ? f.max : undefined}
          precision={0}
          style={{ width: cell?.width ?? 160 }}
          placeholder={cell?.placeholder}
        />
      );
    case 'points':
      return <InputNumber min={0} max={100} step={0.5} precision={2} style={{ width: 160 }} />;
    case 'lines':
    case 'rows':
      return null;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}
