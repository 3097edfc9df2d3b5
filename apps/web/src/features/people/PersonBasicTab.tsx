import { useState } from 'react';
import { Button, Descriptions, Space } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { PersonDrawer } from './PersonDrawer';
import { formatDateTime } from '../../app/time';

const dash = (v: string | null | undefined) => v || '—';

/** 基本信息: the record's plain fields (the sensitive ones are in the header, masked); edit with the version read. */
export function PersonBasicTab({ person: p }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [editing, setEditing] = useState(false);
  return (
    <>
      {can('person.write') && p.status === 'active' && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="person-edit-button">
            {t('common.edit')}
          </Button>
        </div>
      )}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} data-testid="person-basic">
        <Descriptions.Item label={t('people.name')}>{p.name}</Descriptions.Item>
        <Descriptions.Item label={t('people.gender')}>
          {p.gender ? t(`people.genders.${p.gender}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.birthDate')}>{dash(p.birthDate)}</Descriptions.Item>
        <Descriptions.Item label={t('people.age')}>{p.age ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('people.ethnicity')}>{dash(p.ethnicity)}</Descriptions.Item>
        <Descriptions.Item label={t('people.education')}>
          {p.education ? t(`people.educations.${p.education}`) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('people.occupation')}>{dash(p.occupation)}</Descriptions.Item>
        <Descriptions.Item label={t('people.org')}>
          <Link to={`/orgs/${p.org.id}`}>{p.org.name}</Link>
        </Descriptions.Item>
        {p.isChild && (
          <>
            <Descriptions.Item label={t('people.school')}>{dash(p.school)}</Descriptions.Item>
            <Descriptions.Item label={t('people.careSituation')}>
              {p.careSituation ? t(`people.careSituations.${p.careSituation}`) : '—'}
            </Descriptions.Item>
          </>
        )}
        <Descriptions.Item label={t('people.createdAt')}>{formatDateTime(p.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('people.updatedAt')}>
          <Space size={4}>
            {formatDateTime(p.updatedAt)}
            <span style={{ color: '#999' }}>{t('people.versionNo', { version: p.version })}</span>
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <PersonDrawer person={p} open={editing} onClose={() => setEditing(false)} />
    </>
  );
}
