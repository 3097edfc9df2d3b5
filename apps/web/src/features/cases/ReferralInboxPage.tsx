import { Card, Table, Tag } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CASE_TYPE_LABELS, REFERRAL_STATE_LABELS, type CaseType } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { useReferralInbox } from './cases.api';
import { formatDateTime } from '../../app/time';

/** A partner agency's inbox: only the referrals sent to its agency. */
export function ReferralInboxPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const inbox = useReferralInbox();
  return (
    <Card title={`${t('cases.inbox')}${inbox.data ? ` · ${inbox.data.agency.name}` : ''}`}>
      <Table
        data-testid="referral-inbox"
        rowKey="id"
        loading={inbox.isLoading}
        pagination={false}
        dataSource={inbox.data?.items ?? []}
        columns={[
          {
            title: t('cases.caseNo'),
            render: (_, r) => (
              <Link to={`/referrals/${r.id}`} data-testid={`referral-link-${r.id}`}>
                {r.caseNo}
              </Link>
            ),
          },
          { title: t('cases.type'), render: (_, r) => l(CASE_TYPE_LABELS[r.caseType as CaseType]) },
          { title: t('cases.status'), render: (_, r) => <Tag>{l(REFERRAL_STATE_LABELS[r.status])}</Tag> },
          {
            title: t('cases.urgent'),
            render: (_, r) => (r.urgent ? <Tag color="red">{t('cases.urgent')}</Tag> : null),
          },
          { title: t('cases.openedAt'), render: (_, r) => formatDateTime(r.sentAt) },
        ]}
      />
    </Card>
  );
}
