import { Button, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Reorganization } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useReorganizations } from './organizations.api';
import { ReorganizationKindTag } from './ReorganizationKindTag';
import { formatDateTime } from '../../app/time';

/** 沿革记录: every reorganization recorded in the acting org's subtree, newest first. */
export function ReorganizationsPage() {
  const { t } = useTranslation();
  const list = useReorganizations();
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card title={t('menu.reorganizations')}>
      <Table<Reorganization>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="reorganizations-table"
        dataSource={rows}
        loading={list.isFetching && !list.isFetchingNextPage}
        locale={list.error ? { emptyText: errorText(list.error) } : undefined}
        pagination={false}
        columns={[
          { title: t('reorg.effectiveDate'), dataIndex: 'effectiveDate', width: 120 },
          { title: t('reorg.kind'), render: (_, r) => <ReorganizationKindTag kind={r.kind} />, width: 90 },
          { title: t('reorg.summary'), dataIndex: 'summary' },
          { title: t('common.reason'), dataIndex: 'reason' },
          { title: t('reorg.actor'), render: (_, r) => r.actorName ?? t('history.system'), width: 120 },
          {
            title: t('reorg.recordedAt'),
            render: (_, r) => formatDateTime(r.recordedAt),
            width: 150,
          },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
