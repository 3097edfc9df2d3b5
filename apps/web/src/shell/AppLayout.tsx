import { Suspense, useState } from 'react';
import { Layout, Space, theme, Typography } from 'antd';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { FullPageSpin } from '../app/guards';
import { SideMenu } from './SideMenu';
import { Breadcrumbs } from './Breadcrumbs';
import { OrgSwitcher } from './OrgSwitcher';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';
import { NotificationBell } from '../features/notifications/NotificationBell';

export function AppLayout() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208}>
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            gap: 8,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          <span style={{ fontSize: 22, color: '#ff7a9c', fontWeight: 700 }}>巾帼</span>
          {!collapsed && (
            <Typography.Text style={{ color: 'rgba(255,255,255,0.85)' }} data-testid="app-title">
              {t('app.siderTitle')}
            </Typography.Text>
          )}
        </div>
        <SideMenu />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            paddingInline: 16,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 16,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Breadcrumbs />
          <Space size="middle">
            {can('org.read') && <OrgSwitcher />}
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
