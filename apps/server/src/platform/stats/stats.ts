import { sql, type SQL } from 'drizzle-orm';
import type { DbHandle, Queryable } from '../db/client.js';
import { queryRows } from '../db/client.js';
import type { Scoped } from '../scope.js';

/**
 * Live counters rolled up over the hierarchy (stat_counters). A module bumps its metrics in the transaction of the
 * change; reading any org's figures, or its children's, for any period is then an index range, fresh at once.
 * Metric names are the module's: 'demands.received', 'cases.referred'.
 */
export interface CounterBump {
  /** Path of the org where the thing happened; every ancestor is counted too. */
  orgPath: string;
  /** The China date the figure belongs to (YYYY-MM-DD). */
  day: string;
  /** Metric → delta (negative to take back, e.g. a reopened demand is no longer closed). */
  deltas: Record<string, number>;
}

const METRIC = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export async function bumpCounters(q: Queryable, bump: CounterBump): Promise<void> {
  const entries = Object.entries(bump.deltas).filter(([, d]) => d !== 0);
  if (!entries.length) return;
  for (const [m, d] of entries) {
    if (!METRIC.test(m)) throw new Error(`not a metric name: ${m}`);
    if (!Number.isInteger(d)) throw new Error(`a counter delta must be an integer: ${m} ${d}`);
  }
  // A SECURITY DEFINER function: the writer's scope rarely covers the ancestors it counts for.
  await q.execute(sql`select jinguo_bump_counters(${bump.orgPath}::ltree, ${bump.day}::date,
    ${sql.raw(`array[${entries.map(([m]) => `'${m}'`).join(',')}]::text[]`)}, ${sql.raw(`array[${entries.map(([, d]) => String(d)).join(',')}]::bigint[]`)})`);
}

export interface CounterQuery {
  orgId: number;
  metrics: readonly string[];
  from: string;
  to: string;
  /** self: the org's own totals (its whole subtree); children: one total per direct child. */
  by: 'self' | 'children';
}
export interface CounterRow {
  orgId: number;
  metric: string;
  value: number;
}

/** A period as the fewest buckets: whole years, whole months, then the days at the edges. Dates inclusive. */
export interface Segment {
  grain: 'd' | 'm' | 'y';
  from: string;
  to: string;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const addMonths = (start: string, n: number) => {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7)) - 1 + n;
  return `${y + Math.floor(m / 12)}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}-01`;
};

export function periodSegments(from: string, to: string): Segment[] {
  if (from > to) return [];
  const firstMonth = from.endsWith('-01') ? from : addMonths(monthStart(from), 1);
  const endMonthExcl = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : monthStart(to);
  if (firstMonth >= endMonthExcl) return [{ grain: 'd', from, to }];
  const out: Segment[] = [];
  if (from < firstMonth) out.push({ grain: 'd', from, to: addDays(firstMonth, -1) });
  const firstYear = firstMonth.endsWith('-01-01') ? firstMonth : `${Number(firstMonth.slice(0, 4)) + 1}-01-01`;
  const endYearExcl = endMonthExcl.endsWith('-01-01') ? endMonthExcl : `${endMonthExcl.slice(0, 4)}-01-01`;
  if (firstYear >= endYearExcl) {
    out.push({ grain: 'm', from: firstMonth, to: addMonths(endMonthExcl, -1) });
  } else {
    if (firstMonth < firstYear) out.push({ grain: 'm', from: firstMonth, to: addMonths(firstYear, -1) });
    out.push({ grain: 'y', from: firstYear, to: `${Number(endYearExcl.slice(0, 4)) - 1}-01-01` });
    if (endYearExcl < endMonthExcl) out.push({ grain: 'm', from: endYearExcl, to: addMonths(endMonthExcl, -1) });
  }
  if (endMonthExcl <= to) out.push({ grain: 'd', from: endMonthExcl, to });
  return out;
}

