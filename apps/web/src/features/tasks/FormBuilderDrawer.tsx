import { useEffect } from 'react';
import { Button, Card, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FIELD_TYPES, PERIODICITIES, type FormDefinition, type ReportForm } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { applyProblemToForm } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useMetrics, useSaveForm, type Template } from './tasks.api';

export type BuilderStart = { form?: ReportForm; template?: Template };
type Path = (string | number)[];

/** The settings of one field (or one table column): what its type allows. */
function FieldSettings({ path, column }: { path: Path; column: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const metrics = useMetrics();
  const type = Form.useWatch(['definition', ...path, 'type'], form) as string | undefined;
  const types = column ? FIELD_TYPES.filter((x) => x !== 'table') : FIELD_TYPES;
  return (
    <Space wrap align="start">
      <Form.Item name={[...path.slice(-1), 'key']} label={t('tasks.field.key')} rules={[{ required: true }]}>
        <Input style={{ width: 140 }} />
      </Form.Item>
      <Form.Item name={[...path.slice(-1), 'label']} label={t('tasks.field.label')} rules={[{ required: true }]}>
        <Input style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name={[...path.slice(-1), 'type']} label={t('tasks.field.type')} rules={[{ required: true }]}>
        <Select style={{ width: 100 }} options={types.map((x) => ({ value: x, label: t(`tasks.types.${x}`) }))} />
      </Form.Item>
      <Form.Item name={[...path.slice(-1), 'required']} label={t('tasks.field.required')} valuePropName="checked">
        <Checkbox />
      </Form.Item>
      {(type === 'number' || type === 'text') && (
        <>
          <Form.Item name={[...path.slice(-1), 'min']} label={t('tasks.field.min')}>
            <InputNumber style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name={[...path.slice(-1), 'max']} label={t('tasks.field.max')}>
            <InputNumber style={{ width: 90 }} />
          </Form.Item>
        </>
      )}
      {type === 'number' && (
        <>
          <Form.Item name={[...path.slice(-1), 'decimals']} label={t('tasks.field.decimals')}>
            <InputNumber min={0} max={6} style={{ width: 70 }} />
          </Form.Item>
          <Form.Item name={[...path.slice(-1), 'unit']} label={t('tasks.field.unit')}>
            <Input style={{ width: 70 }} />
          </Form.Item>
          <Form.Item
            name={[...path.slice(-1), 'formula']}
            label={t('tasks.field.formula')}
            tooltip={t('tasks.formulaHelp')}
          >
            <Input style={{ width: 260 }} />
          </Form.Item>
          {!column && (
            <>
              <Form.Item name={[...path.slice(-1), 'metric']} label={t('tasks.field.metric')}>
                <Select
                  allowClear
                  showSearch
                  style={{ width: 200 }}
                  options={(metrics.data?.items ?? []).map((m) => ({ value: m.metric, label: m.metric }))}
                />
              </Form.Item>
              <Form.Item name={[...path.slice(-1), 'target']} label={t('tasks.field.target')}>
                <InputNumber style={{ width: 90 }} />
              </Form.Item>
              <Form.Item name={[...path.slice(-1), 'targetKind']} label={t('tasks.field.targetKind')}>
                <Select
                  allowClear
                  style={{ width: 70 }}
                  options={[
                    { value: 'atLeast', label: '≥' },
                    { value: 'atMost', label: '≤' },
                  ]}
                />
              </Form.Item>
            </>
          )}
        </>
      )}
      {type === 'choice' && (
        <Form.Item name={[...path.slice(-1), 'options']} label={t('tasks.field.options')}>
          <Select mode="tags" style={{ minWidth: 240 }} />
        </Form.Item>
      )}
    </Space>
  );
}

const clean = (o: unknown): unknown => {
  if (Array.isArray(o)) return o.map(clean);
  if (o && typeof o === 'object')
    return Object.fromEntries(
      Object.entries(o)
        .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => [k, clean(v)]),
    );
  return o;
};

