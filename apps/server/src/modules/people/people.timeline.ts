import { desc, eq, sql } from 'drizzle-orm';
import type { TimelineEntry } from '@jinguo/contracts';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { requirePerson, type PeopleDeps } from './people.service.js';
import { families, familyHonours, familyMembers, personMerges, personTags } from './people.tables.js';
import { inOrder, queryRows } from '../../platform/db/client.js';

/**
 * The person page's one timeline. Each module contributes a source — a function reading its own records of one person
 * inside the actor's scope (and its own need-to-know rules). Modules register through the people module's index;
 * the page never changes when a module is added.
 */
export type TimelineSource = (s: Scoped, personId: number) => Promise<TimelineEntry[]>;
const sources = new Map<string, TimelineSource>();
export function registerTimelineSource(name: string, source: TimelineSource): void {
  sources.set(name, source);
}

const honourNames: Record<string, string> = { most_beautiful_family: '最美家庭', five_good_family: '五好家庭', green_family: '绿色家庭', scholarly_family: '书香家庭', civilized_family: '文明家庭' };

/** The registry's own contribution: creation, tags, families, honours, merges. */
const registrySource: TimelineSource = async (s, personId) => {
  const entries: TimelineEntry[] = [];
  const [created] = await queryRows<{ created_at: string }>(s.tx, sql`select created_at from persons where id = ${personId}`);
  if (created) entries.push({ at: new Date(created.created_at).toISOString(), source: 'people', kind: 'person.created', title: '登记入库', detail: null, link: null });
  for (const t of await s.tx.select().from(personTags).where(eq(personTags.personId, personId))) {
    entries.push({ at: t.addedAt.toISOString(), source: 'people', kind: 'tag.added', title: `添加标签 ${t.tag}`, detail: t.addedBy, link: null });
    if (t.removedAt) entries.push({ at: t.removedAt.toISOString(), source: 'people', kind: 'tag.removed', title: `移除标签 ${t.tag}`, detail: t.removedBy, link: null });
  }
  const memberships = await s.tx.select({ m: familyMembers, name: families.name, familyId: families.id }).from(familyMembers).innerJoin(families, eq(families.id, familyMembers.familyId)).where(eq(familyMembers.personId, personId));
  for (const m of memberships) {
    entries.push({ at: `${m.m.since}T00:00:00.000Z`, source: 'people', kind: 'family.joined', title: `加入家庭 ${m.name}`, detail: m.m.relationship, link: `/families/${m.familyId}` });
    for (const h of await s.tx.select().from(familyHonours).where(eq(familyHonours.familyId, m.familyId))) {
      entries.push({ at: `${h.year}-12-31T00:00:00.000Z`, source: 'people', kind: 'family.honour', title: `${h.year} 年 ${honourNames[h.honour] ?? h.honour}`, detail: h.awardedBy, link: `/families/${m.familyId}` });
    }
  }
  for (const m of await s.tx.select().from(personMerges).where(eq(personMerges.targetId, personId)).orderBy(desc(personMerges.mergedAt))) {
    entries.push({ at: m.mergedAt.toISOString(), source: 'people', kind: 'person.merged', title: `合并重复记录 #${m.sourceId}`, detail: m.reason, link: null });
  }
  return entries;
};
registerTimelineSource('people', registrySource);

export function createTimelineService(deps: PeopleDeps) {
  return {
    of: (actor: UserActor, personId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        await requirePerson(s, personId);
        const all = (await inOrder([...sources.values()], (src) => src(s, personId))).flat();
        return { items: all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)) };
      }),
  };
}
