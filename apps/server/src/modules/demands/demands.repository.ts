import { and, asc, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import { OPEN_DEMAND_STATES } from '@jinguo/contracts';
import { districtIdOfPath, hasPermission, type Scoped } from '../../platform/scope.js';
import { demandCategories, demandEscalations, demandEvents, demands } from './demands.tables.js';

export type DemandRow = typeof demands.$inferSelect;
export type NewDemandRow = typeof demands.$inferInsert;
/** The columns a use case changes on a demand (version and updatedAt are the repository's). */
export type DemandPatch = Partial<NewDemandRow>;
export type DemandEventRow = typeof demandEvents.$inferSelect;
export type NewDemandEventRow = typeof demandEvents.$inferInsert;
export type NewEscalationRow = typeof demandEscalations.$inferInsert;
export type NewCategoryRow = typeof demandCategories.$inferInsert;

const OPEN = sql.raw(`(${OPEN_DEMAND_STATES.map((s) => `'${s}'`).join(',')})`);
export const isOpen = sql`${demands.state} in ${OPEN}`;

/**
 * The subtree predicate for demands, written so the planner can use the district indexes: a district's subtree is
 * `district_id = d`, deeper subtrees add the path test (as for persons). RLS repeats `org_path <@ scope` underneath.
 */
export function demandsWithin(path: string): SQL {
  const district = districtIdOfPath(path);
  if (district === null) return sql`${demands.orgPath} <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`${demands.districtId} = ${district}`;
  return sql`(${demands.districtId} = ${district} and ${demands.orgPath} <@ ${path}::ltree)`;
}

/** The actor's subtree only (the intake functions other modules call: no volunteer narrowing). */
export function demandsInScope(s: Scoped): SQL {
  return s.scopePath === null ? sql`true` : demandsWithin(s.scopePath);
}

/**
 * What the actor may read: her subtree; a volunteer (demand.handle without demand.read) only what was dispatched to
 * her.
 */
export function demandVisible(s: Scoped): SQL {
  const conds: SQL[] = [];
  if (s.scopePath !== null) conds.push(demandsWithin(s.scopePath));
  if (s.actor.kind === 'user' && !hasPermission(s.actor, 'demand.read'))
    conds.push(eq(demands.assigneeUserId, s.actor.userId));
  return conds.length ? and(...conds)! : sql`true`;
}

/** Volunteers: the second lock in the database (RLS policy demands_only_own) for this transaction. */
export async function confineToOwn(s: Scoped): Promise<void> {
  if (s.actor.kind === 'user' && !hasPermission(s.actor, 'demand.read'))
    await s.tx.execute(sql`select set_config('jinguo.only_own_demands', 'on', true)`);
}
export async function releaseOwnConfinement(s: Scoped): Promise<void> {
  await s.tx.execute(sql`select set_config('jinguo.only_own_demands', '', true)`);
}

export async function findDemand(
  s: Scoped,
  id: number,
  opts: { lock?: boolean; visible?: SQL } = {},
): Promise<DemandRow | null> {
  const q = s.tx
    .select()
    .from(demands)
    .where(and(eq(demands.id, id), opts.visible ?? demandVisible(s)));
  const rows = opts.lock ? await q.for('update') : await q;
  return rows[0] ?? null;
}

/** The states of the demands among `ids` that `visible` admits, by id. */
export async function demandStatesByIds(s: Scoped, ids: readonly number[], visible: SQL): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await s.tx
    .select({ id: demands.id, state: demands.state })
    .from(demands)
    .where(and(inArray(demands.id, [...ids]), visible));
  return new Map(rows.map((r) => [r.id, r.state]));
}

export async function insertDemand(s: Scoped, row: NewDemandRow): Promise<DemandRow> {
  return (await s.tx.insert(demands).values(row).returning())[0]!;
}

export async function updateDemand(s: Scoped, id: number, patch: DemandPatch): Promise<DemandRow> {
  const rows = await s.tx
    .update(demands)
    .set({ ...patch, version: sql`${demands.version} + 1`, updatedAt: new Date() })
    .where(eq(demands.id, id))
    .returning();
  return rows[0]!;
}

export async function insertEvent(s: Scoped, row: NewDemandEventRow): Promise<void> {
  await s.tx.insert(demandEvents).values(row);
}
export async function eventsOf(s: Scoped, demandId: number, publicOnly = false): Promise<DemandEventRow[]> {
  return s.tx
    .select()
    .from(demandEvents)
    .where(and(eq(demandEvents.demandId, demandId), publicOnly ? eq(demandEvents.public, true) : undefined))
    .orderBy(asc(demandEvents.at), asc(demandEvents.id));
}

export async function escalationsOf(s: Scoped, demandId: number) {
  return s.tx
    .select()
    .from(demandEscalations)
    .where(eq(demandEscalations.demandId, demandId))
    .orderBy(asc(demandEscalations.level), asc(demandEscalations.at));
}
export async function insertEscalation(s: Scoped, row: NewEscalationRow): Promise<void> {
  await s.tx.insert(demandEscalations).values(row);
}

/** A reassigned demand takes its history's scope with it, so the new owner reads the whole story. */
export async function moveHistory(
  s: Scoped,
  demandId: number,
  orgPath: string,
  districtId: number | null,
): Promise<void> {
  await s.tx.update(demandEvents).set({ orgPath, districtId }).where(eq(demandEvents.demandId, demandId));
  await s.tx.update(demandEscalations).set({ orgPath, districtId }).where(eq(demandEscalations.demandId, demandId));
}

/* the category dictionary */

export async function categories(s: Scoped) {
  return s.tx.select().from(demandCategories).orderBy(desc(demandCategories.builtin), asc(demandCategories.code));
}
export async function category(s: Scoped, code: string) {
  return (await s.tx.select().from(demandCategories).where(eq(demandCategories.code, code)))[0] ?? null;
}
export async function insertCategory(s: Scoped, row: NewCategoryRow) {
  return (await s.tx.insert(demandCategories).values(row).onConflictDoNothing().returning())[0] ?? null;
}
export async function updateCategory(s: Scoped, code: string, patch: { roundTheClock: boolean }) {
  return (await s.tx.update(demandCategories).set(patch).where(eq(demandCategories.code, code)).returning())[0]!;
}

/** Open demands whose deadlines are provisional, after an id, locked (two processes never recompute one twice). */
export async function provisionalOpen(s: Scoped, afterId: number, limit: number): Promise<DemandRow[]> {
  return s.tx
    .select()
    .from(demands)
    .where(and(eq(demands.deadlinesProvisional, true), isOpen, sql`${demands.id} > ${afterId}`))
    .orderBy(asc(demands.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/* the queues */

export type QueueView = 'queue' | 'supervised' | 'mine' | 'all';
/** The narrowing a list query asks for, besides the queue itself. */
export interface ListFilter {
  states?: readonly string[];
  source?: string | undefined;
  category?: string | undefined;
  /** true: only overdue (open, unanswered, past the feedback deadline); false: none of those. */
  overdue?: boolean | undefined;
  /** The demand whose code was typed into the search box. */
  id?: number;
  /** A piece of the title typed into the search box (matched literally). */
  titleContains?: string;
}

function filterConditions(f: ListFilter): SQL[] {
  const where: SQL[] = [];
  const states = f.states ?? [];
  if (states.length) where.push(sql`${demands.state} in ${sql.raw(`(${states.map((x) => `'${x}'`).join(',')})`)}`);
  if (f.source) where.push(sql`${demands.source} = ${f.source}`);
  if (f.category) where.push(sql`${demands.category} = ${f.category}`);
  if (f.overdue === true)
    where.push(sql`${isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now()`);
  if (f.overdue === false)
    where.push(sql`not (${isOpen} and ${demands.repliedAt} is null and ${demands.feedbackDueAt} < now())`);
  if (f.id !== undefined) where.push(sql`${demands.id} = ${f.id}`);
  else if (f.titleContains !== undefined)
    where.push(sql`${demands.title} like ${`%${f.titleContains.replace(/[%_\\]/g, '\\$&')}%`}`);
  return where;
}
export interface ListPlan {
  view: QueueView;
  /** The org whose queue (own demands) or subtree ('all') is listed. */
  org: { id: number; path: string };
  userId: number | null;
  filter: ListFilter;
  after: { k: string; id: number } | null;
  limit: number;
}

/**
 * One page of a queue. Own, supervised and dispatched queues list open demands by their feedback deadline, on partial
 * indexes (org_id | escalated_to_org_id | assignee_user_id, feedback_due_at, id); 'all' lists the subtree newest first.
 */
export async function listDemands(s: Scoped, plan: ListPlan): Promise<DemandRow[]> {
  const conds: SQL[] = [demandVisible(s), ...filterConditions(plan.filter)];
  let key: SQL;
  let direction: 'asc' | 'desc' = 'asc';
  switch (plan.view) {
    case 'queue':
      conds.push(eq(demands.orgId, plan.org.id), isOpen);
      key = sql`${demands.feedbackDueAt}`;
      break;
    case 'supervised':
      conds.push(eq(demands.escalatedToOrgId, plan.org.id), isOpen);
      key = sql`${demands.feedbackDueAt}`;
      break;
    case 'mine':
      conds.push(eq(demands.assigneeUserId, plan.userId ?? 0), isOpen);
      key = sql`${demands.feedbackDueAt}`;
      break;
    case 'all':
      conds.push(demandsWithin(plan.org.path));
      key = sql`${demands.receivedAt}`;
      direction = 'desc';
      break;
  }
  if (plan.after) {
    const k = sql`${plan.after.k}::timestamptz`;
    conds.push(
      direction === 'asc'
        ? sql`(${key}, ${demands.id}) > (${k}, ${plan.after.id})`
        : sql`(${key}, ${demands.id}) < (${k}, ${plan.after.id})`,
    );
  }
  return s.tx
    .select()
    .from(demands)
    .where(and(...conds))
    .orderBy(
      direction === 'asc' ? sql`${key} asc` : sql`${key} desc`,
      direction === 'asc' ? asc(demands.id) : desc(demands.id),
    )
    .limit(plan.limit + 1);
}

/* suggestions 建议 */

export async function suggestions(s: Scoped, path: string, handed: boolean | undefined) {
  return s.tx
    .select()
    .from(demands)
    .where(
      and(
        demandVisible(s),
        demandsWithin(path),
        isNotNull(demands.suggestion),
        handed === undefined
          ? undefined
          : handed
            ? isNotNull(demands.suggestionHandedAt)
            : isNull(demands.suggestionHandedAt),
      ),
    )
    .orderBy(desc(demands.suggestedAt))
    .limit(500);
}

/* the sweeper */

export async function dueForEscalation(s: Scoped, now: Date, limit: number): Promise<DemandRow[]> {
  return s.tx
    .select()
    .from(demands)
    .where(
      and(isNotNull(demands.nextEscalationAt), sql`${demands.nextEscalationAt} <= ${now.toISOString()}::timestamptz`),
    )
    .orderBy(asc(demands.nextEscalationAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}
export async function dueForWarning(s: Scoped, now: Date, limit: number): Promise<DemandRow[]> {
  return s.tx
    .select()
    .from(demands)
    .where(and(isNull(demands.warnedAt), isOpen, sql`${demands.warnAt} <= ${now.toISOString()}::timestamptz`))
    .orderBy(asc(demands.warnAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/* the person timeline */

/** A person's demands the reader may see, newest first. */
export async function demandsOfPerson(s: Scoped, personId: number): Promise<DemandRow[]> {
  return s.tx
    .select()
    .from(demands)
    .where(and(eq(demands.personId, personId), demandVisible(s)))
    .orderBy(desc(demands.receivedAt))
    .limit(200);
}

/* live counters */

/**
 * The rebuild of the demands counters (platform/stats): each event stores the metrics it counted (`data.counted`), so
 * they are recounted exactly as they were bumped, at the event's org and China date.
 */
export const countersRebuild = sql`select e.org_path, (e.at at time zone 'Asia/Shanghai')::date as day, m.metric, count(*)::bigint as value
    from demand_events e cross join lateral jsonb_array_elements_text(coalesce(e.data->'counted', '[]'::jsonb)) as m(metric)
    group by e.org_path, 2, m.metric`;
