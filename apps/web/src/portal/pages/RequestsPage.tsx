import { Card, Empty, List, Tag } from 'antd';
import { Link, Navigate } from 'react-router';
import { DEMAND_STATE_LABELS } from '@jinguo/contracts';
import { useT } from '../i18n';
import { useMe, useRequests } from '../portal.api';
import { savedCodes } from '../savedCodes';
import { formatDate } from '../../app/time';

/** 我的诉求: her requests and orders, newest first, and the tracking codes kept on this phone. */
export function RequestsPage() {
  const { t, l } = useT();
  const me = useMe();
  const list = useRequests(!!me.data);
  const codes = savedCodes();
  if (me.isLoading) return null;
  if (!me.data && !codes.length) return <Navigate to="/login?next=/requests" replace />;
  return (
    <>
      {me.data && (
        <Card title={t('myRequests')} size="small">
          <List
            data-testid="portal-requests"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: <Empty description={t('noRequests')} /> }}
            renderItem={(d) => (
              <List.Item data-demand-id={d.id}>
                <List.Item.Meta
                  title={<Link to={`/requests/${d.id}`}>{d.title}</Link>}
                  description={`${formatDate(d.receivedAt)} · ${d.org.name}`}
                />
                <Tag color="pink">{l(DEMAND_STATE_LABELS[d.state])}</Tag>
              </List.Item>
            )}
          />
        </Card>
      )}
      {codes.length > 0 && (
        <Card title={t('savedCodes')} size="small" style={{ marginTop: 12 }}>
          <List
            dataSource={codes}
            renderItem={(c) => (
              <List.Item>
                <Link to={`/track?code=${c}`}>{c}</Link>
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}
