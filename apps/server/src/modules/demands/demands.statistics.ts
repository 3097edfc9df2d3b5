import type { DemandIndicatorRow, DemandState, OrgType, Rating } from '@jinguo/contracts';
import { chinaDate } from '../../platform/calendar/index.js';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import {
  actorName,
  requirePermission,
  runScoped,
  type Scoped,
  type UserActor,
  pathWithin,
} from '../../platform/scope.js';
import { bumpCounters, byOrg, readCounters, type Indicator } from '../../platform/stats/index.js';
import * as foreign from './demands.directory.repository.js';
import * as repo from './demands.repository.js';

/** The live figures of demands (platform/stats), bumped in the transaction of the event that makes them. */
export const DEMAND_METRICS = [
  'demands.received',
  'demands.signed',
  'demands.signed_on_time',
  'demands.replied',
  'demands.replied_on_time',
  'demands.rated',
  'demands.satisfied',
  'demands.basically_satisfied',
  'demands.unsatisfied',
  'demands.escalated',
  'demands.closed',
] as const;
export type DemandMetric = (typeof DEMAND_METRICS)[number];

/**
 * Each event stores the metrics it counted (`data.counted`), so the counters can be rebuilt from the events exactly
 * as they were bumped: at the event's org and China date.
 */
export const demandStatSource = { name: 'demands', metrics: DEMAND_METRICS, rebuild: repo.countersRebuild };

const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });
/** Its indicators in the catalogue (数她说): the counts and the three rates the federation reports. */
export const demandIndicators: Indicator[] = [
  {
    code: 'demands.received',
    topic: 'demands',
    unit: 'count',
    name: t('受理诉求', 'Demands received'),
    definition: t('期间内登记受理的诉求件数（各渠道）', 'Demands registered in the period, from every channel'),
    formula: { kind: 'sum', metrics: ['demands.received'] },
  },
  {
    code: 'demands.closed',
    topic: 'demands',
    unit: 'count',
    name: t('办结诉求', 'Demands closed'),
    definition: t('期间内办结的诉求件数', 'Demands closed in the period'),
    formula: { kind: 'sum', metrics: ['demands.closed'] },
  },
  {
    code: 'demands.escalated',
    topic: 'demands',
    unit: 'count',
    name: t('督办诉求', 'Demands escalated'),
    definition: t('期间内因超时升级督办的诉求件数', 'Demands escalated for an overdue deadline in the period'),
    formula: { kind: 'sum', metrics: ['demands.escalated'] },
  },
  {
    code: 'demands.timely_sign_rate',
    topic: 'demands',
    unit: 'percent',
    name: t('及时签收率', 'Signed on time'),
    definition: t(
      '期间内签收的诉求中，在签收时限内签收的比例',
      'Of the demands signed for in the period, the share signed within the deadline',
    ),
    formula: { kind: 'ratio', numerator: ['demands.signed_on_time'], denominator: ['demands.signed'] },
  },
  {
    code: 'demands.on_time_rate',
    topic: 'demands',
    unit: 'percent',
    name: t('按时办结率', 'Replied on time'),
    definition: t(
      '期间内答复办结的诉求中，在办理时限内答复的比例',
      'Of the demands answered in the period, the share answered within the deadline',
    ),
    formula: { kind: 'ratio', numerator: ['demands.replied_on_time'], denominator: ['demands.replied'] },
  },
  {
    code: 'demands.satisfaction_rate',
    topic: 'demands',
    unit: 'percent',
    name: t('回访满意率', 'Satisfaction on follow-up'),
    definition: t(
      '期间内回访评价中"满意"与"基本满意"所占比例',
      'Of the ratings given on follow-up in the period, the share "satisfied" or "basically satisfied"',
    ),
    formula: {
      kind: 'ratio',
      numerator: ['demands.satisfied', 'demands.basically_satisfied'],
      denominator: ['demands.rated'],
    },
  },
];

/** Who did it, as the event records it. */
export type EventActor =
  | { kind: 'user'; userId: number; name: string }
  | { kind: 'resident'; residentId: number | null; name: string }
  | { kind: 'system'; name: string };
export function eventActorOf(s: Scoped): EventActor {
  return s.actor.kind === 'user'
    ? { kind: 'user', userId: s.actor.userId, name: s.actor.displayName }
    : { kind: 'system', name: actorName(s.actor) };
}

export interface RecordEvent {
  action: string;
  from: DemandState | null;
  to: DemandState | null;
  note?: string | null;
  data?: Record<string, unknown>;
  /** Shown in the requester's progress on the portal. */
  public?: boolean;
  counted?: DemandMetric[];
  at?: Date;
}

/** Records one event of a demand and bumps the metrics it counts, at the demand's org, in the same transaction. */
export async function recordEvent(
  s: Scoped,
  d: Pick<repo.DemandRow, 'id' | 'orgPath' | 'districtId'>,
  by: EventActor,
  e: RecordEvent,
): Promise<void> {
  const at = e.at ?? new Date();
  const counted = e.counted ?? [];
  await repo.insertEvent(s, {
    demandId: d.id,
    orgPath: d.orgPath,
    districtId: d.districtId,
    at,
    actorKind: by.kind,
    actorName: by.name,
    actorUserId: by.kind === 'user' ? by.userId : null,
    actorResidentId: by.kind === 'resident' ? by.residentId : null,
    action: e.action,
    fromState: e.from,
    toState: e.to,
    note: e.note ?? null,
    public: e.public ?? false,
    data: { ...(e.data ?? {}), ...(counted.length ? { counted } : {}) },
  });
  if (counted.length)
    await bumpCounters(s.tx, {
      orgPath: d.orgPath,
      day: chinaDate(at),
      deltas: Object.fromEntries(counted.map((m) => [m, 1])),
    });
}

/** A reassigned demand moves the figures it already counted to its new org, so live counters equal a rebuild. */
export async function moveCounted(s: Scoped, d: Pick<repo.DemandRow, 'id' | 'orgPath'>, toPath: string): Promise<void> {
  for (const e of await repo.eventsOf(s, d.id)) {
    const counted = (e.data as { counted?: string[] }).counted ?? [];
    if (!counted.length) continue;
    const day = chinaDate(e.at);
    await bumpCounters(s.tx, { orgPath: e.orgPath, day, deltas: Object.fromEntries(counted.map((m) => [m, -1])) });
    await bumpCounters(s.tx, { orgPath: toPath, day, deltas: Object.fromEntries(counted.map((m) => [m, 1])) });
  }
}

export const ratingMetric = (r: Rating): DemandMetric =>
  r === 'satisfied'
    ? 'demands.satisfied'
    : r === 'basically_satisfied'
      ? 'demands.basically_satisfied'
      : 'demands.unsatisfied';

/* the indicators: 及时签收率, 按时办结率, 回访满意率 */

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
        const org = (await foreign.orgsById(s, [orgId])).get(orgId);
        if (!org || !pathWithin(org.path, actor.scope.path)) throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
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
        const children = await foreign.activeChildOrgs(s, orgId);
        return { from, to, rows: children.map((c) => indicatorRow(c, counters.get(c.id) ?? empty)) };
      }),
  };
}
