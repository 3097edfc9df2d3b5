import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { queryRows } from '../db/client.js';
import type { Scoped } from '../scope.js';
import type { CounterQuery, Segment } from './stats.js';

/** A SQL text[] literal of metric names, which the caller has checked against the metric pattern. */
const metricArray = (metrics: readonly string[]) => sql.raw(`array[${metrics.map((m) => `'${m}'`).join(',')}]::text[]`);

/** Adds the deltas to the org's counters and every ancestor's, for the day, its month and its year. */
export async function addToCounters(
  q: Queryable,
  orgPath: string,
  day: string,
  entries: readonly (readonly [metric: string, delta: number])[],
): Promise<void> {
  // A SECURITY DEFINER function: the writer's scope rarely covers the ancestors it counts for.
  await q.execute(sql`select jinguo_bump_counters(${orgPath}::ltree, ${day}::date,
    ${metricArray(entries.map(([m]) => m))}, ${sql.raw(`array[${entries.map(([, d]) => String(d)).join(',')}]::bigint[]`)})`);
}

/** Sums the counters over the segments, inside the actor's scope (row-level security admits only its nodes). */
export async function sumCounters(
  s: Scoped,
  q: CounterQuery,
  segments: readonly Segment[],
): Promise<{ orgId: number; metric: string; value: number }[]> {
  const metrics = metricArray(q.metrics);
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

/**
 * Replaces the counters of the metrics with those the source query yields (org_path, day, metric, value), rolled up
 * to every ancestor and to day, month and year. Returns how many counter rows were written.
 */
export async function replaceCountersFrom(q: Queryable, metricNames: readonly string[], source: SQL): Promise<number> {
  const metrics = metricArray(metricNames);
  await q.execute(sql`delete from stat_counters where metric = any(${metrics})`);
  const [row] = await queryRows<{ n: number }>(
    q,
    sql`
        with src as (${source}),
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
  return Number(row?.n ?? 0);
}

/** Fresh planner statistics after a rebuild replaced most of the table. */
export async function analyzeCounters(q: Queryable): Promise<void> {
  await q.execute(sql`analyze stat_counters`);
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
