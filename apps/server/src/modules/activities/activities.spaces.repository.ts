import { and, inArray, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { activities } from './activities.tables.js';

/** Each space's held activities: how many, how many in the last 12 months, the last one (by space id). */
export async function spaceFigures(s: Scoped, spaceIds: number[], today: string) {
  const out = new Map<number, { activities: number; activitiesLast12Months: number; lastHeldOn: string | null }>();
  if (!spaceIds.length) return out;
  const rows = await s.tx
    .select({
      spaceId: activities.spaceId,
      activities: sql<number>`count(*)::int`,
      last12: sql<number>`(count(*) filter (where ${activities.startsOn} > ${today}::date - 365))::int`,
      lastHeldOn: sql<string | null>`max(${activities.startsOn})::text`,
    })
    .from(activities)
    .where(and(inArray(activities.spaceId, spaceIds), sql`${activities.status} in ('held', 'summarised')`))
    .groupBy(activities.spaceId);
  for (const r of rows)
    out.set(Number(r.spaceId), {
      activities: Number(r.activities),
      activitiesLast12Months: Number(r.last12),
      lastHeldOn: r.lastHeldOn,
    });
  return out;
}
