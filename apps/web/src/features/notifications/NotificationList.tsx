import { Button, Empty, List, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Notification } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { notifyError } from '../../app/notify';
import { useMarkRead, useNotifications } from './notifications.api';
import { formatDateTime } from '../../app/time';

dayjs.extend(relativeTime);

/** My notices, newest first; opening one marks it read and goes to what it is about. */
export function NotificationList({ unreadOnly, onOpen }: { unreadOnly: boolean; onOpen?: () => void }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const navigate = useNavigate();
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id, { onError: notifyError });
    if (n.link) {
      onOpen?.();
      void navigate(n.link);
    }
  };

  return (
    <List<Notification>
      data-testid="notification-list"
      loading={list.isLoading}
      dataSource={items}
      locale={{
        emptyText: <Empty description={unreadOnly ? t('notifications.noneUnread') : t('notifications.none')} />,
      }}
      loadMore={
        list.hasNextPage ? (
          <div style={{ textAlign: 'center', marginTop: 8 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('notifications.more')}
            </Button>
          </div>
        ) : null
      }
      renderItem={(n) => (
        <List.Item
          data-testid="notification-item"
          data-read={n.readAt ? 'true' : 'false'}
          onClick={() => open(n)}
          style={{
            cursor: n.link || !n.readAt ? 'pointer' : 'default',
            background: n.readAt ? undefined : '#fff7f9',
            paddingInline: 8,
          }}
          extra={
            !n.readAt && (
              <Button
                size="small"
                type="link"
                onClick={(e) => {
                  e.stopPropagation();
                  markRead.mutate(n.id, { onError: notifyError });
                }}
              >
                {t('notifications.markRead')}
              </Button>
            )
          }
        >
          <List.Item.Meta
            title={
              <Space>
                <Typography.Text strong={!n.readAt}>{localize(n.title)}</Typography.Text>
              </Space>
            }
            description={
              <>
                {n.body && <div>{localize(n.body)}</div>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }} title={formatDateTime(n.createdAt)}>
                  {dayjs(n.createdAt).fromNow()}
                </Typography.Text>
              </>
            }
          />
        </List.Item>
      )}
    />
  );
}
