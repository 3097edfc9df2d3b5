import type { RouteObject } from 'react-router';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The retention page in the staff app's layout (composed in app/router.tsx). */
export const retentionRoutes: RouteObject[] = [
  {
    path: 'admin/retention',
    handle: { crumb: 'retention.title' } satisfies CrumbHandle,
    lazy: async () => ({ Component: (await import('./RetentionPage')).RetentionPage }),
  },
];
