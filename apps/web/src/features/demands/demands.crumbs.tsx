import { useParams } from 'react-router';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useDemand } from './demands.api';

/** A demand page's breadcrumb: its number. */
export function DemandCrumb({ fallback }: { fallback: TKey }) {
  const d = useDemand(Number(useParams().demandId));
  return <RecordCrumb text={d.data?.code} failed={d.isError} fallback={fallback} />;
}
