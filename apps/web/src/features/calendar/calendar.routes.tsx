import type { RouteObject } from 'react-router';
import type { CrumbHandle } from '../../shell/Breadcrumbs';

/** The calendar pages in the staff app's layout (composed in app/router.tsx). */
export const calendarRoutes: RouteObject[] = [
  {
    path: 'admin/calendar',
    handle: { crumb: 'calendar.title' } satisfies CrumbHandle,
    lazy: async () => ({ Component: (await import('./CalendarPage')).CalendarPage }),
  },
];
