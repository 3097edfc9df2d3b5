import { useParams } from 'react-router';
import { ApiError } from '../../app/api';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useAgencyReferral, useCase, useCaseSummary } from './cases.api';

/** A case page's breadcrumb: its number, from the case or, without need-to-know, from what the subtree may see. */
export function CaseCrumb({ fallback }: { fallback: TKey }) {
  const id = Number(useParams().caseId);
  const c = useCase(id);
  const denied = c.error instanceof ApiError && c.error.code === 'CASE_ACCESS_DENIED';
  const summary = useCaseSummary(id, denied);
  const text = c.data?.caseNo ?? summary.data?.caseNo;
  return <RecordCrumb text={text} failed={denied ? summary.isError : c.isError} fallback={fallback} />;
}

/** A partner agency's referral page: the number of the case referred. */
export function ReferralCrumb({ fallback }: { fallback: TKey }) {
  const r = useAgencyReferral(Number(useParams().referralId));
  return <RecordCrumb text={r.data?.case.caseNo} failed={r.isError} fallback={fallback} />;
}
