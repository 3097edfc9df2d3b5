import { useState } from 'react';
import { Button, Card, Progress, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Campaign } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { LaunchCampaignDrawer } from './LaunchCampaignDrawer';
import { useCampaigns } from './visits.api';

const STATUS_COLOR = { upcoming: 'blue', active: 'green', ended: 'default', closed: 'default' } as const;

/** 走访活动: campaigns launched above the acting org or in its subtree, with its part's progress. */
export function CampaignsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const list = useCampaigns(acting?.id ?? null);
  const [launching, setLaunching] = useState(false);
  return (
    <Card
      title={t('work.campaigns')}
      extra={
        can('campaign.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setLaunching(true)}>
            {t('campaigns.launch')}
          </Button>
        )
      }
    >
      <Table<Campaign>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={list.data ?? []}
        data-testid="campaigns-table"
        locale={{ emptyText: t('campaigns.none') }}
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('campaigns.name'),
            render: (_, c) => <Link to={`/visits/campaigns/${c.id}`}>{c.name}</Link>,
          },
          { key: 'org', title: t('campaigns.org'), render: (_, c) => c.org.name },
          { key: 'period', title: t('campaigns.period'), render: (_, c) => `${c.startsOn} ~ ${c.endsOn}` },
          {
            key: 'status',
            title: t('common.status'),
            render: (_, c) => <Tag color={STATUS_COLOR[c.status]}>{t(`campaigns.status.${c.status}`)}</Tag>,
          },
          {
            key: 'progress',
            title: t('campaigns.progress'),
            render: (_, c) => (
              <span>
                {c.done} / {c.planned}{' '}
                <Progress
                  percent={c.planned ? Math.round((c.done / c.planned) * 100) : 0}
                  size="small"
                  style={{ width: 100 }}
                />
              </span>
            ),
          },
        ]}
      />
      <LaunchCampaignDrawer open={launching} onClose={() => setLaunching(false)} />
    </Card>
  );
}
