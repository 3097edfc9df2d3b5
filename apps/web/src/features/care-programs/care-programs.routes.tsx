import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { ApplicationCrumb, WishCrumb } from './care-programs.crumbs';

/** The care-programs pages in the staff app's layout (composed in app/router.tsx). */
export const careProgramsRoutes: RouteObject[] = [
  {
    path: 'care-programs',
    element: guardedOutlet('care.read'),
    handle: { crumb: 'care.menu' } satisfies CrumbHandle,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./ProgramsPage')).ProgramsPage }),
      },
      {
        path: 'applications',
        handle: { crumb: 'care.applications' } satisfies CrumbHandle,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./ApplicationsPage')).ApplicationsPage,
            }),
          },
          {
            path: ':applicationId',
            handle: { crumb: 'care.person', record: ApplicationCrumb } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./ApplicationDetailPage')).ApplicationDetailPage,
            }),
          },
        ],
      },
      {
        path: 'beneficiaries',
        handle: { crumb: 'care.beneficiaries' } satisfies CrumbHandle,
        lazy: async () => ({
          Component: (await import('./BeneficiariesPage')).BeneficiariesPage,
        }),
      },
      {
        path: 'parcels',
        handle: { crumb: 'care.parcels' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./ParcelsPage')).ParcelsPage }),
      },
      {
        path: 'greetings',
        handle: { crumb: 'care.greetings' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./GreetingsPage')).GreetingsPage }),
      },
      {
        path: 'pairings',
        handle: { crumb: 'care.pairings.title' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./PairingsPage')).PairingsPage }),
      },
      {
        path: 'wishes',
        handle: { crumb: 'care.wishes.title' } satisfies CrumbHandle,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./WishesPage')).WishesPage }),
          },
          {
            path: ':wishId',
            handle: { crumb: 'care.wishes.detail', record: WishCrumb } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./WishDetailPage')).WishDetailPage,
            }),
          },
        ],
      },
    ],
  },
];
