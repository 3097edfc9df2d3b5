import { Card, Form, Input, List, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AGENCY_KIND_LABELS, REFERRAL_STATE_LABELS, type CaseView } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useAgencies, useCaseAction } from './cases.api';
import { formatDateTime } from '../../app/time';

/** 联动: the referrals of the case, the whole loop with its timing, and a new referral. */
export function ReferralsCard({ c }: { c: CaseView }) {
  const { t } = useTranslation();
  const l = useLocalize();
  const act = useCaseAction(c.id);
  const agencies = useAgencies(c.org.id);
  return (
    <Card
      size="small"
      title={t('cases.referralsLoop')}
      data-testid="case-referrals"
      extra={
        c.allowedActions.includes('refer') && (
          <FormModalButton<{ agencyId: number; request: string; urgent: boolean }>
            testId="case-refer"
            label={t('cases.refer')}
            title={t('cases.refer')}
            initialValues={{ urgent: false }}
            onSubmit={(v) => act.mutateAsync({ path: '/referrals', body: v })}
          >
            <Form.Item name="agencyId" label={t('cases.agency')} rules={[{ required: true }]}>
              <Select
                data-testid="case-refer-agency"
                options={(agencies.data?.items ?? []).map((a) => ({
                  value: a.id,
                  label: `${a.name}（${l(AGENCY_KIND_LABELS[a.kind])}）`,
                }))}
              />
            </Form.Item>
            <Form.Item name="request" label={t('cases.request')} rules={[{ required: true, min: 4 }]}>
              <Input.TextArea data-testid="case-refer-request" rows={3} />
            </Form.Item>
            <Form.Item name="urgent" label={t('cases.urgent')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </FormModalButton>
        )
      }
    >
      <List
        dataSource={c.referrals}
        locale={{ emptyText: '—' }}
        renderItem={(r) => (
          <List.Item data-testid={`referral-${r.id}`}>
            <Space direction="vertical" size={2} style={{ width: '100%' }}>
              <Space wrap>
                <b>{r.agency.name}</b>
                <Tag
                  color={r.status === 'answered' ? 'green' : r.status === 'declined' ? 'red' : 'blue'}
                  data-testid="referral-status"
                >
                  {l(REFERRAL_STATE_LABELS[r.status])}
                </Tag>
                {r.urgent && <Tag color="red">{t('cases.urgent')}</Tag>}
                <Typography.Text type="secondary">{formatDateTime(r.sentAt)}</Typography.Text>
                {r.hoursToAccept !== null && (
                  <Typography.Text type="secondary">{t('cases.hoursToAccept', { h: r.hoursToAccept })}</Typography.Text>
                )}
                {r.hoursToAnswer !== null && (
                  <Typography.Text type="secondary">{t('cases.hoursToAnswer', { h: r.hoursToAnswer })}</Typography.Text>
                )}
              </Space>
              <Typography.Text>{r.request}</Typography.Text>
              {r.declineReason && <Typography.Text type="danger">{r.declineReason}</Typography.Text>}
              {r.reports.map((x, i) => (
                <Typography.Text key={i} type="success">
                  {formatDateTime(x.at)} {x.by}：{x.text}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
