import { Col, Row, Statistic, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { CockpitRow, IndicatorView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { changeOf, formatValue } from './format';

/** The org's own figures, large, each with its change against the same period a year before. */
export function HeadlineFigures(props: {
  row: CockpitRow;
  codes: readonly string[];
  catalogue: ReadonlyMap<string, IndicatorView>;
  caption: string;
  dark?: boolean;
}) {
  const localize = useLocalize();
  const color = props.dark ? '#e6f0ff' : undefined;
  return (
    <>
      <Row gutter={[16, 8]} data-testid="headline-figures">
        {props.codes.map((code) => {
          const i = props.catalogue.get(code);
          if (!i) return null;
          const c = changeOf(props.row.values[code], props.row.previous[code], i.unit);
          return (
            <Col key={code} xs={12} md={8} xl={4}>
              <Statistic
                title={<span style={{ color: props.dark ? '#9fb3d9' : undefined }}>{localize(i.name)}</span>}
                value={formatValue(props.row.values[code], i.unit)}
                valueStyle={{ color }}
                data-testid={`headline-${code}`}
              />
              {c && (
                <Typography.Text style={{ color: c.up ? '#cf1322' : '#389e0d', fontSize: 12 }}>
                  {c.up ? <ArrowUpOutlined /> : <ArrowDownOutlined />} {c.text}
                </Typography.Text>
              )}
            </Col>
          );
        })}
      </Row>
      <Typography.Text type="secondary" style={{ fontSize: 12, color: props.dark ? '#9fb3d9' : undefined }}>
        {props.caption}
      </Typography.Text>
    </>
  );
}
