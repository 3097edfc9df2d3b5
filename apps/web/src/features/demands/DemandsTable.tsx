import { Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEMAND_SOURCE_LABELS, type DemandListItem } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { DeadlineText } from './DeadlineText';
import { DemandStateTag } from './DemandStateTag';
import { UrgencyTag } from './UrgencyTag';
import { useCategoryName } from './useCategoryName';
import { formatDateTime } from '../../app/time';

export function DemandsTable({
  rows,
  loading,
  emptyText,
}: {
  rows: DemandListItem[];
  loading: boolean;
  emptyText: string;
}) {
  const { t } = useTranslation();
  const l = useLocalize();
  const category = useCategoryName();
  return (
    <Table<DemandListItem>
      rowKey="id"
      size="small"
      data-testid="demands-table"
      loading={loading}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText }}
      onRow={(d) => ({ 'data-demand-id': d.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'title',
          title: t('demands.title'),
          render: (_, d) => (
            <Space direction="vertical" size={0}>
              <Link to={`/demands/${d.id}`} data-testid={`demand-link-${d.id}`}>
                {d.title}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.code}
              </Typography.Text>
            </Space>
          ),
        },
        { key: 'state', title: t('demands.state'), render: (_, d) => <DemandStateTag state={d.state} /> },
        { key: 'urgency', title: t('demands.urgency'), render: (_, d) => <UrgencyTag urgency={d.urgency} /> },
        { key: 'category', title: t('demands.category'), render: (_, d) => category(d.category) },
        { key: 'source', title: t('demands.source'), render: (_, d) => l(DEMAND_SOURCE_LABELS[d.source]) },
        { key: 'org', title: t('demands.org'), render: (_, d) => d.org.name },
        {
          key: 'requester',
          title: t('demands.requester'),
          render: (_, d) =>
            d.requesterName ?? <Typography.Text type="secondary">{t('demands.anonymous')}</Typography.Text>,
        },
        { key: 'assignee', title: t('demands.assignee'), render: (_, d) => d.assignee?.displayName ?? '—' },
        { key: 'received', title: t('demands.receivedAt'), render: (_, d) => formatDateTime(d.receivedAt) },
        {
          key: 'due',
          title: t('demands.feedbackDue'),
          render: (_, d) => (
            <Space size={4} wrap>
              <DeadlineText at={d.feedbackDueAt} overdue={d.overdue} provisional={d.deadlinesProvisional} />
              {d.signOverdue && <Tag color="orange">{t('demands.signOverdue')}</Tag>}
              {d.escalatedTo && (
                <Tag color="red" data-testid="escalated-tag">
                  {t('demands.escalated', { level: d.escalationLevel, org: d.escalatedTo.name })}
                </Tag>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
