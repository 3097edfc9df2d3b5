import { and, asc, eq } from 'drizzle-orm';
import type { DemandIndicatorRow, OrgType } from '@jinguo/contracts';
import type { DbHandle } from '../../platform/db/client.js';
import { organizations } from '../../platform/db/schema.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { requirePermission, runScoped, type UserActor } from '../../platform/scope.js';
import { byOrg, readCounters } from '../../platform/stats/index.js';
import { DEMAND_METRICS } from './demands.statistics.js';
import * as repo from './demands.repository.js';

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** One row of figures from the counters of an org (its whole subtree). */
export function indicatorRow(
  org: { id: number; code: string; name: string; type: string },
  m: Record<string, number>,
): DemandIndicatorRow {
  const v = (k: string) => m[k] ?? 0;
  const rated = v('demands.rated');
  return {
    org: { id: org.id, code: org.code, name: org.name, type: org.type as OrgType },
    received: v('demands.received'),
    signed: v('demands.signed'),
    signedOnTime: v('demands.signed_on_time'),
    replied: v('demands.replied'),
    repliedOnTime: v('demands.replied_on_time'),
    rated,
    satisfied: v('demands.satisfied'),
    basicallySatisfied: v('demands.basically_satisfied'),
    unsatisfied: v('demands.unsatisfied'),
    escalated: v('demands.escalated'),
    timelySignRate: share(v('demands.signed_on_time'), v('demands.signed')),
    onTimeRate: share(v('demands.replied_on_time'), v('demands.replied')),
    // 回访满意率: 满意 and 基本满意 over all ratings given
    satisfactionRate: share(v('demands.satisfied') + v('demands.basically_satisfied'), rated),
  };
}

/** 及时签收率, 按时办结率, 回访满意率 for an org or each of its children, over a period, from the live counters. */
export function createDemandIndicators(deps: { handle: DbHandle; today: () => string }) {
  return {
    read: (
      actor: UserActor,
      q: { orgId?: number | undefined; from?: string | undefined; to?: string | undefined; by: 'self' | 'children' },
    ) =>
      runScoped(deps.handle, actor, async (s) => {
        requirePermission(actor, 'demand.read');
        const orgId = q.orgId ?? actor.scope.orgId;
        const org = (await repo.orgsById(s, [orgId])).get(orgId);
        if (!org || !(org.path === actor.scope.path || org.path.startsWith(`${actor.scope.path}.`)))
          throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
        const to = q.to ?? deps.today();
        const from = q.from ?? `${to.slice(0, 4)}-01-01`;
        if (from > to)
          throw fieldError('VALIDATION_FAILED', 'from', '开始日期不能晚于结束日期', 'from must not be after to');
        const counters = byOrg(
          await readCounters(s, { orgId, metrics: DEMAND_METRICS, from, to, by: q.by }),
          DEMAND_METRICS,
        );
        const empty = Object.fromEntries(DEMAND_METRICS.map((k) => [k, 0]));
        if (q.by === 'self') return { from, to, rows: [indicatorRow(org, counters.get(orgId) ?? empty)] };
        const children = await s.tx
          .select({
            id: organizations.id,
            code: organizations.code,
            name: organizations.name,
            type: organizations.type,
          })
          .from(organizations)
          .where(and(eq(organizations.parentId, orgId), eq(organizations.status, 'active')))
          .orderBy(asc(organizations.code));
        return { from, to, rows: children.map((c) => indicatorRow(c, counters.get(c.id) ?? empty)) };
      }),
  };
}
