import { useState } from 'react';
import { Alert, Button, Popconfirm, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Person } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { notifySuccess } from '../../app/notify';
import { useRemoveGuardian } from './people.api';
import { AddGuardianModal } from './AddGuardianModal';

type Guardian = Person['guardians'][number];

/** 监护人 of a child: registered persons with their relationship. */
export function GuardiansTab({ person }: { person: Person }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const remove = useRemoveGuardian(person.id);
  const [adding, setAdding] = useState(false);
  const write = can('person.write') && person.status === 'active';
  return (
    <>
      {!person.isChild && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('people.guardians.adultNote')} />
      )}
      {write && (
        <div style={{ textAlign: 'right', marginBottom: 12 }}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-testid="add-guardian-button"
          >
            {t('people.guardians.add')}
          </Button>
        </div>
      )}
      <Table<Guardian>
        rowKey="personId"
        size="small"
        data-testid="guardians-table"
        dataSource={person.guardians}
        pagination={false}
        columns={[
          { title: t('people.name'), render: (_, g) => <Link to={`/people/${g.personId}`}>{g.name}</Link> },
          { title: t('people.guardians.relationship'), dataIndex: 'relationship' },
          ...(write
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, g: Guardian) => (
                    <Popconfirm
                      title={t('people.guardians.removeConfirm', { name: g.name })}
                      onConfirm={() => remove.mutate(g.personId, { onSuccess: () => notifySuccess(t('common.saved')) })}
                    >
                      <Button type="link" size="small" danger data-testid={`remove-guardian-${g.personId}`}>
                        {t('people.guardians.remove')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AddGuardianModal child={person} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
