import { Suspense } from 'react';
import { Badge, Button, Spin, Typography } from 'antd';
import { BellOutlined, FileTextOutlined, GiftOutlined, HomeOutlined, HeartOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useT } from './i18n';
import { useMe, useNotices } from './portal.api';

/** Mobile-first frame: a header with the brand and language, the page, a bottom tab bar. */
export function PortalLayout() {
  const { t, lang, setLang } = useT();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const me = useMe();
  const notices = useNotices(!!me.data);
  const unread = notices.data?.items.filter((n) => !n.readAt).length ?? 0;
  const tabs = [
    { path: '/', icon: <HomeOutlined />, label: t('home'), testid: 'tab-home' },
    { path: '/help', icon: <HeartOutlined />, label: t('help'), testid: 'tab-help' },
    { path: '/care', icon: <GiftOutlined />, label: t('care'), testid: 'tab-care' },
    { path: '/requests', icon: <FileTextOutlined />, label: t('mine'), testid: 'tab-requests' },
    {
      path: '/notices',
      icon: (
        <Badge count={unread} size="small">
          <BellOutlined />
        </Badge>
      ),
      label: t('notices'),
      testid: 'tab-notices',
    },
  ];
  return (
    <div
      style={{
        maxWidth: 480,
        margin: '0 auto',
        minHeight: '100vh',
        background: '#fff7f8',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <header
        style={{
          background: '#c41d48',
          color: '#fff',
          padding: '12px 16px',
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <div>
          <Typography.Text strong style={{ color: '#fff', fontSize: 18 }} data-testid="portal-brand">
            {t('brand')}
          </Typography.Text>
          <div style={{ fontSize: 12, opacity: 0.85 }}>{t('tagline')}</div>
        </div>
        <Button
          size="small"
          ghost
          onClick={() => setLang(lang === 'zh-CN' ? 'en-US' : 'zh-CN')}
          data-testid="portal-lang"
        >
          {t('language')}
        </Button>
      </header>
      <main style={{ flex: 1, padding: 12, paddingBottom: 80 }}>
        <Suspense fallback={<Spin style={{ display: 'block', marginTop: 48 }} />}>
          <Outlet />
        </Suspense>
      </main>
      <nav
        style={{
          position: 'fixed',
          bottom: 0,
          left: '50%',
          transform: 'translateX(-50%)',
          width: '100%',
          maxWidth: 480,
          background: '#fff',
          borderTop: '1px solid #f0d5db',
          display: 'flex',
          zIndex: 10,
        }}
      >
        {tabs.map((tab) => {
          const active = tab.path === '/' ? pathname === '/' : pathname.startsWith(tab.path);
          return (
            <button
              key={tab.path}
              type="button"
              onClick={() => navigate(tab.path)}
              data-testid={tab.testid}
              style={{
                flex: 1,
                border: 0,
                background: 'none',
                padding: '8px 0 10px',
                color: active ? '#c41d48' : '#666',
                fontSize: 12,
                cursor: 'pointer',
              }}
            >
              <div style={{ fontSize: 20 }}>{tab.icon}</div>
              {tab.label}
            </button>
          );
        })}
      </nav>
    </div>
  );
}
