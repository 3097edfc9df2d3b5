import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import type { CountTarget } from '../../platform/stats/index.js';

/** Families honoured (最美家庭, 五好家庭 …) in the years fromYear..toYear, each family once, per target subtree. */
export async function familiesHonoured(
  s: Scoped,
  targets: readonly CountTarget[],
  fromYear: number,
  toYear: number,
): Promise<{ id: number; n: number }[]> {
  const rows = targets.flatMap((t) => t.paths.map((p) => [t.id, p] as const));
  for (const [, p] of rows) if (!/^[0-9.]+$/.test(p)) throw new Error(`not an org path: ${p}`);
  // one pass over the honours under the targets' common ancestor, each hashed to its target by its path's prefix at
  // the target's depth (not one scan per target: honours have no path index)
  return queryRows(
    s.tx,
    sql`with t as (select x.id, x.path::ltree as path
        from unnest(${`{${rows.map(([id]) => id).join(',')}}`}::bigint[], ${`{${rows.map(([, p]) => p).join(',')}}`}::text[]) as x(id, path)),
      lv as (select distinct nlevel(path) as lvl from t),
      root as (select lca(array_agg(path)) as path from t),
      h as (select h.family_id, h.org_path as path from family_honours h, root
        where h.org_path <@ root.path and h.year between ${fromYear} and ${toYear})
      select t.id::int as id, count(distinct h.family_id)::int as n
      from h join lv on nlevel(h.path) >= lv.lvl join t on t.path = subpath(h.path, 0, lv.lvl)
      group by t.id`,
  );
}
