import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TKey } from '../../i18n/keys';
import { RecordCrumb } from '../../shell/RecordCrumb';
import { useCampaign, useVisit } from './visits.api';

/** A visit's breadcrumb: its kind and day, as its page titles it. */
export function VisitCrumb({ fallback }: { fallback: TKey }) {
  const { t } = useTranslation();
  const v = useVisit(Number(useParams().visitId));
  const text = v.data && `${t(`visits.kinds.${v.data.kind}` as 'visits.kinds.other')} · ${v.data.visitedOn}`;
  return <RecordCrumb text={text} failed={v.isError} fallback={fallback} />;
}

/** A campaign's breadcrumb: its name. */
export function CampaignCrumb({ fallback }: { fallback: TKey }) {
  const c = useCampaign(Number(useParams().campaignId));
  return <RecordCrumb text={c.data?.name} failed={c.isError} fallback={fallback} />;
}
