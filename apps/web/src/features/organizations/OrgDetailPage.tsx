import { Button, Card, Result, Skeleton, Space, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { errorText } from '../../app/notify';
import { useOrgDetail } from './organizations.api';
import { OrgTypeTag } from './OrgTypeTag';
import { OrgStatusTag } from './OrgStatusTag';
import { OrgActionsMenu } from './OrgActionsMenu';
import { OrgBasicTab } from './OrgBasicTab';
import { OrgChildrenTab } from './OrgChildrenTab';
import { SpacesTab } from './SpacesTab';
import { OfficersTab } from './OfficersTab';
import { TermsTab } from './TermsTab';
import { CoverageTab } from './CoverageTab';
import { HistoryTab } from './HistoryTab';

const TABS = ['basic', 'children', 'spaces', 'officers', 'terms', 'coverage', 'history'] as const;
type TabKey = (typeof TABS)[number];

export function OrgDetailPage() {
  const { t } = useTranslation();
  const { orgId } = useParams();
  const id = Number(orgId);
  const detail = useOrgDetail(id);
  const [params, setParams] = useSearchParams();
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.find((k) => k === tabParam) ?? 'basic';

  const notFound =
    !Number.isInteger(id) || id <= 0 || (detail.error instanceof ApiError && detail.error.status === 404);
  if (notFound) {
    return (
      <Card>
        <Result
          status="404"
          title="404"
          subTitle={<span data-testid="org-not-found">{t('org.notFound')}</span>}
          extra={
            <Link to="/orgs">
              <Button type="primary">{t('org.backToMine')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  if (detail.error)
    return (
      <Card>
        <Result status="error" title={errorText(detail.error)} />
      </Card>
    );
  if (!detail.data)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const org = detail.data;
  const tabLabel = (key: TabKey) => <span data-testid={`org-tab-${key}`}>{t(`org.tabs.${key}`)}</span>;
  const content: Record<TabKey, React.ReactNode> = {
    basic: <OrgBasicTab org={org} />,
    children: <OrgChildrenTab org={org} />,
    spaces: <SpacesTab org={org} />,
    officers: <OfficersTab org={org} />,
    terms: <TermsTab org={org} />,
    coverage: <CoverageTab orgId={org.id} />,
    history: <HistoryTab orgId={org.id} />,
  };

  return (
    <Card
      data-testid="org-detail"
      title={
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-detail-name">
            {org.name}
          </Typography.Title>
          <OrgTypeTag type={org.type} />
          <OrgStatusTag status={org.status} />
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {org.code}
          </Typography.Text>
        </Space>
      }
      extra={<OrgActionsMenu org={org} />}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'basic' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((key) => ({ key, label: tabLabel(key), children: content[key] }))}
      />
    </Card>
  );
}
