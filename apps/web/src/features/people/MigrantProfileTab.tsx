import { useState } from 'react';
import { Alert, Button, Descriptions, Empty, Skeleton, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { useMigrantProfile } from './migrants.api';
import { MigrantProfileDrawer } from './MigrantProfileDrawer';
import { PlaceText } from './PlaceText';
import { isReturnIntention } from './returnIntentions';
import { formatDateTime } from '../../app/time';

/** 在外务工: where she works now, for 在外妇女信息库 and the 流动妇联 that serves her there. */
export function MigrantProfileTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const profile = useMigrantProfile(person.id);
  const [editing, setEditing] = useState(false);
  const write = can('person.write') && person.status === 'active';
  if (profile.error) return <Alert type="error" showIcon title={errorText(profile.error)} />;
  if (profile.isPending) return <Skeleton active />;
  const p = profile.data;
  return (
    <>
      {write && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="migrant-edit-button">
            {p ? t('common.edit') : t('people.migrant.record')}
          </Button>
        </div>
      )}
      {!p ? (
        <Empty description={t('people.migrant.none')} />
      ) : (
        <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="migrant-profile">
          <Descriptions.Item label={t('people.migrant.now')}>
            <PlaceText profile={p} />
          </Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.home')}>{p.homePlace?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.employer')}>{p.employer ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.industry')}>{p.industry ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.skills')}>
            {p.skills.length ? p.skills.map((s) => <Tag key={s}>{s}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.returnIntention')}>
            {isReturnIntention(p.returnIntention)
              ? t(`people.migrant.returnIntentions.${p.returnIntention}`)
              : p.returnIntention}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.migrant.mobileFederation')}>
            {p.mobileFederation ? (
              <Link to={`/orgs/${p.mobileFederation.id}`}>{p.mobileFederation.name}</Link>
            ) : (
              t('people.migrant.noMobileFederation')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('people.updatedAt')}>{formatDateTime(p.updatedAt)}</Descriptions.Item>
        </Descriptions>
      )}
      <MigrantProfileDrawer personId={person.id} profile={p ?? null} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
