import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { countersFollowMerge, countersFollowMove } from '../../platform/stats/index.js';
import { districtOfPath, type OrgRow } from './organizations.repository.js';
import { organizations, organizationVersions, reorganizations } from './organizations.tables.js';

/** Re-paths an org's whole subtree (and, through jinguo_repath, every scoped record under it). */
export async function repathSubtree(s: Scoped, oldPath: string, newPath: string): Promise<void> {
  const moved = sql`jinguo_rebase(path, ${oldPath}::ltree, ${newPath}::ltree)`;
  await s.tx.execute(sql`
    update organizations set path = ${moved}, depth = nlevel(${moved}) - 1,
      district_id = case when nlevel(${moved}) >= 2 then subpath(${moved}, 1, 1)::text::bigint end, updated_at = now()
    where path <@ ${oldPath}::ltree`);
  await s.tx.execute(
    sql`select jinguo_repath(${oldPath}::ltree, ${newPath}::ltree, ${districtOfPath(newPath)}::bigint)`,
  );
  // Live counters are kept per ancestor: they follow today's tree in this transaction.
  await countersFollowMove(s.tx, oldPath, newPath);
}

export async function rebindRecords(s: Scoped, from: OrgRow, to: OrgRow): Promise<void> {
  await s.tx.execute(
    sql`select jinguo_rebind(${from.id}::bigint, ${from.path}::ltree, ${to.id}::bigint, ${to.path}::ltree, ${to.districtId}::bigint)`,
  );
  await countersFollowMerge(s.tx, from.path, to.path);
}

export async function closeVersion(s: Scoped, orgId: number, validTo: string): Promise<void> {
  await s.tx
    .update(organizationVersions)
    .set({ validTo })
    .where(and(eq(organizationVersions.orgId, orgId), isNull(organizationVersions.validTo)));
}

export async function currentVersionStart(s: Scoped, orgId: number): Promise<string | null> {
  const rows = await s.tx
    .select({ validFrom: organizationVersions.validFrom })
    .from(organizationVersions)
    .where(and(eq(organizationVersions.orgId, orgId), isNull(organizationVersions.validTo)));
  return rows[0]?.validFrom ?? null;
}

export async function versionsOf(s: Scoped, orgId: number) {
  return s.tx
    .select({
      v: organizationVersions,
      parentCode: organizations.code,
      parentName: organizations.name,
      parentType: organizations.type,
    })
    .from(organizationVersions)
    .leftJoin(organizations, eq(organizations.id, organizationVersions.parentId))
    .where(eq(organizationVersions.orgId, orgId))
    .orderBy(desc(organizationVersions.validFrom), desc(organizationVersions.id));
}

export async function reorganizationsOf(s: Scoped, orgId: number) {
  return s.tx
    .select()
    .from(reorganizations)
    .where(sql`${orgId}::bigint = any(${reorganizations.orgIds})`)
    .orderBy(desc(reorganizations.effectiveDate), desc(reorganizations.id));
}

export async function listReorganizations(s: Scoped, beforeId: number | null, limit: number) {
  return s.tx
    .select()
    .from(reorganizations)
    .where(
      and(
        s.scopePath === null
          ? undefined
          : sql`(${reorganizations.orgPath} <@ ${s.scopePath}::ltree or ${s.scopePath}::ltree <@ ${reorganizations.orgPath})`,
        beforeId ? lt(reorganizations.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(reorganizations.id))
    .limit(limit + 1);
}
