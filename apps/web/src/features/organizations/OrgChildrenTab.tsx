import { useState } from 'react';
import { Button, Space, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgDetail, OrgNode } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useOrgChildren } from './organizations.api';
import { OrgTypeTag } from './OrgTypeTag';
import { OrgStatusTag } from './OrgStatusTag';
import { CreateOrgDrawer } from './CreateOrgDrawer';

export function OrgChildrenTab({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const children = useOrgChildren(org.id, { includeInactive: true });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Typography.Text type="secondary">
          {t('org.childrenCount', { count: children.data?.length ?? 0 })}
        </Typography.Text>
        {org.allowedActions.includes('createChild') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="create-child-button"
          >
            {t('org.createChild')}
          </Button>
        )}
      </Space>
      <Table<OrgNode>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="org-children-table"
        loading={children.isPending}
        dataSource={children.data ?? []}
        locale={children.error ? { emptyText: errorText(children.error) } : undefined}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        columns={[
          { title: t('org.name'), render: (_, n) => <Link to={`/orgs/${n.id}`}>{n.name}</Link> },
          { title: t('org.code'), dataIndex: 'code' },
          { title: t('org.type'), render: (_, n) => <OrgTypeTag type={n.type} /> },
          { title: t('common.status'), render: (_, n) => <OrgStatusTag status={n.status} /> },
          { title: t('org.childCount'), dataIndex: 'childCount', align: 'right' },
        ]}
      />
      <CreateOrgDrawer parent={org} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