/** 报表设计: fields (number, text, choice, date, repeating table), formulas, fields from the records, rules. */
export function FormBuilderDrawer({ start, onClose }: { start: BuilderStart | null; onClose: () => void }) {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [form] = Form.useForm();
  const save = useSaveForm(start?.form?.id ?? null);
  useEffect(() => {
    if (!start) return;
    const src = start.form ?? start.template;
    form.setFieldsValue({
      name: src?.name ?? '',
      description: src?.description ?? '',
      periodicity: src?.periodicity ?? 'once',
      definition: src?.definition ?? {
        fields: [{ key: 'count', label: '', type: 'number', required: true }],
        rules: [],
      },
    });
  }, [start, form]);
  const submit = async () => {
    const v = (await form.validateFields()) as {
      name: string;
      description?: string;
      periodicity: string;
      definition: FormDefinition;
    };
    save.mutate(
      {
        orgId: start?.form?.org.id ?? acting?.id ?? 0,
        name: v.name,
        description: v.description ?? '',
        periodicity: v.periodicity as ReportForm['periodicity'],
        definition: clean(v.definition) as FormDefinition,
        ...(start?.template && !start.form ? { template: start.template.code } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess(t('tasks.saved'));
          onClose();
        },
        onError: (e) => applyProblemToForm(form, e),
      },
    );
  };
  return (
    <Drawer
      open={start !== null}
      onClose={onClose}
      title={start?.form ? t('tasks.editForm') : t('tasks.newForm')}
      width={1000}
      destroyOnHidden
      extra={
        <Button type="primary" onClick={() => void submit()} loading={save.isPending} data-testid="form-save">
          {t('common.save')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" data-testid="form-builder">
        <Space wrap>
          <Form.Item name="name" label={t('tasks.formName')} rules={[{ required: true }]}>
            <Input style={{ width: 360 }} data-testid="form-name" />
          </Form.Item>
          <Form.Item name="periodicity" label={t('tasks.periodicity')}>
            <Select
              style={{ width: 120 }}
              options={PERIODICITIES.map((p) => ({ value: p, label: t(`tasks.periodicities.${p}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('tasks.description')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Typography.Title level={5}>{t('tasks.fields')}</Typography.Title>
        <Form.List name={['definition', 'fields']}>
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Card
                  key={f.key}
                  size="small"
                  style={{ marginBottom: 8 }}
                  extra={<MinusCircleOutlined onClick={() => remove(f.name)} />}
                >
                  <FieldSettings path={['fields', f.name]} column={false} />
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['definition', 'fields', f.name, 'type']) === 'table' && (
                        <Form.List name={[f.name, 'columns']}>
                          {(cols, c) => (
                            <div style={{ paddingLeft: 24 }}>
                              {cols.map((col) => (
                                <Space key={col.key} align="start">
                                  <FieldSettings path={['fields', f.name, 'columns', col.name]} column />
                                  <MinusCircleOutlined onClick={() => c.remove(col.name)} />
                                </Space>
                              ))}
                              <Button
                                size="small"
                                type="dashed"
                                icon={<PlusOutlined />}
                                onClick={() => c.add({ type: 'text' })}
                              >
                                {t('tasks.field.addColumn')}
                              </Button>
                            </div>
                          )}
                        </Form.List>
                      )
                    }
                  </Form.Item>
                </Card>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ type: 'number', required: false })}>
                {t('tasks.addField')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5} style={{ marginTop: 16 }}>
          {t('tasks.rules')}
        </Typography.Title>
        <Form.List name={['definition', 'rules']}>
          {(rules, { add, remove }) => (
            <>
              {rules.map((r) => (
                <Space key={r.key} align="start" wrap>
                  <Form.Item
                    name={[r.name, 'expression']}
                    label={t('tasks.rule.expression')}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 260 }} />
                  </Form.Item>
                  <Form.Item name={[r.name, 'field']} label={t('tasks.rule.field')} rules={[{ required: true }]}>
                    <Input style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    name={[r.name, 'message', 'zh-CN']}
                    label={`${t('tasks.rule.message')}（中文）`}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item
                    name={[r.name, 'message', 'en-US']}
                    label={`${t('tasks.rule.message')} (English)`}
                    rules={[{ required: true }]}
                  >
                    <Input style={{ width: 200 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(r.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('tasks.addRule')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
