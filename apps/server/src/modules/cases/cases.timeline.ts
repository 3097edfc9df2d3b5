import {
  CASE_STATE_LABELS,
  CASE_TYPE_LABELS,
  PARTY_ROLE_LABELS,
  type CaseState,
  type CaseType,
  type PartyRole,
  type TimelineEntry,
} from '@jinguo/contracts';
import type { TimelineSource } from '../../platform/modules.js';
import { casesOfPerson } from './cases.repository.js';

/**
 * A person's cases on her page, for those entitled only: the app asks jinguo_case_access for each case, and row-level
 * security admits the party rows of entitled cases only, so a cadre who may read the person but not the case sees
 * nothing.
 */
export const casesTimeline: TimelineSource = async (s, personId) => {
  if (s.actor.kind !== 'user' || !s.actor.permissions.has('case.read')) return [];
  const rows = await casesOfPerson(s, personId);
  return rows.map((r): TimelineEntry => ({
    at: new Date(r.opened_at).toISOString(),
    source: 'cases',
    kind: 'case.party',
    title: {
      'zh-CN': `维权案件 ${r.case_no}（${CASE_TYPE_LABELS[r.case_type as CaseType]?.['zh-CN'] ?? r.case_type}）`,
      'en-US': `Rights case ${r.case_no} (${CASE_TYPE_LABELS[r.case_type as CaseType]?.['en-US'] ?? r.case_type})`,
    },
    detail: {
      'zh-CN': `${PARTY_ROLE_LABELS[r.role as PartyRole]?.['zh-CN'] ?? r.role} · ${CASE_STATE_LABELS[r.status as CaseState]?.['zh-CN'] ?? r.status}`,
      'en-US': `${PARTY_ROLE_LABELS[r.role as PartyRole]?.['en-US'] ?? r.role} · ${CASE_STATE_LABELS[r.status as CaseState]?.['en-US'] ?? r.status}`,
    },
    link: `/cases/${r.id}`,
  }));
};
