import { useParams } from 'react-router';
import { maskName } from '@jinguo/contracts';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useWish } from './care-kindness.api';
import { useApplication } from './care-programs.api';

/** An application's breadcrumb: the applicant's masked name. */
export function ApplicationCrumb({ fallback }: { fallback: TKey }) {
  const a = useApplication(Number(useParams().applicationId));
  return <RecordCrumb text={a.data && maskName(a.data.person.name)} failed={a.isError} fallback={fallback} />;
}

/** A wish's breadcrumb: its title. */
export function WishCrumb({ fallback }: { fallback: TKey }) {
  const w = useWish(Number(useParams().wishId));
  return <RecordCrumb text={w.data?.title} failed={w.isError} fallback={fallback} />;
}
