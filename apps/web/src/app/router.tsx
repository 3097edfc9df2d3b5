import { createBrowserRouter, Navigate, type RouteObject } from 'react-router';
import { FullPageSpin, RequireAuth } from './guards';
import { AppLayout } from '../shell/AppLayout';
import { HomeRedirect } from '../shell/HomeRedirect';
import { NotFoundPage } from '../shell/NotFoundPage';
import { LoginPage } from '../features/accounts/LoginPage';
import { ForcedPasswordChangePage } from '../features/accounts/ForcedPasswordChangePage';
import { SecondFactorPage } from '../features/accounts/SecondFactorPage';
import { organizationsRoutes } from '../features/organizations/organizations.routes';
import { peopleRoutes } from '../features/people/people.routes';
import { casesRoutes } from '../features/cases/cases.routes';
import { dashboardsRoutes } from '../features/dashboards/dashboards.routes';
import { accountsRoutes } from '../features/accounts/accounts.routes';
import { auditRoutes } from '../features/audit/audit.routes';
import { demandsRoutes } from '../features/demands/demands.routes';
import { visitsRoutes } from '../features/visits/visits.routes';
import { volunteersRoutes } from '../features/volunteers/volunteers.routes';
import { dutiesRoutes } from '../features/duties/duties.routes';
import { activitiesRoutes } from '../features/activities/activities.routes';
import { tasksRoutes } from '../features/tasks/tasks.routes';
import { careProgramsRoutes } from '../features/care-programs/care-programs.routes';
import { notificationsRoutes } from '../features/notifications/notifications.routes';
import { calendarRoutes } from '../features/calendar/calendar.routes';
import { retentionRoutes } from '../features/retention/retention.routes';
import { workbenchRoutes } from '../features/workbench/workbench.routes';

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  {
    path: '/second-factor',
    element: (
      <RequireAuth secondFactorPage>
        <SecondFactorPage />
      </RequireAuth>
    ),
  },
  {
    path: '/change-password',
    element: (
      <RequireAuth passwordChangePage>
        <ForcedPasswordChangePage />
      </RequireAuth>
    ),
  },
  {
    path: '/',
    hydrateFallbackElement: <FullPageSpin />,
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      ...workbenchRoutes,
      ...organizationsRoutes,
      ...peopleRoutes,
      ...casesRoutes,
      ...dashboardsRoutes,
      ...accountsRoutes,
      ...auditRoutes,
      ...demandsRoutes,
      ...visitsRoutes,
      ...volunteersRoutes,
      ...dutiesRoutes,
      ...activitiesRoutes,
      ...tasksRoutes,
      ...careProgramsRoutes,
      ...notificationsRoutes,
      ...calendarRoutes,
      ...retentionRoutes,
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];

export const router = createBrowserRouter(routes);
