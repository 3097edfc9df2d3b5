import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

const peopleCrumb = (crumb: CrumbHandle['crumb']): CrumbHandle => ({ crumb, group: 'menu.peopleGroup' });

/** The people pages in the staff app's layout (composed in app/router.tsx). */
export const peopleRoutes: RouteObject[] = [
  {
    path: 'people',
    element: guardedOutlet('person.read'),
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
        element: guardedOutlet('person.write'),
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
    element: guardedOutlet('person.read'),
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
