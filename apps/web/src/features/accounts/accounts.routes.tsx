import { Outlet, type RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The accounts pages in the staff app's layout (composed in app/router.tsx). */
export const accountsRoutes: RouteObject[] = [
  {
    path: 'users',
    handle: { crumb: 'menu.users' } satisfies CrumbHandle,
    element: (
      <RequirePermission permission="user.read">
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./UsersPage')).UsersPage }),
      },
    ],
  },
  {
    path: 'account',
    handle: { crumb: 'menu.account' } satisfies CrumbHandle,
    lazy: async () => ({ Component: (await import('./MyAccountPage')).MyAccountPage }),
  },
];
