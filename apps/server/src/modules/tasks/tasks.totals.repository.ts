import { sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, inSubtreeFilter, type Scoped } from '../../platform/scope.js';

/*
 * A task's figures rolled up over its tree (task_totals): rebuilt from the copies (at dispatch, and by loaders that
 * wrote copies directly), moved by each change of state, read per region (one row per child org).
 */

/** The SQL of one figure of a copy: a number field, or the sum of a number column of a table. */
function figure(path: readonly string[]): SQL {
  if (path.length === 1) return sql`(a.values->>${path[0]!})::numeric`;
  return sql`(select sum((r->>${path[1]!})::numeric) from jsonb_array_elements(
      case when jsonb_typeof(a.values->${path[0]!}) = 'array' then a.values->${path[0]!} else '[]'::jsonb end) r)`;
}

/** Recounts a task's totals from its copies: one row per org strictly below `rootPath` down to each receiver. */
export async function rebuildTotals(
  s: Scoped,
  taskId: number,
  rootPath: string,
  paths: readonly (readonly string[])[],
) {
  const sub = sql`a.state in ('submitted', 'approved')`;
  const appr = sql`a.state = 'approved'`;
  const sums = (f: SQL) =>
    paths.length
      ? sql`array[${sql.join(
          paths.map((p) => sql`coalesce(sum(${figure(p)}) filter (where ${f}), 0)`),
          sql`, `,
        )}]::numeric[]`
      : sql`'{}'::numeric[]`;
  await s.tx.execute(sql`delete from task_totals where task_id = ${taskId}`);
  await s.tx.execute(sql`
    insert into task_totals (task_id, node_id, org_path, district_id, receivers, submitted, approved, submitted_sums, approved_sums)
    select ${taskId}, ltree2text(subpath(a.org_path, k - 1, 1))::bigint, subpath(a.org_path, 0, k), min(a.district_id),
      count(*)::int, count(*) filter (where ${sub})::int, count(*) filter (where ${appr})::int, ${sums(sub)}, ${sums(appr)}
    from task_assignments a cross join lateral generate_series(nlevel(${rootPath}::ltree) + 1, nlevel(a.org_path)) as k
    where a.task_id = ${taskId} and ${inSubtree(s, sql`a.org_path`)}
    group by 2, 3`);
}

/** Adds one copy's change to the totals of its path (SECURITY DEFINER: the ancestors lie above a receiver's scope). */
export async function addToTotals(
  s: Scoped,
  taskId: number,
  path: string,
  d: { submitted: number; approved: number; submittedSums: number[]; approvedSums: number[] },
): Promise<void> {
  const arr = (xs: number[]) => sql.raw(`array[${xs.map((x) => String(Number(x) || 0)).join(',')}]::numeric[]`);
  await s.tx.execute(sql`select jinguo_task_totals_add(${taskId}::bigint, ${path}::ltree, ${d.submitted}::int,
    ${d.approved}::int, ${arr(d.submittedSums)}, ${arr(d.approvedSums)})`);
}

/** A numeric[] as the driver returns it (an array, or its text form on some drivers) → numbers. */
const numbers = (v: unknown): number[] =>
  Array.isArray(v)
    ? v.map(Number)
    : typeof v === 'string' && v.length > 2
      ? v.replace(/[{}]/g, '').split(',').map(Number)
      : [];

export interface TotalsRow {
  id: number;
  code: string;
  name: string;
  type: string;
  receivers: number;
  submitted: number;
  approved: number;
  submitted_sums: number[];
  approved_sums: number[];
}

/** Owner: organizations (joined to our totals). The totals of each child of a region. */
export async function totalsOfChildren(s: Scoped, taskId: number, regionId: number): Promise<TotalsRow[]> {
  const rows = await queryRows<TotalsRow>(
    s.tx,
    sql`
    select r.id, r.code, r.name, r.type, t.receivers, t.submitted, t.approved, t.submitted_sums, t.approved_sums
    from org_directory r
    -- one primary-key probe per child (LIMIT keeps the planner from a hash join over every node of the task, which it
    -- picks while the freshly written rows have no statistics)
    cross join lateral (select x.* from task_totals x where x.task_id = ${taskId} and x.node_id = r.id limit 1) t
    where r.parent_id = ${regionId} and ${inSubtreeFilter(s, sql`t.org_path`)} order by r.code`,
  );
  return rows.map((r) => ({
    ...r,
    submitted_sums: numbers(r.submitted_sums),
    approved_sums: numbers(r.approved_sums),
  }));
}
