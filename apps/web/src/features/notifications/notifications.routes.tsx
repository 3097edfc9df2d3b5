import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The notifications pages in the staff app's layout (composed in app/router.tsx). */
export const notificationsRoutes: RouteObject[] = [
  {
    path: 'notifications',
    handle: { crumb: 'notifications.title' } satisfies CrumbHandle,
    lazy: async () => ({
      Component: (await import('./NotificationsPage')).NotificationsPage,
    }),
  },
  {
    path: 'admin/dev-outbox',
    handle: { crumb: 'devOutbox.title' } satisfies CrumbHandle,
    element: guardedOutlet('dev.outbox.read'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./DevOutboxPage')).DevOutboxPage }),
      },
    ],
  },
];
