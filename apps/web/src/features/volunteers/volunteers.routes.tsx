import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { CallUpCrumb } from './volunteers.crumbs';

/** The volunteers pages in the staff app's layout (composed in app/router.tsx). */
export const volunteersRoutes: RouteObject[] = [
  {
    path: 'volunteers',
    handle: workCrumb('volunteers.menu'),
    element: guardedOutlet('volunteer.read'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./VolunteersPage')).VolunteersPage }),
      },
    ],
  },
  {
    path: 'call-ups',
    handle: workCrumb('callUps.menu'),
    element: guardedOutlet(['volunteer.read', 'callup.respond']),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./CallUpsPage')).CallUpsPage }),
      },
      {
        path: ':callUpId',
        handle: { crumb: 'callUps.invitees', record: CallUpCrumb } satisfies CrumbHandle,
        lazy: async () => ({
          Component: (await import('./CallUpDetailPage')).CallUpDetailPage,
        }),
      },
    ],
  },
];
