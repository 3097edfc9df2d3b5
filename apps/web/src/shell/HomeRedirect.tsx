import { Navigate } from 'react-router';

/** Everyone lands on her own work (工作台): the cards there follow her permissions, never the organization tree. */
export function HomeRedirect() {
  return <Navigate to="/workbench" replace />;
}
