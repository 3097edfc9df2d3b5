import {
  CONSENT_KIND_LABELS,
  FAMILY_HONOUR_LABELS,
  sameInBoth,
  type ConsentKind,
  type TimelineEntry,
} from '@jinguo/contracts';
import { consentsOf } from './people.consents.repository.js';
import type { Extensions, TimelineSource } from '../../platform/modules.js';
import { runScoped, type UserActor } from '../../platform/scope.js';
import { requirePerson, type PeopleDeps } from './people.service.js';
import { inOrder } from '../../platform/db/client.js';
import * as timelineRepo from './people.timeline.repository.js';

/*
 * The person page's one timeline. Each module contributes a source — a function reading its own records of one person
 * inside the actor's scope (and its own need-to-know rules) — in its declaration (`timeline`); the page never changes
 * when a module is added.
 */

/** The registry's own contribution: creation, tags, families, honours, merges. */
export const registrySource: TimelineSource = async (s, personId) => {
  const entries: TimelineEntry[] = [];
  const created = await timelineRepo.personCreatedAt(s, personId);
  if (created)
    entries.push({
      at: new Date(created).toISOString(),
      source: 'people',
      kind: 'person.created',
      title: { 'zh-CN': '登记入库', 'en-US': 'Registered' },
      detail: null,
      link: null,
    });
  const tags = await timelineRepo.tagEvents(s, personId);
  for (const { t, zh, en } of tags) {
    entries.push({
      at: t.addedAt.toISOString(),
      source: 'people',
      kind: 'tag.added',
      title: { 'zh-CN': `添加标签 ${zh ?? t.tag}`, 'en-US': `Tag added: ${en ?? t.tag}` },
      detail: t.addedBy ? sameInBoth(t.addedBy) : null,
      link: null,
    });
    if (t.removedAt)
      entries.push({
        at: t.removedAt.toISOString(),
        source: 'people',
        kind: 'tag.removed',
        title: { 'zh-CN': `移除标签 ${zh ?? t.tag}`, 'en-US': `Tag removed: ${en ?? t.tag}` },
        detail: t.removedBy ? sameInBoth(t.removedBy) : null,
        link: null,
      });
  }
  const memberships = await timelineRepo.memberships(s, personId);
  for (const m of memberships) {
    entries.push({
      at: `${m.m.since}T00:00:00.000Z`,
      source: 'people',
      kind: 'family.joined',
      title: { 'zh-CN': `加入家庭 ${m.name}`, 'en-US': `Joined the family ${m.name}` },
      detail: m.m.relationship ? sameInBoth(m.m.relationship) : null,
      link: `/families/${m.familyId}`,
    });
    for (const h of await timelineRepo.honoursOfFamily(s, m.familyId)) {
      entries.push({
        at: `${h.year}-12-31T00:00:00.000Z`,
        source: 'people',
        kind: 'family.honour',
        title: {
          'zh-CN': `${h.year} 年 ${FAMILY_HONOUR_LABELS[h.honour as keyof typeof FAMILY_HONOUR_LABELS]?.['zh-CN'] ?? h.honour}`,
          'en-US': `${FAMILY_HONOUR_LABELS[h.honour as keyof typeof FAMILY_HONOUR_LABELS]?.['en-US'] ?? h.honour}, ${h.year}`,
        },
        detail: h.awardedBy ? sameInBoth(h.awardedBy) : null,
        link: `/families/${m.familyId}`,
      });
    }
  }
  for (const m of await timelineRepo.mergesInto(s, personId)) {
    entries.push({
      at: m.mergedAt.toISOString(),
      source: 'people',
      kind: 'person.merged',
      title: { 'zh-CN': `合并重复记录 #${m.sourceId}`, 'en-US': `Duplicate record #${m.sourceId} merged in` },
      detail: sameInBoth(m.reason),
      link: null,
    });
  }
  for (const { c } of await consentsOf(s, personId)) {
    const kind = CONSENT_KIND_LABELS[c.kind as ConsentKind];
    entries.push({
      at: c.givenAt.toISOString(),
      source: 'people',
      kind: 'consent.given',
      title: { 'zh-CN': `同意：${kind['zh-CN']}`, 'en-US': `Consent given: ${kind['en-US']}` },
      detail: sameInBoth(c.purpose),
      link: null,
    });
    if (c.withdrawnAt)
      entries.push({
        at: c.withdrawnAt.toISOString(),
        source: 'people',
        kind: 'consent.withdrawn',
        title: { 'zh-CN': `撤回同意：${kind['zh-CN']}`, 'en-US': `Consent withdrawn: ${kind['en-US']}` },
        detail: c.withdrawalReason ? sameInBoth(c.withdrawalReason) : null,
        link: null,
      });
  }
  return entries;
};
export function createTimelineService(deps: PeopleDeps & { extensions: Pick<Extensions, 'timeline'> }) {
  return {
    of: (actor: UserActor, personId: number) =>
      runScoped(deps.handle, actor, async (s) => {
        await requirePerson(s, personId);
        const sources = deps.extensions.timeline.map((t) => t.source);
        const all = (await inOrder(sources, (src) => src(s, personId))).flat();
        return { items: all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)) };
      }),
  };
}
