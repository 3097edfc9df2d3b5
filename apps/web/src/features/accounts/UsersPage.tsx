import { useState } from 'react';
import { Button, Card, Input, Space, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PasswordSent, User } from '@jinguo/contracts';
import { useAuth } from '../../app/auth';
import { errorText } from '../../app/notify';
import { useDebounced } from '../../app/useDebounced';
import { useUsers } from './accounts.api';
import { isLocked, UserActions } from './UserActions';
import { CreateUserDrawer } from './CreateUserDrawer';
import { EditUserModal } from './EditUserModal';
import { PasswordSentModal } from './PasswordSentModal';
import { RoleTags } from './RoleTags';
import { SetPhoneModal } from './SetPhoneModal';
import { formatDateTime } from '../../app/time';

export function UsersPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const manage = can('user.manage');
  // Security officers lift lockouts and record users' own phones without managing accounts (三员分立).
  const security = can('security.manage');
  const canUnlock = manage || security;
  const [q, setQ] = useState('');
  const debounced = useDebounced(q.trim(), 300);
  const users = useUsers(debounced);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [settingPhone, setSettingPhone] = useState<User | null>(null);
  const [sent, setSent] = useState<PasswordSent | null>(null);
  const rows = users.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card
      title={t('menu.users')}
      extra={
        <Space>
          <Input.Search
            allowClear
            placeholder={t('users.searchPlaceholder')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            style={{ width: 260 }}
            data-testid="users-search"
          />
          {manage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="create-user-button"
            >
              {t('users.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Table<User>
        scroll={{ x: 'max-content' }}
        rowKey="id"
        data-testid="users-table"
        loading={users.isFetching && !users.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        locale={users.error ? { emptyText: errorText(users.error) } : undefined}
        columns={[
          { title: t('auth.username'), dataIndex: 'username' },
          { title: t('users.displayName'), dataIndex: 'displayName' },
          { title: t('users.homeOrg'), render: (_, u) => u.homeOrg.name },
          {
            title: t('users.roles'),
            render: (_, u) => (
              <>
                <RoleTags roles={u.roles} />
                <RoleTags roles={u.pendingRoles} pending />
              </>
            ),
          },
          { title: t('users.phone'), render: (_, u) => u.phone ?? t('users.noPhone') },
          {
            title: t('common.status'),
            render: (_, u) => (
              <Space size={4}>
                <Tag color={u.status === 'active' ? 'green' : 'default'}>{t(`users.status.${u.status}`)}</Tag>
                {isLocked(u) && (
                  <Tooltip title={formatDateTime(u.lockedUntil)}>
                    <Tag color="red">{t('users.locked')}</Tag>
                  </Tooltip>
                )}
                {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('users.lastLogin'),
            render: (_, u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : '—'),
          },
          ...(manage || canUnlock
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, u: User) => (
                    <UserActions
                      user={u}
                      manage={manage}
                      canUnlock={canUnlock}
                      canSetPhone={security}
                      onEdit={setEditing}
                      onSetPhone={setSettingPhone}
                      onPasswordSent={setSent}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      {users.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button onClick={() => void users.fetchNextPage()} loading={users.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} onCreated={setSent} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <SetPhoneModal user={settingPhone} onClose={() => setSettingPhone(null)} />
      <PasswordSentModal value={sent} onClose={() => setSent(null)} />
    </Card>
  );
}
