import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import { visitCampaigns } from './visits.tables.js';

/*
 * 三访 campaigns: every SQL statement on campaigns and their progress rows (those that read organizations or users are
 * in visits.directory.repository.ts).
 */

export type CampaignRow = typeof visitCampaigns.$inferSelect;
export type NewCampaignRow = typeof visitCampaigns.$inferInsert;

/** Campaigns the actor's org takes part in (launched above it) or launched in its subtree. */
const campaignVisible = (s: Scoped) =>
  s.scopePath === null
    ? sql`true`
    : sql`(${visitCampaigns.orgPath} <@ ${s.scopePath}::ltree or ${visitCampaigns.orgPath} @> ${s.scopePath}::ltree)`;

/** The names of the visible campaigns among `ids`, by id (one query). */
export async function campaignNames(s: Scoped, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await s.tx
    .select({ id: visitCampaigns.id, name: visitCampaigns.name })
    .from(visitCampaigns)
    .where(and(inArray(visitCampaigns.id, [...ids]), campaignVisible(s)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A campaign the actor's org takes part in (launched above it) or launched in its subtree. */
export async function findCampaign(s: Scoped, id: number): Promise<CampaignRow | null> {
  const visible = campaignVisible(s);
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

export async function insertCampaign(s: Scoped, row: NewCampaignRow): Promise<CampaignRow> {
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
