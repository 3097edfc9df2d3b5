import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { CAMPAIGN_LEVEL_ORG_TYPES, type CampaignTarget } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { familyDirectory } from '../people/index.js';

/*
 * The visits module's reads of what others publish: the family directory (people module), the org directory
 * (organizations module) and the platform's users. Two of them join our own campaign_progress to the org directory
 * (createProgressRows, childProgress).
 */

/** Owner: people. Names of families in the reader's subtree, by id. */
export async function familyNames(s: Scoped, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await s.tx
    .select({ id: familyDirectory.id, name: familyDirectory.name })
    .from(familyDirectory)
    .where(and(inArray(familyDirectory.id, ids), inSubtree(s, familyDirectory.path)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Owner: organizations. The orgs the views name and the checks look at, by id. */
export async function orgsById(s: Scoped, ids: number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length)
    return new Map<
      number,
      { id: number; code: string; name: string; type: string; path: string; status: string; districtId: number | null }
    >();
  const rows = await s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      name: orgDirectory.name,
      type: orgDirectory.type,
      path: orgDirectory.path,
      status: orgDirectory.status,
      districtId: orgDirectory.districtId,
    })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Owner: accounts. Users by id (visitors). */
export async function usersById(s: Scoped, ids: number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<number, { id: number; displayName: string; roles: string[]; status: string }>();
  const rows = await s.tx
    .select({ id: users.id, displayName: users.displayName, roles: users.roles, status: users.status })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Owner: accounts. Staff at the org holding one of the roles (the visitors a campaign counts on). */
export async function visitorsAt(s: Scoped, orgId: number, roles: readonly string[]) {
  if (!roles.length) return [];
  return s.tx
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(
      and(
        eq(users.orgId, orgId),
        eq(users.status, 'active'),
        sql`${users.roles} && ${sql.raw(`array[${roles.map((r) => `'${r.replace(/[^a-z_]/g, '')}'`).join(',')}]::text[]`)}`,
      ),
    )
    .orderBy(asc(users.displayName));
}

/**
 * Owner: organizations (read to write our campaign_progress). Creates the progress rows of a campaign launched at
 * `rootPath`: one per active org of a targeted level (its own plan) and one per org between them and the root (their
 * subtree totals).
 */
export async function createProgressRows(
  s: Scoped,
  campaignId: number,
  rootPath: string,
  targets: readonly CampaignTarget[],
): Promise<number> {
  const pairs = targets.flatMap((t) =>
    CAMPAIGN_LEVEL_ORG_TYPES[t.level].map((type) => `('${type}', '${t.level}', ${Number(t.plannedPerOrg)})`),
  );
  const rows = await queryRows<{ n: number }>(
    s.tx,
    sql`
    with plan(type, level, planned) as (values ${sql.raw(pairs.join(', '))}),
    targets as (
      select o.id, o.path, p.level, p.planned from org_directory o join plan p on p.type = o.type
      where o.path <@ ${rootPath}::ltree and o.status = 'active'),
    -- each target counts for itself and every ancestor: one pass, no pairwise comparison
    totals as (
      select subpath(x.path, 0, k) as node, sum(x.planned)::int as total
      from targets x cross join lateral generate_series(1, nlevel(x.path)) as k group by 1),
    ins as (
      insert into campaign_progress (campaign_id, org_id, org_path, district_id, level, planned, planned_total, done)
      select ${campaignId}, a.id, a.path, a.district_id, t.level, coalesce(t.planned, 0), tt.total, 0
      from totals tt join org_directory a on a.path = tt.node and a.path <@ ${rootPath}::ltree
      left join targets t on t.id = a.id
      returning 1)
    select count(*)::int as n from ins`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Owner: organizations (joined to our campaign_progress). Each child's part of a campaign. */
export async function childProgress(s: Scoped, campaignId: number, orgId: number) {
  return queryRows<{ id: number; code: string; name: string; type: string; planned_total: number; done: number }>(
    s.tx,
    sql`
    select o.id, o.code, o.name, o.type, sum(p.planned_total)::int as planned_total, sum(p.done)::int as done
    from org_directory o join campaign_progress p on p.org_id = o.id and p.campaign_id = ${campaignId}
    where o.parent_id = ${orgId} and ${inSubtree(s, sql`p.org_path`)}
    group by o.id, o.code, o.name, o.type order by o.code`,
  );
}
