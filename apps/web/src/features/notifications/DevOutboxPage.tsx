import { Alert, Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DevOutboxMessage } from '@jinguo/contracts';
import { useDevOutbox } from './notifications.api';
import { formatDateTimeSeconds } from '../../app/time';

/**
 * What the development SMS channel "sent" (replies, notices; sign-in codes and one-time passwords blanked by the
 * server: they are the recipient's alone): demo mode only, nothing leaves the machine.
 */
export function DevOutboxPage() {
  const { t } = useTranslation();
  const outbox = useDevOutbox();
  return (
    <Card title={t('devOutbox.title')}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('devOutbox.banner')}
        data-testid="dev-outbox-banner"
      />
      <Table<DevOutboxMessage>
        rowKey="id"
        size="small"
        data-testid="dev-outbox-table"
        loading={outbox.isLoading}
        dataSource={outbox.data?.items ?? []}
        pagination={false}
        columns={[
          {
            title: t('devOutbox.at'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => formatDateTimeSeconds(v),
          },
          { title: t('devOutbox.to'), dataIndex: 'to', width: 140 },
          { title: t('devOutbox.purpose'), dataIndex: 'purpose', width: 180, render: (v: string) => <Tag>{v}</Tag> },
          { title: t('devOutbox.text'), dataIndex: 'text' },
        ]}
      />
    </Card>
  );
}
