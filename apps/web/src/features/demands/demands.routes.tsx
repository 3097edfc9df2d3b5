import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { DemandCrumb } from './demands.crumbs';

/** The demands pages in the staff app's layout (composed in app/router.tsx). */
export const demandsRoutes: RouteObject[] = [
  {
    path: 'demands',
    element: guardedOutlet(['demand.read', 'demand.handle']),
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
      {
        path: 'proposals',
        handle: workCrumb('proposals.title'),
        lazy: async () => ({ Component: (await import('./ProposalsPage')).ProposalsPage }),
      },
    ],
  },
  {
    path: 'catalogue',
    handle: workCrumb('work.catalogue'),
    element: guardedOutlet(['demand.read', 'catalogue.write']),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./CataloguePage')).CataloguePage }),
      },
    ],
  },
];
