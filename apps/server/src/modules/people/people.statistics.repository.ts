import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import { countTargetsSql, underTarget, type CountTarget } from '../../platform/stats/index.js';

/** Families honoured (最美家庭, 五好家庭 …) in the years fromYear..toYear, each family once, per target subtree. */
export async function familiesHonoured(
  s: Scoped,
  targets: readonly CountTarget[],
  fromYear: number,
  toYear: number,
): Promise<{ id: number; n: number }[]> {
  // one pass over the honours under the targets' common ancestor (honours have no path index)
  return queryRows(
    s.tx,
    sql`with ${countTargetsSql(targets)},
      h as (select h.family_id, h.org_path as path from family_honours h, root
        where h.org_path <@ root.path and h.year between ${fromYear} and ${toYear})
      select t.id::int as id, count(distinct r.family_id)::int as n
      from ${underTarget('h')} group by t.id`,
  );
}
