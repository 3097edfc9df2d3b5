import { Outlet, type RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

const peopleCrumb = (crumb: CrumbHandle['crumb']): CrumbHandle => ({ crumb, group: 'menu.peopleGroup' });

/** The people pages in the staff app's layout (composed in app/router.tsx). */
export const peopleRoutes: RouteObject[] = [
  {
    path: 'people',
    element: (
      <RequirePermission permission="person.read">
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        handle: peopleCrumb('menu.people'),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./PeoplePage')).PeoplePage }),
          },
          {
            path: ':personId',
            handle: { crumb: 'person' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./PersonDetailPage')).PersonDetailPage,
            }),
          },
        ],
      },
      {
        path: 'migrants',
        handle: peopleCrumb('menu.migrants'),
        lazy: async () => ({ Component: (await import('./MigrantsPage')).MigrantsPage }),
      },
      {
        path: 'duplicates',
        handle: peopleCrumb('menu.duplicates'),
        lazy: async () => ({ Component: (await import('./DuplicatesPage')).DuplicatesPage }),
      },
      {
        path: 'import',
        handle: peopleCrumb('menu.import'),
        element: (
          <RequirePermission permission="person.write">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./ImportPage')).ImportPage }),
          },
        ],
      },
    ],
  },
  {
    path: 'families',
    handle: peopleCrumb('menu.families'),
    element: (
      <RequirePermission permission="person.read">
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./FamiliesPage')).FamiliesPage }),
      },
      {
        path: ':familyId',
        handle: { crumb: 'family' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./FamilyPage')).FamilyPage }),
      },
    ],
  },
];
