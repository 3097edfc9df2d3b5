import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import type { CountTarget } from '../../platform/stats/index.js';

/*
 * The SQL of the organizations' indicators: states at a day (the end of a period), counted over the subtrees of the
 * targets through the path index, inside the reader's scope (row-level security applies).
 */

/** (target id, subtree path) pairs as two array literals: ids are integers, paths ltree labels of digits. */
function pairs(targets: readonly CountTarget[]) {
  const rows = targets.flatMap((t) => t.paths.map((p) => [t.id, p] as const));
  for (const [, p] of rows) if (!/^[0-9.]+$/.test(p)) throw new Error(`not an org path: ${p}`);
  return {
    ids: `{${rows.map(([id]) => id).join(',')}}`,
    paths: `{${rows.map(([, p]) => p).join(',')}}`,
  };
}

/**
 * The targets as a CTE, and their subtrees' union as one range: every row under the lowest common ancestor is read
 * once (one path index range) and hashed to its target by the prefix of its path at the target's depth — not one
 * index range per target, which on PGlite cost a second at the city's 40 children.
 */
function targetsSql(targets: readonly CountTarget[]) {
  const { ids, paths } = pairs(targets);
  return sql`t as (select x.id, x.path::ltree as path from unnest(${ids}::bigint[], ${paths}::text[]) as x(id, path)),
    lv as (select distinct nlevel(path) as lvl from t),
    root as (select lca(array_agg(path)) as path from t)`;
}
/** Rows of `rows` (a CTE with a `path` column) paired with the target whose subtree holds them. */
const underTarget = (rows: string) =>
  sql.raw(`${rows} r join lv on nlevel(r.path) >= lv.lvl join t on t.path = subpath(r.path, 0, lv.lvl)`);

/** The organizations' counter source: each org's life and each space, recounted (migration 0033). */
export const stockCountersRebuild = sql`select org_path, day, metric, value from jinguo_org_stock_source()`;

/** Spaces (阵地) opened by `day`, and village federations with at least one space, per target. */
export async function spacesAt(
  s: Scoped,
  targets: readonly CountTarget[],
  day: string,
): Promise<{ id: number; spaces: number; villages: number; villagesWithSpace: number }[]> {
  const opened = sql`coalesce(x.opened_on, (x.created_at at time zone 'Asia/Shanghai')::date) <= ${day}::date`;
  return queryRows(
    s.tx,
    sql`with ${targetsSql(targets)},
      sp as (select x.id as space_id, x.org_path as path from org_spaces x, root where x.org_path <@ root.path and ${opened}),
      v as (select o.id as org_id, o.path, exists (select 1 from org_spaces x where x.org_id = o.id and ${opened}) as has_space
        from organizations o, root where o.path <@ root.path and o.type = 'village_federation'
        and o.valid_from <= ${day}::date and (o.valid_to is null or o.valid_to > ${day}::date)),
      s as (select t.id, count(distinct r.space_id)::int as n from ${underTarget('sp')} group by t.id),
      vc as (select t.id, count(distinct r.org_id)::int as villages,
        count(distinct r.org_id) filter (where r.has_space)::int as with_space from ${underTarget('v')} group by t.id)
      select x.id::int as id, coalesce(s.n, 0) as spaces, coalesce(vc.villages, 0) as villages,
        coalesce(vc.with_space, 0) as "villagesWithSpace"
      from (select distinct id from t) x left join s on s.id = x.id left join vc on vc.id = x.id`,
  );
}
