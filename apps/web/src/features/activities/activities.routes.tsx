import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { ActivityCrumb } from './activities.crumbs';

/** The activities pages in the staff app's layout (composed in app/router.tsx). */
export const activitiesRoutes: RouteObject[] = [
  {
    path: 'activities',
    element: guardedOutlet('activity.read'),
    children: [
      {
        handle: { crumb: 'activities.list', group: 'activities.menu' } satisfies CrumbHandle,
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./ActivitiesPage')).ActivitiesPage,
            }),
          },
          {
            path: ':activityId',
            handle: { crumb: 'activities.list', record: ActivityCrumb } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./ActivityDetailPage')).ActivityDetailPage,
            }),
          },
        ],
      },
      {
        path: 'spaces',
        handle: { crumb: 'activities.spaces', group: 'activities.menu' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./SpacesPage')).SpacesPage }),
      },
      {
        path: 'trainings',
        handle: { crumb: 'activities.trainings', group: 'activities.menu' } satisfies CrumbHandle,
        lazy: async () => ({
          Component: (await import('./TrainingRecordPage')).TrainingRecordPage,
        }),
      },
    ],
  },
];
