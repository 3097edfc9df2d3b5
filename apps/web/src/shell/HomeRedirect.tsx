import { Navigate } from 'react-router';
import { useAuth } from '../app/auth';

/** The first module the user may use. */
export function HomeRedirect() {
  const { can } = useAuth();
  if (can('org.read')) return <Navigate to="/orgs" replace />;
  if (can('user.read')) return <Navigate to="/users" replace />;
  if (can('audit.read')) return <Navigate to="/audit" replace />;
  return <Navigate to="/account" replace />;
}
