import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { districtIdOfPath, hasPermission, type Scoped } from '../../platform/scope.js';
import { visitNeeds, visits, visitSubjects } from './visits.tables.js';

export type VisitRow = typeof visits.$inferSelect;
export type NeedRow = typeof visitNeeds.$inferSelect;
export type NewVisitRow = typeof visits.$inferInsert;
export type NewSubjectRow = typeof visitSubjects.$inferInsert;
export type NewNeedRow = typeof visitNeeds.$inferInsert;

/**
 * The subtree predicate for visits, on the district index when the scope is a district (as for persons and demands).
 */
export function visitsWithin(path: string): SQL {
  const district = districtIdOfPath(path);
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

/* visits */

export async function insertVisit(s: Scoped, row: NewVisitRow): Promise<VisitRow> {
  return (await s.tx.insert(visits).values(row).returning())[0]!;
}
export async function insertSubjects(s: Scoped, rows: NewSubjectRow[]): Promise<void> {
  if (rows.length) await s.tx.insert(visitSubjects).values(rows);
}
export async function insertNeed(s: Scoped, row: NewNeedRow): Promise<NeedRow> {
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
/** The narrowing a list query asks for, besides the subtree. */
export interface VisitListFilter {
  campaignId?: number | undefined;
  kind?: string | undefined;
  /** Only the visits this user made. */
  visitorUserId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}
function filterConditions(f: VisitListFilter): SQL[] {
  const where: SQL[] = [];
  if (f.campaignId) where.push(sql`${visits.campaignId} = ${f.campaignId}`);
  if (f.kind) where.push(sql`${visits.kind} = ${f.kind}`);
  if (f.visitorUserId !== undefined) where.push(sql`${f.visitorUserId} = any(${visits.visitorUserIds})`);
  if (f.from) where.push(sql`${visits.visitedOn} >= ${f.from}::date`);
  if (f.to) where.push(sql`${visits.visitedOn} <= ${f.to}::date`);
  return where;
}

export interface VisitListPlan {
  path: string;
  filter: VisitListFilter;
  after: { k: string; id: number } | null;
  limit: number;
}
/** A subtree's visits, most recent first, on the (org|district, visited_on, id) indexes. */
export async function listVisits(s: Scoped, plan: VisitListPlan): Promise<VisitRow[]> {
  const conds = [visitVisible(s), visitsWithin(plan.path), ...filterConditions(plan.filter)];
  if (plan.after) conds.push(sql`(${visits.visitedOn}, ${visits.id}) < (${plan.after.k}::date, ${plan.after.id})`);
  return s.tx
    .select()
    .from(visits)
    .where(and(...conds))
    .orderBy(desc(visits.visitedOn), desc(visits.id))
    .limit(plan.limit + 1);
}

/** A person's visits the reader may see, most recent first (the person timeline). */
export async function visitsOfPerson(s: Scoped, personId: number): Promise<VisitRow[]> {
  const rows = await s.tx
    .select({ v: visits })
    .from(visitSubjects)
    .innerJoin(visits, eq(visits.id, visitSubjects.visitId))
    .where(and(eq(visitSubjects.personId, personId), visitVisible(s)))
    .orderBy(desc(visits.visitedOn))
    .limit(200);
  return rows.map(({ v }) => v);
}

/** The rebuild of the visits counters (platform/stats) from the records. */
export const countersRebuild = sql`select org_path, visited_on as day, 'visits.done' as metric, count(*)::bigint as value from visits group by org_path, visited_on
    union all
    select n.org_path, v.visited_on, 'visits.needs', count(*)::bigint from visit_needs n join visits v on v.id = n.visit_id group by n.org_path, v.visited_on`;
