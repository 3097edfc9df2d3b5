import { useState } from 'react';
import { Card, DatePicker, Segmented, Space, Table } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CASE_METRIC_LABELS } from '@jinguo/contracts';
import { getActingOrg } from '../../app/actingOrg';
import { useLocalize } from '../../i18n';
import { useFigures } from './cases.api';
import { federationToday } from '../../app/time';

/**
 * 五项机制: screening visits, reports and nil reports, referrals and answers, services, supervised cases — per org and
 * period, rolled up.
 */
export function CaseFiguresPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([federationToday().startOf('year'), federationToday()]);
  const [by, setBy] = useState<'self' | 'children'>('children');
  const orgId = getActingOrg()?.id;
  const figures = useFigures({
    ...(orgId ? { orgId } : {}),
    from: range[0].format('YYYY-MM-DD'),
    to: range[1].format('YYYY-MM-DD'),
    by,
  });
  const metrics = figures.data?.metrics ?? [];
  return (
    <Card title={t('cases.figures')}>
      <Space style={{ marginBottom: 16 }}>
        <DatePicker.RangePicker value={range} onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])} />
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'self' | 'children')}
          options={[
            { value: 'self', label: t('cases.all') },
            { value: 'children', label: t('cases.byChildren') },
          ]}
        />
      </Space>
      <Table
        data-testid="case-figures"
        rowKey={(r) => `${r.org.id}${r.own ? '-own' : ''}`}
        size="small"
        pagination={false}
        loading={figures.isLoading}
        dataSource={figures.data?.rows ?? []}
        scroll={{ x: true }}
        columns={[
          {
            title: t('cases.org'),
            render: (_, r) => (r.own ? t('cases.ownRecords', { org: r.org.name }) : r.org.name),
            fixed: 'left',
          },
          ...metrics.map((m) => ({
            title: l(CASE_METRIC_LABELS[m] ?? { 'zh-CN': m, 'en-US': m }),
            render: (_: unknown, r: { values: Record<string, number> }) => r.values[m] ?? 0,
          })),
        ]}
      />
    </Card>
  );
}
