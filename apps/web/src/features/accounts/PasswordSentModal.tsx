import { Alert, Descriptions, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PasswordSent } from '@jinguo/contracts';
import { RoleTags } from './RoleTags';

/**
 * Where the one-time password went: to the user's own phone, never to this screen (三员分立, decision 0013). Roles that
 * read personal data wait for the security officer; the modal says which.
 */
export function PasswordSentModal({ value, onClose }: { value: PasswordSent | null; onClose: () => void }) {
  const { t } = useTranslation();
  const delivery = value?.delivery;
  return (
    <Modal
      open={value !== null}
      title={t('users.sentTitle')}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okText={t('users.sentDone')}
      data-testid="password-sent-modal"
    >
      {value && delivery && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {delivery.channel === 'none' ? (
            <Alert type="warning" showIcon title={t('users.sentNone', { username: value.user.username })} />
          ) : (
            <Alert
              type="success"
              showIcon
              title={t('users.sentTo', { phone: delivery.sentTo ?? '' })}
              data-testid="password-sent-to"
            />
          )}
          {delivery.channel === 'development' && <Alert type="info" showIcon title={t('users.sentDevelopment')} />}
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('auth.username')}>
              <Typography.Text strong>{value.user.username}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('users.roles')}>
              <RoleTags roles={value.user.roles} />
            </Descriptions.Item>
          </Descriptions>
          {value.user.pendingRoles.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="pending-roles-note"
              title={t('users.sentPending')}
              description={<RoleTags roles={value.user.pendingRoles} pending />}
            />
          )}
        </Space>
      )}
    </Modal>
  );
}
