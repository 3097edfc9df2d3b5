import { useParams } from 'react-router';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useCallUp } from './volunteers.api';

/** A call-up's breadcrumb: its title. */
export function CallUpCrumb({ fallback }: { fallback: TKey }) {
  const c = useCallUp(Number(useParams().callUpId));
  return <RecordCrumb text={c.data?.title} failed={c.isError} fallback={fallback} />;
}
