import { useEffect } from 'react';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyProblemToForm } from '../../app/forms';
import { notifyError } from '../../app/notify';
import { useUnmask, type SensitiveField } from './people.api';

interface Props {
  personId: number;
  field: SensitiveField | null;
  onClose: () => void;
  /** The clear value, for the page to show in place of the mask. */
  onRevealed: (field: SensitiveField, value: string | null) => void;
}

/** 查看明文: one field, with a typed reason that goes into the audit trail with the user's name. */
export function UnmaskModal({ personId, field, onClose, onRevealed }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const unmask = useUnmask(personId);
  const revealed = unmask.data && unmask.data.field === field ? unmask.data : null;

  useEffect(() => {
    if (field) {
      form.resetFields();
      unmask.reset();
    }
    // `unmask` changes identity on every state change; only a new field starts over.
  }, [field, form]);

  const submit = async () => {
    if (!field) return;
    if (revealed) return onClose();
    const { reason } = await form.validateFields();
    unmask.mutate(
      { field, reason: reason.trim() },
      {
        onSuccess: (r) => onRevealed(r.field, r.value),
        onError: (err) => {
          notifyError(err);
          applyProblemToForm(form, err);
        },
      },
    );
  };

  return (
    <Modal
      open={field !== null}
      title={field ? t('people.unmask.title', { field: t(`people.${field}`) }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={revealed ? t('people.unmask.close') : t('people.unmask.submit')}
      cancelButtonProps={revealed ? { style: { display: 'none' } } : undefined}
      confirmLoading={unmask.isPending}
      okButtonProps={{ 'data-testid': 'unmask-submit' }}
      forceRender
      data-testid="unmask-modal"
    >
      {revealed ? (
        <div data-testid="unmasked-result">
          <Typography.Paragraph type="secondary">{t('people.unmask.logged')}</Typography.Paragraph>
          <Typography.Text strong copyable={!!revealed.value} style={{ fontSize: 18 }} data-testid="unmasked-value">
            {revealed.value ?? '—'}
          </Typography.Text>
        </div>
      ) : (
        <>
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('people.unmask.warning')} />
          <Form form={form} layout="vertical">
            <Form.Item
              name="reason"
              label={t('common.reason')}
              rules={[{ required: true, min: 4, whitespace: true, message: t('people.reasonRule') }]}
            >
              <Input.TextArea
                rows={3}
                maxLength={200}
                placeholder={t('people.reasonExample')}
                data-testid="unmask-reason"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
