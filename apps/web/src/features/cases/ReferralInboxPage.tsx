import { Button, Card, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CASE_TYPE_LABELS, REFERRAL_STATE_LABELS, type CaseType } from '@jinguo/contracts';
import { useLocalize } from '../../i18n';
import { useReferralInbox } from './cases.api';
import { formatDateTime } from '../../app/time';

/** A partner agency's inbox: only the referrals sent to its agency, what needs it first, a page at a time. */
export function ReferralInboxPage() {
  const { t } = useTranslation();
  const l = useLocalize();
  const inbox = useReferralInbox();
  const first = inbox.data?.pages[0];
  const rows = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={`${t('cases.inbox')}${first ? ` · ${first.agency.name}` : ''}`}
      extra={
        first?.counts && (
          <Typography.Text type="secondary" data-testid="referral-inbox-counts">
            {t('cases.inboxCounts', first.counts)}
          </Typography.Text>
        )
      }
    >
      <Table
        data-testid="referral-inbox"
        rowKey="id"
        loading={inbox.isLoading}
        pagination={false}
        dataSource={rows}
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
      {inbox.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button
            onClick={() => void inbox.fetchNextPage()}
            loading={inbox.isFetchingNextPage}
            data-testid="referral-inbox-more"
          >
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
