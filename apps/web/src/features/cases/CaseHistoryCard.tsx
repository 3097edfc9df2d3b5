import { Card, Table, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CASE_STATE_LABELS, RISK_INDICATORS, RISK_LEVEL_LABELS, type CaseView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { formatDateTime } from '../../app/time';
import { ActorName } from './ActorName';

/** Assessments with their history, every recorded act (who, when, why), and the break-glass accesses. */
export function CaseHistoryCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const label = (code: string) => {
    const i = RISK_INDICATORS.find((x) => x.code === code);
    return i ? l(i.label) : code;
  };
  return (
    <>
      <Card size="small" title={t('cases.assessments')} data-testid="case-assessments">
        <Timeline
          items={c.assessments.map((a) => ({
            color: a.level === 'high' ? 'red' : a.level === 'medium' ? 'orange' : 'green',
            children: (
              <span>
                {formatDateTime(a.assessedAt)} · {l(RISK_LEVEL_LABELS[a.level])}（{a.score}）·{' '}
                <ActorName by={a.assessedBy} /> · {a.indicators.map(label).join('、')}
                {a.note ? ` · ${a.note}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      <Card size="small" title={t('cases.events')} data-testid="case-events">
        <Timeline
          items={c.events.map((e) => ({
            children: (
              <span>
                {formatDateTime(e.at)} · <ActorName by={e.actor} /> ·{' '}
                {e.kind === 'transition'
                  ? `${e.from ? l(CASE_STATE_LABELS[e.from]) : '—'} → ${e.to ? l(CASE_STATE_LABELS[e.to]) : ''}`
                  : t(`cases.eventKinds.${e.kind}` as 'cases.eventKinds.service', { defaultValue: e.kind })}
                {e.reason ? ` · ${e.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      {c.accessGrants.length > 0 && (
        <Card size="small" title={t('cases.grants')} data-testid="case-grants">
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={c.accessGrants}
            columns={[
              { title: 'user', dataIndex: 'user' },
              { title: t('cases.reason'), dataIndex: 'reason' },
              { title: 'from', render: (_, g) => formatDateTime(g.grantedAt) },
              {
                title: 'to',
                render: (_, g) => (
                  <Typography.Text type={g.active ? 'danger' : 'secondary'}>
                    {formatDateTime(g.expiresAt)}
                  </Typography.Text>
                ),
              },
            ]}
          />
        </Card>
      )}
    </>
  );
}
