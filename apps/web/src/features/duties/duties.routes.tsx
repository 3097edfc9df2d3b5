import { Outlet, type RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';

/** The duties pages in the staff app's layout (composed in app/router.tsx). */
export const dutiesRoutes: RouteObject[] = [
  {
    path: 'duties',
    handle: workCrumb('duties.tableMenu'),
    element: (
      <RequirePermission permission="duty.read">
        <Outlet />
      </RequirePermission>
    ),
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
    element: (
      <RequirePermission permission="duty.own">
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./MyDutiesPage')).MyDutiesPage }),
      },
    ],
  },
];
