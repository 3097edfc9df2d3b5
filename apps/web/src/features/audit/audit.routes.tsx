import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The audit pages in the staff app's layout (composed in app/router.tsx). */
export const auditRoutes: RouteObject[] = [
  {
    path: 'audit',
    handle: { crumb: 'menu.audit' } satisfies CrumbHandle,
    element: guardedOutlet('audit.read'),
    children: [{ index: true, lazy: async () => ({ Component: (await import('./AuditPage')).AuditPage }) }],
  },
];
