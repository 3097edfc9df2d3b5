import type { Cockpit, CockpitOrg, CockpitQuery, CockpitRow, IndicatorView, OrgType, Trend } from '@jinguo/contracts';
import type { DbHandle } from '../../platform/db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import type { Extensions, ModuleApis } from '../../platform/modules.js';
import { hasPermission, requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import {
  byOrg,
  formulaText,
  metricsOf,
  readCounterSets,
  valueFromCounters,
  type CounterQuery,
  type CounterRow,
  type CountTarget,
  type Indicator,
} from '../../platform/stats/index.js';
import { activeChildren, orgsByIds, type DirOrg } from './dashboards.directory.repository.js';
import {
  checkPeriod,
  MAX_TREND_INDICATORS,
  MAX_TREND_MONTHS,
  monthsOf,
  pickIndicators,
  planRow,
  sumPlan,
  yearBefore,
  type RowPlan,
} from './dashboards.policy.js';

export interface DashboardsDeps {
  handle: DbHandle;
  today: () => string;
  extensions: Pick<Extensions, 'indicators'>;
  organizations: Pick<ModuleApis['organizations'], 'childrenAt'>;
}
type Catalogued = Indicator & { module: string };
type Period = { from: string; to: string };
type Values = Map<number, Record<string, number | null>>;
const PERIODS_PER_STATEMENT = 2;
interface Row {
  org: CockpitOrg;
  plan: RowPlan;
}

const cockpitOrg = (o: DirOrg, then?: { name: string; code: string; type: string }): CockpitOrg => ({
  id: o.id,
  code: then?.code ?? o.code,
  name: then?.name ?? o.name,
  type: (then?.type ?? o.type) as OrgType,
  divisionCode: o.divisionCode,
  active: o.status === 'active',
  childCount: o.childCount,
});

/** The catalogue and the cockpit (数据驾驶舱): figures of any org and period, live from the counters. */
export function createDashboardsService(deps: DashboardsDeps) {
  const catalogue: readonly Catalogued[] = deps.extensions.indicators;
  const known = new Set(catalogue.map((i) => i.code));
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  /** The indicators asked for (all the actor may read when none are named); one the actor may not read is 403. */
  function indicatorsFor(actor: UserActor, raw: string | undefined): Catalogued[] {
    const codes = pickIndicators(raw, known);
    const mayRead = (i: Catalogued) => !i.permission || hasPermission(actor, i.permission);
    if (!codes) return catalogue.filter(mayRead);
    const chosen = codes.map((c) => catalogue.find((i) => i.code === c)!);
    const denied = chosen.find((i) => !mayRead(i));
    if (denied) throw new AppError('FORBIDDEN', { field: 'indicators' });
    return chosen;
  }

  async function scopedOrg(s: Scoped, orgId: number): Promise<DirOrg> {
    const org = (await orgsByIds(s, [orgId])).get(orgId);
    if (!org || org.status !== 'active') throw new AppError('ORG_NOT_FOUND', { field: 'orgId' });
    return org;
  }

  /** The rows of today's structure: each active child, its own counters and subtree. */
  async function todayRows(s: Scoped, org: DirOrg): Promise<{ rows: Row[]; parents: number[] }> {
    const children = await activeChildren(s, org.id);
    return {
      rows: children.map((c) => ({
        org: cockpitOrg(c),
        plan: { orgId: c.id, nodes: [{ id: c.id, sign: 1 }], paths: [c.path] },
      })),
      parents: [org.id],
    };
  }

  /** The rows of the structure at `day` (before a merger, say): the children then, added up from today's nodes. */
  async function periodRows(s: Scoped, org: DirOrg, day: string): Promise<{ rows: Row[]; parents: number[] }> {
    if (day >= deps.today()) return todayRows(s, org);
    const then = await deps.organizations.childrenAt(s, org.id, day);
    const info = await orgsByIds(
      s,
      then.map((c) => c.id),
    );
    const parents = new Set([org.id]);
    const rows: Row[] = [];
    const grandThenIds: number[] = [];
    const pending: { c: (typeof then)[number]; cur: DirOrg; gThen: { id: number }[]; gNow: DirOrg[] }[] = [];
    for (const c of then) {
      const cur = info.get(c.id);
      if (!cur) continue;
      const gThen = await deps.organizations.childrenAt(s, c.id, day);
      const gNow = cur.status === 'active' ? await activeChildren(s, c.id) : [];
      grandThenIds.push(...gThen.map((g) => g.id));
      pending.push({ c, cur, gThen, gNow });
    }
    const grand = await orgsByIds(s, grandThenIds);
    for (const { c, cur, gThen, gNow } of pending) {
      const thenWithPaths = gThen.flatMap((g) => {
        const row = grand.get(g.id);
        return row ? [{ id: g.id, path: row.path, parentId: row.parentId }] : [];
      });
      const plan = planRow({ id: c.id, path: cur.path, active: cur.status === 'active' }, thenWithPaths, gNow);
      if (plan.nodes.length > 1 || plan.nodes[0]?.id !== c.id) {
        if (cur.status === 'active') parents.add(c.id);
        for (const g of thenWithPaths) if (g.parentId !== null) parents.add(g.parentId);
      }
      rows.push({ org: cockpitOrg(cur, c), plan });
    }
    return { rows, parents: [...parents] };
  }

  /**
   * Every indicator's value for the total and for each row, for each period. The counters of a period — events over
   * the period, states from the beginning to its end; the org's own and its children's under each parent the rows
   * add up from — are read two periods to a statement; count indicators count their records per period.
   */
  async function evaluate(
    s: Scoped,
    org: DirOrg,
    rows: Row[],
    parents: readonly number[],
    inds: Catalogued[],
    periods: readonly Period[],
  ): Promise<Values[]> {
    const isStock = (i: Catalogued) => i.formula.kind === 'stock' || i.formula.kind === 'stock_ratio';
    const metricsFor = (stock: boolean) => [
      ...new Set(
        inds.filter((i) => i.formula.kind !== 'count' && isStock(i) === stock).flatMap((i) => metricsOf(i.formula)),
      ),
    ];
    const [flowMetrics, stockMetrics] = [metricsFor(false), metricsFor(true)];
    /** the queries of one span into `qs`: the org's own counters, then each parent's children's */
    const span = (qs: CounterQuery[], metrics: string[], from: string | null, to: string): [number, number] => {
      const first = qs.length;
      if (metrics.length) {
        qs.push({ orgId: org.id, by: 'self', metrics, from, to });
        if (rows.length) for (const parent of parents) qs.push({ orgId: parent, by: 'children', metrics, from, to });
      }
      return [first, qs.length];
    };
    const asked = periods.map((p) => {
      const qs: CounterQuery[] = [];
      return { qs, flows: span(qs, flowMetrics, p.from, p.to), stocks: span(qs, stockMetrics, null, p.to) };
    });
    // two periods per statement (the cockpit's period and the year before; a trend's month and the same month a year
    // before): one round trip each, with plans that stay small — a statement of every month of a trend is a union of
    // hundreds of parts, slower to plan than to run
    const results: CounterRow[][][] = [];
    for (let k = 0; k < asked.length; k += PERIODS_PER_STATEMENT) {
      const group = asked.slice(k, k + PERIODS_PER_STATEMENT);
      const read = await readCounterSets(
        s,
        group.flatMap((g) => g.qs),
      );
      for (const g of group) results.push(read.splice(0, g.qs.length));
    }
    const countersIn = (read: CounterRow[][], [first, end]: [number, number], metrics: string[]) => {
      const counters = new Map<number, Record<string, number>>();
      for (const r of read.slice(first, end)) for (const [id, v] of byOrg(r, metrics)) counters.set(id, v);
      return counters;
    };
    const totalPlan: RowPlan = { orgId: org.id, nodes: [{ id: org.id, sign: 1 }], paths: [org.path] };
    const plans = [totalPlan, ...rows.map((r) => r.plan)];
    const targets: CountTarget[] = plans.map((pl) => ({ id: pl.orgId, paths: pl.paths }));
    const out: Values[] = [];
    for (const [k, p] of periods.entries()) {
      const flows = countersIn(results[k]!, asked[k]!.flows, flowMetrics);
      const stocks = countersIn(results[k]!, asked[k]!.stocks, stockMetrics);
      const values = new Map(plans.map((pl) => [pl.orgId, {} as Record<string, number | null>]));
      for (const i of inds) {
        if (i.formula.kind === 'count') {
          const counted = await i.formula.count(s, targets, p);
          for (const pl of plans)
            values.get(pl.orgId)![i.code] = counted.get(pl.orgId) ?? (i.unit === 'percent' ? null : 0);
        } else {
          const counters = isStock(i) ? stocks : flows;
          for (const pl of plans) {
            const summed = sumPlan(pl, counters, metricsOf(i.formula));
            values.get(pl.orgId)![i.code] = valueFromCounters(i.formula, summed);
          }
        }
      }
      out.push(values);
    }
    return out;
  }

  return {
    catalogue: (): { items: IndicatorView[] } => ({
      items: catalogue.map((i) => ({
        code: i.code,
        module: i.module,
        topic: i.topic,
        name: i.name,
        definition: i.definition,
        unit: i.unit,
        kind: i.formula.kind,
        formula: formulaText(i.formula),
        metrics: metricsOf(i.formula),
        permission: i.permission ?? null,
      })),
    }),

    cockpit: (actor: UserActor, q: CockpitQuery): Promise<Cockpit> =>
      run(actor, async (s) => {
        requirePermission(actor, 'stats.read');
        checkPeriod(q.from, q.to);
        const inds = indicatorsFor(actor, q.indicators);
        const org = await scopedOrg(s, q.orgId ?? actor.scope.orgId);
        const { rows, parents } = q.structure === 'period' ? await periodRows(s, org, q.to) : await todayRows(s, org);
        const previous = { from: yearBefore(q.from), to: yearBefore(q.to) };
        const [now, before] = (await evaluate(s, org, rows, parents, inds, [q, previous])) as [Values, Values];
        const row = (o: CockpitOrg): CockpitRow => ({
          org: o,
          values: now.get(o.id) ?? {},
          previous: before.get(o.id) ?? {},
        });
        return {
          org: cockpitOrg(org),
          from: q.from,
          to: q.to,
          previousFrom: previous.from,
          previousTo: previous.to,
          structure: q.structure,
          indicators: inds.map((i) => i.code),
          total: row(cockpitOrg(org)),
          rows: rows.map((r) => row(r.org)),
          at: new Date().toISOString(),
        };
      }),

    /** Month by month for one org, and the same months a year before. */
    trend: (
      actor: UserActor,
      q: { orgId?: number | undefined; from: string; to: string; indicators?: string | undefined },
    ): Promise<Trend> =>
      run(actor, async (s) => {
        requirePermission(actor, 'stats.read');
        checkPeriod(q.from, q.to);
        const months = monthsOf(q.from, q.to);
        if (months.length > MAX_TREND_MONTHS)
          throw fieldError('VALIDATION_FAILED', 'from', '趋势最多显示 60 个月', 'a trend shows 60 months at most');
        const org = await scopedOrg(s, q.orgId ?? actor.scope.orgId);
        const inds = indicatorsFor(actor, q.indicators);
        if (inds.length > MAX_TREND_INDICATORS)
          throw fieldError(
            'VALIDATION_FAILED',
            'indicators',
            '趋势最多同时显示 12 项指标',
            'a trend shows 12 indicators at most',
          );
        // each month and the same month a year before, in one evaluation
        const periods = months.flatMap((m) => [m, { from: yearBefore(m.from), to: yearBefore(m.to) }]);
        const values = (await evaluate(s, org, [], [], inds, periods)).map((v) => v.get(org.id) ?? {});
        const now = values.filter((_, k) => k % 2 === 0);
        const before = values.filter((_, k) => k % 2 === 1);
        return {
          months: months.map((m) => m.month),
          series: inds.map((i) => ({
            indicator: i.code,
            values: now.map((v) => v[i.code] ?? null),
            previous: before.map((v) => v[i.code] ?? null),
          })),
        };
      }),

    /** The catalogue entry of each code (exports print the names and units). */
    describe: (codes: readonly string[]) => codes.map((c) => catalogue.find((i) => i.code === c)!),
  };
}
export type DashboardsService = ReturnType<typeof createDashboardsService>;
