import { useEffect } from 'react';
import { Button, DatePicker, Drawer, Form, Input, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { UpdateOrgInput, type OrgDetail } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useUpdateOrg } from './organizations.api';
import { OfficeHoursFields, officeHoursInput, officeHoursValues, type OfficeHoursValues } from './OfficeHoursFields';

interface Values extends OfficeHoursValues {
  shortName?: string;
  address?: string;
  contactName?: string;
  contactPhone?: string;
  foundedOn?: Dayjs | null;
}

const orNull = (s: string | undefined) => (s?.trim() ? s.trim() : null);

export function OrgEditDrawer({ org, open, onClose }: { org: OrgDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const update = useUpdateOrg(org.id);

  useEffect(() => {
    if (open)
      form.setFieldsValue({
        shortName: org.shortName ?? '',
        address: org.address ?? '',
        contactName: org.contactName ?? '',
        contactPhone: '',
        foundedOn: org.foundedOn ? dayjs(org.foundedOn) : null,
        ...officeHoursValues(org),
      });
  }, [open, org, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const raw = {
      shortName: orNull(v.shortName),
      address: orNull(v.address),
      contactName: orNull(v.contactName),
      foundedOn: isoDate(v.foundedOn) ?? null,
      officeHours: officeHoursInput(v),
      // The phone is shown masked: left empty, it stays as it is.
      ...(v.contactPhone?.trim() ? { contactPhone: v.contactPhone.trim() } : {}),
    };
    const input = parseWith(UpdateOrgInput, raw, form);
    if (!input) return;
    update.mutate(input, {
      onSuccess: () => {
        notifySuccess(t('common.saved'));
        onClose();
      },
      onError: (err) => applyProblemToForm(form, err),
    });
  };

  return (
    <Drawer
      title={t('org.editTitle', { name: org.name })}
      open={open}
      onClose={onClose}
      size={480}
      forceRender
      data-testid="org-edit-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={update.isPending} onClick={() => void submit()} data-testid="org-edit-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item name="shortName" label={t('org.shortName')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="address" label={t('org.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="contactName" label={t('org.contactName')}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('org.contactPhone')}
          extra={org.contactPhone ? t('org.phoneKeep', { masked: org.contactPhone }) : undefined}
        >
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="foundedOn" label={t('org.foundedOn')}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <OfficeHoursFields org={org} />
      </Form>
    </Drawer>
  );
}
