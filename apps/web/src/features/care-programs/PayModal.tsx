import { DatePicker, Form, Input, InputNumber, Modal, Select } from 'antd';
import type { UseMutationResult } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { PAYMENT_CHANNELS, type Application } from '@jinguo/contracts';
import { federationToday } from '../../app/time';
import { applyProblemToForm, isoDate } from '../../app/forms';

interface Values {
  amount?: number;
  paidOn?: Dayjs;
  channel?: string;
  reference?: string;
}

/** 登记发放: amount (at most the approved), date, channel and the payment's reference. */
export function PayModal({
  application: a,
  onClose,
  mutation,
}: {
  application: Application;
  onClose: () => void;
  mutation: UseMutationResult<
    Application,
    Error,
    { amount: number; paidOn: string; channel: string; reference: string }
  >;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const ok = async () => {
    const v = await form.validateFields();
    mutation.mutate(
      {
        amount: v.amount ?? 0,
        paidOn: isoDate(v.paidOn) ?? '',
        channel: v.channel ?? '',
        reference: v.reference?.trim() ?? '',
      },
      { onSuccess: onClose, onError: (err) => applyProblemToForm(form, err) },
    );
  };
  return (
    <Modal
      open
      title={t('care.actions.pay')}
      onCancel={onClose}
      onOk={() => void ok()}
      okButtonProps={{ loading: mutation.isPending, ...{ 'data-testid': 'pay-ok' } }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ amount: a.amount, paidOn: federationToday(), channel: 'bank_transfer' }}
      >
        <Form.Item name="amount" label={t('care.amount')} rules={[{ required: true }]}>
          <InputNumber min={0} max={a.amount} precision={2} />
        </Form.Item>
        <Form.Item name="paidOn" label={t('care.paidOn')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="channel" label={t('care.channel')}>
          <Select options={PAYMENT_CHANNELS.map((c) => ({ value: c, label: t(`care.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="reference" label={t('care.reference')} rules={[{ required: true, min: 2 }]}>
          <Input data-testid="pay-reference" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
