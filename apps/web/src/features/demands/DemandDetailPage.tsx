import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DEMAND_ROUTE_LABELS, DEMAND_SOURCE_LABELS, RATING_LABELS, type DemandAllowedAction } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useLang, useLocalize } from '../../i18n';
import { ConvertToCaseModal } from '../cases/ConvertToCaseModal';
import { DeadlineText } from './DeadlineText';
import { DemandActionModal, DIRECT_ACTIONS } from './DemandActionModal';
import { DemandHistory } from './DemandHistory';
import { DemandStateTag } from './DemandStateTag';
import { UrgencyTag } from './UrgencyTag';
import { useDemand, useTransition } from './demands.api';
import { useCategoryName } from './useCategoryName';
import { formatDateTime } from '../../app/time';

const PRIMARY: readonly DemandAllowedAction[] = ['sign', 'accept', 'reply', 'urge'];

export function DemandDetailPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const lang = useLang();
  const category = useCategoryName();
  const id = Number(useParams().demandId);
  const demand = useDemand(id);
  const transition = useTransition(id);
  const [action, setAction] = useState<DemandAllowedAction | null>(null);
  if (demand.isLoading) return <Spin />;
  if (demand.error || !demand.data) return <Alert type="error" showIcon message={errorText(demand.error)} />;
  const d = demand.data;
  const take = (a: DemandAllowedAction) => {
    if (DIRECT_ACTIONS.includes(a)) transition.mutate({ action: 'sign' });
    else setAction(a);
  };
  const requester =
    d.requester.kind === 'anonymous' ? (
      <Tag>{t('demands.anonymous')}</Tag>
    ) : d.requester.kind === 'person' ? (
      <Link to={`/people/${d.requester.personId}`}>{d.requester.personName ?? d.requester.name}</Link>
    ) : (
      <Space>
        {d.requester.name ?? '—'}
        {d.requester.kind === 'resident' && <Tag color="blue">{t('demands.residentUnlinked')}</Tag>}
      </Space>
    );

  return (
    <Space
      direction="vertical"
      style={{ width: '100%' }}
      size="middle"
      data-testid="demand-detail"
      data-demand-id={d.id}
    >
      <Card
        title={
          <Space wrap>
            <Typography.Text strong>{d.title}</Typography.Text>
            <Typography.Text type="secondary">{d.code}</Typography.Text>
            <DemandStateTag state={d.state} />
            <UrgencyTag urgency={d.urgency} />
          </Space>
        }
        extra={
          <Space wrap data-testid="demand-actions">
            {d.allowedActions.map((a) => (
              <Button
                key={a}
                type={PRIMARY.includes(a) ? 'primary' : 'default'}
                danger={a === 'cancel'}
                onClick={() => take(a)}
                loading={transition.isPending && a === 'sign'}
                data-testid={`demand-action-${a}`}
              >
                {t(`demands.actions.${a}`)}
              </Button>
            ))}
          </Space>
        }
      >
        {d.escalatedTo && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="demand-escalated"
            message={t('demands.escalated', { level: d.escalationLevel, org: d.escalatedTo.name })}
          />
        )}
        {d.caseId !== null && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="demand-case-linked"
            message={<Link to={`/cases/${d.caseId}`}>{t('demands.caseLinked', { id: d.caseId })}</Link>}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('demands.org')}>{d.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('demands.source')}>
            {l(DEMAND_SOURCE_LABELS[d.source])}
            {d.sourceRef ? ` · ${d.sourceRef}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.category')}>{category(d.category)}</Descriptions.Item>
          <Descriptions.Item label={t('demands.requester')}>
            {requester}
            {d.requester.phone ? ` · ${d.requester.phone}` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.receivedAt')}>{formatDateTime(d.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('demands.signDue')}>
            <DeadlineText at={d.signDueAt} overdue={d.signOverdue} provisional={d.deadlinesProvisional} />
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="demand-deadline-clock">
                {d.deadlineClock.kind === 'round_the_clock'
                  ? t('demands.roundTheClock')
                  : t('demands.inOfficeHours', {
                      hours: d.deadlineClock.hours.map((p) => `${p.from}–${p.to}`).join(lang === 'en-US' ? ', ' : '、'),
                    })}
              </Typography.Text>
            </div>
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.feedbackDue')}>
            <span data-testid="demand-feedback-due">
              <DeadlineText at={d.feedbackDueAt} overdue={d.overdue} provisional={d.deadlinesProvisional} />
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('demands.assignee')}>
            {d.assignee?.displayName ?? '—'}
            {d.route ? ` · ${l(DEMAND_ROUTE_LABELS[d.route])}` : ''}
          </Descriptions.Item>
          {d.serviceItem && (
            <Descriptions.Item label={t('demands.serviceItem')}>
              {d.serviceItem.name}
              {d.preferredDate ? ` · ${t('demands.preferredDate')} ${d.preferredDate}` : ''}
            </Descriptions.Item>
          )}
          {d.visitId !== null && (
            <Descriptions.Item label={t('visits.record')}>
              <Link to={`/visits/${d.visitId}`}>#{d.visitId}</Link>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('demands.description')} span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{d.description}</Typography.Paragraph>
          </Descriptions.Item>
          {d.department && (
            <Descriptions.Item label={t('demands.department')} span={2}>
              {d.department}
              {d.departmentContact ? `（${d.departmentContact}）` : ''}
              {d.departmentAnswerDueOn ? ` · ${t('demands.answerDueOn')} ${d.departmentAnswerDueOn}` : ''}
            </Descriptions.Item>
          )}
          {d.departmentAnswer && (
            <Descriptions.Item label={t('demands.departmentAnswer')} span={2}>
              {d.departmentAnswer}
            </Descriptions.Item>
          )}
          {d.suggestion && (
            <Descriptions.Item label={t('demands.suggestion')} span={2}>
              {d.suggestion}
              {d.suggestionHandedTo ? ` · ${t('demands.handedTo')} ${d.suggestionHandedTo}` : ''}
            </Descriptions.Item>
          )}
          {d.reply && (
            <Descriptions.Item label={t('demands.reply')} span={2}>
              <span data-testid="demand-reply-text">{d.reply}</span>
            </Descriptions.Item>
          )}
          {d.rating && (
            <Descriptions.Item label={t('demands.rating')} span={2}>
              <span data-testid="demand-rating">{l(RATING_LABELS[d.rating])}</span>
              {d.ratingComment ? ` · ${d.ratingComment}` : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} md={16}>
          <Card title={t('demands.history')} size="small">
            <DemandHistory events={d.events} />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('demands.escalations')} size="small">
            {d.escalations.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              d.escalations.map((e) => (
                <div key={`${e.level}-${e.at}`}>
                  <Tag color="red">{e.level}</Tag>
                  {e.toOrg.name} · {formatDateTime(e.at)}
                </div>
              ))
            )}
          </Card>
        </Col>
      </Row>
      <DemandActionModal
        demand={d}
        action={action === 'convert_to_case' ? null : action}
        onClose={() => setAction(null)}
      />
      <ConvertToCaseModal demand={d} open={action === 'convert_to_case'} onClose={() => setAction(null)} />
    </Space>
  );
}
