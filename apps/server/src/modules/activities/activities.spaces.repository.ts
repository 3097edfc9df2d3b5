import { inArray } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { spaceActivityFigures } from './activities.tables.js';

/** Our published read model of spaces (space_activity_figures), by space id. */
export async function spaceFigures(s: Scoped, spaceIds: number[]) {
  if (!spaceIds.length) return new Map<number, typeof spaceActivityFigures.$inferSelect>();
  const rows = await s.tx.select().from(spaceActivityFigures).where(inArray(spaceActivityFigures.spaceId, spaceIds));
  return new Map(rows.map((r) => [r.spaceId, r]));
}
