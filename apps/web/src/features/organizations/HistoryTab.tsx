import { Alert, Skeleton, Table, Timeline, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { OrgHistory } from '@jinguo/contracts';
import { errorText } from '../../app/notify';
import { useOrgHistory } from './organizations.api';
import { OrgTypeTag } from './OrgTypeTag';
import { OrgStatusTag } from './OrgStatusTag';
import { ReorganizationKindTag } from './ReorganizationKindTag';
import { formatDateTime } from '../../app/time';

type Version = OrgHistory['versions'][number];

/** 沿革: every version of the org (valid-from / valid-to) and the reorganizations that made them. */
export function HistoryTab({ orgId }: { orgId: number }) {
  const { t } = useTranslation();
  const history = useOrgHistory(orgId);
  if (history.error) return <Alert type="error" showIcon title={errorText(history.error)} />;
  if (!history.data) return <Skeleton active />;
  const { versions, reorganizations } = history.data;
  return (
    <div data-testid="org-history">
      <Typography.Title level={5}>{t('history.versions')}</Typography.Title>
      <Table<Version>
        scroll={{ x: 'max-content' }}
        rowKey={(v) => `${v.validFrom}-${v.reorganizationId ?? 'x'}`}
        size="small"
        dataSource={versions}
        pagination={false}
        columns={[
          { title: t('history.validFrom'), dataIndex: 'validFrom' },
          { title: t('history.validTo'), render: (_, v) => v.validTo ?? t('org.now') },
          { title: t('org.name'), dataIndex: 'name' },
          { title: t('org.code'), dataIndex: 'code' },
          { title: t('org.type'), render: (_, v) => <OrgTypeTag type={v.type} /> },
          { title: t('common.status'), render: (_, v) => <OrgStatusTag status={v.status} /> },
          {
            title: t('history.parent'),
            render: (_, v) => (v.parent ? <Link to={`/orgs/${v.parent.id}`}>{v.parent.name}</Link> : '—'),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('history.reorganizations')}
      </Typography.Title>
      {reorganizations.length === 0 ? (
        <Typography.Text type="secondary">{t('common.noData')}</Typography.Text>
      ) : (
        <Timeline
          items={reorganizations.map((r) => ({
            key: r.id,
            content: (
              <div>
                <ReorganizationKindTag kind={r.kind} /> <strong>{r.effectiveDate}</strong> {r.summary}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('common.reason')}: {r.reason} · {r.actorName ?? t('history.system')} ·{' '}
                    {formatDateTime(r.recordedAt)}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </div>
  );
}
