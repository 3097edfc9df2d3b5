import { useState } from 'react';
import { Button, Popconfirm, Space as AntSpace, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { SPACE_TYPES, type OrgDetail, type Space } from '@jinguo/contracts';
import { errorText, notifySuccess } from '../../app/notify';
import { useLang } from '../../i18n';
import { useDeleteSpace, useSpaces } from './org-records.api';
import { SpaceDrawer } from './SpaceDrawer';

/** 阵地: women's homes, children's homes, parents' schools… of this org. */
export function SpacesTab({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const spaces = useSpaces(org.id);
  const remove = useDeleteSpace();
  const canEdit = org.allowedActions.includes('edit');
  const [editing, setEditing] = useState<Space | 'new' | null>(null);
  return (
    <>
      {canEdit && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing('new')}
            data-testid="create-space-button"
          >
            {t('spaces.create')}
          </Button>
        </div>
      )}
      <Table<Space>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="spaces-table"
        loading={spaces.isPending}
        dataSource={spaces.data ?? []}
        locale={spaces.error ? { emptyText: errorText(spaces.error) } : undefined}
        pagination={false}
        columns={[
          { title: t('spaces.type'), render: (_, s) => <Tag color="pink">{SPACE_TYPES[s.type][lang]}</Tag> },
          { title: t('spaces.name'), dataIndex: 'name' },
          { title: t('org.address'), render: (_, s) => s.address ?? '—' },
          { title: t('spaces.openingHours'), render: (_, s) => s.openingHours ?? '—' },
          { title: t('spaces.services'), render: (_, s) => s.services.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('spaces.area'), render: (_, s) => (s.areaSqm === null ? '—' : `${s.areaSqm} ㎡`), align: 'right' },
          { title: t('spaces.openedOn'), render: (_, s) => s.openedOn ?? '—' },
          { title: t('spaces.activityCount'), dataIndex: 'activityCount', align: 'right' },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, s: Space) => (
                    <AntSpace size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(s)}>
                        {t('common.edit')}
                      </Button>
                      <Popconfirm
                        title={t('spaces.deleteConfirm', { name: s.name })}
                        onConfirm={() => remove.mutate(s.id, { onSuccess: () => notifySuccess(t('common.deleted')) })}
                      >
                        <Button type="link" size="small" danger>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </AntSpace>
                  ),
                },
              ]
            : []),
        ]}
      />
      <SpaceDrawer orgId={org.id} space={editing} onClose={() => setEditing(null)} />
    </>
  );
}
