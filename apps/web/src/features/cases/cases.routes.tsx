import type { RouteObject } from 'react-router';
import { guardedOutlet } from '../../app/guards';
import type { CrumbHandle } from '../../shell/Breadcrumbs';
import { CaseCrumb, ReferralCrumb } from './cases.crumbs';

/** The cases pages in the staff app's layout (composed in app/router.tsx). */
export const casesRoutes: RouteObject[] = [
  {
    path: 'cases',
    element: guardedOutlet('case.read'),
    children: [
      {
        handle: { crumb: 'cases.list', group: 'cases.menu' } satisfies CrumbHandle,
        children: [
          {
            index: true,
            lazy: async () => ({ Component: (await import('./CasesPage')).CasesPage }),
          },
          {
            path: ':caseId',
            handle: { crumb: 'cases.caseNo', record: CaseCrumb } satisfies CrumbHandle,
            lazy: async () => ({ Component: (await import('./CaseDetailPage')).CaseDetailPage }),
          },
        ],
      },
      {
        path: 'intake',
        handle: { crumb: 'cases.intake', group: 'cases.menu' } satisfies CrumbHandle,
        element: guardedOutlet('case.intake'),
        children: [
          {
            index: true,
            lazy: async () => ({
              Component: (await import('./HotlineIntakePage')).HotlineIntakePage,
            }),
          },
        ],
      },
    ],
  },
  {
    path: 'case-figures',
    handle: { crumb: 'cases.figures', group: 'cases.menu' } satisfies CrumbHandle,
    element: guardedOutlet('case.figures'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./CaseFiguresPage')).CaseFiguresPage }),
      },
    ],
  },
  {
    path: 'case-nil-reports',
    handle: { crumb: 'caseForms.nil.title', group: 'cases.menu' } satisfies CrumbHandle,
    element: guardedOutlet('case.figures'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./NilReportsPage')).NilReportsPage }),
      },
    ],
  },
  {
    path: 'referrals',
    handle: { crumb: 'cases.referrals' } satisfies CrumbHandle,
    element: guardedOutlet('case.referral.respond'),
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('./ReferralInboxPage')).ReferralInboxPage }),
      },
      {
        path: ':referralId',
        handle: { crumb: 'cases.caseNo', record: ReferralCrumb } satisfies CrumbHandle,
        lazy: async () => ({ Component: (await import('./ReferralPage')).ReferralPage }),
      },
    ],
  },
];
