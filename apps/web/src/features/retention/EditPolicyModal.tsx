import { useEffect } from 'react';
import { Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { RetentionPolicyInput, type RetentionPolicy } from '@jinguo/contracts';
import { submitParsed } from '../../app/forms';
import { useUpdatePolicy } from './retention.api';

interface Values {
  purpose?: string;
  retentionDays?: number;
  enabled?: boolean;
}

/** A record type's purpose, period and whether it applies; the server refuses a period under 30 days. */
export function EditPolicyModal({ policy, onClose }: { policy: RetentionPolicy | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Values>();
  const update = useUpdatePolicy();

  useEffect(() => {
    if (policy)
      form.setFieldsValue({ purpose: policy.purpose, retentionDays: policy.retentionDays, enabled: policy.enabled });
  }, [policy, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const input = { purpose: v.purpose?.trim(), retentionDays: v.retentionDays, enabled: v.enabled ?? false };
    submitParsed(
      form,
      RetentionPolicyInput,
      input,
      { mutate: (body, opts) => update.mutate({ recordType: policy!.recordType, ...body }, opts) },
      onClose,
    );
  };

  return (
    <Modal
      open={policy !== null}
      title={policy ? policy.label[i18n.language === 'en-US' ? 'en-US' : 'zh-CN'] : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={update.isPending}
      okButtonProps={{ 'data-testid': 'policy-submit' }}
      forceRender
      data-testid="policy-modal"
    >
      <Form<Values> form={form} layout="vertical">
        <Form.Item
          name="purpose"
          label={t('retention.purpose')}
          rules={[{ required: true, whitespace: true, message: t('form.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} data-testid="policy-purpose" />
        </Form.Item>
        <Form.Item
          name="retentionDays"
          label={t('retention.days')}
          extra={t('retention.daysHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <InputNumber min={1} max={36500} precision={0} data-testid="policy-days" />
        </Form.Item>
        <Form.Item name="enabled" label={t('retention.enabled')} valuePropName="checked">
          <Switch data-testid="policy-enabled" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