/** Sums counters over a period, inside the actor's scope (row-level security admits only the scope's nodes). */
export async function readCounters(s: Scoped, q: CounterQuery): Promise<CounterRow[]> {
  for (const m of q.metrics) if (!METRIC.test(m)) throw new Error(`not a metric name: ${m}`);
  const segments = periodSegments(q.from, q.to);
  if (!segments.length || !q.metrics.length) return [];
  const metrics = sql.raw(`array[${q.metrics.map((m) => `'${m}'`).join(',')}]::text[]`);
  const scope = s.scopePath === null ? sql`true` : sql`c.node_path <@ ${s.scopePath}::ltree`;
  // One index range (node, metric, grain, day) per segment, summed: OR-ed segments in one WHERE are only a filter
  // after (node, metric), which read every day of five years (600 ms for the city's districts instead of 60).
  const parts = segments.map((g) => {
    const period = sql`c.grain = ${g.grain} and c.day between ${g.from}::date and ${g.to}::date`;
    return q.by === 'self'
      ? sql`select c.node_id, c.metric, c.value from stat_counters c where c.node_id = ${q.orgId} and c.metric = any(${metrics}) and ${period} and ${scope}`
      : sql`select c.node_id, c.metric, c.value from organizations o join stat_counters c on c.node_id = o.id
          where o.parent_id = ${q.orgId} and c.metric = any(${metrics}) and ${period} and ${scope}`;
  });
  const rows = await queryRows<{ org_id: number; metric: string; value: number }>(
    s.tx,
    sql`
    select x.node_id as org_id, x.metric, sum(x.value)::bigint as value from (${sql.join(parts, sql` union all `)}) x group by x.node_id, x.metric`,
  );
  return rows.map((r) => ({ orgId: Number(r.org_id), metric: r.metric, value: Number(r.value) }));
}

/** Folds counter rows into { orgId → { metric → value } } with zeros for missing metrics. */
export function byOrg(rows: readonly CounterRow[], metrics: readonly string[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    let m = out.get(r.orgId);
    if (!m) out.set(r.orgId, (m = Object.fromEntries(metrics.map((k) => [k, 0]))));
    m[r.metric] = r.value;
  }
  return out;
}

/**
 * How a module's counters are recomputed from its records: a query yielding (org_path, day, metric, value) rows.
 * Used by `jinguo stats rebuild` (a repair, or a new metric counted over old records) and by the seed.
 */
export interface StatSource {
  name: string;
  metrics: readonly string[];
  rebuild: SQL;
}
const sources = new Map<string, StatSource>();
export function registerStatSource(source: StatSource): void {
  sources.set(source.name, source);
}
export function statSources(): StatSource[] {
  return [...sources.values()];
}

/** Recomputes the counters of the named sources (all by default) in one transaction, as the platform. */
export async function rebuildCounters(
  handle: DbHandle,
  names?: readonly string[],
): Promise<{ source: string; rows: number }[]> {
  const chosen = statSources().filter((s) => !names || names.includes(s.name));
  const report: { source: string; rows: number }[] = [];
  await handle.db.transaction(async (tx) => {
    for (const src of chosen) {
      const metrics = sql.raw(`array[${src.metrics.map((m) => `'${m}'`).join(',')}]::text[]`);
      await tx.execute(sql`delete from stat_counters where metric = any(${metrics})`);
      const [row] = await queryRows<{ n: number }>(
        tx,
        sql`
        with src as (${src.rebuild}),
        ins as (
          insert into stat_counters (node_id, node_path, metric, grain, day, value)
          select subpath(src.org_path, k - 1, 1)::text::bigint, subpath(src.org_path, 0, k), src.metric, g.grain,
                 case g.grain when 'd' then src.day when 'm' then date_trunc('month', src.day)::date else date_trunc('year', src.day)::date end, sum(src.value)
          from src cross join lateral generate_series(1, nlevel(src.org_path)) as k cross join (values ('d'), ('m'), ('y')) as g(grain)
          where src.metric = any(${metrics})
          group by 1, 2, 3, 4, 5
          having sum(src.value) <> 0
          returning 1)
        select count(*)::int as n from ins`,
      );
      report.push({ source: src.name, rows: Number(row?.n ?? 0) });
    }
  });
  // A rebuild replaces most of the table: fresh statistics, or the planner reads five years of days for a year.
  if (chosen.length) await handle.db.execute(sql`analyze stat_counters`);
  return report;
}

/**
 * Counters follow a move in the move's own transaction: the subtree's rows take their new paths, and what the moved
 * org counts leaves the old parent's chain of ancestors and joins the new one's (docs/decisions/0011). Call it with
 * the paths the org had and has; the result is what a rebuild from the re-pathed records would give.
 */
export async function countersFollowMove(q: Queryable, oldPath: string, newPath: string): Promise<void> {
  await q.execute(sql`select jinguo_counters_follow_move(${oldPath}::ltree, ${newPath}::ltree)`);
}

/**
 * Counters follow a merge, after the merged org's records were re-bound to the absorbing org: its figures go with them.
 */
export async function countersFollowMerge(q: Queryable, fromPath: string, toPath: string): Promise<void> {
  await q.execute(sql`select jinguo_counters_follow_merge(${fromPath}::ltree, ${toPath}::ltree)`);
}
