import { federationToday } from '../../app/time';
import { useEffect } from 'react';
import { DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EndOfficerInput, type Officer } from '@jinguo/contracts';
import { applyProblemToForm, isoDate, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useEndOfficer } from './org-records.api';

export function EndOfficerModal({ officer, onClose }: { officer: Officer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ endedOn: Dayjs; reason: string }>();
  const end = useEndOfficer();

  useEffect(() => {
    if (officer) form.setFieldsValue({ endedOn: federationToday(), reason: '' });
  }, [officer, form]);

  const submit = async () => {
    if (!officer) return;
    const v = await form.validateFields();
    const input = parseWith(EndOfficerInput, { endedOn: isoDate(v.endedOn), reason: v.reason }, form);
    if (!input) return;
    end.mutate(
      { id: officer.id, ...input },
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
    <Modal
      open={officer !== null}
      title={t('officers.endTitle', { name: officer?.name ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'end-officer-submit' }}
      confirmLoading={end.isPending}
      forceRender
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="endedOn"
          label={t('officers.endedOn')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, min: 2, message: t('form.reasonRule') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
