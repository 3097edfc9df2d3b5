import { ACTIVITY_KINDS, sameInBoth, type ActivityKind, type TimelineEntry } from '@jinguo/contracts';
import type { Scoped } from '../../platform/scope.js';
import { attendanceOfPerson } from './activities.repository.js';

/** The person page lists the activities she attended (those of the reader's subtree). */
export async function activityTimelineSource(s: Scoped, personId: number): Promise<TimelineEntry[]> {
  const rows = await attendanceOfPerson(s, personId);
  return rows.map(({ a, checkedInAt }): TimelineEntry => {
    const kind = ACTIVITY_KINDS[a.kind as ActivityKind] ?? ACTIVITY_KINDS.talk;
    return {
      at: checkedInAt.toISOString(),
      source: 'activities',
      kind: `activity.${a.kind}`,
      title: { 'zh-CN': `参加${kind['zh-CN']}：${a.title}`, 'en-US': `Attended ${kind['en-US']}: ${a.title}` },
      detail: sameInBoth(a.organiser),
      link: `/activities/${a.id}`,
    };
  });
}
