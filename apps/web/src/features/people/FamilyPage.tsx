import { useState } from 'react';
import { Button, Card, Result, Skeleton, Space } from 'antd';
import { TrophyOutlined, UserAddOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { useFamily } from './families.api';
import { FamilyCard } from './FamilyCard';
import { AddFamilyMemberModal } from './AddFamilyMemberModal';
import { AddHonourModal } from './AddHonourModal';

/** 家庭: a household's members (present and former) and honours. */
export function FamilyPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const { familyId } = useParams();
  const id = Number(familyId);
  const family = useFamily(id);
  const [adding, setAdding] = useState<'member' | 'honour' | null>(null);

  if (!Number.isInteger(id) || id <= 0 || (family.error instanceof ApiError && family.error.status === 404)) {
    return (
      <Card>
        <Result
          status="404"
          title="404"
          subTitle={<span data-testid="family-not-found">{t('people.families.notFound')}</span>}
          extra={
            <Link to="/families">
              <Button type="primary">{t('people.families.backToList')}</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  if (family.error)
    return (
      <Card>
        <Result status="error" title={errorText(family.error)} />
      </Card>
    );
  if (!family.data)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );

  const f = family.data;
  const write = can('person.write');
  return (
    <div data-testid="family-page">
      <FamilyCard
        family={f}
        showFormer
        manage={write}
        extra={
          write && (
            <Space>
              <Button
                icon={<UserAddOutlined />}
                onClick={() => setAdding('member')}
                data-testid="add-family-member-button"
              >
                {t('people.families.addMember')}
              </Button>
              <Button
                icon={<TrophyOutlined />}
                onClick={() => setAdding('honour')}
                data-testid="add-family-honour-button"
              >
                {t('people.families.addHonour')}
              </Button>
            </Space>
          )
        }
      />
      <AddFamilyMemberModal family={f} open={adding === 'member'} onClose={() => setAdding(null)} />
      <AddHonourModal familyId={f.id} open={adding === 'honour'} onClose={() => setAdding(null)} />
    </div>
  );
}
