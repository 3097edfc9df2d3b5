import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Popconfirm, Radio, Space, Steps, Tag, Typography } from 'antd';
import { DEMAND_STATE_LABELS, RATING_LABELS, RATINGS, type PortalDemand } from '@jinguo/contracts';
import { useT } from './i18n';
import { PortalError, useCancel, useRate } from './portal.api';
import { formatDateTime } from '../app/time';

/** One request as she sees it: the progress, the answer, and the rating or withdrawal when they are open to her. */
export function DemandProgress({
  demand,
  target,
}: {
  demand: PortalDemand;
  target: { id: number } | { code: string };
}) {
  const { t, l } = useT();
  const rate = useRate(target);
  const cancel = useCancel('id' in target ? target.id : 0);
  const [rating, setRating] = useState<string>('satisfied');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const error = rate.error ?? cancel.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="portal-request" data-state={demand.state}>
      <Card
        size="small"
        // A card's title is one line cut with an ellipsis: a request's title wraps on a phone instead.
        styles={{ title: { whiteSpace: 'normal', overflowWrap: 'anywhere' } }}
        title={
          <Space wrap size={[8, 4]} style={{ padding: '4px 0' }}>
            <span data-testid="portal-request-title">{demand.title}</span>
            <Tag color="pink" data-testid="portal-request-state">
              {l(DEMAND_STATE_LABELS[demand.state])}
            </Tag>
          </Space>
        }
      >
        <Descriptions size="small" column={1}>
          <Descriptions.Item label="#">{demand.code}</Descriptions.Item>
          <Descriptions.Item label={t('helpOrg')}>{demand.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('description')}>{demand.description}</Descriptions.Item>
          {demand.preferredDate && (
            <Descriptions.Item label={t('preferredDate')}>{demand.preferredDate}</Descriptions.Item>
          )}
        </Descriptions>
        {!demand.reply && !['closed', 'cancelled', 'case'].includes(demand.state) && (
          <Typography.Text type="secondary">
            {t('dueBy', { date: formatDateTime(demand.feedbackDueAt) })}
          </Typography.Text>
        )}
      </Card>
      {demand.reply && (
        <Card size="small" title={t('reply')}>
          <Typography.Paragraph style={{ margin: 0 }} data-testid="portal-reply">
            {demand.reply}
          </Typography.Paragraph>
        </Card>
      )}
      <Card size="small" title={t('progress')}>
        <Steps
          direction="vertical"
          size="small"
          current={demand.progress.length - 1}
          items={demand.progress.map((p) => ({ title: l(p.text), description: formatDateTime(p.at) }))}
        />
      </Card>
      {demand.rating && (
        <Alert
          type="success"
          showIcon
          message={t('rated', { rating: l(RATING_LABELS[demand.rating]) })}
          data-testid="portal-rated"
        />
      )}
      {demand.canRate && (
        <Card size="small" title={t('rateTitle')}>
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group
              value={rating}
              onChange={(e) => setRating(e.target.value as string)}
              optionType="button"
              buttonStyle="solid"
              data-testid="portal-rating"
              options={RATINGS.map((r) => ({ value: r, label: l(RATING_LABELS[r]) }))}
            />
            <Input.TextArea
              rows={2}
              maxLength={500}
              placeholder={t('ratingComment')}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
            <Button
              type="primary"
              block
              loading={rate.isPending}
              onClick={() => rate.mutate({ rating, ...(comment.trim() ? { comment: comment.trim() } : {}) })}
              data-testid="portal-rate-submit"
            >
              {t('submit')}
            </Button>
          </Space>
        </Card>
      )}
      {demand.canCancel && 'id' in target && (
        <Popconfirm
          title={<Input placeholder={t('withdrawReason')} value={reason} onChange={(e) => setReason(e.target.value)} />}
          onConfirm={() => cancel.mutate(reason.trim() || t('withdraw'))}
        >
          <Button block danger>
            {t('withdraw')}
          </Button>
        </Popconfirm>
      )}
      {error instanceof PortalError && <Alert type="error" showIcon message={l(error.problem.message)} />}
    </Space>
  );
}
