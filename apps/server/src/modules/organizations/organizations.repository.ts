import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { OrgNode, OrgSummary, OrgType } from '@jinguo/contracts';
import { queryRows, type Database } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { countersFollowMerge, countersFollowMove } from '../../platform/stats/index.js';
import {
  organizations,
  organizationVersions,
  orgOfficers,
  orgSpaces,
  orgTerms,
  reorganizations,
} from './organizations.tables.js';

export type OrgRow = typeof organizations.$inferSelect;
export type SpaceRow = typeof orgSpaces.$inferSelect;
export type OfficerRow = typeof orgOfficers.$inferSelect;
export type TermRow = typeof orgTerms.$inferSelect;

// The outer column is written out in full: drizzle renders ${organizations.id} unqualified, which would bind to `c`.
const childCount = sql<number>`(select count(*)::int from organizations c where c.parent_id = "organizations"."id" and c.status = 'active')`;

function toNode(
  r: Pick<OrgRow, 'id' | 'code' | 'name' | 'type' | 'status' | 'parentId' | 'depth'> & { childCount: number },
): OrgNode {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    type: r.type as OrgType,
    status: r.status as OrgNode['status'],
    parentId: r.parentId,
    depth: r.depth,
    childCount: r.childCount,
  };
}
export const toSummary = (r: Pick<OrgRow, 'id' | 'code' | 'name' | 'type'>): OrgSummary => ({
  id: r.id,
  code: r.code,
  name: r.name,
  type: r.type as OrgType,
});

/** An organization inside the actor's subtree, or null: outside is indistinguishable from absent. */
export async function findOrg(s: Scoped, id: number): Promise<OrgRow | null> {
  const rows = await s.tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.id, id), inSubtree(s, organizations.path)));
  return rows[0] ?? null;
}

export async function findOrgs(s: Scoped, ids: number[]): Promise<OrgRow[]> {
  if (ids.length === 0) return [];
  return s.tx
    .select()
    .from(organizations)
    .where(and(inArray(organizations.id, ids), inSubtree(s, organizations.path)));
}

export async function findNode(s: Scoped, id: number): Promise<OrgNode | null> {
  const rows = await s.tx
    .select({ ...orgColumns, childCount })
    .from(organizations)
    .where(and(eq(organizations.id, id), inSubtree(s, organizations.path)));
  return rows[0] ? toNode(rows[0]) : null;
}

const orgColumns = {
  id: organizations.id,
  code: organizations.code,
  name: organizations.name,
  shortName: organizations.shortName,
  type: organizations.type,
  status: organizations.status,
  parentId: organizations.parentId,
  path: organizations.path,
  depth: organizations.depth,
  districtId: organizations.districtId,
  divisionCode: organizations.divisionCode,
  address: organizations.address,
  contactName: organizations.contactName,
  contactPhoneEnc: organizations.contactPhoneEnc,
  foundedOn: organizations.foundedOn,
  validFrom: organizations.validFrom,
  validTo: organizations.validTo,
  mergedIntoId: organizations.mergedIntoId,
  hostProvince: organizations.hostProvince,
  hostCity: organizations.hostCity,
  namePinyin: organizations.namePinyin,
  nameInitials: organizations.nameInitials,
  createdAt: organizations.createdAt,
  updatedAt: organizations.updatedAt,
};

/** The chain from the root down to (not including) the org; ancestors are readable for breadcrumbs only. */
export async function ancestorsOf(s: Scoped, path: string): Promise<OrgSummary[]> {
  const rows = await s.tx
    .select({ id: organizations.id, code: organizations.code, name: organizations.name, type: organizations.type })
    .from(organizations)
    .where(sql`${organizations.path} @> ${path}::ltree and ${organizations.path} <> ${path}::ltree`)
    .orderBy(asc(organizations.depth));
  return rows.map(toSummary);
}

export async function childrenOf(s: Scoped, parentId: number, includeInactive: boolean): Promise<OrgNode[]> {
  const rows = await s.tx
    .select({ ...orgColumns, childCount })
    .from(organizations)
    .where(
      and(
        eq(organizations.parentId, parentId),
        inSubtree(s, organizations.path),
        includeInactive ? undefined : eq(organizations.status, 'active'),
      ),
    )
    // the statutory divisions first, in code order; attached organizations after them
    .orderBy(sql`${organizations.divisionCode} is null`, asc(organizations.code));
  return rows.map(toNode);
}

