import { useState } from 'react';
import { Button, Card, Col, Row, Table, Tag, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { auditActionLabel, auditTargetLabel, type AuditEvent } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useLang } from '../../i18n';
import { useAuditEvents, useVerifyAuditChain, type AuditFilters } from './audit.api';
import { AuditFiltersForm } from './AuditFiltersForm';
import { ChainVerificationAlert } from './ChainVerificationAlert';
import { formatDateTimeSeconds } from '../../app/time';

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre style={{ margin: 0, maxHeight: 320, overflow: 'auto', fontSize: 12, background: '#fafafa', padding: 8 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Words for the reader, and the recorded code below them in small grey text for the auditor. */
function Coded({ text, code, testId }: { text: string | null; code: string; testId?: string }) {
  if (!text) return <code data-testid={testId}>{code}</code>;
  return (
    <div data-testid={testId}>
      <div>{text}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        <code>{code}</code>
      </Typography.Text>
    </div>
  );
}

function targetCode(e: AuditEvent): string {
  return `${e.targetType}${e.targetId ? ` #${e.targetId}` : ''}`;
}

function EventDetail({ e }: { e: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`audit-detail-${e.id}`}>
      <Row gutter={16}>
        <Col span={12}>
          <Typography.Text strong>{t('audit.before')}</Typography.Text>
          <Json value={e.before} />
        </Col>
        <Col span={12}>
          <Typography.Text strong>{t('audit.after')}</Typography.Text>
          <Json value={e.after} />
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        {e.reason && (
          <>
            {t('audit.reason')}: {e.reason} ·{' '}
          </>
        )}
        {t('audit.userAgent')}: {e.userAgent ?? '—'} · {t('audit.requestId')}: {e.requestId ?? '—'} · hash:{' '}
        <code>{e.hash.slice(0, 16)}…</code>
      </Typography.Paragraph>
    </div>
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [filters, setFilters] = useState<AuditFilters>({});
  const events = useAuditEvents(filters);
  const verify = useVerifyAuditChain();
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={t('menu.audit')}
      extra={
        <Button
          icon={<SafetyCertificateOutlined />}
          loading={verify.isPending}
          onClick={() => verify.mutate()}
          data-testid="audit-verify"
        >
          {t('audit.verify')}
        </Button>
      }
    >
      {verify.data && <ChainVerificationAlert result={verify.data} onClose={() => verify.reset()} />}
      <AuditFiltersForm onChange={setFilters} />
      <Table<AuditEvent>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        size="small"
        data-testid="audit-table"
        dataSource={rows}
        loading={events.isFetching && !events.isFetchingNextPage}
        pagination={false}
        locale={events.error ? { emptyText: errorText(events.error) } : undefined}
        expandable={{ expandedRowRender: (e) => <EventDetail e={e} /> }}
        columns={[
          { title: 'ID', dataIndex: 'id', width: 80 },
          { title: t('audit.at'), render: (_, e) => formatDateTimeSeconds(e.at), width: 170 },
          {
            title: t('audit.actor'),
            render: (_, e) =>
              e.actorName ? <Coded text={e.actorDisplayName} code={e.actorName} testId={`audit-actor-${e.id}`} /> : '—',
          },
          {
            title: t('audit.action'),
            render: (_, e) => (
              <Coded text={auditActionLabel(e.action, lang)} code={e.action} testId={`audit-action-${e.id}`} />
            ),
          },
          {
            title: t('audit.target'),
            render: (_, e) => {
              if (!e.targetType) return '—';
              const kind = auditTargetLabel(e.targetType, lang);
              const name = e.targetName ?? (e.targetId ? `#${e.targetId}` : null);
              const text = kind ? [kind, name].filter(Boolean).join(' ') : e.targetName;
              return <Coded text={text} code={targetCode(e)} testId={`audit-target-${e.id}`} />;
            },
          },
          {
            title: t('audit.result'),
            render: (_, e) => <Tag color={e.result === 'success' ? 'green' : 'red'}>{t(`audit.${e.result}`)}</Tag>,
            width: 90,
          },
          { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—', width: 130 },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {events.hasNextPage ? (
          <Button
            onClick={() => void events.fetchNextPage()}
            loading={events.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('common.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
