import { Card, DatePicker, Form, Input, List, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '@jinguo/contracts';
import { FormModalButton } from './FormModalButton';
import { useCaseAction } from './cases.api';

/** 回访: scheduled at the follow-up phase, at closure and by hand; overdue ones are escalated by the sweeper. */
export function FollowUpsCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const can = c.allowedActions.includes('follow_up');
  return (
    <Card
      size="small"
      title={t('cases.followUps')}
      data-testid="case-follow-ups"
      extra={
        can && (
          <FormModalButton<{ dueOn: Dayjs }>
            testId="case-follow-up-add"
            label="+"
            title={t('cases.followUps')}
            onSubmit={(v) => act.mutateAsync({ path: '/follow-ups', body: { dueOn: v.dueOn.format('YYYY-MM-DD') } })}
          >
            <Form.Item name="dueOn" label={t('cases.dueOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <List
        dataSource={c.followUps}
        locale={{ emptyText: '—' }}
        renderItem={(f) => (
          <List.Item
            data-testid={`follow-up-${f.id}`}
            actions={
              can && f.status === 'pending'
                ? [
                    <FormModalButton<{ note: string }>
                      key="done"
                      testId={`follow-up-done-${f.id}`}
                      label="✓"
                      title={t('cases.followUps')}
                      onSubmit={(v) => act.mutateAsync({ path: `/follow-ups/${f.id}/done`, body: v })}
                    >
                      <Form.Item name="note" label={t('cases.contactNote')} rules={[{ required: true, min: 2 }]}>
                        <Input.TextArea rows={2} />
                      </Form.Item>
                    </FormModalButton>,
                  ]
                : []
            }
          >
            <Space wrap>
              <span>{f.dueOn}</span>
              <Tag color={f.status === 'done' ? 'green' : f.overdue ? 'red' : 'blue'}>
                {f.status === 'done' ? '✓' : f.overdue ? t('cases.overdue') : f.reason}
              </Tag>
              {f.escalatedAt && <Tag color="volcano">{t('cases.supervised')}</Tag>}
              {f.note && <Typography.Text type="secondary">{f.note}</Typography.Text>}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
