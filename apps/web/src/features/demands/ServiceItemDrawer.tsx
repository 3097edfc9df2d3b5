import { useEffect } from 'react';
import { Button, Drawer, Form, Input, InputNumber, Select, Space, Switch, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ServiceItemInput, type ServiceItem } from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { CategorySelect } from './CategorySelect';
import { useSaveServiceItem } from './demands.api';

interface Values {
  category?: string;
  name?: string;
  description?: string;
  provider?: string;
  place?: string;
  weeklyCapacity?: number | null;
  active: boolean;
  hours?: { days?: number[]; range?: [Dayjs, Dayjs] }[];
}

/** 新增 / 编辑 one service of an org's catalogue. */
export function ServiceItemDrawer({
  orgId,
  item,
  open,
  onClose,
}: {
  orgId: number;
  item: ServiceItem | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const save = useSaveServiceItem(item?.id ?? null);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      item
        ? {
            category: item.category,
            name: item.name,
            description: item.description,
            provider: item.provider ?? '',
            place: item.place ?? '',
            weeklyCapacity: item.weeklyCapacity,
            active: item.active,
            hours: item.openingHours.map((h) => ({
              days: h.days,
              range: [dayjs(`2000-01-01T${h.from}`), dayjs(`2000-01-01T${h.to}`)] as [Dayjs, Dayjs],
            })),
          }
        : {
            active: true,
            hours: [{ days: [1, 2, 3, 4, 5], range: [dayjs('2000-01-01T09:00'), dayjs('2000-01-01T17:00')] }],
          },
    );
  }, [open, item, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      ServiceItemInput,
      {
        orgId,
        category: v.category,
        name: v.name?.trim(),
        description: v.description?.trim() ?? '',
        provider: v.provider?.trim() || null,
        place: v.place?.trim() || null,
        weeklyCapacity: v.weeklyCapacity ?? null,
        active: v.active,
        openingHours: (v.hours ?? [])
          .filter((h) => h.days?.length && h.range)
          .map((h) => ({ days: h.days!, from: h.range![0].format('HH:mm'), to: h.range![1].format('HH:mm') })),
      },
      form,
    );
    if (!input) return;
    save.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };
  const weekdays = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
    value: d,
    label: t(`catalogue.weekdays.d${d}` as 'catalogue.weekdays.d1'),
  }));
  return (
    <Drawer
      title={item ? t('catalogue.edit') : t('catalogue.add')}
      open={open}
      onClose={onClose}
      width={520}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() => void submit()}
            data-testid="service-item-submit"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical">
        <Form.Item name="name" label={t('catalogue.name')} rules={[{ required: true }]}>
          <Input maxLength={60} data-testid="service-item-name" />
        </Form.Item>
        <Form.Item name="category" label={t('catalogue.category')} rules={[{ required: true }]}>
          <CategorySelect />
        </Form.Item>
        <Form.Item name="description" label={t('catalogue.description')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="provider" label={t('catalogue.provider')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="place" label={t('catalogue.place')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label={t('catalogue.openingHours')}>
          <Form.List name="hours">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'days']} noStyle>
                      <Select mode="multiple" options={weekdays} style={{ minWidth: 200 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'range']} noStyle>
                      <TimePicker.RangePicker format="HH:mm" minuteStep={15} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(f.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ days: [] })} block>
                  {t('catalogue.addHours')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="weeklyCapacity" label={t('catalogue.weeklyCapacity')} extra={t('catalogue.unlimited')}>
          <InputNumber min={1} max={10000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="active" label={t('catalogue.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
