import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { errorText } from '../../app/notify';
import { usePerson, type SensitiveField } from './people.api';
import { PersonTags } from './PersonTags';
import { MaskedField } from './MaskedField';
import { UnmaskModal } from './UnmaskModal';
import { PersonBasicTab } from './PersonBasicTab';
import { PersonTagsTab } from './PersonTagsTab';
import { GuardiansTab } from './GuardiansTab';
import { ConsentsTab } from './ConsentsTab';
import { PersonFamiliesTab } from './PersonFamiliesTab';
import { MigrantProfileTab } from './MigrantProfileTab';
import { TimelineTab } from './TimelineTab';
import { MergesTab } from './MergesTab';

const TABS = ['basic', 'tags', 'guardians', 'consents', 'families', 'migrant', 'timeline', 'merges'] as const;
type TabKey = (typeof TABS)[number];
const SENSITIVE: readonly SensitiveField[] = ['idNumber', 'phone', 'householdAddress', 'residenceAddress'];

/** 人员详情: who she is (sensitive fields masked, each unmaskable with a reason), and everything recorded about her. */
export function PersonDetailPage() {
  const { t } = useTranslation();
  const { personId } = useParams();
  const id = Number(personId);
  const person = usePerson(id);
  const [params, setParams] = useSearchParams();
  const [unmasking, setUnmasking] = useState<SensitiveField | null>(null);
  // Clear values belong to the person they were asked for: another person's page starts masked again.
  const [revealed, setRevealed] = useState<{ id: number; values: Partial<Record<SensitiveField, string | null>> }>({
    id,
    values: {},
  });
  const clear = revealed.id === id ? revealed.values : {};

  const notFound =
    !Number.isInteger(id) || id <= 0 || (person.error instanceof ApiError && person.error.status === 404);
  if (notFound) {
    return (
      <Card>
        <Result
          status="404"
          title="404"
          subTitle={<span data-testid="person-not-found">{t('people.notFound')}</span>}
          extra={
            <Link to="/people">
              <Button type="primary">{t('people.backToList')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  if (person.error)
    return (
      <Card>
        <Result status="error" title={errorText(person.error)} />
      </Card>
    );
  if (!person.data)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const p = person.data;
  const tabs = TABS.filter((k) => k !== 'guardians' || p.isChild || p.guardians.length > 0);
  const tabParam = params.get('tab');
  const tab: TabKey = tabs.find((k) => k === tabParam) ?? 'basic';
  const content: Record<TabKey, React.ReactNode> = {
    basic: <PersonBasicTab person={p} />,
    tags: <PersonTagsTab person={p} />,
    guardians: <GuardiansTab person={p} />,
    consents: <ConsentsTab person={p} />,
    families: <PersonFamiliesTab person={p} />,
    migrant: <MigrantProfileTab person={p} />,
    timeline: <TimelineTab personId={p.id} />,
    merges: <MergesTab personId={p.id} />,
  };

  return (
    <Card
      data-testid="person-detail"
      title={
        <Space size={8} wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="person-detail-name">
            {p.name}
          </Typography.Title>
          {p.gender && <Tag>{t(`people.genders.${p.gender}`)}</Tag>}
          {p.age !== null && <Tag>{t('people.ageYears', { count: p.age })}</Tag>}
          {p.isChild && <Tag color="gold">{t('people.child')}</Tag>}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {p.org.name}
          </Typography.Text>
        </Space>
      }
    >
      {p.status === 'merged' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            <>
              {t('people.mergedNotice')}{' '}
              {p.mergedIntoId && <Link to={`/people/${p.mergedIntoId}`}>{t('people.openMergedInto')}</Link>}
            </>
          }
        />
      )}
      {p.tags.length > 0 && (
        <div style={{ marginBottom: 12 }} data-testid="person-header-tags">
          <PersonTags codes={p.tags.map((x) => x.code)} />
        </div>
      )}
      <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="person-sensitive">
        {SENSITIVE.map((field) => (
          <Descriptions.Item key={field} label={t(`people.${field}`)}>
            <MaskedField
              field={field}
              masked={p[field]}
              clear={field in clear ? clear[field] : undefined}
              onUnmask={setUnmasking}
            />
          </Descriptions.Item>
        ))}
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'basic' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={tabs.map((key) => ({
          key,
          label: <span data-testid={`person-tab-${key}`}>{t(`people.tabs.${key}`)}</span>,
          children: content[key],
        }))}
      />
      <UnmaskModal
        personId={p.id}
        field={unmasking}
        onClose={() => setUnmasking(null)}
        onRevealed={(field, value) => setRevealed({ id: p.id, values: { ...clear, [field]: value } })}
      />
    </Card>
  );
}
