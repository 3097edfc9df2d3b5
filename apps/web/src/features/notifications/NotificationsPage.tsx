import { useState } from 'react';
import { Button, Card, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../app/notify';
import { useMarkAllRead } from './notifications.api';
import { NotificationList } from './NotificationList';

export function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const markAll = useMarkAllRead();
  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Space>
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => setUnreadOnly(v === 'unread')}
            options={[
              { value: 'all', label: t('notifications.everything') },
              { value: 'unread', label: t('notifications.unread') },
            ]}
          />
          <Button onClick={() => markAll.mutate(undefined, { onError: notifyError })}>
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      }
    >
      <NotificationList unreadOnly={unreadOnly} />
    </Card>
  );
}
