import { useState } from 'react';
import { Card, DatePicker, Progress, Segmented, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { DemandIndicatorRow } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { federationToday } from '../../app/time';
import { useIndicators } from './demands.api';

const pct = (v: number | null) =>
  v === null ? '—' : <Progress percent={Math.round(v * 1000) / 10} size="small" style={{ width: 120 }} />;

/** 及时签收率, 按时办结率, 回访满意率 of the acting org and of each of its children, for a period (live counters). */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const today = federationToday();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([today.startOf('year'), today]);
  const [by, setBy] = useState<'self' | 'children'>('children');
  const q = { orgId: acting?.id, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD'), by };
  const data = useIndicators(q);
  const self = useIndicators({ ...q, by: 'self' });
  const columns = [
    { key: 'org', title: t('demands.org'), render: (_: unknown, r: DemandIndicatorRow) => r.org.name },
    { key: 'received', title: t('demands.receivedCount'), dataIndex: 'received' },
    {
      key: 'sign',
      title: t('demands.timelySign'),
      render: (_: unknown, r: DemandIndicatorRow) => pct(r.timelySignRate),
    },
    { key: 'onTime', title: t('demands.onTime'), render: (_: unknown, r: DemandIndicatorRow) => pct(r.onTimeRate) },
    {
      key: 'satisfaction',
      title: t('demands.satisfaction'),
      render: (_: unknown, r: DemandIndicatorRow) => pct(r.satisfactionRate),
    },
    { key: 'rated', title: t('demands.ratedCount'), dataIndex: 'rated' },
    { key: 'escalated', title: t('demands.escalatedCount'), dataIndex: 'escalated' },
  ];
  return (
    <Card
      title={t('work.indicators')}
      extra={
        <Space wrap>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
            disabledDate={(d) => d.isAfter(federationToday(), 'day')}
          />
          <Segmented
            value={by}
            onChange={(v) => setBy(v as 'self' | 'children')}
            options={[
              { value: 'children', label: t('demands.byChildren') },
              { value: 'self', label: acting?.name ?? '' },
            ]}
          />
        </Space>
      }
    >
      <Table<DemandIndicatorRow>
        rowKey={(r) => r.org.id}
        size="small"
        pagination={false}
        data-testid="indicators-table"
        loading={data.isLoading}
        dataSource={
          by === 'children' ? [...(self.data?.rows ?? []), ...(data.data?.rows ?? [])] : (data.data?.rows ?? [])
        }
        columns={columns}
        scroll={{ x: 'max-content' }}
      />
    </Card>
  );
}
