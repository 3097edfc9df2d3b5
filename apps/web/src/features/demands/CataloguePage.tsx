import { useState } from 'react';
import { Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ServiceItem } from '@jinguo/contracts';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { useCatalogue, useToggleServiceItem } from './demands.api';
import { ServiceItemDrawer } from './ServiceItemDrawer';
import { useCategoryName } from './useCategoryName';

/** 服务清单 of the acting org: what residents can order on the portal, with opening hours and weekly places. */
export function CataloguePage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const category = useCategoryName();
  const [showInactive, setShowInactive] = useState(false);
  const items = useCatalogue(acting?.id, showInactive);
  const toggle = useToggleServiceItem();
  const [editing, setEditing] = useState<ServiceItem | null | undefined>(undefined);
  const writable = can('catalogue.write');
  return (
    <Card
      title={`${t('work.catalogue')} · ${acting?.name ?? ''}`}
      extra={
        <Space>
          <Switch
            checked={showInactive}
            onChange={setShowInactive}
            checkedChildren={t('catalogue.inactive')}
            unCheckedChildren={t('catalogue.active')}
          />
          {writable && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing(null)}
              data-testid="service-item-add"
            >
              {t('catalogue.add')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<ServiceItem>
        rowKey="id"
        size="small"
        pagination={false}
        loading={items.isLoading}
        dataSource={items.data ?? []}
        data-testid="catalogue-table"
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'name',
            title: t('catalogue.name'),
            render: (_, i) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong>{i.name}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.description}
                </Typography.Text>
              </Space>
            ),
          },
          { key: 'category', title: t('catalogue.category'), render: (_, i) => category(i.category) },
          { key: 'provider', title: t('catalogue.provider'), render: (_, i) => i.provider ?? '—' },
          {
            key: 'hours',
            title: t('catalogue.openingHours'),
            render: (_, i) =>
              i.openingHours
                .map(
                  (h) =>
                    `${h.days.map((d) => t(`catalogue.weekdays.d${d}` as 'catalogue.weekdays.d1')).join('、')} ${h.from}–${h.to}`,
                )
                .join('；') || '—',
          },
          {
            key: 'capacity',
            title: t('catalogue.orderedThisWeek'),
            render: (_, i) => `${i.orderedThisWeek} / ${i.weeklyCapacity ?? t('catalogue.unlimited')}`,
          },
          {
            key: 'active',
            title: t('common.status'),
            render: (_, i) => (
              <Tag color={i.active ? 'green' : 'default'}>
                {i.active ? t('catalogue.active') : t('catalogue.inactive')}
              </Tag>
            ),
          },
          ...(writable
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, i: ServiceItem) => (
                    <Space>
                      <Button size="small" onClick={() => setEditing(i)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="small" onClick={() => toggle.mutate({ id: i.id, active: !i.active })}>
                        {i.active ? t('catalogue.withdraw') : t('catalogue.restore')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {acting && (
        <ServiceItemDrawer
          orgId={acting.id}
          item={editing ?? null}
          open={editing !== undefined}
          onClose={() => setEditing(undefined)}
        />
      )}
    </Card>
  );
}
