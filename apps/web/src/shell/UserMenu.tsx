import { Avatar, Button, Dropdown, type MenuProps } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, useMe } from '../app/auth';

export function UserMenu() {
  const { t } = useTranslation();
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const items: MenuProps['items'] = [
    {
      key: 'account',
      icon: <UserOutlined />,
      label: t('menu.account'),
      'data-testid': 'user-menu-account',
    } as NonNullable<MenuProps['items']>[number],
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('auth.signOut'), 'data-testid': 'logout' } as NonNullable<
      MenuProps['items']
    >[number],
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') void navigate('/account');
    if (key === 'logout') {
      void signOut().then(() => navigate('/login', { replace: true }));
    }
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']}>
      <Button type="text" data-testid="user-menu">
        <Avatar size="small" icon={<UserOutlined />} style={{ marginRight: 6 }} />
        {me.displayName}
      </Button>
    </Dropdown>
  );
}
