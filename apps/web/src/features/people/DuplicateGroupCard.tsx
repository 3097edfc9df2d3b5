import { useState } from 'react';
import { Button, Card, Radio, Table, Typography } from 'antd';
import { MergeCellsOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DuplicateGroup, PersonListItem } from '@jinguo/contracts';
import type { z } from 'zod';
import { PersonTags } from './PersonTags';
import { MergeModal } from './MergeModal';

type Group = z.infer<typeof DuplicateGroup>;

/** One group of suspected duplicates: pick the record to keep, the others are merged into it. */
export function DuplicateGroupCard({ group, canMerge, index }: { group: Group; canMerge: boolean; index: number }) {
  const { t } = useTranslation();
  const [keepId, setKeepId] = useState<number | null>(null);
  const [merging, setMerging] = useState(false);
  const keep = group.persons.find((p) => p.id === keepId) ?? null;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`duplicate-group-${index}`}
      title={
        <span>
          {group.name} · {group.birthDate}
          {group.town && (
            <Typography.Text
              type="secondary"
              style={{ fontWeight: 'normal' }}
            >{` · ${group.town.name}`}</Typography.Text>
          )}
        </span>
      }
      extra={
        canMerge && (
          <Button
            type="primary"
            danger
            icon={<MergeCellsOutlined />}
            disabled={!keep}
            onClick={() => setMerging(true)}
            data-testid={`merge-button-${index}`}
          >
            {t('people.duplicates.merge')}
          </Button>
        )
      }
    >
      <Table<PersonListItem>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={group.persons}
        columns={[
          ...(canMerge
            ? [
                {
                  title: t('people.duplicates.keep'),
                  key: 'keep',
                  width: 64,
                  render: (_: unknown, p: PersonListItem) => (
                    <Radio checked={keepId === p.id} onChange={() => setKeepId(p.id)} data-testid={`keep-${p.id}`} />
                  ),
                },
              ]
            : []),
          { title: 'ID', render: (_, p) => <Link to={`/people/${p.id}`}>#{p.id}</Link> },
          { title: t('people.name'), dataIndex: 'name' },
          { title: t('people.idNumber'), render: (_, p) => p.idNumber ?? '—' },
          { title: t('people.phone'), render: (_, p) => p.phone ?? '—' },
          { title: t('people.org'), render: (_, p) => p.org.name },
          { title: t('people.tags'), render: (_, p) => <PersonTags codes={p.tags} /> },
        ]}
      />
      {keep && (
        <MergeModal
          keep={keep}
          sources={group.persons.filter((p) => p.id !== keep.id)}
          open={merging}
          onClose={() => setMerging(false)}
          onDone={() => setKeepId(null)}
        />
      )}
    </Card>
  );
}
