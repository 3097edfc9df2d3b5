import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

const orgCrumb: CrumbHandle = { crumb: 'menu.orgTree', group: 'menu.organizations' };

/** The organizations pages in the staff app's layout (composed in app/router.tsx). */
export const organizationsRoutes: RouteObject[] = [
  {
    path: 'orgs',
    handle: orgCrumb,
    element: guardedOutlet('org.read'),
    children: [
      {
        path: '',
        lazy: async () => ({
          Component: (await import('./OrganizationsPage')).OrganizationsPage,
        }),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./ActingOrgRedirect')).ActingOrgRedirect,
            }),
          },
          {
            path: ':orgId',
            handle: { crumb: 'org' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./OrgDetailPage')).OrgDetailPage,
            }),
          },
        ],
      },
    ],
  },
  {
    path: 'reorganizations',
    handle: { crumb: 'menu.reorganizations', group: 'menu.organizations' } satisfies CrumbHandle,
    element: guardedOutlet('org.read'),
    children: [
      {
        index: true,
        lazy: async () => ({
          Component: (await import('./ReorganizationsPage')).ReorganizationsPage,
        }),
      },
    ],
  },
];
