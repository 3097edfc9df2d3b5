import { Card, Empty, List } from 'antd';
import { Link, Navigate } from 'react-router';
import { useT } from '../i18n';
import { useMe, useNotices } from '../portal.api';
import { formatDateTime } from '../../app/time';

/** Her notices: replies to her requests (the link leads to the request inside the portal). */
export function NoticesPage() {
  const { t, l } = useT();
  const me = useMe();
  const notices = useNotices(!!me.data);
  if (me.isLoading) return null;
  if (!me.data) return <Navigate to="/login?next=/notices" replace />;
  return (
    <Card title={t('notices')} size="small">
      <List
        data-testid="portal-notices"
        loading={notices.isLoading}
        dataSource={notices.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('noNotices')} /> }}
        renderItem={(n) => (
          <List.Item>
            <List.Item.Meta
              title={n.link?.startsWith('/h5/') ? <Link to={n.link.slice(3)}>{l(n.title)}</Link> : l(n.title)}
              description={
                <>
                  {n.body ? l(n.body) : null}
                  <div style={{ fontSize: 12 }}>{formatDateTime(n.createdAt)}</div>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
