import { createBrowserRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { FullPageSpin, RequireAuth, RequirePermission } from './guards';
import { AppLayout } from '../shell/AppLayout';
import { HomeRedirect } from '../shell/HomeRedirect';
import { NotFoundPage } from '../shell/NotFoundPage';
import { LoginPage } from '../features/accounts/LoginPage';
import { ForcedPasswordChangePage } from '../features/accounts/ForcedPasswordChangePage';
import type { CrumbHandle } from '../shell/Breadcrumbs';

const orgCrumb: CrumbHandle = { crumb: 'menu.orgTree', group: 'menu.organizations' };

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/change-password',
    element: (
      <RequireAuth passwordChangePage>
        <ForcedPasswordChangePage />
      </RequireAuth>
    ),
  },
  {
    path: '/',
    hydrateFallbackElement: <FullPageSpin />,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: 'orgs',
        handle: orgCrumb,
        element: (
          <RequirePermission permission="org.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            path: '',
            lazy: async () => ({ Component: (await import('../features/organizations/OrganizationsPage')).OrganizationsPage }),
            children: [
              { index: true, lazy: async () => ({ Component: (await import('../features/organizations/ActingOrgRedirect')).ActingOrgRedirect }) },
              {
                path: ':orgId',
                handle: { crumb: 'org' } satisfies CrumbHandle,
                lazy: async () => ({ Component: (await import('../features/organizations/OrgDetailPage')).OrgDetailPage }),
              },
            ],
          },
        ],
      },
      {
        path: 'reorganizations',
        handle: { crumb: 'menu.reorganizations', group: 'menu.organizations' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="org.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../features/organizations/ReorganizationsPage')).ReorganizationsPage }) },
        ],
      },
      {
        path: 'users',
        handle: { crumb: 'menu.users' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="user.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [{ index: true, lazy: async () => ({ Component: (await import('../features/accounts/UsersPage')).UsersPage }) }],
      },
      {
        path: 'audit',
        handle: { crumb: 'menu.audit' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="audit.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [{ index: true, lazy: async () => ({ Component: (await import('../features/audit/AuditPage')).AuditPage }) }],
      },
      {
        path: 'account',
        handle: { crumb: 'menu.account' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('../features/accounts/MyAccountPage')).MyAccountPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];

export const router = createBrowserRouter(routes);
