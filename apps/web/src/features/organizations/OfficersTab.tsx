import { useState } from 'react';
import { Button, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { OFFICER_POSITIONS, type Officer, type OrgDetail } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useLang } from '../../i18n';
import { useOfficers } from './org-records.api';
import { OfficerDrawer } from './OfficerDrawer';
import { EndOfficerModal } from './EndOfficerModal';

/** 主席、副主席、执委 with their terms of office; ended terms stay on record. */
export function OfficersTab({ org }: { org: OrgDetail }) {
  const { t } = useTranslation();
  const lang = useLang();
  const officers = useOfficers(org.id);
  const canManage = org.allowedActions.includes('manageOfficers');
  const [showEnded, setShowEnded] = useState(false);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Officer | null>(null);
  const rows = (officers.data ?? []).filter((o) => showEnded || o.endedOn === null);
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }}>
        <Space>
          <Switch size="small" checked={showEnded} onChange={setShowEnded} />
          <Typography.Text>{t('officers.showEnded')}</Typography.Text>
        </Space>
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="add-officer-button"
          >
            {t('officers.add')}
          </Button>
        )}
      </Space>
      <Table<Officer>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="officers-table"
        loading={officers.isPending}
        dataSource={rows}
        locale={officers.error ? { emptyText: errorText(officers.error) } : undefined}
        pagination={false}
        columns={[
          { title: t('officers.name'), dataIndex: 'name' },
          {
            title: t('officers.position'),
            render: (_, o) => (
              <Tag color={o.position === 'executive_member' ? 'blue' : 'magenta'}>
                {OFFICER_POSITIONS[o.position][lang]}
              </Tag>
            ),
          },
          { title: t('officers.phone'), render: (_, o) => o.phone ?? '—' },
          {
            title: t('officers.partTime'),
            render: (_, o) => (o.isPartTime ? t('officers.partTimeYes') : t('officers.partTimeNo')),
          },
          { title: t('officers.contactPoint'), render: (_, o) => o.contactPoint ?? '—' },
          { title: t('officers.changeKind'), render: (_, o) => t(`officers.kinds.${o.changeKind}`) },
          { title: t('officers.period'), render: (_, o) => `${o.startedOn} ~ ${o.endedOn ?? t('org.now')}` },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, o: Officer) =>
                    o.endedOn === null && (
                      <Button type="link" size="small" danger onClick={() => setEnding(o)}>
                        {t('officers.end')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <OfficerDrawer
        orgId={org.id}
        currentTermId={org.currentTerm?.id ?? null}
        open={adding}
        onClose={() => setAdding(false)}
      />
      <EndOfficerModal officer={ending} onClose={() => setEnding(null)} />
    </>
  );
}
