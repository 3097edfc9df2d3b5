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
  return queryRows(
    s.tx,
    sql`select t.id::int as id, count(distinct h.family_id)::int as n
      from unnest(${`{${rows.map(([id]) => id).join(',')}}`}::bigint[], ${`{${rows.map(([, p]) => p).join(',')}}`}::text[]) as t(id, path)
      join family_honours h on h.org_path <@ t.path::ltree
      where h.year between ${fromYear} and ${toYear}
      group by t.id`,
  );
}
