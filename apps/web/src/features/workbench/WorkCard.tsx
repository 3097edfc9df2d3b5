import type { ReactNode } from 'react';
import { Alert, Card, Space, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/notify';
import { countText, type Count } from './tally';

/** One card of the workbench: a title, a link through to the full page, its figures and a short list. */
export function WorkCard({
  name,
  title,
  to,
  loading,
  error,
  children,
}: {
  name: string;
  title: string;
  to: string;
  loading: boolean;
  error?: unknown;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card
      title={title}
      size="small"
      loading={loading}
      data-testid={`wb-card-${name}`}
      style={{ height: '100%' }}
      extra={
        <Link to={to} data-testid={`wb-open-${name}`}>
          {t('workbench.openAll')} <RightOutlined />
        </Link>
      }
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} /> : children}
    </Card>
  );
}

/** A figure that links through to the list it counts; red when something is late. */
export function Figure({
  name,
  label,
  count,
  to,
  alert = false,
}: {
  name: string;
  label: string;
  count: Count;
  to: string;
  alert?: boolean;
}) {
  const late = alert && count.n > 0;
  return (
    <Link to={to} data-testid={`wb-figure-${name}`} style={{ display: 'block', minWidth: 96 }}>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
        {label}
      </Typography.Text>
      <span
        data-testid={`wb-count-${name}`}
        style={{ fontSize: 26, fontWeight: 600, color: late ? '#cf1322' : undefined }}
      >
        {countText(count)}
      </span>
    </Link>
  );
}

export function Figures({ children }: { children: ReactNode }) {
  return (
    <Space size={32} wrap style={{ marginBottom: 8 }}>
      {children}
    </Space>
  );
}

/** The first few rows of what the card counts, each a link. */
export function ShortList<T>({
  rows,
  empty,
  render,
  testId,
}: {
  rows: readonly T[];
  empty: string;
  render: (row: T) => { key: string | number; to: string; text: ReactNode; extra?: ReactNode };
  testId: string;
}) {
  if (!rows.length)
    return (
      <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid={`${testId}-empty`}>
        {empty}
      </Typography.Paragraph>
    );
  return (
    <ul data-testid={testId} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((row) => {
        const r = render(row);
        return (
          <li
            key={r.key}
            style={{
              display: 'flex',
              gap: 8,
              justifyContent: 'space-between',
              padding: '4px 0',
              borderTop: '1px solid #f0f0f0',
            }}
          >
            <Link to={r.to} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {r.text}
            </Link>
            {r.extra && <span style={{ flex: 'none' }}>{r.extra}</span>}
          </li>
        );
      })}
    </ul>
  );
}
