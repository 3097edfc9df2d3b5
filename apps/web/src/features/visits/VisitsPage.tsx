import { useState } from 'react';
import { Button, Card, Checkbox, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { VisitListItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { RecordVisitDrawer } from './RecordVisitDrawer';
import { useCampaigns, useVisits } from './visits.api';

/** 走访记录 of the subtree (an executive member sees hers). */
export function VisitsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const navigate = useNavigate();
  const [campaignId, setCampaignId] = useState<number | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [mine, setMine] = useState(false);
  const [recording, setRecording] = useState(false);
  const campaigns = useCampaigns(acting?.id ?? null);
  const list = useVisits({ campaignId, kind, mine }, acting?.id ?? null);
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={t('work.visits')}
      extra={
        (can('visit.write') || can('visit.record')) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="visit-record">
            {t('visits.record')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('visits.campaign')}
          value={campaignId}
          onChange={setCampaignId}
          style={{ width: 260 }}
          options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
        <Select
          allowClear
          placeholder={t('visits.kind')}
          value={kind}
          onChange={setKind}
          style={{ width: 160 }}
          options={(['campaign', 'routine', 'other'] as const).map((k) => ({
            value: k,
            label: t(`visits.kinds.${k}`),
          }))}
        />
        {can('visit.read') && (
          <Checkbox checked={mine} onChange={(e) => setMine(e.target.checked)}>
            {t('visits.mine')}
          </Checkbox>
        )}
      </Space>
      <Table<VisitListItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isLoading}
        dataSource={rows}
        data-testid="visits-table"
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('visits.none') }}
        columns={[
          {
            key: 'date',
            title: t('visits.visitedOn'),
            render: (_, v) => <Link to={`/visits/${v.id}`}>{v.visitedOn}</Link>,
          },
          { key: 'subjects', title: t('visits.subjects'), render: (_, v) => v.subjects || '—' },
          {
            key: 'kind',
            title: t('visits.kind'),
            render: (_, v) => <Tag>{v.campaign?.name ?? t(`visits.kinds.${v.kind}`)}</Tag>,
          },
          { key: 'place', title: t('visits.place'), dataIndex: 'place' },
          {
            key: 'visitors',
            title: t('visits.visitors'),
            render: (_, v) => v.visitors.map((u) => u.displayName).join('、'),
          },
          { key: 'org', title: t('demands.org'), render: (_, v) => v.org.name },
          { key: 'needs', title: t('visits.needs'), render: (_, v) => v.needCount || '—' },
          { key: 'photos', title: t('visits.photos'), render: (_, v) => v.photoCount || '—' },
        ]}
      />
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <RecordVisitDrawer
        open={recording}
        onClose={() => setRecording(false)}
        onRecorded={(v) => navigate(`/visits/${v.id}`)}
      />
    </Card>
  );
}
