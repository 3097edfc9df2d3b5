import { useEffect } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Assignment, ColumnField, FormDefinition, FormField, FormValues } from '@jinguo/contracts';

/** Form values ↔ antd values: dates as dayjs in the form, YYYY-MM-DD on the wire. */
function toForm(def: FormDefinition, values: FormValues): Record<string, unknown> {
  const conv = (f: ColumnField | FormField, v: unknown) => (f.type === 'date' && typeof v === 'string' ? dayjs(v) : v);
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = values[f.key];
    out[f.key] =
      f.type === 'table'
        ? (Array.isArray(v) ? v : []).map((row: Record<string, unknown>) =>
            Object.fromEntries((f.columns ?? []).map((c) => [c.key, conv(c, row[c.key])])),
          )
        : conv(f, v);
  }
  return out;
}
export function fromForm(def: FormDefinition, values: Record<string, unknown> | undefined): FormValues {
  const conv = (f: ColumnField | FormField, v: unknown) =>
    f.formula !== undefined
      ? undefined
      : dayjs.isDayjs(v)
        ? (v as Dayjs).format('YYYY-MM-DD')
        : v === ''
          ? null
          : (v ?? null);
  const out: FormValues = {};
  for (const f of def.fields) {
    if (f.formula !== undefined) continue;
    const v = values?.[f.key];
    out[f.key] =
      f.type === 'table'
        ? (Array.isArray(v) ? v : []).map((row: Record<string, unknown> | undefined) =>
            Object.fromEntries(
              (f.columns ?? []).filter((c) => c.formula === undefined).map((c) => [c.key, conv(c, row?.[c.key])]),
            ),
          )
        : conv(f, v);
  }
  return out;
}

/** One field's control; Form.Item hands it `value` and `onChange`, passed on to the antd control. */
function Input1({
  f,
  readOnly,
  ...control
}: {
  f: ColumnField | FormField;
  readOnly: boolean;
  value?: never;
  onChange?: never;
}) {
  const disabled = readOnly || f.formula !== undefined;
  switch (f.type) {
    case 'number':
      return (
        <InputNumber
          {...control}
          disabled={disabled}
          min={f.min}
          max={f.max}
          precision={f.decimals}
          addonAfter={f.unit}
          style={{ width: 200 }}
          data-testid={`field-${f.key}`}
        />
      );
    case 'choice':
      return (
        <Select
          {...control}
          disabled={disabled}
          allowClear
          style={{ minWidth: 160 }}
          options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
        />
      );
    case 'date':
      return <DatePicker {...control} disabled={disabled} />;
    default:
      return (f.max ?? 0) > 200 ? (
        <Input.TextArea {...control} disabled={disabled} rows={3} maxLength={f.max} data-testid={`field-${f.key}`} />
      ) : (
        <Input {...control} disabled={disabled} maxLength={f.max} data-testid={`field-${f.key}`} />
      );
  }
}

interface Props {
  definition: FormDefinition;
  assignment: Assignment;
  readOnly: boolean;
  form: ReturnType<typeof Form.useForm<{ values: Record<string, unknown> }>>[0];
}

/** A report form to fill: fields from the records marked, computed ones read-only, targets shown, tables as rows. */
export function FillForm({ definition, assignment, readOnly, form }: Props) {
  const { t } = useTranslation();
  useEffect(() => {
    form.setFieldsValue({ values: toForm(definition, assignment.values) });
  }, [form, definition, assignment.values, assignment.version]);
  const extra = (f: FormField) => {
    const parts = [];
    const rec = assignment.fromRecords[f.key];
    if (rec !== undefined)
      parts.push(
        <Tag key="r" color="geekblue" data-testid={`from-records-${f.key}`}>
          {t('tasks.fromRecords', { value: rec })}
        </Tag>,
      );
    if (f.formula) parts.push(<Tag key="c">{t('tasks.computed')}</Tag>);
    if (f.target !== undefined) {
      const v = assignment.values[f.key];
      const met = typeof v === 'number' ? (f.targetKind === 'atMost' ? v <= f.target : v >= f.target) : null;
      parts.push(
        <Tag key="t" color={met === null ? 'default' : met ? 'green' : 'red'}>
          {t('tasks.target', { kind: t(`tasks.targetKinds.${f.targetKind ?? 'atLeast'}`), value: f.target })}
          {met !== null && ` · ${met ? t('tasks.met') : t('tasks.notMet')}`}
        </Tag>,
      );
    }
    if (f.help)
      parts.push(
        <Typography.Text key="h" type="secondary">
          {f.help}
        </Typography.Text>,
      );
    return parts.length ? <Space wrap>{parts}</Space> : undefined;
  };
  return (
    <Form form={form} layout="vertical" data-testid="fill-form">
      {definition.fields.map((f) =>
        f.type === 'table' ? (
          <Form.Item key={f.key} label={f.label} required={f.required}>
            <Form.List name={['values', f.key]}>
              {(rows, { add, remove }) => (
                <>
                  <Table
                    size="small"
                    pagination={false}
                    dataSource={rows}
                    rowKey="key"
                    columns={[
                      ...(f.columns ?? []).map((c) => ({
                        key: c.key,
                        title: c.label,
                        render: (_: unknown, row: { name: number }) => (
                          <Form.Item name={[row.name, c.key]} style={{ margin: 0 }}>
                            <Input1 f={c} readOnly={readOnly} />
                          </Form.Item>
                        ),
                      })),
                      ...(readOnly
                        ? []
                        : [
                            {
                              key: 'x',
                              title: '',
                              render: (_: unknown, row: { name: number }) => (
                                <MinusCircleOutlined onClick={() => remove(row.name)} />
                              ),
                            },
                          ]),
                    ]}
                  />
                  {!readOnly && (
                    <Button
                      type="dashed"
                      size="small"
                      icon={<PlusOutlined />}
                      onClick={() => add({})}
                      style={{ marginTop: 8 }}
                    >
                      {t('tasks.addRow')}
                    </Button>
                  )}
                </>
              )}
            </Form.List>
          </Form.Item>
        ) : (
          <Form.Item
            key={f.key}
            name={['values', f.key]}
            label={f.label}
            required={f.required && !f.formula}
            extra={extra(f)}
          >
            <Input1 f={f} readOnly={readOnly} />
          </Form.Item>
        ),
      )}
    </Form>
  );
}
