import { ACTIVITY_METRICS, type ActivityFigures, type OrgType } from '@jinguo/contracts';
import { runScoped, type UserActor } from '../../platform/scope.js';
import { byOrg, readCounters } from '../../platform/stats/index.js';
import * as foreign from './activities.directory.repository.js';
import { countersRebuild } from './activities.repository.js';
import { requireOrg, type ActivitiesDeps } from './activities.service.js';

/**
 * The live figures of activities (platform/stats): held activities by kind, attendance (人次), people reached and
 * training attendance, bumped in the transaction of the check-in, the first check-in (held) or the summary.
 */
export const activityStatSource = { name: 'activities', metrics: ACTIVITY_METRICS, rebuild: countersRebuild };

/** Figures of an org's subtree (or of each of its children) for a period, from the live counters. */
export function createActivityFigures(deps: Pick<ActivitiesDeps, 'handle'>) {
  return {
    figures: (actor: UserActor, q: { orgId?: number | undefined; from: string; to: string; by: 'self' | 'children' }) =>
      runScoped(deps.handle, actor, async (s): Promise<ActivityFigures> => {
        const org = await requireOrg(s, actor, q.orgId ?? actor.scope.orgId);
        const rows = await readCounters(s, {
          orgId: org.id,
          metrics: ACTIVITY_METRICS,
          from: q.from,
          to: q.to,
          by: q.by,
        });
        const figures = byOrg(rows, ACTIVITY_METRICS);
        const ids = q.by === 'self' ? [org.id] : [...figures.keys()];
        const orgs = await foreign.orgsById(s, ids);
        const zero = Object.fromEntries(ACTIVITY_METRICS.map((m) => [m, 0]));
        return {
          from: q.from,
          to: q.to,
          rows: ids
            .flatMap((id) => {
              const o = orgs.get(id);
              return o
                ? [
                    {
                      org: { id, code: o.code, name: o.name, type: o.type as OrgType },
                      figures: figures.get(id) ?? zero,
                    },
                  ]
                : [];
            })
            .sort((a, b) => a.org.code.localeCompare(b.org.code)),
        };
      }),
  };
}
