import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { CAMPAIGN_LEVEL_ORG_TYPES, type CampaignTarget } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { organizations, users } from '../../platform/db/schema.js';
import { hasPermission, inSubtree, type Scoped } from '../../platform/scope.js';
import { orgRepository } from '../organizations/index.js';
import { families } from '../people/people.tables.js';
import { campaignProgress, visitCampaigns, visitNeeds, visits, visitSubjects } from './visits.tables.js';

export type CampaignRow = typeof visitCampaigns.$inferSelect;
export type VisitRow = typeof visits.$inferSelect;
export type NeedRow = typeof visitNeeds.$inferSelect;

/**
 * The subtree predicate for visits, on the district index when the scope is a district (as for persons and demands).
 */
export function visitsWithin(path: string): SQL {
  const district = orgRepository.districtOfPath(path);
  if (district === null) return sql`${visits.orgPath} <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`${visits.districtId} = ${district}`;
  return sql`(${visits.districtId} = ${district} and ${visits.orgPath} <@ ${path}::ltree)`;
}

/** An executive committee member (visit.record without visit.read) reads the visits she made; others their subtree. */
export function visitVisible(s: Scoped): SQL {
  const conds: SQL[] = [];
  if (s.scopePath !== null) conds.push(visitsWithin(s.scopePath));
  if (s.actor.kind === 'user' && !hasPermission(s.actor, 'visit.read')) {
    conds.push(
      sql`(${s.actor.userId} = any(${visits.visitorUserIds}) or ${visits.createdByUserId} = ${s.actor.userId})`,
    );
  }
  return conds.length ? and(...conds)! : sql`true`;
}

/** The second lock for executive members, in the database (RLS policies *_only_own). */
export async function confineToOwn(s: Scoped): Promise<void> {
  if (s.actor.kind === 'user' && !hasPermission(s.actor, 'visit.read'))
    await s.tx.execute(sql`select set_config('jinguo.only_own_visits', 'on', true)`);
}

/* campaigns */

/** A campaign the actor's org takes part in (launched above it) or launched in its subtree. */
export async function findCampaign(s: Scoped, id: number): Promise<CampaignRow | null> {
  const visible =
    s.scopePath === null
      ? sql`true`
      : sql`(${visitCampaigns.orgPath} <@ ${s.scopePath}::ltree or ${visitCampaigns.orgPath} @> ${s.scopePath}::ltree)`;
  return (
    (
      await s.tx
        .select()
        .from(visitCampaigns)
        .where(and(eq(visitCampaigns.id, id), visible))
    )[0] ?? null
  );
}

export async function listCampaigns(s: Scoped, path: string): Promise<CampaignRow[]> {
  return s.tx
    .select()
    .from(visitCampaigns)
    .where(sql`(${visitCampaigns.orgPath} <@ ${path}::ltree or ${visitCampaigns.orgPath} @> ${path}::ltree)`)
    .orderBy(desc(visitCampaigns.startsOn), desc(visitCampaigns.id))
    .limit(200);
}

export async function insertCampaign(s: Scoped, row: typeof visitCampaigns.$inferInsert): Promise<CampaignRow> {
  return (await s.tx.insert(visitCampaigns).values(row).returning())[0]!;
}
export async function closeCampaign(s: Scoped, id: number, by: string): Promise<CampaignRow> {
  return (
    await s.tx
      .update(visitCampaigns)
      .set({ closedAt: new Date(), closedBy: by })
      .where(eq(visitCampaigns.id, id))
      .returning()
  )[0]!;
}

/**
 * Creates the progress rows of a campaign launched at `rootPath`: one per active org of a targeted level (its own plan)
 * and one per org between them and the root (their subtree totals).
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
      select o.id, o.path, p.level, p.planned from organizations o join plan p on p.type = o.type
      where o.path <@ ${rootPath}::ltree and o.status = 'active'),
    -- each target counts for itself and every ancestor: one pass, no pairwise comparison
    totals as (
      select subpath(x.path, 0, k) as node, sum(x.planned)::int as total
      from targets x cross join lateral generate_series(1, nlevel(x.path)) as k group by 1),
    ins as (
      insert into campaign_progress (campaign_id, org_id, org_path, district_id, level, planned, planned_total, done)
      select ${campaignId}, a.id, a.path, a.district_id, t.level, coalesce(t.planned, 0), tt.total, 0
      from totals tt join organizations a on a.path = tt.node and a.path <@ ${rootPath}::ltree
      left join targets t on t.id = a.id
      returning 1)
    select count(*)::int as n from ins`,
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Adds a visit to the progress of its org's ancestors (a SECURITY DEFINER function: most are outside the recorder's
 * scope).
 */
export async function countCampaignVisit(
  s: Scoped,
  campaignId: number,
  visitPath: string,
  delta: number,
): Promise<void> {
  await s.tx.execute(sql`select jinguo_campaign_count(${campaignId}::bigint, ${visitPath}::ltree, ${delta}::int)`);
}

