import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { passwordProblems, PASSWORD_RULES, type Me } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { errorText } from '../../app/notify';
import { useChangePassword } from './accounts.api';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** Change-password form with the complexity rules spelled out; server rejections show on the fields. */
export function ChangePasswordForm({ username, onChanged }: { username: string; onChanged?: (me: Me) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const { signIn } = useAuth();

  const onFinish = ({ currentPassword, newPassword }: Values) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: (me) => {
          form.resetFields();
          signIn(me);
          onChanged?.(me);
        },
        onError: (err) => applyProblemToForm(form, err),
      },
    );
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      onFinish={onFinish}
      style={{ maxWidth: 420 }}
      data-testid="change-password-form"
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('password.rulesTitle')}
        description={
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            <li>{t('password.ruleLength', { min: PASSWORD_RULES.minLength })}</li>
            <li>{t('password.ruleClasses', { n: PASSWORD_RULES.minClasses })}</li>
            <li>{t('password.ruleUsername')}</li>
            <li>{t('password.ruleHistory', { n: PASSWORD_RULES.historyDepth })}</li>
          </ul>
        }
      />
      {change.error && (
        <Alert
          type="error"
          showIcon
          title={errorText(change.error)}
          style={{ marginBottom: 16 }}
          data-testid="change-password-error"
        />
      )}
      <Form.Item
        name="currentPassword"
        label={t('password.current')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('password.new')}
        rules={[
          { required: true, message: t('form.required') },
          {
            validator: async (_, value: string | undefined) => {
              const problems = value ? passwordProblems(value, username) : [];
              if (problems.length > 0)
                throw new Error(
                  problems.map((p) => t(`password.problem.${p}` as 'password.problem.too-short')).join('；'),
                );
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('form.required') },
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) throw new Error(t('password.mismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="confirm-password" />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('password.expiryNote', { days: PASSWORD_RULES.maxAgeDays })}
      </Typography.Paragraph>
      <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="change-password-submit">
        {t('password.submit')}
      </Button>
    </Form>
  );
}
