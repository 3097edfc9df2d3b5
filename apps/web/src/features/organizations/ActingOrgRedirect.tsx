import { Navigate } from 'react-router';
import { useActingOrg } from '../../app/actingOrg';

/** /orgs opens the acting org. */
export function ActingOrgRedirect() {
  const acting = useActingOrg();
  return acting ? <Navigate to={`/orgs/${acting.id}`} replace /> : null;
}
