import { useEffect, useState } from 'react';
import { Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { errorText, notifySuccess } from '../../app/notify';
import { useChangeTags, useTagHistory } from './people.api';
import { PersonTags } from './PersonTags';
import { TagSelect } from './TagSelect';
import { formatDateTime } from '../../app/time';

const time = (s: string | null) => (s ? formatDateTime(s) : '—');

/** 标签: change the current tags (added and removed ones are recorded), and the history: when and by whom. */
export function PersonTagsTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const current = person.tags.map((x) => x.code);
  const [value, setValue] = useState<string[]>(current);
  const change = useChangeTags(person.id);
  const history = useTagHistory(person.id);
  const key = current.join(',');
  useEffect(() => setValue(key ? key.split(',') : []), [key]);

  const add = value.filter((c) => !current.includes(c));
  const remove = current.filter((c) => !value.includes(c));
  const save = () => change.mutate({ add, remove }, { onSuccess: () => notifySuccess(t('common.saved')) });

  return (
    <>
      {can('person.write') && person.status === 'active' && (
        <Space wrap style={{ marginBottom: 16 }}>
          <TagSelect value={value} onChange={setValue} style={{ minWidth: 420 }} data-testid="person-tags-edit" />
          <Button
            type="primary"
            disabled={add.length + remove.length === 0}
            loading={change.isPending}
            onClick={save}
            data-testid="person-tags-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      )}
      <Typography.Title level={5}>{t('people.tagHistory')}</Typography.Title>
      <Table
        scroll={{ x: 'max-content' }}
        rowKey={(r) => `${r.code}-${r.addedAt}`}
        size="small"
        data-testid="tag-history"
        loading={history.isPending}
        dataSource={history.data ?? []}
        locale={history.error ? { emptyText: errorText(history.error) } : undefined}
        pagination={false}
        columns={[
          { title: t('people.tag'), render: (_, r) => <PersonTags codes={[r.code]} /> },
          { title: t('people.addedAt'), render: (_, r) => time(r.addedAt) },
          { title: t('people.addedBy'), render: (_, r) => r.addedBy ?? '—' },
          { title: t('people.removedAt'), render: (_, r) => time(r.removedAt) },
          { title: t('people.removedBy'), render: (_, r) => r.removedBy ?? '—' },
        ]}
      />
    </>
  );
}
