import { Alert, Spin } from 'antd';
import { Navigate, useParams } from 'react-router';
import { DemandProgress } from '../DemandProgress';
import { useT } from '../i18n';
import { PortalError, useMe, useRequest } from '../portal.api';

export function RequestPage() {
  const { l } = useT();
  const id = Number(useParams().id);
  const me = useMe();
  const demand = useRequest(me.data ? id : 0);
  if (me.isLoading) return null;
  if (!me.data) return <Navigate to={`/login?next=/requests/${id}`} replace />;
  if (demand.isLoading) return <Spin />;
  if (demand.error instanceof PortalError)
    return <Alert type="error" showIcon message={l(demand.error.problem.message)} />;
  return demand.data ? <DemandProgress demand={demand.data} target={{ id }} /> : null;
}
