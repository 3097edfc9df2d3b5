import { Card, Checkbox, Descriptions, Form, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  CASE_CHANNEL_LABELS,
  CASE_OUTCOME_LABELS,
  PARTY_ROLE_LABELS,
  RISK_INDICATORS,
  type CaseView,
  type RiskIndicator,
} from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { MandatoryReportButton } from './MandatoryReportButton';
import { useCaseAction } from './cases.api';
import { formatDateTime } from '../../app/time';

/** What happened, how it came in (call, mandatory report, 舆情 source), the parties (masked), re-assessment. */
export function CaseOverviewCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const act = useCaseAction(c.id);
  const h = c.intake.hotline;
  return (
    <Card
      size="small"
      title={c.caseNo}
      data-testid="case-overview"
      extra={
        <Space>
          <MandatoryReportButton c={c} />
          {c.allowedActions.includes('assess') && (
            <FormModalButton<{ indicators: RiskIndicator[]; note?: string }>
              testId="case-reassess"
              label={t('cases.reassess')}
              title={t('cases.indicators')}
              initialValues={{ indicators: c.assessments[0]?.indicators ?? [] }}
              onSubmit={(v) =>
                act.mutateAsync({
                  path: '/assessments',
                  body: { indicators: v.indicators ?? [], ...(v.note ? { note: v.note } : {}) },
                })
              }
            >
              <Form.Item name="indicators">
                <Checkbox.Group style={{ display: 'grid', gap: 4 }}>
                  {RISK_INDICATORS.map((i) => (
                    <Checkbox key={i.code} value={i.code}>
                      {l(i.label)}
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </Form.Item>
              <Form.Item name="note" label={t('cases.narrative')}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </FormModalButton>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: 'org', label: t('cases.org'), children: c.org.name },
          { key: 'channel', label: t('cases.channel'), children: l(CASE_CHANNEL_LABELS[c.channel]) },
          { key: 'opened', label: t('cases.openedAt'), children: formatDateTime(c.openedAt) },
          {
            key: 'due',
            label: t('cases.contactDue'),
            children: c.contactDueAt ? (
              <span data-testid="case-contact-due">
                {formatDateTime(c.contactDueAt)}{' '}
                {c.contactedAt ? (
                  <Tag color="green">✓</Tag>
                ) : c.contactOverdue ? (
                  <Tag color="red">{t('cases.overdue')}</Tag>
                ) : null}
              </span>
            ) : (
              '—'
            ),
          },
          ...(h
            ? [
                {
                  key: 'hotline',
                  label: t('cases.calledAt'),
                  children: `${formatDateTime(h.calledAt)} · ${h.anonymous ? t('cases.anonymous') : (h.callerName ?? '')} · ${h.callbackPhone ?? ''}`,
                },
              ]
            : []),
          ...(c.intake.mandatoryReport
            ? [
                {
                  key: 'mr',
                  label: t('caseForms.mandatory.title'),
                  span: 2,
                  children: (
                    <span data-testid="case-mandatory-report-info">
                      {c.intake.mandatoryReport.reporterOrg} ·{' '}
                      {formatDateTime(c.intake.mandatoryReport.policeReportedAt)} ·{' '}
                      {c.intake.mandatoryReport.policeReceiptNo}
                    </span>
                  ),
                },
              ]
            : []),
          ...(c.intake.publicOpinion
            ? [
                {
                  key: 'po',
                  label: t('caseForms.intake.platform'),
                  span: 2,
                  children: (
                    <span data-testid="case-public-opinion-info">
                      {c.intake.publicOpinion.platform} · {formatDateTime(c.intake.publicOpinion.discoveredAt)}
                      {c.intake.publicOpinion.url ? ` · ${c.intake.publicOpinion.url}` : ''}
                    </span>
                  ),
                },
              ]
            : []),
          ...(c.outcome
            ? [{ key: 'outcome', label: t('cases.outcome'), children: l(CASE_OUTCOME_LABELS[c.outcome]) }]
            : []),
          {
            key: 'narrative',
            label: t('cases.narrative'),
            span: 2,
            children: <span data-testid="case-narrative">{c.narrative}</span>,
          },
        ]}
      />
      <Table
        size="small"
        rowKey="id"
        pagination={false}
        style={{ marginTop: 8 }}
        dataSource={c.parties}
        data-testid="case-parties"
        columns={[
          { title: t('cases.parties'), render: (_, p) => l(PARTY_ROLE_LABELS[p.role]) },
          { title: t('cases.partyName'), render: (_, p) => p.name ?? '—' },
          { title: t('cases.partyPhone'), render: (_, p) => p.phone ?? '—' },
          { title: t('cases.partyId'), render: (_, p) => p.idNumber ?? '—' },
          { title: '', render: (_, p) => (p.minor ? <Tag color="gold">{t('cases.minor')}</Tag> : null) },
        ]}
      />
    </Card>
  );
}
