import { sameInBoth, type LocalizedText, type TimelineEntry } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import { visitsOfPerson } from './visits.repository.js';

const KIND: Record<string, LocalizedText> = {
  campaign: { 'zh-CN': '走访活动', 'en-US': 'Campaign visit' },
  routine: { 'zh-CN': '执委联系走访', 'en-US': 'Executive member contact visit' },
  other: { 'zh-CN': '走访', 'en-US': 'Visit' },
};

/** The person page lists the visits she received (those the reader may see). */
export async function visitTimelineSource(s: Scoped, personId: number): Promise<TimelineEntry[]> {
  const rows = await visitsOfPerson(s, personId);
  return rows.map((v): TimelineEntry => {
    const kind = KIND[v.kind] ?? KIND.other!;
    return {
      at: `${v.visitedOn}T00:00:00.000Z`,
      source: 'visits',
      kind: `visit.${v.kind}`,
      title: { 'zh-CN': `${kind['zh-CN']}：${v.place}`, 'en-US': `${kind['en-US']}: ${v.place}` },
      detail: sameInBoth(`${v.createdBy}${v.situation ? ` · ${v.situation.slice(0, 60)}` : ''}`),
      link: `/visits/${v.id}`,
    };
  });
}
