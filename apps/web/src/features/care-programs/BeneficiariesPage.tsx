import { useState } from 'react';
import { Button, Card, DatePicker, Select, Space, Statistic, Table } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useActingOrg } from '../../app/actingOrg';
import { api } from '../../app/api';
import { federationToday } from '../../app/time';
import { isoDate } from '../../app/forms';
import { useBeneficiaries, usePrograms } from './care-programs.api';

const Figure = z.object({
  applications: z.number(),
  beneficiaries: z.number(),
  disbursed: z.number(),
  parcels: z.number(),
});
const Figures = z.object({
  org: z.object({ id: z.number(), name: z.string() }),
  total: Figure,
  children: z.array(Figure.extend({ org: z.object({ id: z.number(), name: z.string() }) })),
});

/** 受益名单 per program, org and period, with the live figures of the org and each child. */
export function BeneficiariesPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [programId, setProgramId] = useState<number | undefined>();
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>([federationToday().startOf('year'), federationToday()]);
  const from = isoDate(period[0]);
  const to = isoDate(period[1]);
  const programs = usePrograms(acting?.id ?? null);
  const list = useBeneficiaries({ programId, from, to }, acting?.id ?? null);
  const figures = useQuery({
    queryKey: ['care', 'figures', acting?.id, from, to],
    queryFn: () => api('/care-programs/figures', { query: { from, to }, schema: Figures }),
  });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card title={t('care.figures')} size="small">
        <Space size={48} wrap>
          <Statistic title={t('care.applicationsCount')} value={figures.data?.total.applications ?? 0} />
          <Statistic title={t('care.beneficiariesCount')} value={figures.data?.total.beneficiaries ?? 0} />
          <Statistic title={t('care.disbursed')} value={figures.data?.total.disbursed ?? 0} precision={2} />
          <Statistic title={t('care.parcelsCount')} value={figures.data?.total.parcels ?? 0} />
        </Space>
        <Table
          style={{ marginTop: 12 }}
          rowKey={(r) => r.org.id}
          size="small"
          pagination={false}
          dataSource={figures.data?.children ?? []}
          columns={[
            { key: 'org', title: t('demands.org'), render: (_, r) => r.org.name },
            { key: 'a', title: t('care.applicationsCount'), dataIndex: 'applications' },
            { key: 'b', title: t('care.beneficiariesCount'), dataIndex: 'beneficiaries' },
            { key: 'm', title: t('care.disbursed'), dataIndex: 'disbursed' },
            { key: 'p', title: t('care.parcelsCount'), dataIndex: 'parcels' },
          ]}
        />
      </Card>
      <Card title={t('care.beneficiaries')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t('care.program')}
            value={programId}
            onChange={setProgramId}
            style={{ width: 240 }}
            options={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          />
          <DatePicker.RangePicker
            value={period}
            onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])}
            allowClear={false}
          />
        </Space>
        <Table
          rowKey={(r) => `${r.applicationId}-${r.person.id}-${r.paidOn}`}
          size="small"
          pagination={false}
          loading={list.isLoading}
          dataSource={rows}
          data-testid="beneficiaries-table"
          locale={{ emptyText: t('care.none') }}
          columns={[
            {
              key: 'person',
              title: t('care.person'),
              render: (_, r) => `${r.person.name} ${r.person.idNumberMasked ?? ''}`,
            },
            { key: 'program', title: t('care.program'), render: (_, r) => r.program.name },
            { key: 'org', title: t('demands.org'), render: (_, r) => r.org.name },
            { key: 'amount', title: t('care.amount'), dataIndex: 'amount' },
            { key: 'paidOn', title: t('care.paidOn'), dataIndex: 'paidOn' },
            { key: 'channel', title: t('care.channel'), render: (_, r) => t(`care.channels.${r.channel as 'cash'}`) },
          ]}
        />
        {list.hasNextPage && (
          <div style={{ textAlign: 'center', marginTop: 12 }}>
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          </div>
        )}
      </Card>
    </Space>
  );
}
