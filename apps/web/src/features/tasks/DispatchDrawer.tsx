import { useEffect } from 'react';
import { Button, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ORG_TYPES, TaskInput, type OrgType } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { OrgPicker } from '../organizations/OrgPicker';
import { useDispatch, useForms } from './tasks.api';

interface Values {
  kind?: 'notice' | 'task';
  title?: string;
  body?: string;
  deadline?: Dayjs;
  formId?: number | null;
  period?: string;
  periodFrom?: Dayjs;
  periodTo?: Dayjs;
  targets?: { by?: 'level' | 'type' | 'list'; levels?: string[]; types?: OrgType[]; orgIds?: (number | undefined)[] };
  remindDays?: number;
}

/** 下发任务: a notice or a task (with a report form) to orgs of the acting org's subtree. */
export function DispatchDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const acting = useActingOrg();
  const [form] = Form.useForm<Values>();
  const forms = useForms();
  const dispatch = useDispatch();
  const kind = Form.useWatch('kind', form);
  const by = Form.useWatch(['targets', 'by'], form);
  const formId = Form.useWatch('formId', form);
  const chosen = forms.data?.items.find((f) => f.id === formId);
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        kind: 'task',
        deadline: federationToday().add(7, 'day'),
        targets: { by: 'level', levels: ['district'], orgIds: [undefined] },
        remindDays: 2,
        formId: null,
      });
  }, [open, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const targets =
      v.targets?.by === 'list'
        ? { by: 'list', orgIds: (v.targets.orgIds ?? []).filter((x): x is number => x !== undefined) }
        : v.targets?.by === 'type'
          ? { by: 'type', types: v.targets.types ?? [] }
          : { by: 'level', levels: v.targets?.levels ?? [] };
    const input = parseWith(
      TaskInput,
      {
        orgId: acting?.id,
        kind: v.kind,
        title: v.title?.trim(),
        body: v.body?.trim() ?? '',
        deadline: isoDate(v.deadline),
        formId: v.kind === 'task' ? (v.formId ?? null) : null,
        period: chosen && chosen.periodicity !== 'once' ? v.period?.trim() : null,
        periodFrom: chosen?.periodicity === 'once' && v.periodFrom ? isoDate(v.periodFrom) : null,
        periodTo: chosen?.periodicity === 'once' && v.periodTo ? isoDate(v.periodTo) : null,
        targets,
        remindDays: v.remindDays ?? 0,
      },
      form,
    );
    if (!input) return;
    dispatch.mutate(input, {
      onSuccess: (task) => {
        notifySuccess(t('tasks.dispatched', { n: task.receivers }));
        form.resetFields();
        onClose();
      },
      onError: (e) => applyProblemToForm(form, e),
    });
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={`${t('tasks.dispatch')} · ${acting?.name ?? ''}`}
      size="large"
      destroyOnHidden
      extra={
        <Button type="primary" loading={dispatch.isPending} onClick={() => void submit()} data-testid="dispatch-submit">
          {t('tasks.dispatch')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" data-testid="dispatch-form">
        <Form.Item name="kind" label={t('tasks.kind')}>
          <Radio.Group
            options={(['task', 'notice'] as const).map((k) => ({ value: k, label: t(`tasks.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('tasks.title')} rules={[{ required: true }]}>
          <Input maxLength={200} data-testid="dispatch-title" />
        </Form.Item>
        <Form.Item name="body" label={t('tasks.body')}>
          <Input.TextArea rows={4} maxLength={20000} />
        </Form.Item>
        <Form.Item name="deadline" label={t('tasks.deadline')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        {kind === 'task' && (
          <Form.Item name="formId" label={t('tasks.form')}>
            <Select
              data-testid="dispatch-form-select"
              options={[
                { value: null, label: t('tasks.noForm') },
                ...(forms.data?.items ?? []).map((f) => ({
                  value: f.id,
                  label: `${f.name}（${t(`tasks.periodicities.${f.periodicity}`)}）`,
                })),
              ]}
            />
          </Form.Item>
        )}
        {chosen && chosen.periodicity !== 'once' && (
          <Form.Item name="period" label={t('tasks.period')} extra={t('tasks.periodHint')} rules={[{ required: true }]}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        )}
        {chosen?.periodicity === 'once' && (
          <Space>
            <Form.Item name="periodFrom" label={t('tasks.periodFrom')}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="periodTo" label={t('tasks.periodTo')}>
              <DatePicker />
            </Form.Item>
          </Space>
        )}
        <Form.Item name={['targets', 'by']} label={t('tasks.targets')}>
          <Radio.Group
            options={(['level', 'type', 'list'] as const).map((k) => ({ value: k, label: t(`tasks.targetBy.${k}`) }))}
            data-testid="dispatch-target-by"
          />
        </Form.Item>
        {by === 'level' && (
          <Form.Item name={['targets', 'levels']} rules={[{ required: true }]}>
            <Checkbox.Group
              data-testid="dispatch-levels"
              options={(['district', 'town', 'village'] as const).map((k) => ({
                value: k,
                label: t(`tasks.levels.${k}`),
              }))}
            />
          </Form.Item>
        )}
        {by === 'type' && (
          <Form.Item name={['targets', 'types']} rules={[{ required: true }]}>
            <Select mode="multiple" options={Object.entries(ORG_TYPES).map(([k, v]) => ({ value: k, label: l(v) }))} />
          </Form.Item>
        )}
        {by === 'list' && (
          <Form.List name={['targets', 'orgIds']}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={f.name} rules={[{ required: true }]}>
                      <OrgPicker />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  {t('tasks.addOrg')}
                </Button>
              </>
            )}
          </Form.List>
        )}
        <Form.Item name="remindDays" label={t('tasks.remindDays')}>
          <InputNumber min={0} max={10} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