/** Children as they were on a past date, read from the version history. */
export async function childrenAt(s: Scoped, parentId: number, at: string): Promise<OrgNode[]> {
  const validAt = (alias: string) => {
    const a = sql.raw(alias);
    return sql`${a}.valid_from <= ${at}::date and (${a}.valid_to is null or ${a}.valid_to > ${at}::date)`;
  };
  const scope = s.scopePath === null ? sql`true` : sql`o.path <@ ${s.scopePath}::ltree`;
  const rows = await queryRows<{
    id: number;
    code: string;
    name: string;
    type: string;
    status: string;
    parent_id: number | null;
    depth: number;
    child_count: number;
  }>(
    s.tx,
    sql`
    select v.org_id as id, v.code, v.name, v.type, v.status, v.parent_id, o.depth,
      (select count(*)::int from organization_versions cv where cv.parent_id = v.org_id and ${validAt('cv')}) as child_count
    from organization_versions v join organizations o on o.id = v.org_id
    where v.parent_id = ${parentId} and ${validAt('v')} and ${scope}
    order by v.code`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    code: r.code,
    name: r.name,
    type: r.type as OrgType,
    status: r.status as OrgNode['status'],
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    depth: Number(r.depth),
    childCount: Number(r.child_count),
  }));
}

/** Name (trigram), code prefix, full pinyin prefix or pinyin initials prefix — within the subtree. */
export async function searchOrgs(
  s: Scoped,
  q: string,
  limit: number,
): Promise<(OrgRow & { ancestorNames: string[] })[]> {
  const lower = q.toLowerCase();
  const like = `%${q.replace(/[%_\\]/g, '\\$&')}%`;
  const prefix = `${lower.replace(/[%_\\]/g, '\\$&')}%`;
  const rows = await s.tx
    .select()
    .from(organizations)
    .where(
      and(
        inSubtree(s, organizations.path),
        eq(organizations.status, 'active'),
        sql`(${organizations.name} like ${like} or ${organizations.code} like ${prefix} or ${organizations.nameInitials} like ${prefix} or ${organizations.namePinyin} like ${prefix})`,
      ),
    )
    .orderBy(asc(organizations.depth), asc(organizations.code))
    .limit(limit);
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.flatMap((r) => r.path.split('.').map(Number)))];
  const names = new Map(
    (
      await s.tx
        .select({ id: organizations.id, name: organizations.name })
        .from(organizations)
        .where(inArray(organizations.id, ids))
    ).map((r) => [r.id, r.name]),
  );
  return rows.map((r) => ({
    ...r,
    ancestorNames: r.path
      .split('.')
      .slice(0, -1)
      .map((id) => names.get(Number(id)) ?? ''),
  }));
}

export async function codeTaken(s: Scoped, code: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    s.tx,
    sql`select count(*)::int as n from organizations where code = ${code}`,
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function nextOrgIds(s: Scoped, n: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    s.tx,
    sql`select nextval(pg_get_serial_sequence('organizations', 'id'))::bigint as id from generate_series(1, ${n})`,
  );
  return rows.map((r) => Number(r.id));
}

export async function insertOrg(s: Scoped, row: typeof organizations.$inferInsert): Promise<OrgRow> {
  const [created] = await s.tx.insert(organizations).values(row).returning();
  return created!;
}

export async function updateOrgRow(
  s: Scoped,
  id: number,
  patch: Partial<typeof organizations.$inferInsert>,
): Promise<OrgRow> {
  const [row] = await s.tx
    .update(organizations)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(organizations.id, id), inSubtree(s, organizations.path)))
    .returning();
  return row!;
}

/** The district (level-2 ancestor) of a path: the distribution key of scoped records (docs/decisions/0003). */
export function districtOfPath(path: string): number | null {
  const label = path.split('.')[1];
  return label ? Number(label) : null;
}

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

