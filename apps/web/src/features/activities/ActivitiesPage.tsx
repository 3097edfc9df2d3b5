import { useState } from 'react';
import { Button, Card, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  ACTIVITY_KINDS,
  ACTIVITY_STATES,
  ACTIVITY_STATUS_LABELS,
  type ActivityKind,
  type ActivityListItem,
} from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { useLocalize } from '../../i18n';
import { useActivities } from './activities.api';
import { PlanActivityDrawer } from './PlanActivityDrawer';
import { formatDateTime } from '../../app/time';

export const STATUS_COLORS: Record<string, string> = {
  planned: 'default',
  open: 'blue',
  held: 'green',
  summarised: 'purple',
  cancelled: 'red',
};

/** 活动 of the subtree, latest first: kind, time, place, registration and attendance. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const { can } = useAuth();
  const acting = useActingOrg();
  const navigate = useNavigate();
  const [kind, setKind] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [planning, setPlanning] = useState(false);
  const list = useActivities({ kind, status }, acting?.id ?? null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={t('activities.list')}
      extra={
        can('activity.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)} data-testid="activity-plan">
            {t('activities.plan')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('activities.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 180 }}
          options={Object.entries(ACTIVITY_KINDS).map(([k, v]) => ({ value: k, label: l(v) }))}
        />
        <Select
          allowClear
          placeholder={t('activities.status')}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          options={ACTIVITY_STATES.map((s) => ({ value: s, label: l(ACTIVITY_STATUS_LABELS[s]) }))}
        />
      </Space>
      <Table<ActivityListItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={rows}
        data-testid="activities-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('activities.none') }}
        columns={[
          {
            key: 'title',
            title: t('activities.title'),
            render: (_, a) => <Link to={`/activities/${a.id}`}>{a.title}</Link>,
          },
          {
            key: 'kind',
            title: t('activities.kind'),
            render: (_, a) => <Tag>{l(ACTIVITY_KINDS[a.kind as ActivityKind])}</Tag>,
          },
          { key: 'time', title: t('activities.time'), render: (_, a) => formatDateTime(a.startsAt) },
          { key: 'place', title: t('activities.place'), dataIndex: 'place' },
          { key: 'org', title: t('activities.org'), render: (_, a) => a.org.name },
          {
            key: 'status',
            title: t('activities.status'),
            render: (_, a) => <Tag color={STATUS_COLORS[a.status]}>{l(ACTIVITY_STATUS_LABELS[a.status])}</Tag>,
          },
          {
            key: 'registered',
            title: t('activities.registered'),
            render: (_, a) => `${a.registered}${a.capacity ? ` / ${a.capacity}` : ''}`,
          },
          { key: 'attended', title: t('activities.attended'), dataIndex: 'attended' },
          { key: 'reached', title: t('activities.reached'), dataIndex: 'reached' },
        ]}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <PlanActivityDrawer
        open={planning}
        onClose={() => setPlanning(false)}
        onPlanned={(a) => navigate(`/activities/${a.id}`)}
      />
    </Card>
  );
}
