import { Space, Table, Tag, Tooltip, Typography } from 'antd';
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
    // Fits a 1440 px screen beside the menu (issue 15): fixed column widths, long texts cut with an ellipsis (the
    // whole text in a tooltip), dates on two lines; the title takes the rest, down to the scroll width below.
    <Table<DemandListItem>
      rowKey="id"
      size="small"
      data-testid="demands-table"
      loading={loading}
      dataSource={rows}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 1080 }}
      locale={{ emptyText }}
      onRow={(d) => ({ 'data-demand-id': d.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'title',
          title: t('demands.title'),
          render: (_, d) => (
            <div style={{ minWidth: 0 }}>
              <Typography.Text ellipsis={{ tooltip: d.title }} style={{ display: 'block' }}>
                <Link to={`/demands/${d.id}`} data-testid={`demand-link-${d.id}`}>
                  {d.title}
                </Link>
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.code}
              </Typography.Text>
            </div>
          ),
        },
        { key: 'state', title: t('demands.state'), width: 84, render: (_, d) => <DemandStateTag state={d.state} /> },
        {
          key: 'urgency',
          title: t('demands.urgency'),
          width: 80,
          render: (_, d) => <UrgencyTag urgency={d.urgency} />,
        },
        {
          key: 'category',
          title: t('demands.category'),
          width: 104,
          ellipsis: { showTitle: true },
          render: (_, d) => category(d.category),
        },
        {
          key: 'source',
          title: t('demands.source'),
          width: 96,
          ellipsis: { showTitle: true },
          render: (_, d) => l(DEMAND_SOURCE_LABELS[d.source]),
        },
        {
          key: 'org',
          title: t('demands.org'),
          width: 120,
          ellipsis: { showTitle: true },
          render: (_, d) => d.org.name,
        },
        {
          key: 'requester',
          title: t('demands.requester'),
          width: 84,
          ellipsis: { showTitle: true },
          render: (_, d) =>
            d.requesterName ?? <Typography.Text type="secondary">{t('demands.anonymous')}</Typography.Text>,
        },
        {
          key: 'assignee',
          title: t('demands.assignee'),
          width: 104,
          ellipsis: { showTitle: true },
          render: (_, d) => d.assignee?.displayName ?? '—',
        },
        { key: 'received', title: t('demands.receivedAt'), width: 100, render: (_, d) => formatDateTime(d.receivedAt) },
        {
          key: 'due',
          title: t('demands.feedbackDue'),
          width: 150,
          render: (_, d) => (
            <Space size={4} wrap>
              <DeadlineText at={d.feedbackDueAt} overdue={d.overdue} provisional={d.deadlinesProvisional} />
              {d.signOverdue && <Tag color="orange">{t('demands.signOverdue')}</Tag>}
              {d.escalatedTo && (
                <Tooltip title={t('demands.escalated', { level: d.escalationLevel, org: d.escalatedTo.name })}>
                  <Tag
                    color="red"
                    data-testid="escalated-tag"
                    style={{ maxWidth: 132, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                  >
                    {t('demands.escalated', { level: d.escalationLevel, org: d.escalatedTo.name })}
                  </Tag>
                </Tooltip>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}
