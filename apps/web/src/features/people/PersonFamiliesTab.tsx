import { useState } from 'react';
import { Alert, Button, Empty, Skeleton } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { usePersonFamilies } from './families.api';
import { FamilyCard } from './FamilyCard';
import { CreateFamilyModal } from './CreateFamilyModal';

/** 家庭: the households she belongs to, with members and honours; a new household starts with her as a member. */
export function PersonFamiliesTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const families = usePersonFamilies(person.id);
  const [creating, setCreating] = useState(false);
  if (families.error) return <Alert type="error" showIcon title={errorText(families.error)} />;
  if (!families.data) return <Skeleton active />;
  return (
    <>
      {can('person.write') && person.status === 'active' && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-family-button">
            {t('people.families.create')}
          </Button>
        </div>
      )}
      {families.data.length === 0 && <Empty description={t('people.families.none')} />}
      {families.data.map((f) => (
        <FamilyCard key={f.id} family={f} title={<Link to={`/families/${f.id}`}>{f.name}</Link>} />
      ))}
      <CreateFamilyModal person={person} open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
