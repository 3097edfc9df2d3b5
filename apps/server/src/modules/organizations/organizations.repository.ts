import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { OrgNode, OrgSummary, OrgType } from '@jinguo/contracts';
import { queryRows, type Database } from '../../platform/db/client.js';
import { districtIdOfPath, inSubtree, type Scoped } from '../../platform/scope.js';
import { organizations, organizationVersions, reorganizations } from './organizations.tables.js';

export type OrgRow = typeof organizations.$inferSelect;
export type NewOrgRow = typeof organizations.$inferInsert;

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

/** An org by its code (unique across the tree, dissolved ones included), in the scope. */
export async function findOrgByCode(s: Scoped, code: string): Promise<OrgRow | null> {
  const rows = await s.tx
    .select()
    .from(organizations)
    .where(and(eq(organizations.code, code), inSubtree(s, organizations.path)))
    .limit(1);
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
export const districtOfPath = districtIdOfPath;

/* The version history and the reorganization log an org's creation writes too. */
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

export async function insertReorganization(s: Scoped, row: typeof reorganizations.$inferInsert): Promise<number> {
  const [r] = await s.tx.insert(reorganizations).values(row).returning({ id: reorganizations.id });
  return r!.id;
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
