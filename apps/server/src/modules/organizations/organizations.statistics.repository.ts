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

/** Organizations of each type that existed on `day`, per target (an org in two paths of a target counts once). */
export async function orgsByTypeAt(
  s: Scoped,
  targets: readonly CountTarget[],
  day: string,
): Promise<{ id: number; type: string; n: number }[]> {
  const { ids, paths } = pairs(targets);
  return queryRows(
    s.tx,
    sql`select t.id::int as id, o.type, count(distinct o.id)::int as n
      from unnest(${ids}::bigint[], ${paths}::text[]) as t(id, path)
      join organizations o on o.path <@ t.path::ltree
      where o.valid_from <= ${day}::date and (o.valid_to is null or o.valid_to > ${day}::date)
      group by t.id, o.type`,
  );
}

/** Spaces (阵地) opened by `day`, and village federations with at least one space, per target. */
export async function spacesAt(
  s: Scoped,
  targets: readonly CountTarget[],
  day: string,
): Promise<{ id: number; spaces: number; villages: number; villagesWithSpace: number }[]> {
  const { ids, paths } = pairs(targets);
  return queryRows(
    s.tx,
    sql`with t as (select * from unnest(${ids}::bigint[], ${paths}::text[]) as t(id, path)),
      sp as (select t.id, x.id as space_id, x.org_id from t join org_spaces x on x.org_path <@ t.path::ltree
        where coalesce(x.opened_on, (x.created_at at time zone 'Asia/Shanghai')::date) <= ${day}::date),
      v as (select t.id, o.id as org_id from t join organizations o on o.path <@ t.path::ltree
        where o.type = 'village_federation' and o.valid_from <= ${day}::date and (o.valid_to is null or o.valid_to > ${day}::date))
      select x.id::int as id,
        (select count(distinct sp.space_id) from sp where sp.id = x.id)::int as spaces,
        (select count(distinct v.org_id) from v where v.id = x.id)::int as villages,
        (select count(distinct v.org_id) from v where v.id = x.id and exists (
          select 1 from sp where sp.id = x.id and sp.org_id = v.org_id))::int as "villagesWithSpace"
      from (select distinct id from t) x`,
  );
}
