import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The dashboards pages in the staff app's layout (composed in app/router.tsx). */
export const dashboardsRoutes: RouteObject[] = [
  {
    path: 'dashboards',
    element: guardedOutlet('stats.read'),
    children: [
      {
        index: true,
        handle: { crumb: 'dashboards.cockpit', group: 'dashboards.menu' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./CockpitPage')).CockpitPage }),
      },
      {
        path: 'indicators',
        handle: { crumb: 'dashboards.catalogue', group: 'dashboards.menu' } satisfies CrumbHandle,
        lazy: async () => ({
          Component: (await import('./IndicatorCataloguePage')).IndicatorCataloguePage,
        }),
      },
    ],
  },
];
