import { useParams } from 'react-router';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useActivity } from './activities.api';

/** An activity's breadcrumb: its title. */
export function ActivityCrumb({ fallback }: { fallback: TKey }) {
  const a = useActivity(Number(useParams().activityId));
  return <RecordCrumb text={a.data?.title} failed={a.isError} fallback={fallback} />;
}
