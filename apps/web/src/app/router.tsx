import { createBrowserRouter, Navigate, Outlet, type RouteObject } from 'react-router';
import { FullPageSpin, RequireAuth, RequirePermission } from './guards';
import { AppLayout } from '../shell/AppLayout';
import { HomeRedirect } from '../shell/HomeRedirect';
import { NotFoundPage } from '../shell/NotFoundPage';
import { LoginPage } from '../features/accounts/LoginPage';
import { ForcedPasswordChangePage } from '../features/accounts/ForcedPasswordChangePage';
import type { CrumbHandle } from '../shell/Breadcrumbs';

const orgCrumb: CrumbHandle = { crumb: 'menu.orgTree', group: 'menu.organizations' };
const peopleCrumb = (crumb: CrumbHandle['crumb']): CrumbHandle => ({ crumb, group: 'menu.peopleGroup' });
const workCrumb = (crumb: CrumbHandle['crumb']): CrumbHandle => ({ crumb, group: 'work.group' });

const routes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
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
      {
        path: 'orgs',
        handle: orgCrumb,
        element: (
          <RequirePermission permission="org.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            path: '',
            lazy: async () => ({
              Component: (await import('../features/organizations/OrganizationsPage')).OrganizationsPage,
            }),
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../features/organizations/ActingOrgRedirect')).ActingOrgRedirect,
                }),
              },
              {
                path: ':orgId',
                handle: { crumb: 'org' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/organizations/OrgDetailPage')).OrgDetailPage,
                }),
              },
            ],
          },
        ],
      },
      {
        path: 'reorganizations',
        handle: { crumb: 'menu.reorganizations', group: 'menu.organizations' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="org.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('../features/organizations/ReorganizationsPage')).ReorganizationsPage,
            }),
          },
        ],
      },
      {
        path: 'people',
        element: (
          <RequirePermission permission="person.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: peopleCrumb('menu.people'),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/people/PeoplePage')).PeoplePage }),
              },
              {
                path: ':personId',
                handle: { crumb: 'person' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/people/PersonDetailPage')).PersonDetailPage,
                }),
              },
            ],
          },
          {
            path: 'migrants',
            handle: peopleCrumb('menu.migrants'),
            lazy: async () => ({ Component: (await import('../features/people/MigrantsPage')).MigrantsPage }),
          },
          {
            path: 'duplicates',
            handle: peopleCrumb('menu.duplicates'),
            lazy: async () => ({ Component: (await import('../features/people/DuplicatesPage')).DuplicatesPage }),
          },
          {
            path: 'import',
            handle: peopleCrumb('menu.import'),
            element: (
              <RequirePermission permission="person.write">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/people/ImportPage')).ImportPage }),
              },
            ],
          },
        ],
      },
      {
        path: 'families',
        handle: peopleCrumb('menu.families'),
        element: (
          <RequirePermission permission="person.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/people/FamiliesPage')).FamiliesPage }),
          },
          {
            path: ':familyId',
            handle: { crumb: 'family' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/people/FamilyPage')).FamilyPage }),
          },
        ],
      },
      {
        path: 'cases',
        element: (
          <RequirePermission permission="case.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: { crumb: 'cases.list', group: 'cases.menu' } satisfies CrumbHandle,
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/cases/CasesPage')).CasesPage }),
              },
              {
                path: ':caseId',
                handle: { crumb: 'cases.caseNo' } satisfies CrumbHandle,
                lazy: async () => ({ Component: (await import('../features/cases/CaseDetailPage')).CaseDetailPage }),
              },
            ],
          },
          {
            path: 'intake',
            handle: { crumb: 'cases.intake', group: 'cases.menu' } satisfies CrumbHandle,
            element: (
              <RequirePermission permission="case.intake">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../features/cases/HotlineIntakePage')).HotlineIntakePage,
                }),
              },
            ],
          },
        ],
      },
      {
        path: 'dashboards',
        element: (
          <RequirePermission permission="stats.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            handle: { crumb: 'dashboards.cockpit', group: 'dashboards.menu' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/dashboards/CockpitPage')).CockpitPage }),
          },
          {
            path: 'indicators',
            handle: { crumb: 'dashboards.catalogue', group: 'dashboards.menu' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('../features/dashboards/IndicatorCataloguePage')).IndicatorCataloguePage,
            }),
          },
        ],
      },
      {
        path: 'case-figures',
        handle: { crumb: 'cases.figures', group: 'cases.menu' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="case.figures">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/cases/CaseFiguresPage')).CaseFiguresPage }),
          },
        ],
      },
      {
        path: 'referrals',
        handle: { crumb: 'cases.referrals' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="case.referral.respond">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/cases/ReferralInboxPage')).ReferralInboxPage }),
          },
          {
            path: ':referralId',
            lazy: async () => ({ Component: (await import('../features/cases/ReferralPage')).ReferralPage }),
          },
        ],
      },
      {
        path: 'users',
        handle: { crumb: 'menu.users' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="user.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/accounts/UsersPage')).UsersPage }),
          },
        ],
      },
      {
        path: 'audit',
        handle: { crumb: 'menu.audit' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="audit.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          { index: true, lazy: async () => ({ Component: (await import('../features/audit/AuditPage')).AuditPage }) },
        ],
      },
      {
        path: 'demands',
        element: (
          <RequirePermission permission={['demand.read', 'demand.handle']}>
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: workCrumb('work.demands'),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/demands/DemandsPage')).DemandsPage }),
              },
              {
                path: ':demandId',
                handle: { crumb: 'demands.code' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/demands/DemandDetailPage')).DemandDetailPage,
                }),
              },
            ],
          },
          {
            path: 'indicators',
            handle: workCrumb('work.indicators'),
            lazy: async () => ({ Component: (await import('../features/demands/IndicatorsPage')).IndicatorsPage }),
          },
          {
            path: 'suggestions',
            handle: workCrumb('work.suggestions'),
            lazy: async () => ({ Component: (await import('../features/demands/SuggestionsPage')).SuggestionsPage }),
          },
        ],
      },
      {
        path: 'catalogue',
        handle: workCrumb('work.catalogue'),
        element: (
          <RequirePermission permission={['demand.read', 'catalogue.write']}>
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/demands/CataloguePage')).CataloguePage }),
          },
        ],
      },
      {
        path: 'visits',
        element: (
          <RequirePermission permission={['visit.read', 'visit.record']}>
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: workCrumb('work.visits'),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/visits/VisitsPage')).VisitsPage }),
              },
              {
                path: ':visitId',
                handle: { crumb: 'visits.record' } satisfies CrumbHandle,
                lazy: async () => ({ Component: (await import('../features/visits/VisitDetailPage')).VisitDetailPage }),
              },
            ],
          },
          {
            path: 'campaigns',
            handle: workCrumb('work.campaigns'),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/visits/CampaignsPage')).CampaignsPage }),
              },
              {
                path: ':campaignId',
                handle: { crumb: 'campaigns.progress' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/visits/CampaignDetailPage')).CampaignDetailPage,
                }),
              },
            ],
          },
        ],
      },
      {
        path: 'volunteers',
        handle: workCrumb('volunteers.menu'),
        element: (
          <RequirePermission permission="volunteer.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/volunteers/VolunteersPage')).VolunteersPage }),
          },
        ],
      },
      {
        path: 'call-ups',
        handle: workCrumb('callUps.menu'),
        element: (
          <RequirePermission permission={['volunteer.read', 'callup.respond']}>
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/volunteers/CallUpsPage')).CallUpsPage }),
          },
          {
            path: ':callUpId',
            handle: { crumb: 'callUps.invitees' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('../features/volunteers/CallUpDetailPage')).CallUpDetailPage,
            }),
          },
        ],
      },
      {
        path: 'duties',
        handle: workCrumb('duties.tableMenu'),
        element: (
          <RequirePermission permission="duty.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/duties/DutyTablePage')).DutyTablePage }),
          },
        ],
      },
      {
        path: 'duties/me',
        handle: workCrumb('duties.myMenu'),
        element: (
          <RequirePermission permission="duty.own">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/duties/MyDutiesPage')).MyDutiesPage }),
          },
        ],
      },
      {
        path: 'activities',
        element: (
          <RequirePermission permission="activity.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: { crumb: 'activities.list', group: 'activities.menu' } satisfies CrumbHandle,
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../features/activities/ActivitiesPage')).ActivitiesPage,
                }),
              },
              {
                path: ':activityId',
                handle: { crumb: 'activities.list' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/activities/ActivityDetailPage')).ActivityDetailPage,
                }),
              },
            ],
          },
          {
            path: 'spaces',
            handle: { crumb: 'activities.spaces', group: 'activities.menu' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/activities/SpacesPage')).SpacesPage }),
          },
          {
            path: 'trainings',
            handle: { crumb: 'activities.trainings', group: 'activities.menu' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('../features/activities/TrainingRecordPage')).TrainingRecordPage,
            }),
          },
        ],
      },
      {
        path: 'tasks',
        element: (
          <RequirePermission permission={['task.read']}>
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            handle: workCrumb('tasks.workList'),
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/tasks/TasksPage')).TasksPage }),
              },
              {
                path: ':taskId',
                handle: { crumb: 'tasks.title' } satisfies CrumbHandle,
                lazy: async () => ({ Component: (await import('../features/tasks/TaskDetailPage')).TaskDetailPage }),
              },
              {
                path: ':taskId/assignments/:assignmentId',
                handle: { crumb: 'tasks.submission' } satisfies CrumbHandle,
                lazy: async () => ({ Component: (await import('../features/tasks/AssignmentPage')).AssignmentPage }),
              },
            ],
          },
          {
            path: 'forms',
            handle: workCrumb('tasks.forms'),
            lazy: async () => ({ Component: (await import('../features/tasks/FormsPage')).FormsPage }),
          },
        ],
      },
      {
        path: 'care-programs',
        element: (
          <RequirePermission permission="care.read">
            <Outlet />
          </RequirePermission>
        ),
        handle: { crumb: 'care.menu' } satisfies CrumbHandle,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/care-programs/ProgramsPage')).ProgramsPage }),
          },
          {
            path: 'applications',
            handle: { crumb: 'care.applications' } satisfies CrumbHandle,
            children: [
              {
                index: true,
                lazy: async () => ({
                  Component: (await import('../features/care-programs/ApplicationsPage')).ApplicationsPage,
                }),
              },
              {
                path: ':applicationId',
                handle: { crumb: 'care.person' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/care-programs/ApplicationDetailPage')).ApplicationDetailPage,
                }),
              },
            ],
          },
          {
            path: 'beneficiaries',
            handle: { crumb: 'care.beneficiaries' } satisfies CrumbHandle,
            lazy: async () => ({
              Component: (await import('../features/care-programs/BeneficiariesPage')).BeneficiariesPage,
            }),
          },
          {
            path: 'parcels',
            handle: { crumb: 'care.parcels' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/care-programs/ParcelsPage')).ParcelsPage }),
          },
          {
            path: 'greetings',
            handle: { crumb: 'care.greetings' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/care-programs/GreetingsPage')).GreetingsPage }),
          },
          {
            path: 'pairings',
            handle: { crumb: 'care.pairings.title' } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('../features/care-programs/PairingsPage')).PairingsPage }),
          },
          {
            path: 'wishes',
            handle: { crumb: 'care.wishes.title' } satisfies CrumbHandle,
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/care-programs/WishesPage')).WishesPage }),
              },
              {
                path: ':wishId',
                handle: { crumb: 'care.wishes.detail' } satisfies CrumbHandle,
                lazy: async () => ({
                  Component: (await import('../features/care-programs/WishDetailPage')).WishDetailPage,
                }),
              },
            ],
          },
        ],
      },
      {
        path: 'notifications',
        handle: { crumb: 'notifications.title' } satisfies CrumbHandle,
        lazy: async () => ({
          Component: (await import('../features/notifications/NotificationsPage')).NotificationsPage,
        }),
      },
      {
        path: 'admin/calendar',
        handle: { crumb: 'calendar.title' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('../features/calendar/CalendarPage')).CalendarPage }),
      },
      {
        path: 'admin/dev-outbox',
        handle: { crumb: 'devOutbox.title' } satisfies CrumbHandle,
        element: (
          <RequirePermission permission="dev.outbox.read">
            <Outlet />
          </RequirePermission>
        ),
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('../features/notifications/DevOutboxPage')).DevOutboxPage }),
          },
        ],
      },
      {
        path: 'account',
        handle: { crumb: 'menu.account' } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('../features/accounts/MyAccountPage')).MyAccountPage }),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
  { path: '*', element: <Navigate to="/" replace /> },
];

export const router = createBrowserRouter(routes);
