import { useState } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCNLocale from 'antd/locale/zh_CN';
import enUSLocale from 'antd/locale/en_US';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { initialLang, LangContext, rememberLang, type Lang } from './i18n';
import { PortalLayout } from './PortalLayout';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: true, staleTime: 15_000 } },
});

const router = createBrowserRouter(
  [
    {
      path: '/',
      element: <PortalLayout />,
      children: [
        { index: true, lazy: async () => ({ Component: (await import('./pages/HomePage')).HomePage }) },
        { path: 'login', lazy: async () => ({ Component: (await import('./pages/LoginPage')).LoginPage }) },
        { path: 'order/:itemId', lazy: async () => ({ Component: (await import('./pages/OrderPage')).OrderPage }) },
        { path: 'help', lazy: async () => ({ Component: (await import('./pages/HelpPage')).HelpPage }) },
        { path: 'requests', lazy: async () => ({ Component: (await import('./pages/RequestsPage')).RequestsPage }) },
        { path: 'requests/:id', lazy: async () => ({ Component: (await import('./pages/RequestPage')).RequestPage }) },
        { path: 'track', lazy: async () => ({ Component: (await import('./pages/TrackPage')).TrackPage }) },
        { path: 'notices', lazy: async () => ({ Component: (await import('./pages/NoticesPage')).NoticesPage }) },
        {
          path: 'activities/:activityId',
          lazy: async () => ({ Component: (await import('./pages/ActivityPage')).ActivityPage }),
        },
        {
          path: 'checkin/:activityId',
          lazy: async () => ({ Component: (await import('./pages/CheckInPage')).CheckInPage }),
        },
        { path: 'care', lazy: async () => ({ Component: (await import('./pages/CarePage')).CarePage }) },
        { path: 'wishes', lazy: async () => ({ Component: (await import('./pages/WishesPage')).WishesPage }) },
        {
          path: 'care/:id',
          lazy: async () => ({ Component: (await import('./pages/CareApplicationPage')).CareApplicationPage }),
        },
      ],
    },
  ],
  { basename: '/h5' },
);

/** The residents' mobile portal (/h5): its own session, API client, texts and router. */
export function PortalApp() {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = (l: Lang) => {
    rememberLang(l);
    setLangState(l);
  };
  return (
    <LangContext.Provider value={{ lang, setLang }}>
      <ConfigProvider
        locale={lang === 'zh-CN' ? zhCNLocale : enUSLocale}
        componentSize="large"
        theme={{ token: { colorPrimary: '#c41d48', borderRadius: 10, fontSize: 16 } }}
      >
        <AntApp>
          <QueryClientProvider client={queryClient}>
            <RouterProvider router={router} />
          </QueryClientProvider>
        </AntApp>
      </ConfigProvider>
    </LangContext.Provider>
  );
}
