import { useEffect } from 'react';
import { Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space as AntSpace } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { SPACE_TYPES, SpaceInput, SpaceType, type Space } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLang } from '../../i18n';
import { useSaveSpace } from './org-records.api';

interface Values {
  type: SpaceType;
  name: string;
  address?: string;
  openingHours?: string;
  services?: string[];
  areaSqm?: number | null;
  openedOn?: Dayjs | null;
}

const SERVICE_SUGGESTIONS = [
  '法律咨询',
  '心理疏导',
  '家庭教育指导',
  '婚姻调解',
  '就业推荐',
  '技能培训',
  '托育信息',
  '儿童托管',
];
const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

/** Create (space = 'new') or edit a space. */
export function SpaceDrawer({
  orgId,
  space,
  onClose,
}: {
  orgId: number;
  space: Space | 'new' | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const save = useSaveSpace(orgId);
  const editing = space !== null && space !== 'new' ? space : null;

  useEffect(() => {
    if (space === null) return;
    form.resetFields();
    if (space !== 'new')
      form.setFieldsValue({
        type: space.type,
        name: space.name,
        address: space.address ?? '',
        openingHours: space.openingHours ?? '',
        services: space.services,
        areaSqm: space.areaSqm,
        openedOn: space.openedOn ? dayjs(space.openedOn) : null,
      });
  }, [space, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      SpaceInput,
      {
        type: v.type,
        name: v.name,
        address: orNull(v.address),
        openingHours: orNull(v.openingHours),
        services: v.services ?? [],
        areaSqm: v.areaSqm ?? null,
        openedOn: isoDate(v.openedOn) ?? null,
      },
      form,
    );
    if (!input) return;
    save.mutate(
      { id: editing?.id, input },
      {
        onSuccess: () => {
          notifySuccess(t('common.saved'));
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Drawer
      title={editing ? t('spaces.editTitle', { name: editing.name }) : t('spaces.create')}
      open={space !== null}
      onClose={onClose}
      size={480}
      forceRender
      data-testid="space-drawer"
      extra={
        <AntSpace>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="space-submit">
            {t('common.save')}
          </Button>
        </AntSpace>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="type" label={t('spaces.type')} rules={[{ required: true, message: t('form.required') }]}>
          <Select
            options={SpaceType.options.map((s) => ({ value: s, label: SPACE_TYPES[s][lang] }))}
            data-testid="space-type"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('spaces.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={100} data-testid="space-name" />
        </Form.Item>
        <Form.Item name="address" label={t('org.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="openingHours" label={t('spaces.openingHours')}>
          <Input maxLength={100} placeholder={t('spaces.openingHoursExample')} />
        </Form.Item>
        <Form.Item name="services" label={t('spaces.services')}>
          <Select mode="tags" options={SERVICE_SUGGESTIONS.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8 }}>
          <Form.Item name="areaSqm" label={t('spaces.area')} style={{ flex: 1 }}>
            <InputNumber min={1} max={100000} style={{ width: '100%' }} suffix="㎡" />
          </Form.Item>
          <Form.Item name="openedOn" label={t('spaces.openedOn')} style={{ flex: 1 }}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
        </div>
      </Form>
    </Drawer>
  );
}
