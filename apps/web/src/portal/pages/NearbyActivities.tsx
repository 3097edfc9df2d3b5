import { Card, List, Tag } from 'antd';
import { Link } from 'react-router';
import { ACTIVITY_KINDS } from '@jinguo/contracts';
import { useT } from '../i18n';
import { useNearbyActivities } from '../activities.api';
import { formatDateTime } from '../../app/time';

/** Activities open for registration around her village, each a link to register. Nothing shown when there are none. */
export function NearbyActivities() {
  const { t, l } = useT();
  const list = useNearbyActivities(true);
  const items = list.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Card title={t('nearbyActivities')} size="small">
      <List
        data-testid="portal-activities"
        dataSource={items}
        renderItem={(a) => (
          <List.Item>
            <List.Item.Meta
              title={<Link to={`/activities/${a.id}`}>{a.title}</Link>}
              description={
                <>
                  <Tag color="pink">{l(ACTIVITY_KINDS[a.kind])}</Tag>
                  {formatDateTime(a.startsAt)} · {a.place}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
