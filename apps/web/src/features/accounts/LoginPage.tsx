import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../app/auth';
import { owesSecondFactor } from '../../app/guards';
import { errorText } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useLogin } from './accounts.api';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const localize = useLocalize();
  const { me, signIn, signedOutReason } = useAuth();
  const location = useLocation();
  const login = useLogin();
  const from = (location.state as { from?: string } | null)?.from;

  if (me)
    return (
      <Navigate
        to={owesSecondFactor(me) ? '/second-factor' : me.mustChangePassword ? '/change-password' : (from ?? '/')}
        replace
      />
    );

  const onFinish = (values: LoginForm) => {
    login.mutate(values, {
      // Rendering with a user redirects (above): to the second factor, then the forced password change, if owed.
      onSuccess: (user) => signIn(user),
    });
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg, #fff0f3 0%, #fde2e8 50%, #f7f7f7 100%)',
      }}
    >
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 380 }} data-testid="login-card">
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={2} style={{ color: '#c41d48', marginBottom: 4 }}>
            巾帼 Jinguo
          </Typography.Title>
          <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
        </div>
        {signedOutReason && !login.error && (
          <Alert type="warning" showIcon title={localize(signedOutReason)} style={{ marginBottom: 16 }} />
        )}
        {login.error && (
          <Alert
            type="error"
            showIcon
            title={errorText(login.error)}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item
            name="username"
            label={t('auth.username')}
            rules={[{ required: true, message: t('auth.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.password')}
            rules={[{ required: true, message: t('auth.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
