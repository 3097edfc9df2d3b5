import { Alert, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { OneTimePassword } from '@jinguo/contracts';

/** The one-time password is shown here once and never again: the server stores only its hash. */
export function OneTimePasswordModal({
  value,
  onClose,
}: {
  value: z.infer<typeof OneTimePassword> | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={t('users.otpTitle')}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('users.otpDone')}
      mask={{ closable: false }}
      data-testid="otp-modal"
    >
      {value && (
        <>
          <Alert type="warning" showIcon title={t('users.otpWarning')} style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('auth.username')}>{value.user.username}</Descriptions.Item>
            <Descriptions.Item label={t('users.oneTimePassword')}>
              <Typography.Text code copyable strong data-testid="otp-value" style={{ fontSize: 16 }}>
                {value.oneTimePassword}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </>
      )}
    </Modal>
  );
}
