import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The accounts pages in the staff app's layout (composed in app/router.tsx). */
export const accountsRoutes: RouteObject[] = [
  {
    path: 'users',
    handle: { crumb: 'menu.users' } satisfies CrumbHandle,
    element: guardedOutlet('user.read'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./UsersPage')).UsersPage }),
      },
      {
        // 授权审批: the security officer's queue of roles that read personal data (三员分立, decision 0013)
        path: 'role-grants',
        handle: { crumb: 'roleGrants.title' } satisfies CrumbHandle,
        element: guardedOutlet('security.manage'),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('./RoleGrantsPage')).RoleGrantsPage }) },
        ],
      },
    ],
  },
  {
    path: 'account',
    handle: { crumb: 'menu.account' } satisfies CrumbHandle,
    lazy: async () => ({ Component: (await import('./MyAccountPage')).MyAccountPage }),
  },
];
