import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Popconfirm, Progress, Space, Spin, Table, Tag } from 'antd';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CAMPAIGN_LEVEL_LABELS, type CampaignProgress } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useLocalize } from '../../i18n';
import { useCampaign, useCampaignProgress, useCloseCampaign } from './visits.api';

const bar = (done: number, planned: number) => (
  <Progress
    percent={planned ? Math.round((done / planned) * 100) : 0}
    size="small"
    style={{ width: 140 }}
    format={() => `${done}/${planned}`}
  />
);

/** A campaign: targets per level, planned vs done for an org's part, each child (drill down) and each visitor. */
export function CampaignDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const id = Number(useParams().campaignId);
  const campaign = useCampaign(id);
  const [orgId, setOrgId] = useState<number | undefined>();
  const progress = useCampaignProgress(id, orgId);
  const close = useCloseCampaign(id);
  if (campaign.isLoading) return <Spin />;
  if (campaign.error || !campaign.data) return <Alert type="error" showIcon message={errorText(campaign.error)} />;
  const c = campaign.data;
  const p = progress.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="campaign-detail">
      <Card
        title={c.name}
        extra={
          c.canClose && (
            <Popconfirm title={t('campaigns.close')} onConfirm={() => close.mutate()}>
              <Button>{t('campaigns.close')}</Button>
            </Popconfirm>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('campaigns.org')}>{c.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('campaigns.period')}>
            {c.startsOn} ~ {c.endsOn} <Tag>{t(`campaigns.status.${c.status}`)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('campaigns.description')} span={2}>
            {c.description || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('campaigns.targets')} span={2}>
            {c.targets.map((x) => (
              <div key={x.level}>
                <Tag color="magenta">{l(CAMPAIGN_LEVEL_LABELS[x.level])}</Tag>
                {x.targetGroups.join('、')} · {x.visitorRoles.map((r) => t(`campaigns.roles.${r}`)).join('、')} ·{' '}
                {t('campaigns.plannedPerOrg')} {x.plannedPerOrg}
                {x.plannedPerVisitor ? ` · ${t('campaigns.plannedPerVisitor')} ${x.plannedPerVisitor}` : ''}
              </div>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {p && (
        <Card
          title={
            <Space>
              {t('campaigns.progress')} · {p.self.org.name} {bar(p.self.done, p.self.planned)}
              {orgId !== undefined && (
                <Button size="small" onClick={() => setOrgId(undefined)}>
                  ↑
                </Button>
              )}
            </Space>
          }
          size="small"
        >
          <Table<CampaignProgress['children'][number]>
            rowKey={(r) => r.org.id}
            size="small"
            pagination={false}
            dataSource={p.children}
            data-testid="campaign-children"
            scroll={{ x: 'max-content' }}
            columns={[
              {
                key: 'org',
                title: t('campaigns.children'),
                render: (_, r) => (
                  <Button type="link" size="small" onClick={() => setOrgId(r.org.id)}>
                    {r.org.name}
                  </Button>
                ),
              },
              { key: 'planned', title: t('campaigns.planned'), dataIndex: 'planned' },
              { key: 'done', title: t('campaigns.done'), dataIndex: 'done' },
              { key: 'rate', title: t('campaigns.rate'), render: (_, r) => bar(r.done, r.planned) },
            ]}
          />
          {p.visitors.length > 0 && (
            <Table<CampaignProgress['visitors'][number]>
              style={{ marginTop: 12 }}
              rowKey={(r) => r.user.id}
              size="small"
              pagination={false}
              dataSource={p.visitors}
              data-testid="campaign-visitors"
              columns={[
                { key: 'user', title: t('campaigns.visitors'), render: (_, r) => r.user.displayName },
                { key: 'rate', title: t('campaigns.rate'), render: (_, r) => bar(r.done, r.planned) },
              ]}
            />
          )}
        </Card>
      )}
    </Space>
  );
}
