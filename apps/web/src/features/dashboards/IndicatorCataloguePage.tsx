import { useMemo, useState } from 'react';
import { Card, Input, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { INDICATOR_UNIT_LABELS, type IndicatorView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { useCatalogue } from './dashboards.api';

/**
 * 指标目录: every figure of the cockpit with its definition, unit, source module and formula. The modules declare
 * them next to their counters; this page is their documentation, as the server serves it.
 */
export function IndicatorCataloguePage() {
  const { t } = useTranslation();
  const localize = useLocalize();
  const catalogue = useCatalogue();
  const [q, setQ] = useState('');
  const items = useMemo(() => {
    const all = catalogue.data?.items ?? [];
    const needle = q.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((i) =>
      [i.code, i.name['zh-CN'], i.name['en-US'], i.definition['zh-CN']].some((s) => s.toLowerCase().includes(needle)),
    );
  }, [catalogue.data, q]);
  return (
    <Card
      title={t('dashboards.catalogue')}
      extra={
        <Input.Search
          allowClear
          placeholder={t('dashboards.searchIndicators')}
          onChange={(e) => setQ(e.target.value)}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('dashboards.catalogueIntro')}</Typography.Paragraph>
      <Table<IndicatorView>
        rowKey="code"
        size="small"
        loading={catalogue.isLoading}
        dataSource={items}
        pagination={false}
        data-testid="indicator-catalogue"
        scroll={{ x: 'max-content' }}
        columns={[
          {
            key: 'topic',
            title: t('dashboards.topic'),
            render: (_, i) => <Tag>{t(`dashboards.topics.${i.topic}`, { defaultValue: i.topic })}</Tag>,
          },
          {
            key: 'name',
            title: t('dashboards.name'),
            render: (_, i) => <Typography.Text strong>{localize(i.name)}</Typography.Text>,
          },
          {
            key: 'code',
            title: t('dashboards.code'),
            render: (_, i) => <Typography.Text code>{i.code}</Typography.Text>,
          },
          {
            key: 'definition',
            title: t('dashboards.definition'),
            render: (_, i) => localize(i.definition),
            width: 360,
          },
          { key: 'unit', title: t('dashboards.unit'), render: (_, i) => localize(INDICATOR_UNIT_LABELS[i.unit]) },
          { key: 'module', title: t('dashboards.module'), dataIndex: 'module' },
          {
            key: 'formula',
            title: t('dashboards.formula'),
            render: (_, i) => (
              <Typography.Text code style={{ whiteSpace: 'normal' }}>
                {i.formula}
              </Typography.Text>
            ),
            width: 320,
          },
          {
            key: 'source',
            title: t('dashboards.source'),
            render: (_, i) => t(i.kind === 'count' ? 'dashboards.fromRecords' : 'dashboards.fromCounters'),
          },
        ]}
      />
    </Card>
  );
}
