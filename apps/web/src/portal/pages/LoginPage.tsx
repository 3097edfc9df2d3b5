import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Space } from 'antd';
import { useNavigate, useSearchParams } from 'react-router';
import { useT } from '../i18n';
import { PortalError, useSendCode, useSignIn } from '../portal.api';

/** Phone and one-time code (sent through the SMS adapter; in demo mode, the development channel). */
export function LoginPage() {
  const { t, l } = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const send = useSendCode();
  const signIn = useSignIn();
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);
  const error = send.error ?? signIn.error;
  const sendCode = async () => {
    const { phone } = await form.validateFields(['phone']);
    send.mutate(phone, { onSuccess: (r) => setWait(r.resendAfterSeconds) });
  };
  const submit = async () => {
    const v = await form.validateFields();
    signIn.mutate(v, { onSuccess: () => void navigate(params.get('next') ?? '/', { replace: true }) });
  };
  return (
    <Card title={t('signIn')}>
      <p>{t('signInIntro')}</p>
      <Form form={form} layout="vertical" data-testid="portal-login">
        <Form.Item
          name="phone"
          label={t('phone')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('phoneRule') }]}
        >
          <Input inputMode="numeric" maxLength={11} autoComplete="tel" data-testid="portal-phone" />
        </Form.Item>
        <Form.Item label={t('code')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('codeRule') }]}>
              <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" data-testid="portal-code" />
            </Form.Item>
            <Button
              onClick={() => void sendCode()}
              disabled={wait > 0}
              loading={send.isPending}
              data-testid="portal-send-code"
            >
              {wait > 0 ? t('resendIn', { s: wait }) : t('sendCode')}
            </Button>
          </Space.Compact>
        </Form.Item>
        {send.data && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('codeSent', { phone: send.data.sentTo })}
            data-testid="portal-code-sent"
          />
        )}
        {send.data?.channel === 'development' && (
          <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('devChannel')} />
        )}
        {error instanceof PortalError && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            message={l(error.problem.message)}
            data-testid="portal-login-error"
          />
        )}
        <Button
          type="primary"
          block
          onClick={() => void submit()}
          loading={signIn.isPending}
          data-testid="portal-login-submit"
        >
          {t('signIn')}
        </Button>
      </Form>
    </Card>
  );
}
