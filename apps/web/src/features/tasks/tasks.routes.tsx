import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import { workCrumb } from '../../app/crumbs';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { AssignmentCrumb, TaskCrumb } from './tasks.crumbs';

/** The tasks pages in the staff app's layout (composed in app/router.tsx). */
export const tasksRoutes: RouteObject[] = [
  {
    path: 'tasks',
    element: guardedOutlet(['task.read']),
    children: [
      {
        handle: workCrumb('tasks.workList'),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./TasksPage')).TasksPage }),
          },
          {
            path: ':taskId',
            handle: { crumb: 'tasks.title', record: TaskCrumb } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('./TaskDetailPage')).TaskDetailPage }),
          },
          {
            path: ':taskId/assignments/:assignmentId',
            handle: { crumb: 'tasks.submission', record: AssignmentCrumb } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('./AssignmentPage')).AssignmentPage }),
          },
        ],
      },
      {
        path: 'forms',
        handle: workCrumb('tasks.forms'),
        lazy: async () => ({ Component: (await import('./FormsPage')).FormsPage }),
      },
    ],
  },
];
