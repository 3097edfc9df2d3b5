import { Outlet, type RouteObject } from 'react-router';
import { RequirePermission } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { DemandCrumb } from './demands.crumbs';

/** The demands pages in the staff app's layout (composed in app/router.tsx). */
export const demandsRoutes: RouteObject[] = [
  {
    path: 'demands',
    element: (
      <RequirePermission permission={['demand.read', 'demand.handle']}>
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        handle: workCrumb('work.demands'),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./DemandsPage')).DemandsPage }),
          },
          {
            path: ':demandId',
            handle: { crumb: 'demands.code', record: DemandCrumb } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./DemandDetailPage')).DemandDetailPage,
            }),
          },
        ],
      },
      {
        path: 'indicators',
        handle: workCrumb('work.indicators'),
        lazy: async () => ({ Component: (await import('./IndicatorsPage')).IndicatorsPage }),
      },
      {
        path: 'suggestions',
        handle: workCrumb('work.suggestions'),
        lazy: async () => ({ Component: (await import('./SuggestionsPage')).SuggestionsPage }),
      },
    ],
  },
  {
    path: 'catalogue',
    handle: workCrumb('work.catalogue'),
    element: (
      <RequirePermission permission={['demand.read', 'catalogue.write']}>
        <Outlet />
      </RequirePermission>
    ),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./CataloguePage')).CataloguePage }),
      },
    ],
  },
];
