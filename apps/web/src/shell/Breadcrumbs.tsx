import type { ComponentType } from 'react';
import { Breadcrumb } from 'antd';
import { Link, useMatches, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TKey } from '../i18n/keys';
import { useOrgDetail } from '../features/organizations/organizations.api';
import { usePerson } from '../features/people/people.api';
import { useFamily } from '../features/people/families.api';

/**
 * Route `handle` of pages that show in the breadcrumbs; 'org', 'person', 'family' render the current record's name.
 * A record page names its record with `record`: a component that reads the route's params and renders the record's
 * number or name (see RecordCrumb), `crumb` being the words shown when the record cannot be read.
 */
export interface CrumbHandle {
  crumb: TKey | 'org' | 'person' | 'family';
  group?: TKey;
  record?: ComponentType<{ fallback: TKey }>;
}

function isCrumbHandle(h: unknown): h is CrumbHandle {
  return typeof h === 'object' && h !== null && 'crumb' in h;
}

function OrgCrumb() {
  const { orgId } = useParams();
  const detail = useOrgDetail(Number(orgId));
  return <span data-testid="crumb-org">{detail.data?.name ?? '…'}</span>;
}

function PersonCrumb() {
  const { personId } = useParams();
  const person = usePerson(Number(personId));
  return <span data-testid="crumb-person">{person.data?.name ?? '…'}</span>;
}

function FamilyCrumb() {
  const { familyId } = useParams();
  const family = useFamily(Number(familyId));
  return <span data-testid="crumb-family">{family.data?.name ?? '…'}</span>;
}

export function Breadcrumbs() {
  const { t } = useTranslation();
  const matches = useMatches();
  const items: { key: string; title: React.ReactNode }[] = [
    { key: 'home', title: <Link to="/">{t('app.name')}</Link> },
  ];
  for (const m of matches) {
    if (!isCrumbHandle(m.handle)) continue;
    const { crumb, group, record: Record } = m.handle;
    if (group) items.push({ key: `${m.id}-group`, title: t(group) });
    if (Record && crumb !== 'org' && crumb !== 'person' && crumb !== 'family')
      items.push({ key: m.id, title: <Record fallback={crumb} /> });
    else if (crumb === 'org') items.push({ key: m.id, title: <OrgCrumb /> });
    else if (crumb === 'person') items.push({ key: m.id, title: <PersonCrumb /> });
    else if (crumb === 'family') items.push({ key: m.id, title: <FamilyCrumb /> });
    else items.push({ key: m.id, title: <Link to={m.pathname}>{t(crumb)}</Link> });
  }
  return <Breadcrumb data-testid="breadcrumbs" items={items} />;
}
