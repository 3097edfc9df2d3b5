import { Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PersonMerge } from '@jinguo/contracts';
import type { z } from 'zod';
import { errorText } from '../../app/notify';
import { useMerges } from './people.api';
import { formatDateTime } from '../../app/time';

type Merge = z.infer<typeof PersonMerge>;

/** 合并记录: the duplicates merged into this record, by whom, why, and what moved with them. */
export function MergesTab({ personId }: { personId: number }) {
  const { t } = useTranslation();
  const merges = useMerges(personId);
  return (
    <Table<Merge>
      scroll={{ x: 'max-content' }}
      rowKey="id"
      size="small"
      data-testid="person-merges"
      loading={merges.isPending}
      dataSource={merges.data ?? []}
      locale={merges.error ? { emptyText: errorText(merges.error) } : undefined}
      pagination={false}
      columns={[
        { title: t('people.merges.at'), render: (_, m) => formatDateTime(m.mergedAt) },
        { title: t('people.merges.source'), render: (_, m) => <Link to={`/people/${m.sourceId}`}>#{m.sourceId}</Link> },
        { title: t('people.merges.target'), render: (_, m) => <Link to={`/people/${m.targetId}`}>#{m.targetId}</Link> },
        { title: t('common.reason'), dataIndex: 'reason' },
        { title: t('people.merges.actor'), render: (_, m) => m.actorName ?? '—' },
        {
          title: t('people.merges.moved'),
          render: (_, m) => {
            const moved = Object.entries(m.moved).filter(([, n]) => n > 0);
            return moved.length ? moved.map(([k, n]) => <Tag key={k}>{`${k} ×${n}`}</Tag>) : '—';
          },
        },
      ]}
    />
  );
}
