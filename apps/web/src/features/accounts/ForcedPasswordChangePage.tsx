import { Button, Card, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from '../../app/auth';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Shown before anything else while the account still has its initial (one-time) password. */
export function ForcedPasswordChangePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card
        style={{ width: 480 }}
        title={t('password.forcedTitle')}
        extra={
          <Button type="link" onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}>
            {t('auth.signOut')}
          </Button>
        }
        data-testid="forced-password-page"
      >
        <Typography.Paragraph>{t('password.forcedIntro', { name: me.displayName })}</Typography.Paragraph>
        <ChangePasswordForm username={me.username} onChanged={() => navigate('/', { replace: true })} />
      </Card>
    </div>
  );
}
