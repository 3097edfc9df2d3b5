import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';

/** The duties pages in the staff app's layout (composed in app/router.tsx). */
export const dutiesRoutes: RouteObject[] = [
  {
    path: 'duties',
    handle: workCrumb('duties.tableMenu'),
    element: guardedOutlet('duty.read'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./DutyTablePage')).DutyTablePage }),
      },
    ],
  },
  {
    path: 'duties/me',
    handle: workCrumb('duties.myMenu'),
    element: guardedOutlet('duty.own'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./MyDutiesPage')).MyDutiesPage }),
      },
    ],
  },
];
