import { Card, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SpaceActivity } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday } from '../../app/time';
import { useSpaces, useFigures } from './activities.api';

/** 阵地 with their opening hours and activities (active: one held in the last 12 months); this year's figures. */
export function SpacesPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const spaces = useSpaces(acting?.id ?? null);
  const today = federationToday();
  const figures = useFigures({
    orgId: acting?.id,
    from: today.startOf('year').format('YYYY-MM-DD'),
    to: today.format('YYYY-MM-DD'),
    by: 'self',
  });
  const f = figures.data?.rows[0]?.figures ?? {};
  const items = spaces.data?.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={`${t('activities.figures')} · ${today.format('YYYY')}`} size="small">
        <Space size="large" wrap data-testid="activity-figures">
          <Statistic title={t('activities.list')} value={f['activities.held'] ?? 0} />
          <Statistic title={t('activities.talks')} value={f['activities.talks'] ?? 0} />
          <Statistic title={t('activities.lectures')} value={f['activities.lectures'] ?? 0} />
          <Statistic title={t('activities.attended')} value={f['activities.attendance'] ?? 0} />
          <Statistic title={t('activities.reached')} value={f['activities.reached'] ?? 0} />
          <Statistic title={t('activities.trainingAttendance')} value={f['activities.training_attendance'] ?? 0} />
          <Statistic
            title={`${t('activities.spaces')} · ${t('activities.active')}`}
            value={`${items.filter((s) => s.active).length} / ${items.length}`}
          />
        </Space>
      </Card>
      <Card title={t('activities.spaces')} size="small">
        <Table<SpaceActivity>
          rowKey="id"
          size="small"
          loading={spaces.isLoading}
          dataSource={items}
          pagination={{ pageSize: 50 }}
          columns={[
            { key: 'name', title: t('activities.space'), dataIndex: 'name' },
            { key: 'org', title: t('activities.org'), render: (_, s) => s.org.name },
            { key: 'hours', title: t('activities.openingHours'), render: (_, s) => s.openingHours ?? '—' },
            { key: 'n', title: t('activities.activitiesCount'), dataIndex: 'activities' },
            { key: 'n12', title: t('activities.last12'), dataIndex: 'activitiesLast12Months' },
            { key: 'last', title: t('activities.lastHeld'), render: (_, s) => s.lastHeldOn ?? '—' },
            {
              key: 'active',
              title: t('activities.active'),
              render: (_, s) =>
                s.active ? <Tag color="green">{t('activities.active')}</Tag> : <Tag>{t('activities.inactive')}</Tag>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
