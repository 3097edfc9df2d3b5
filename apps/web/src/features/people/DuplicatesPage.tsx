import { useState } from 'react';
import { Alert, Card, Empty, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useActingOrg } from '../../app/actingOrg';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { useDuplicates } from './duplicates.api';
import { DuplicateGroupCard } from './DuplicateGroupCard';
import { OrgFilterPicker } from './OrgFilterPicker';

/** 疑似重复: persons with the same name and birth date in one town, for review and merging. */
export function DuplicatesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const acting = useActingOrg();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const groups = useDuplicates(orgId, acting?.id ?? null);
  return (
    <Card
      title={t('menu.duplicates')}
      data-testid="duplicates-page"
      extra={
        <OrgFilterPicker
          value={orgId}
          onChange={setOrgId}
          placeholder={t('people.orgFilter')}
          data-testid="duplicates-filter-org"
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('people.duplicates.intro')}</Typography.Paragraph>
      {groups.error && <Alert type="error" showIcon title={errorText(groups.error)} />}
      {groups.isPending && <Skeleton active />}
      {groups.data?.length === 0 && <Empty description={t('people.duplicates.none')} data-testid="duplicates-empty" />}
      {groups.data?.map((g, i) => (
        <DuplicateGroupCard
          key={`${g.name}-${g.birthDate}-${g.town?.id ?? 0}-${g.persons.map((p) => p.id).join('.')}`}
          group={g}
          index={i}
          canMerge={can('person.write')}
        />
      ))}
    </Card>
  );
}
