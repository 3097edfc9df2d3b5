import { Button, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocalize } from '../../i18n';
import { errorText } from '../../app/notify';
import { useImportProblems } from './people-import.api';

interface Cell {
  key: string;
  row: number;
  name: string | null;
  column: string | null;
  message: string;
  first: boolean;
  span: number;
}

/** Every bad row with every bad cell and its reason (the row number is the spreadsheet's, header = row 1). */
export function ImportProblemsTable({ importId }: { importId: number }) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const problems = useImportProblems(importId);
  const cells: Cell[] = (problems.data?.pages.flatMap((p) => p.items) ?? []).flatMap((r) =>
    r.problems.map((p, i) => ({
      key: `${r.row}-${i}`,
      row: r.row,
      name: r.name,
      column: p.column,
      message: localize(p.message),
      first: i === 0,
      span: r.problems.length,
    })),
  );
  return (
    <>
      <Table<Cell>
        scroll={{ x: 'max-content' }}
        rowKey="key"
        size="small"
        bordered
        data-testid="import-problems"
        loading={problems.isPending}
        dataSource={cells}
        pagination={false}
        locale={problems.error ? { emptyText: errorText(problems.error) } : undefined}
        onRow={(c) => ({ 'data-row': c.row }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('imports.row'), dataIndex: 'row', width: 80, onCell: (c) => ({ rowSpan: c.first ? c.span : 0 }) },
          {
            title: t('people.name'),
            render: (_, c) => c.name ?? '—',
            width: 120,
            onCell: (c) => ({ rowSpan: c.first ? c.span : 0 }),
          },
          {
            title: t('imports.column'),
            render: (_, c) => (c.column ? <Tag color="red">{c.column}</Tag> : t('imports.wholeRow')),
            width: 140,
          },
          { title: t('imports.reason'), dataIndex: 'message' },
        ]}
      />
      {problems.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => void problems.fetchNextPage()} loading={problems.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
