import { Button, Progress, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PersonImport } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useMyImports } from './people-import.api';
import { ImportStatusTag } from './ImportStatusTag';
import { formatDateTime } from '../../app/time';

/** 我的导入: newest first; opening one shows its preview or its progress. */
export function RecentImportsTable({ onOpen, currentId }: { onOpen: (id: number) => void; currentId: number | null }) {
  const { t } = useTranslation();
  const imports = useMyImports();
  const rows = imports.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <Typography.Title level={5}>{t('imports.recent')}</Typography.Title>
      <Table<PersonImport>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="recent-imports"
        loading={imports.isPending}
        dataSource={rows}
        pagination={false}
        rowClassName={(r) => (r.id === currentId ? 'ant-table-row-selected' : '')}
        locale={imports.error ? { emptyText: errorText(imports.error) } : undefined}
        columns={[
          { title: t('imports.file'), dataIndex: 'filename' },
          { title: t('imports.uploadedAt'), render: (_, r) => formatDateTime(r.createdAt) },
          { title: t('people.org'), render: (_, r) => r.org.name },
          { title: t('common.status'), render: (_, r) => <ImportStatusTag status={r.status} /> },
          { title: t('imports.counts.valid'), render: (_, r) => `${r.counts.valid} / ${r.counts.total}` },
          {
            title: t('imports.progress'),
            render: (_, r) => <Progress percent={Math.round(r.progress.percent)} size="small" style={{ width: 120 }} />,
          },
          {
            title: t('common.actions'),
            key: 'open',
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => onOpen(r.id)} data-testid={`open-import-${r.id}`}>
                {t('imports.open')}
              </Button>
            ),
          },
        ]}
      />
      {imports.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void imports.fetchNextPage()} loading={imports.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
