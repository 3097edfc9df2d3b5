import { Button, Card, Popconfirm, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '@jinguo/contracts';
import { notifySuccess } from '../../app/notify';
import { formatDateTime } from '../../app/time';
import { useMySessions, useRevokeSession } from './accounts.api';

/** My signed-in browsers, where I can end one I do not recognise (or a lost phone's). */
export function MySessionsCard() {
  const { t } = useTranslation();
  const sessions = useMySessions();
  const revoke = useRevokeSession();
  return (
    <Card title={t('sessions.title')} data-testid="my-sessions" style={{ marginTop: 16 }}>
      <Table<SessionInfo>
        rowKey="id"
        size="small"
        pagination={false}
        loading={sessions.isPending}
        dataSource={sessions.data?.items ?? []}
        columns={[
          {
            title: t('sessions.agent'),
            dataIndex: 'userAgent',
            render: (v: string | null, s) => (
              <>
                {v ?? '—'} {s.current && <Tag color="green">{t('sessions.current')}</Tag>}
              </>
            ),
          },
          { title: t('sessions.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
          { title: t('sessions.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          { title: t('sessions.lastSeen'), dataIndex: 'lastSeenAt', render: (v: string) => formatDateTime(v) },
          {
            title: '',
            key: 'revoke',
            render: (_: unknown, s) =>
              s.current ? null : (
                <Popconfirm
                  title={t('sessions.revokeConfirm')}
                  onConfirm={() => revoke.mutate(s.id, { onSuccess: () => notifySuccess(t('sessions.revoked')) })}
                >
                  <Button type="link" size="small" danger data-testid="revoke-session">
                    {t('sessions.revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
