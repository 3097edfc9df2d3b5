import { Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Cockpit, CockpitRow, IndicatorView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { changeOf, formatValue } from './format';

/** The children's figures with the org's total first; a child with children of its own drills down on click. */
export function FiguresTable(props: {
  view: Cockpit | undefined;
  codes: readonly string[];
  catalogue: ReadonlyMap<string, IndicatorView>;
  loading: boolean;
  onDrill: (orgId: number) => void;
}) {
  const { t } = useTranslation();
  const localize = useLocalize();
  const { view } = props;
  const rows = view ? [view.total, ...view.rows] : [];
  return (
    <Table<CockpitRow>
      rowKey={(r) => (view && r === view.total ? 'total' : r.org.id)}
      size="small"
      pagination={false}
      loading={props.loading && !view}
      dataSource={rows}
      data-testid="figures-table"
      scroll={{ x: 'max-content' }}
      columns={[
        {
          key: 'org',
          title: t('dashboards.org'),
          fixed: 'left',
          render: (_: unknown, r) =>
            view && r === view.total ? (
              <Typography.Text strong>
                {r.org.name}（{t('dashboards.total')}）
              </Typography.Text>
            ) : r.org.active && r.org.childCount > 0 ? (
              <a onClick={() => props.onDrill(r.org.id)} data-testid={`drill-${r.org.id}`}>
                {r.org.name}
              </a>
            ) : (
              <span>
                {r.org.name} {!r.org.active && <Tag>{t('dashboards.historical')}</Tag>}
              </span>
            ),
        },
        ...props.codes.flatMap((code) => {
          const i = props.catalogue.get(code);
          if (!i) return [];
          return [
            {
              key: code,
              title: <Tooltip title={localize(i.definition)}>{localize(i.name)}</Tooltip>,
              align: 'right' as const,
              sorter: (a: CockpitRow, b: CockpitRow) => (a.values[code] ?? -1) - (b.values[code] ?? -1),
              render: (_: unknown, r: CockpitRow) => {
                const c = changeOf(r.values[code], r.previous[code], i.unit);
                return (
                  <span>
                    {formatValue(r.values[code], i.unit)}
                    {c && (
                      <Typography.Text type="secondary" style={{ fontSize: 11, marginLeft: 4 }}>
                        {c.up ? '↑' : '↓'}
                        {c.text}
                      </Typography.Text>
                    )}
                  </span>
                );
              },
            },
          ];
        }),
      ]}
    />
  );
}
