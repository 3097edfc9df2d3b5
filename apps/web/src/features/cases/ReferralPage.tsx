import { App, Card, Descriptions, Form, Input, List, Space, Switch, Tag } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CASE_TYPE_LABELS, PARTY_ROLE_LABELS, REFERRAL_STATE_LABELS, RISK_LEVEL_LABELS } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { FormModalButton } from './FormModalButton';
import { useAgencyReferral, useRespond } from './cases.api';
import { formatDateTime } from '../../app/time';

/** One referral as the agency sees it: the request and what the case needs; accept, decline, report back. */
export function ReferralPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const id = Number(useParams().referralId);
  const r = useAgencyReferral(id);
  const respond = useRespond(id);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const v = r.data;
  if (!v) return <Card loading={r.isLoading}>{r.error ? String(r.error.message) : null}</Card>;
  return (
    <Card
      data-testid="referral-page"
      title={`${v.case.caseNo} · ${l(CASE_TYPE_LABELS[v.case.caseType])}`}
      extra={
        <Space>
          <Tag data-testid="referral-page-status">{l(REFERRAL_STATE_LABELS[v.status])}</Tag>
          {v.allowedActions.includes('accept') && (
            <FormModalButton
              testId="referral-accept"
              label={t('cases.accept')}
              buttonProps={{ type: 'primary' }}
              title={t('cases.accept')}
              onSubmit={() => respond.mutateAsync({ action: 'accept' })}
            >
              <span>{v.request}</span>
            </FormModalButton>
          )}
          {v.allowedActions.includes('decline') && (
            <FormModalButton<{ reason: string }>
              testId="referral-decline"
              label={t('cases.decline')}
              title={t('cases.decline')}
              onSubmit={async (x) => {
                // a decline ends the agency's access to the case: back to the inbox rather than a page that 404s
                await respond.mutateAsync({ action: 'decline', reason: x.reason });
                void message.success(t('cases.declinedBack'));
                void navigate('/referrals');
              }}
            >
              <Form.Item name="reason" label={t('cases.reason')} rules={[{ required: true, min: 4 }]}>
                <Input.TextArea data-testid="referral-decline-reason" rows={2} />
              </Form.Item>
            </FormModalButton>
          )}
          {v.allowedActions.includes('report') && (
            <FormModalButton<{ text: string; final: boolean }>
              testId="referral-report"
              label={t('cases.report')}
              title={t('cases.report')}
              initialValues={{ final: true }}
              onSubmit={(x) => respond.mutateAsync({ action: 'report', text: x.text, final: x.final })}
            >
              <Form.Item name="text" label={t('cases.reportText')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea data-testid="referral-report-text" rows={3} />
              </Form.Item>
              <Form.Item name="final" label={t('cases.finalReport')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </FormModalButton>
          )}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'request', label: t('cases.request'), children: v.request },
          {
            key: 'risk',
            label: t('cases.risk'),
            children: v.case.riskLevel ? l(RISK_LEVEL_LABELS[v.case.riskLevel]) : '—',
          },
          { key: 'org', label: t('cases.org'), children: v.case.org.name },
          { key: 'narrative', label: t('cases.narrative'), children: v.case.narrative },
          {
            key: 'parties',
            label: t('cases.parties'),
            children: v.case.parties.map((p) => `${l(PARTY_ROLE_LABELS[p.role])} ${p.name ?? '—'}`).join('；'),
          },
        ]}
      />
      <List
        header={t('cases.report')}
        dataSource={v.reports}
        locale={{ emptyText: '—' }}
        renderItem={(x) => (
          <List.Item>
            {formatDateTime(x.at)} {x.by}：{x.text}
            {x.final && <Tag color="green">{t('cases.finalReport')}</Tag>}
          </List.Item>
        )}
      />
    </Card>
  );
}
