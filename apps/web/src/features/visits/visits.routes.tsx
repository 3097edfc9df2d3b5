import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { CampaignCrumb, VisitCrumb } from './visits.crumbs';

/** The visits pages in the staff app's layout (composed in app/router.tsx). */
export const visitsRoutes: RouteObject[] = [
  {
    path: 'visits',
    element: guardedOutlet(['visit.read', 'visit.record']),
    children: [
      {
        handle: workCrumb('work.visits'),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./VisitsPage')).VisitsPage }),
          },
          {
            path: ':visitId',
            handle: { crumb: 'visits.record', record: VisitCrumb } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('./VisitDetailPage')).VisitDetailPage }),
          },
        ],
      },
      {
        path: 'campaigns',
        handle: workCrumb('work.campaigns'),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./CampaignsPage')).CampaignsPage }),
          },
          {
            path: ':campaignId',
            handle: { crumb: 'campaigns.progress', record: CampaignCrumb } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('./CampaignDetailPage')).CampaignDetailPage,
            }),
          },
        ],
      },
    ],
  },
];