export async function progressOf(s: Scoped, campaignId: number, orgId: number) {
  const rows = await queryRows<{ planned: number; planned_total: number; done: number }>(
    s.tx,
    sql`
    select coalesce(sum(planned), 0)::int as planned, coalesce(sum(planned_total), 0)::int as planned_total, coalesce(sum(done), 0)::int as done
    from campaign_progress where campaign_id = ${campaignId} and org_id = ${orgId}`,
  );
  return {
    planned: Number(rows[0]?.planned ?? 0),
    plannedTotal: Number(rows[0]?.planned_total ?? 0),
    done: Number(rows[0]?.done ?? 0),
  };
}

export async function childProgress(s: Scoped, campaignId: number, orgId: number) {
  return queryRows<{ id: number; code: string; name: string; type: string; planned_total: number; done: number }>(
    s.tx,
    sql`
    select o.id, o.code, o.name, o.type, sum(p.planned_total)::int as planned_total, sum(p.done)::int as done
    from organizations o join campaign_progress p on p.org_id = o.id and p.campaign_id = ${campaignId}
    where o.parent_id = ${orgId} and ${inSubtree(s, sql`p.org_path`)}
    group by o.id, o.code, o.name, o.type order by o.code`,
  );
}

/** Staff at the org holding one of the roles (the visitors a campaign counts on). */
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

export async function visitsByVisitor(s: Scoped, campaignId: number, userIds: number[]): Promise<Map<number, number>> {
  if (!userIds.length) return new Map();
  const ids = sql.raw(`array[${userIds.map(Number).join(',')}]::bigint[]`);
  const rows = await queryRows<{ u: number; n: number }>(
    s.tx,
    sql`
    select u, count(*)::int as n from visits v cross join lateral unnest(v.visitor_user_ids) as u
    where v.campaign_id = ${campaignId} and v.visitor_user_ids && ${ids} and u = any(${ids}) group by u`,
  );
  return new Map(rows.map((r) => [Number(r.u), Number(r.n)]));
}

/* visits */

export async function insertVisit(s: Scoped, row: typeof visits.$inferInsert): Promise<VisitRow> {
  return (await s.tx.insert(visits).values(row).returning())[0]!;
}
export async function insertSubjects(s: Scoped, rows: (typeof visitSubjects.$inferInsert)[]): Promise<void> {
  if (rows.length) await s.tx.insert(visitSubjects).values(rows);
}
export async function insertNeed(s: Scoped, row: typeof visitNeeds.$inferInsert): Promise<NeedRow> {
  return (await s.tx.insert(visitNeeds).values(row).returning())[0]!;
}
export async function setNeedDemand(s: Scoped, needId: number, demandId: number): Promise<void> {
  await s.tx.update(visitNeeds).set({ demandId }).where(eq(visitNeeds.id, needId));
}
export async function findVisit(s: Scoped, id: number): Promise<VisitRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(visits)
        .where(and(eq(visits.id, id), visitVisible(s)))
    )[0] ?? null
  );
}
export async function subjectsOf(s: Scoped, visitIds: number[]) {
  if (!visitIds.length) return [];
  return s.tx
    .select()
    .from(visitSubjects)
    .where(inArray(visitSubjects.visitId, visitIds))
    .orderBy(asc(visitSubjects.id));
}
export async function needsOf(s: Scoped, visitIds: number[]) {
  if (!visitIds.length) return [];
  return s.tx.select().from(visitNeeds).where(inArray(visitNeeds.visitId, visitIds)).orderBy(asc(visitNeeds.id));
}
export async function familyNames(s: Scoped, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await s.tx
    .select({ id: families.id, name: families.name })
    .from(families)
    .where(and(inArray(families.id, ids), inSubtree(s, families.orgPath)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
export async function orgsById(s: Scoped, ids: number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length)
    return new Map<
      number,
      { id: number; code: string; name: string; type: string; path: string; status: string; districtId: number | null }
    >();
  const rows = await s.tx
    .select({
      id: organizations.id,
      code: organizations.code,
      name: organizations.name,
      type: organizations.type,
      path: organizations.path,
      status: organizations.status,
      districtId: organizations.districtId,
    })
    .from(organizations)
    .where(inArray(organizations.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}
export async function usersById(s: Scoped, ids: number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<number, { id: number; displayName: string; roles: string[]; status: string }>();
  const rows = await s.tx
    .select({ id: users.id, displayName: users.displayName, roles: users.roles, status: users.status })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r]));
}

export interface VisitListPlan {
  path: string;
  where: SQL[];
  after: { k: string; id: number } | null;
  limit: number;
}
/** A subtree's visits, most recent first, on the (org|district, visited_on, id) indexes. */
export async function listVisits(s: Scoped, plan: VisitListPlan): Promise<VisitRow[]> {
  const conds = [visitVisible(s), visitsWithin(plan.path), ...plan.where];
  if (plan.after) conds.push(sql`(${visits.visitedOn}, ${visits.id}) < (${plan.after.k}::date, ${plan.after.id})`);
  return s.tx
    .select()
    .from(visits)
    .where(and(...conds))
    .orderBy(desc(visits.visitedOn), desc(visits.id))
    .limit(plan.limit + 1);
}
