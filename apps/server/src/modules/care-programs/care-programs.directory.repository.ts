import { and, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { personDirectory } from '../people/index.js';

/* The care programs' reads of what others publish: the org directory (organizations) and the person directory
 * (people). Row-level security of the reader applies through both views. */

export interface OrgEntry {
  id: number;
  name: string;
  type: string;
  path: string;
  status: string;
  parentId: number | null;
  districtId: number | null;
}

/** Owner: organizations. Orgs by id. */
export async function orgsById(s: Scoped, ids: readonly number[]): Promise<Map<number, OrgEntry>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows = await s.tx
    .select({
      id: orgDirectory.id,
      name: orgDirectory.name,
      type: orgDirectory.type,
      path: orgDirectory.path,
      status: orgDirectory.status,
      parentId: orgDirectory.parentId,
      districtId: orgDirectory.districtId,
    })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Owner: organizations. The districts (level 2) in a subtree, for per-district figures. */
export async function districtsWithin(s: Scoped, path: string) {
  return s.tx
    .select({ id: orgDirectory.id, name: orgDirectory.name, path: orgDirectory.path })
    .from(orgDirectory)
    .where(
      and(
        sql`${orgDirectory.path} <@ ${path}::ltree`,
        sql`nlevel(${orgDirectory.path}) = 2`,
        eq(orgDirectory.status, 'active'),
      ),
    );
}

/** Owner: organizations. The org at a path (an ancestor named by a label of a path). */
export async function orgsByPaths(s: Scoped, paths: readonly string[]): Promise<OrgEntry[]> {
  if (!paths.length) return [];
  return queryRows<OrgEntry>(
    s.tx,
    sql`select id, name, type, path::text as path, status, parent_id as "parentId", district_id as "districtId"
        from org_directory where path = any(${`{${paths.join(',')}}`}::ltree[])`,
  );
}

/** Owner: people. Names and masked ID numbers of persons the reader may see. */
export async function personsById(s: Scoped, ids: readonly number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<number, { id: number; name: string; idNumberMasked: string | null }>();
  const rows = await s.tx
    .select({ id: personDirectory.id, name: personDirectory.name, idNumberMasked: personDirectory.idNumberMasked })
    .from(personDirectory)
    .where(and(inArray(personDirectory.id, wanted), inSubtree(s, personDirectory.path)));
  return new Map(rows.map((r) => [r.id, r]));
}
