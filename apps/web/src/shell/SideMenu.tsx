import { Menu, type MenuProps } from 'antd';
import { ApartmentOutlined, AuditOutlined, HistoryOutlined, TeamOutlined, UserOutlined, ClusterOutlined } from '@ant-design/icons';
import { useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';

type Item = Required<MenuProps>['items'][number];

/** One entry per module that exists; entries the user has no permission for are not shown at all. */
export function SideMenu() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  const items: Item[] = [];
  if (can('org.read')) {
    items.push({
      key: 'organizations',
      icon: <ApartmentOutlined />,
      label: t('menu.organizations'),
      'data-testid': 'menu-organizations',
      children: [
        { key: '/orgs', icon: <ClusterOutlined />, label: t('menu.orgTree'), 'data-testid': 'menu-orgs' },
        { key: '/reorganizations', icon: <HistoryOutlined />, label: t('menu.reorganizations'), 'data-testid': 'menu-reorganizations' },
      ],
    } as Item);
  }
  if (can('user.read')) items.push({ key: '/users', icon: <TeamOutlined />, label: t('menu.users'), 'data-testid': 'menu-users' } as Item);
  if (can('audit.read')) items.push({ key: '/audit', icon: <AuditOutlined />, label: t('menu.audit'), 'data-testid': 'menu-audit' } as Item);
  items.push({ key: '/account', icon: <UserOutlined />, label: t('menu.account'), 'data-testid': 'menu-account' } as Item);

  const selected = ['/orgs', '/reorganizations', '/users', '/audit', '/account'].find(
    (p) => pathname === p || pathname.startsWith(`${p}/`),
  );
  return (
    <Menu
      data-testid="side-menu"
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={['organizations']}
      onClick={({ key }) => navigate(key)}
    />
  );
}
