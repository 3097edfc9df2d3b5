import { useState } from 'react';
import { Badge, Button, Drawer, Segmented, Space } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { notifyError } from '../../app/notify';
import { useMarkAllRead, useUnreadCount } from './notifications.api';
import { NotificationList } from './NotificationList';

/** The header's bell: the unread count, and a drawer with the latest notices. */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useUnreadCount();
  const markAll = useMarkAllRead();
  const [open, setOpen] = useState(false);
  const [unreadOnly, setUnreadOnly] = useState(true);
  const count = unread.data?.unread ?? 0;
  return (
    <>
      <Badge count={count} size="small" offset={[-4, 4]} data-testid="notification-count" data-count={count}>
        <Button
          type="text"
          icon={<BellOutlined />}
          aria-label={t('notifications.title')}
          onClick={() => setOpen(true)}
          data-testid="notification-bell"
        />
      </Badge>
      <Drawer
        title={t('notifications.title')}
        open={open}
        onClose={() => setOpen(false)}
        width={420}
        data-testid="notification-drawer"
        extra={
          <Space>
            <Button
              size="small"
              onClick={() => markAll.mutate(undefined, { onError: notifyError })}
              disabled={count === 0}
              data-testid="notification-read-all"
            >
              {t('notifications.markAllRead')}
            </Button>
            <Button
              size="small"
              type="link"
              onClick={() => {
                setOpen(false);
                void navigate('/notifications');
              }}
            >
              {t('notifications.all')}
            </Button>
          </Space>
        }
      >
        <Segmented
          block
          style={{ marginBottom: 12 }}
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'unread', label: t('notifications.unread') },
            { value: 'all', label: t('notifications.everything') },
          ]}
        />
        <NotificationList unreadOnly={unreadOnly} onOpen={() => setOpen(false)} />
      </Drawer>
    </>
  );
}
