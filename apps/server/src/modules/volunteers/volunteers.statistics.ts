import type { OrgType, VolunteerFigureRow } from '@jinguo/contracts';
import type { DbHandle } from '../../platform/db/client.js';
import { fieldError } from '../../platform/errors.js';
import { requireOrgInScope, requirePermission, runScoped, type UserActor } from '../../platform/scope.js';
import { byOrg, readCounters, type StatSource } from '../../platform/stats/index.js';
import * as foreign from './volunteers.directory.repository.js';
import { countersRebuild } from './volunteers.repository.js';

/**
 * The live figures of volunteering (platform/stats), bumped in the transaction that writes the record: teams founded
 * (志愿服务队, 宣讲队), volunteers registered, services and minutes served, at the org and the day they count for.
 */
export const VOLUNTEER_METRICS = [
  'volunteers.teams',
  'volunteers.talk_teams',
  'volunteers.joined',
  'volunteers.services',
  'volunteers.minutes',
] as const;
export const volunteerStatSource: StatSource = {
  name: 'volunteers',
  metrics: VOLUNTEER_METRICS,
  rebuild: countersRebuild,
};

function figureRow(org: foreign.OrgFacts, m: Record<string, number>): VolunteerFigureRow {
  const v = (k: string) => m[k] ?? 0;
  return {
    org: { id: org.id, code: org.code, name: org.name, type: org.type as OrgType },
    teamsFounded: v('volunteers.teams'),
    talkTeamsFounded: v('volunteers.talk_teams'),
    volunteersJoined: v('volunteers.joined'),
    services: v('volunteers.services'),
    hours: Math.round((v('volunteers.minutes') / 60) * 100) / 100,
  };
}

/** Teams, volunteers and hours of an org's subtree (or of each child) over a period, from the live counters. */
export function createVolunteerFigures(deps: { handle: DbHandle; today: () => string }) {
  return {
    read: (
      actor: UserActor,
      q: { orgId?: number | undefined; from?: string | undefined; to?: string | undefined; by: 'self' | 'children' },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'volunteer.read');
        const orgId = q.orgId ?? actor.scope.orgId;
        const org = requireOrgInScope(s, (await foreign.orgsById(s, [orgId])).get(orgId), { field: 'orgId' });
        const to = q.to ?? deps.today();
        const from = q.from ?? `${to.slice(0, 4)}-01-01`;
        if (from > to)
          throw fieldError('VALIDATION_FAILED', 'from', '开始日期不能晚于结束日期', 'from must not be after to');
        const counters = byOrg(
          await readCounters(s, { orgId, metrics: VOLUNTEER_METRICS, from, to, by: q.by }),
          VOLUNTEER_METRICS,
        );
        if (q.by === 'self') return { from, to, rows: [figureRow(org, counters.get(orgId) ?? {})] };
        const children = await foreign.childOrgs(s, orgId);
        return { from, to, rows: children.map((c) => figureRow(c, counters.get(c.id) ?? {})) };
      }),
  };
}
