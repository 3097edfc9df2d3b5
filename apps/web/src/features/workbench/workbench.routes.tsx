import type { RouteObject } from 'react-router';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** 工作台, the landing page of every signed-in user (composed in app/router.tsx): no permission of its own. */
export const workbenchRoutes: RouteObject[] = [
  {
    path: 'workbench',
    handle: { crumb: 'workbench.title' } satisfies CrumbHandle,
    lazy: async () => ({ Component: (await import('./WorkbenchPage')).WorkbenchPage }),
  },
];