/* versions and reorganizations */
export async function openVersion(
  s: Scoped,
  org: OrgRow,
  validFrom: string,
  reorganizationId: number | null,
): Promise<void> {
  await s.tx.insert(organizationVersions).values({
    orgId: org.id,
    name: org.name,
    code: org.code,
    type: org.type,
    status: org.status,
    parentId: org.parentId,
    validFrom,
    reorganizationId,
  });
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

export async function insertReorganization(s: Scoped, row: typeof reorganizations.$inferInsert): Promise<number> {
  const [r] = await s.tx.insert(reorganizations).values(row).returning({ id: reorganizations.id });
  return r!.id;
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

/* spaces */
export async function spacesOf(s: Scoped, orgId: number): Promise<SpaceRow[]> {
  return s.tx
    .select()
    .from(orgSpaces)
    .where(and(eq(orgSpaces.orgId, orgId), inSubtree(s, orgSpaces.orgPath)))
    .orderBy(asc(orgSpaces.id));
}
export async function findSpace(s: Scoped, id: number): Promise<SpaceRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgSpaces)
        .where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)))
    )[0] ?? null
  );
}
export async function insertSpace(s: Scoped, row: typeof orgSpaces.$inferInsert): Promise<SpaceRow> {
  return (await s.tx.insert(orgSpaces).values(row).returning())[0]!;
}
export async function updateSpace(
  s: Scoped,
  id: number,
  patch: Partial<typeof orgSpaces.$inferInsert>,
): Promise<SpaceRow> {
  return (
    await s.tx
      .update(orgSpaces)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)))
      .returning()
  )[0]!;
}
export async function deleteSpace(s: Scoped, id: number): Promise<void> {
  await s.tx.delete(orgSpaces).where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)));
}

/* officers */
export async function officersOf(s: Scoped, orgId: number): Promise<OfficerRow[]> {
  return s.tx
    .select()
    .from(orgOfficers)
    .where(and(eq(orgOfficers.orgId, orgId), inSubtree(s, orgOfficers.orgPath)))
    .orderBy(asc(orgOfficers.endedOn), asc(orgOfficers.position), asc(orgOfficers.id));
}
export async function findOfficer(s: Scoped, id: number): Promise<OfficerRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgOfficers)
        .where(and(eq(orgOfficers.id, id), inSubtree(s, orgOfficers.orgPath)))
    )[0] ?? null
  );
}
export async function insertOfficer(s: Scoped, row: typeof orgOfficers.$inferInsert): Promise<OfficerRow> {
  return (await s.tx.insert(orgOfficers).values(row).returning())[0]!;
}
export async function endOfficer(s: Scoped, id: number, endedOn: string, reason: string): Promise<OfficerRow> {
  return (
    await s.tx
      .update(orgOfficers)
      .set({ endedOn, endReason: reason })
      .where(and(eq(orgOfficers.id, id), inSubtree(s, orgOfficers.orgPath)))
      .returning()
  )[0]!;
}

/* terms */
export async function termsOf(s: Scoped, orgId: number): Promise<TermRow[]> {
  return s.tx
    .select()
    .from(orgTerms)
    .where(and(eq(orgTerms.orgId, orgId), inSubtree(s, orgTerms.orgPath)))
    .orderBy(desc(orgTerms.number));
}
export async function currentTerm(s: Scoped, orgId: number): Promise<TermRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgTerms)
        .where(and(eq(orgTerms.orgId, orgId), eq(orgTerms.isCurrent, true), inSubtree(s, orgTerms.orgPath)))
        .limit(1)
    )[0] ?? null
  );
}
export async function findTerm(s: Scoped, id: number): Promise<TermRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgTerms)
        .where(and(eq(orgTerms.id, id), inSubtree(s, orgTerms.orgPath)))
    )[0] ?? null
  );
}
export async function insertTerm(s: Scoped, row: typeof orgTerms.$inferInsert): Promise<TermRow> {
  return (await s.tx.insert(orgTerms).values(row).returning())[0]!;
}
export async function updateTerm(
  s: Scoped,
  id: number,
  patch: Partial<typeof orgTerms.$inferInsert>,
): Promise<TermRow> {
  return (
    await s.tx
      .update(orgTerms)
      .set(patch)
      .where(and(eq(orgTerms.id, id), inSubtree(s, orgTerms.orgPath)))
      .returning()
  )[0]!;
}
export async function clearCurrentTerm(s: Scoped, orgId: number, exceptId: number): Promise<void> {
  await s.tx
    .update(orgTerms)
    .set({ isCurrent: false })
    .where(and(eq(orgTerms.orgId, orgId), sql`${orgTerms.id} <> ${exceptId}`, inSubtree(s, orgTerms.orgPath)));
}

/**
 * Path of `orgId` if it lies within `withinPath` (for the acting-org header). Unscoped: called before the actor exists.
 */
export async function orgPathWithin(
  q: Scoped['tx'] | Database,
  orgId: number,
  withinPath: string,
): Promise<{ path: string; type: string } | null> {
  const rows = await q
    .select({ path: organizations.path, type: organizations.type })
    .from(organizations)
    .where(and(eq(organizations.id, orgId), sql`${organizations.path} <@ ${withinPath}::ltree`));
  return rows[0] ?? null;
}
