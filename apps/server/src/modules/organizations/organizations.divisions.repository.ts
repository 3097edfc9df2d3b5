import { sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import { organizations, organizationVersions } from './organizations.tables.js';

/** Every organization's code with its id, path and depth: what an import finds already present. */
export async function listOrgCodes(s: Scoped): Promise<{ code: string; id: number; path: string; depth: number }[]> {
  const rows = await queryRows<{ code: string; id: number; path: string; depth: number }>(
    s.tx,
    sql`select code, id, path::text as path, depth from organizations`,
  );
  return rows.map((r) => ({ code: r.code, id: Number(r.id), path: r.path, depth: Number(r.depth) }));
}

/** Inserts imported organizations, each with its first version (active from `validFrom`, in the reorganization). */
export async function insertImportedOrgs(
  s: Scoped,
  orgs: (typeof organizations.$inferInsert)[],
  validFrom: string,
  reorganizationId: number,
): Promise<void> {
  await s.tx.insert(organizations).values(orgs);
  await s.tx.insert(organizationVersions).values(
    orgs.map((o) => ({
      orgId: o.id!,
      name: o.name,
      code: o.code,
      type: o.type,
      status: 'active',
      parentId: o.parentId ?? null,
      validFrom,
      reorganizationId,
    })),
  );
}
