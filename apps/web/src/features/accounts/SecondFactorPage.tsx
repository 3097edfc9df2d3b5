import { useState } from 'react';
import { Alert, Button, Card, Form, Input, QRCode, Space, Typography } from 'antd';
import { SafetyOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Navigate, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Me, TotpEnrolment } from '@jinguo/contracts';
import { ME_KEY, useAuth, useMe } from '../../app/auth';
import { applyProblemToForm } from '../../app/forms';
import { errorText } from '../../app/notify';
import { LanguageSwitch } from '../../shell/LanguageSwitch';
import { useConfirmEnrolment, useStartEnrolment, useVerifySecondFactor } from './accounts.api';

/**
 * Shown right after the password while the session owes its second factor: the code from the authenticator app (or a
 * recovery code), or, for a role that needs it and has none yet, adding the authenticator (docs/decisions/0015).
 */
export function SecondFactorPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const done = () => {
    qc.setQueryData<Me | null>(ME_KEY, (m) => (m ? { ...m, secondFactor: 'done' } : m));
    void navigate(me.mustChangePassword ? '/change-password' : '/', { replace: true });
  };
  if (!recoveryCodes && me.secondFactor !== 'enrol' && me.secondFactor !== 'verify') return <Navigate to="/" replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5' }}>
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card
        style={{ width: 480 }}
        title={
          <Space>
            <SafetyOutlined />
            {recoveryCodes
              ? t('secondFactor.recoveryTitle')
              : me.secondFactor === 'enrol'
                ? t('secondFactor.enrolTitle')
                : t('secondFactor.title')}
          </Space>
        }
        extra={
          <Button type="link" onClick={() => void signOut().then(() => navigate('/login', { replace: true }))}>
            {t('auth.signOut')}
          </Button>
        }
        data-testid="second-factor-page"
      >
        {recoveryCodes ? (
          <RecoveryCodesShown codes={recoveryCodes} onContinue={done} />
        ) : me.secondFactor === 'enrol' ? (
          <Enrol onEnrolled={setRecoveryCodes} />
        ) : (
          <Verify onVerified={done} />
        )}
      </Card>
    </div>
  );
}

function CodeForm({
  label,
  pattern,
  submit,
  mutation,
}: {
  label: string;
  pattern: RegExp;
  submit: string;
  mutation: { mutate: (code: string, o: { onError: (e: unknown) => void }) => void; isPending: boolean };
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ code: string }>();
  return (
    <Form
      form={form}
      layout="vertical"
      requiredMark={false}
      disabled={mutation.isPending}
      onFinish={(v) => mutation.mutate(v.code.trim(), { onError: (err) => applyProblemToForm(form, err) })}
    >
      <Form.Item name="code" label={label} rules={[{ required: true, pattern, message: t('secondFactor.codeRule') }]}>
        <Input autoComplete="one-time-code" autoFocus inputMode="text" data-testid="second-factor-code" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid="second-factor-submit">
        {submit}
      </Button>
    </Form>
  );
}

function Verify({ onVerified }: { onVerified: () => void }) {
  const { t } = useTranslation();
  const verify = useVerifySecondFactor();
  return (
    <>
      <Typography.Paragraph>{t('secondFactor.verifyIntro')}</Typography.Paragraph>
      <CodeForm
        label={t('secondFactor.code')}
        pattern={/^\s*(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})\s*$/i}
        submit={t('secondFactor.verify')}
        mutation={{
          mutate: (code, o) => verify.mutate(code, { ...o, onSuccess: onVerified }),
          isPending: verify.isPending,
        }}
      />
    </>
  );
}

export function Enrol({ onEnrolled }: { onEnrolled: (codes: string[]) => void }) {
  const { t } = useTranslation();
  const start = useStartEnrolment();
  const confirm = useConfirmEnrolment();
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  return (
    <>
      <Typography.Paragraph>{t('secondFactor.enrolIntro')}</Typography.Paragraph>
      {start.error && <Alert type="error" showIcon title={errorText(start.error)} style={{ marginBottom: 16 }} />}
      {!enrolment ? (
        <Button
          type="primary"
          block
          loading={start.isPending}
          onClick={() => start.mutate(undefined, { onSuccess: setEnrolment })}
          data-testid="second-factor-start"
        >
          {t('secondFactor.start')}
        </Button>
      ) : (
        <>
          <div style={{ display: 'grid', placeItems: 'center', marginBottom: 12 }}>
            <QRCode value={enrolment.uri} />
          </div>
          <Typography.Paragraph>
            {t('secondFactor.secret')}:{' '}
            <Typography.Text code copyable data-testid="second-factor-secret">
              {enrolment.secret}
            </Typography.Text>
          </Typography.Paragraph>
          <CodeForm
            label={t('secondFactor.confirmCode')}
            pattern={/^\s*\d{6}\s*$/}
            submit={t('secondFactor.confirm')}
            mutation={{
              mutate: (code, o) => confirm.mutate(code, { ...o, onSuccess: (r) => onEnrolled(r.recoveryCodes) }),
              isPending: confirm.isPending,
            }}
          />
        </>
      )}
    </>
  );
}

export function RecoveryCodesShown({ codes, onContinue }: { codes: string[]; onContinue: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <Alert type="warning" showIcon title={t('secondFactor.recoveryIntro')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable={{ text: codes.join('\n') }}>
        <pre data-testid="recovery-codes" style={{ margin: 0 }}>
          {codes.join('\n')}
        </pre>
      </Typography.Paragraph>
      <Button type="primary" block onClick={onContinue} data-testid="recovery-codes-continue">
        {t('secondFactor.continue')}
      </Button>
    </>
  );
}
