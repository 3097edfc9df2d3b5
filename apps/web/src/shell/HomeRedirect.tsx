import { Navigate } from 'react-router';
import { useAuth, useMe } from '../app/auth';

/** The first module the user may use; a 流动妇联's own list is its migrant women. */
export function HomeRedirect() {
  const { can } = useAuth();
  const me = useMe();
  if (me.homeOrg.type === 'mobile_federation' && can('person.read')) return <Navigate to="/people/migrants" replace />;
  if (can('case.referral.respond')) return <Navigate to="/referrals" replace />;
  if (can('org.read')) return <Navigate to="/orgs" replace />;
  if (can('user.read')) return <Navigate to="/users" replace />;
  if (can('audit.read')) return <Navigate to="/audit" replace />;
  return <Navigate to="/account" replace />;
}
