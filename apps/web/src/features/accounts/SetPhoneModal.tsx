import { useEffect } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { SetUserPhoneInput, type User } from '@jinguo/contracts';
import { applyProblemToForm, parseWith } from '../../app/forms';
import { notifySuccess } from '../../app/notify';
import { useSetPhone } from './accounts.api';

/** The security officer records a user's own phone: where her one-time passwords go (not the admin's to change). */
export function SetPhoneModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ phone: string }>();
  const setPhone = useSetPhone();

  useEffect(() => {
    if (user) form.setFieldsValue({ phone: '' });
  }, [user, form]);

  const submit = async () => {
    if (!user) return;
    const input = parseWith(SetUserPhoneInput, await form.validateFields(), form);
    if (!input) return;
    setPhone.mutate(
      { id: user.id, phone: input.phone },
      {
        onSuccess: () => {
          notifySuccess(t('users.phoneSaved'));
          onClose();
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Modal
      open={user !== null}
      title={t('users.setPhoneTitle', { name: user?.username ?? '' })}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'set-phone-submit' }}
      confirmLoading={setPhone.isPending}
      forceRender
      data-testid="set-phone-modal"
    >
      <Alert type="info" showIcon title={t('users.setPhoneNote')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="phone"
          label={t('users.phone')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('users.phoneRule') }]}
        >
          <Input inputMode="tel" maxLength={11} autoComplete="off" data-testid="set-phone-input" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
