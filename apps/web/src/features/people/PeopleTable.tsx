import { Table, Tag, Tooltip, Typography, type TableProps } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { PersonListItem } from '@jinguo/contracts';
import type { PeopleFilters } from './peopleFilters';
import { PersonTags } from './PersonTags';

type SortOrder = 'ascend' | 'descend' | null;

/** Age sorts by birth date the other way round: the youngest first is the latest birth date first. */
function sortOrderOf(f: PeopleFilters, column: 'name' | 'age'): SortOrder {
  if (column === 'name') return f.sort === 'name' ? (f.order === 'asc' ? 'ascend' : 'descend') : null;
  if (f.sort !== 'birthDate') return null;
  return f.order === 'asc' ? 'descend' : 'ascend';
}

interface Props {
  rows: PersonListItem[];
  filters: PeopleFilters;
  onSort: (sort: PeopleFilters['sort'], order: PeopleFilters['order']) => void;
  loading: boolean;
  emptyText?: string;
}

export function PeopleTable({ rows, filters, onSort, loading, emptyText }: Props) {
  const { t } = useTranslation();
  const onChange: TableProps<PersonListItem>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s?.order) return onSort('name', 'asc');
    if (s.columnKey === 'age') return onSort('birthDate', s.order === 'ascend' ? 'desc' : 'asc');
    onSort('name', s.order === 'ascend' ? 'asc' : 'desc');
  };
  return (
    <Table<PersonListItem>
      scroll={{ x: 'max-content' }}
      rowKey="id"
      size="small"
      data-testid="people-table"
      loading={loading}
      dataSource={rows}
      pagination={false}
      onChange={onChange}
      locale={emptyText ? { emptyText } : undefined}
      onRow={(p) => ({ 'data-person-id': p.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          key: 'name',
          title: t('people.name'),
          sorter: true,
          sortOrder: sortOrderOf(filters, 'name'),
          render: (_, p) => (
            <>
              <Link to={`/people/${p.id}`} data-testid={`person-link-${p.id}`}>
                {p.name}
              </Link>
              {p.isChild && (
                <Tag color="gold" style={{ marginInlineStart: 6 }}>
                  {t('people.child')}
                </Tag>
              )}
            </>
          ),
        },
        {
          key: 'gender',
          title: t('people.gender'),
          render: (_, p) => (p.gender ? t(`people.genders.${p.gender}`) : '—'),
          width: 64,
        },
        {
          key: 'age',
          title: t('people.age'),
          sorter: true,
          sortOrder: sortOrderOf(filters, 'age'),
          render: (_, p) => (p.age === null ? '—' : <Tooltip title={p.birthDate}>{p.age}</Tooltip>),
          width: 80,
        },
        {
          key: 'idNumber',
          title: t('people.idNumber'),
          render: (_, p) => (p.idNumber ? <Typography.Text code>{p.idNumber}</Typography.Text> : '—'),
        },
        { key: 'phone', title: t('people.phone'), render: (_, p) => p.phone ?? '—' },
        { key: 'org', title: t('people.org'), render: (_, p) => p.org.name },
        { key: 'tags', title: t('people.tags'), render: (_, p) => <PersonTags codes={p.tags} /> },
      ]}
    />
  );
}
