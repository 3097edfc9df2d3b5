import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { OFFICER_POSITIONS, OfficerInput, OfficerPosition } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useLang } from '../../i18n';
import { useCreateOfficer } from './org-records.api';

interface Values {
  name: string;
  position: OfficerPosition;
  phone?: string;
  isPartTime: boolean;
  contactPoint?: string;
  startedOn: Dayjs;
  changeKind: 'elected' | 'added' | 'replacement';
}

const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

export function OfficerDrawer({
  orgId,
  currentTermId,
  open,
  onClose,
}: {
  orgId: number;
  currentTermId: number | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const [form] = Form.useForm<Values>();
  const create = useCreateOfficer(orgId);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({
        position: 'executive_member',
        isPartTime: true,
        startedOn: federationToday(),
        changeKind: 'elected',
      });
    }
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = parseWith(
      OfficerInput,
      {
        name: v.name,
        position: v.position,
        phone: orNull(v.phone),
        isPartTime: v.isPartTime,
        contactPoint: orNull(v.contactPoint),
        startedOn: isoDate(v.startedOn),
        termId: currentTermId,
        changeKind: v.changeKind,
      },
      form,
    );
    if (!input) return;
    create.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('officers.add')}
      open={open}
      onClose={onClose}
      size={440}
      forceRender
      data-testid="officer-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={create.isPending} onClick={() => void submit()} data-testid="officer-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="name"
          label={t('officers.name')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input maxLength={50} data-testid="officer-name" />
        </Form.Item>
        <Form.Item name="position" label={t('officers.position')} rules={[{ required: true }]}>
          <Select options={OfficerPosition.options.map((p) => ({ value: p, label: OFFICER_POSITIONS[p][lang] }))} />
        </Form.Item>
        <Form.Item name="phone" label={t('officers.phone')}>
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item name="isPartTime" label={t('officers.partTime')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="contactPoint" label={t('officers.contactPoint')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="startedOn"
          label={t('officers.startedOn')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="changeKind" label={t('officers.changeKind')}>
          <Radio.Group
            options={(['elected', 'added', 'replacement'] as const).map((k) => ({
              value: k,
              label: t(`officers.kinds.${k}`),
            }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
