import { useState } from 'react';
import { Alert, Card, Empty, Skeleton, Space, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { errorText } from '../../app/notify';
import { useFamilies } from './families.api';
import { FamilyCard } from './FamilyCard';
import { OrgFilterPicker } from './OrgFilterPicker';

/** 家庭: the households of an org's subtree (the acting org unless another is picked). */
export function FamiliesPage() {
  const { t } = useTranslation();
  const acting = useActingOrg();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const families = useFamilies(orgId ?? acting?.id);
  return (
    <Card
      title={t('menu.families')}
      data-testid="families-page"
      extra={
        <OrgFilterPicker
          value={orgId}
          onChange={setOrgId}
          placeholder={acting?.name}
          data-testid="families-filter-org"
        />
      }
    >
      {families.error && <Alert type="error" showIcon title={errorText(families.error)} />}
      {families.isPending && <Skeleton active />}
      {families.data?.length === 0 && <Empty description={t('people.families.noneInOrg')} />}
      {families.data && families.data.length > 0 && (
        <Space orientation="vertical" style={{ width: '100%' }} size={0}>
          <Typography.Text type="secondary" style={{ marginBottom: 8 }}>
            {t('people.families.count', { count: families.data.length })}
          </Typography.Text>
          {families.data.map((f) => (
            <FamilyCard key={f.id} family={f} title={<Link to={`/families/${f.id}`}>{f.name}</Link>} />
          ))}
        </Space>
      )}
    </Card>
  );
}
