import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Permission } from '@jinguo/contracts';
import { useAuth } from './auth';

export function FullPageSpin() {
  return (
    <div style={{ display: 'grid', placeItems: 'center', minHeight: '60vh' }}>
      <Spin size="large" />
    </div>
  );
}

/** The page a session that still owes its second factor (TOTP) is sent to, before anything else. */
export const owesSecondFactor = (me: { secondFactor: string }) =>
  me.secondFactor === 'enrol' || me.secondFactor === 'verify';

/** Signed-in users only; the second factor, then a forced password change, come before anything else. */
export function RequireAuth({
  children,
  passwordChangePage = false,
  secondFactorPage = false,
}: {
  children: ReactNode;
  passwordChangePage?: boolean;
  secondFactorPage?: boolean;
}) {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageSpin />;
  if (!me) return <Navigate to="/login" replace state={{ from: `${location.pathname}${location.search}` }} />;
  if (secondFactorPage) return <>{children}</>;
  if (owesSecondFactor(me)) return <Navigate to="/second-factor" replace />;
  if (me.mustChangePassword && !passwordChangePage) return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

/** Renders the page if the user holds the permission (or any one of a list). */
export function RequirePermission({
  permission,
  children,
}: {
  permission: Permission | readonly Permission[];
  children: ReactNode;
}) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (!(typeof permission === 'string' ? can(permission) : permission.some((p) => can(p))))
    return <Result status="403" title="403" subTitle={t('errors.forbiddenPage')} />;
  return <>{children}</>;
}

/** The element of a route whose pages need a permission (or any one of a list): the guard around their outlet. */
export function guardedOutlet(permission: Permission | readonly Permission[]) {
  return (
    <RequirePermission permission={permission}>
      <Outlet />
    </RequirePermission>
  );
}
