import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { queryRows } from '../db/client.js';
import type { Scoped } from '../scope.js';
import type { CountTarget } from './indicators.js';
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

/**
 * Sums the counters of each query over its segments, inside the actor's scope (row-level security admits only its
 * nodes), all in one statement: the cockpit's flows and stocks, the org's own and its children's, for the period and
 * the year before, are one round trip. Rows carry the index of their query.
 */
export async function sumCounterSets(
  s: Scoped,
  sets: readonly { q: CounterQuery; segments: readonly Segment[] }[],
): Promise<{ set: number; orgId: number; metric: string; value: number }[]> {
  const scope = s.scopePath === null ? sql`true` : sql`c.node_path <@ ${s.scopePath}::ltree`;
  // One index range (node, grain, day) per node and segment, summed: OR-ed segments in one WHERE are only a filter
  // after the node, which read every day of five years. The children are an array taken once through the parent
  // index (joined, the planner scanned the organizations in parallel for the city's 43 children: 40 ms).
  const parts = sets.flatMap(({ q, segments }, i) => {
    const metrics = metricArray(q.metrics);
    const nodes =
      q.by === 'self'
        ? sql`c.node_id = ${q.orgId}`
        : sql`c.node_id = any(array(select o.id from organizations o where o.parent_id = ${q.orgId}))`;
    return segments.map(
      (
        g,
      ) => sql`select ${sql.raw(String(i))} as set, c.node_id, c.metric, ${sql.raw(g.negate ? '-c.value' : 'c.value')} as value
        from stat_counters c
        where ${nodes} and c.grain = ${g.grain} and c.day between ${g.from}::date and ${g.to}::date
        and c.metric = any(${metrics}) and ${scope}`,
    );
  });
  if (!parts.length) return [];
  const rows = await queryRows<{ set: number; org_id: number; metric: string; value: number }>(
    s.tx,
    sql`select x.set, x.node_id as org_id, x.metric, sum(x.value)::bigint as value
      from (${sql.join(parts, sql` union all `)}) x group by x.set, x.node_id, x.metric`,
  );
  return rows.map((r) => ({ set: Number(r.set), orgId: Number(r.org_id), metric: r.metric, value: Number(r.value) }));
}

/**
 * A subquery: the node's stock metrics as its running totals (grain 't': every change ever counted) — as a JSON
 * object { metric: value }: the states as the records stand now (a merger already recorded for a later day included,
 * as the org's status is). Within the reader's scope; `scopePath` null is the whole city.
 */
export function latestStocksSql(scopePath: string | null, orgId: number, metrics: readonly string[]): SQL {
  const scope = scopePath === null ? sql`true` : sql`c.node_path <@ ${scopePath}::ltree`;
  return sql`(select coalesce(json_object_agg(c.metric, c.value), '{}'::json) from stat_counters c
    where c.node_id = ${orgId} and c.grain = 't' and c.day = date '0001-01-01'
      and c.metric = any(${metricArray(metrics)}) and ${scope})`;
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
                 case g.grain when 'd' then src.day when 'm' then date_trunc('month', src.day)::date
                              when 'y' then date_trunc('year', src.day)::date else date '0001-01-01' end, sum(src.value)
          from src cross join lateral generate_series(1, nlevel(src.org_path)) as k
            cross join (values ('d'), ('m'), ('y'), ('t')) as g(grain)
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

/*
 * The targets of a count indicator (the org and each row of the cockpit) as SQL, for one pass over their records:
 * every record under the targets' lowest common ancestor is read once (one path index range) and hashed to its
 * target by the prefix of its path at the target's depth — not one index range per target, which on PGlite cost a
 * second at the city's 40 children.
 */

/** (target id, subtree path) pairs as two array literals: ids are integers, paths ltree labels of digits. */
function pairs(targets: readonly CountTarget[]) {
  const rows = targets.flatMap((t) => t.paths.map((p) => [t.id, p] as const));
  for (const [, p] of rows) if (!/^[0-9]+(\.[0-9]+)*$/.test(p)) throw new Error(`not an org path: ${p}`);
  return {
    ids: `{${rows.map(([id]) => id).join(',')}}`,
    paths: `{${rows.map(([, p]) => p).join(',')}}`,
  };
}

/**
 * CTEs `t` (id, path: each target's subtrees), `lv` (the targets' depths) and `root` (path: the deepest path that
 * holds every target). ltree's lca() is the longest common *proper* ancestor — a district and its towns gave the
 * city, and a district's count read the whole city's records — so each path gets a label of its own first.
 */
export function countTargetsSql(targets: readonly CountTarget[]): SQL {
  const { ids, paths } = pairs(targets);
  return sql`t as (select x.id, x.path::ltree as path from unnest(${ids}::bigint[], ${paths}::text[]) as x(id, path)),
    lv as (select distinct nlevel(path) as lvl from t),
    root as (select lca(array_agg(path || 'self')) as path from t)`;
}

/** Rows of `rows` (a CTE with a `path` column, aliased `r`) joined to the target whose subtree holds them (`t`). */
export const underTarget = (rows: string): SQL =>
  sql.raw(`${rows} r join lv on nlevel(r.path) >= lv.lvl join t on t.path = subpath(r.path, 0, lv.lvl)`);
