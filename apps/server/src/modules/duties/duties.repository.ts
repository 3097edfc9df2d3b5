import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { users } from '../../platform/auth/auth.tables.js';
import { queryRows } from '../../platform/db/client.js';
import type { DutyCounter } from '../../platform/modules.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgDirectory } from '../organizations/index.js';
import { dutyChecklists, dutyProjects } from './duties.tables.js';

export type ChecklistRow = typeof dutyChecklists.$inferSelect;
export type ProjectRow = typeof dutyProjects.$inferSelect;

/* checklists */

/** The checklist that applies at a path for a year: the org's own, else its nearest ancestor's. */
export async function effectiveChecklist(s: Scoped, path: string, year: number): Promise<ChecklistRow | null> {
  const rows = await s.tx
    .select()
    .from(dutyChecklists)
    .where(and(eq(dutyChecklists.year, year), sql`${dutyChecklists.orgPath} @> ${path}::ltree`))
    .orderBy(desc(sql`nlevel(${dutyChecklists.orgPath})`))
    .limit(1);
  return rows[0] ?? null;
}
export async function upsertChecklist(s: Scoped, row: typeof dutyChecklists.$inferInsert): Promise<ChecklistRow> {
  const rows = await s.tx
    .insert(dutyChecklists)
    .values(row)
    .onConflictDoUpdate({
      target: [dutyChecklists.orgId, dutyChecklists.year],
      set: { name: row.name, items: row.items, updatedBy: row.updatedBy, updatedAt: new Date() },
    })
    .returning();
  return rows[0]!;
}

/* the roster */

/** Owner: accounts. The active executive members (执委) homed in a subtree, with their home org. */
export async function executiveMembers(s: Scoped, path: string, userId?: number) {
  const conds: SQL[] = [
    sql`${users.orgPath} <@ ${path}::ltree`,
    eq(users.status, 'active'),
    sql`${users.roles} @> array['executive_member']::text[]`,
  ];
  if (userId !== undefined) conds.push(eq(users.id, userId));
  return s.tx
    .select({ id: users.id, displayName: users.displayName, orgId: users.orgId })
    .from(users)
    .where(and(...conds))
    .orderBy(asc(users.orgPath), asc(users.displayName))
    .limit(2000);
}
/** Owner: accounts. Users by id (leaders named on projects). */
export async function usersById(s: Scoped, ids: readonly number[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<number, { id: number; displayName: string; roles: string[]; orgPath: string }>();
  const rows = await s.tx
    .select({
      id: users.id,
      displayName: users.displayName,
      roles: users.roles,
      orgPath: users.orgPath,
      status: users.status,
    })
    .from(users)
    .where(inArray(users.id, wanted));
  return new Map(rows.filter((r) => r.status === 'active').map((r) => [r.id, { ...r, orgPath: String(r.orgPath) }]));
}

/** Owner: organizations. Orgs by id. */
export async function orgsById(s: Scoped, ids: readonly number[]) {
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

/* 执委领办项目 */

export async function insertProject(s: Scoped, row: typeof dutyProjects.$inferInsert): Promise<ProjectRow> {
  return (await s.tx.insert(dutyProjects).values(row).returning())[0]!;
}
export async function updateProject(s: Scoped, id: number, patch: Partial<ProjectRow>): Promise<ProjectRow> {
  // an empty patch (PATCH with {}) changes nothing: an empty SET is no statement
  if (Object.keys(patch).length === 0)
    return (await s.tx.select().from(dutyProjects).where(eq(dutyProjects.id, id)))[0]!;
  return (await s.tx.update(dutyProjects).set(patch).where(eq(dutyProjects.id, id)).returning())[0]!;
}
export async function findProject(s: Scoped, id: number): Promise<ProjectRow | null> {
  const rows = await s.tx
    .select()
    .from(dutyProjects)
    .where(and(eq(dutyProjects.id, id), inSubtree(s, dutyProjects.orgPath)));
  return rows[0] ?? null;
}
export async function listProjects(
  s: Scoped,
  f: { path: string; year?: number | undefined; leaderUserId?: number | undefined },
): Promise<ProjectRow[]> {
  const conds: SQL[] = [sql`${dutyProjects.orgPath} <@ ${f.path}::ltree`, inSubtree(s, dutyProjects.orgPath)];
  if (f.leaderUserId !== undefined) conds.push(eq(dutyProjects.leaderUserId, f.leaderUserId));
  if (f.year !== undefined)
    conds.push(
      sql`${dutyProjects.startedOn} <= ${`${f.year}-12-31`}::date and (${dutyProjects.completedOn} is null or ${dutyProjects.completedOn} >= ${`${f.year}-01-01`}::date)`,
    );
  return s.tx
    .select()
    .from(dutyProjects)
    .where(and(...conds))
    .orderBy(desc(dutyProjects.startedOn), desc(dutyProjects.id))
    .limit(500);
}

/** Duty kinds of led projects: projects under way in the period, and the people served by those started in it. */
export const projectDutyCounter: DutyCounter = {
  kinds: [
    { code: 'duties.projects_led', label: { 'zh-CN': '领办项目', 'en-US': 'Projects led' } },
    { code: 'duties.people_served', label: { 'zh-CN': '项目服务人数', 'en-US': 'People served by projects' } },
  ],
  count: async (s, q) => {
    if (!q.userIds.length) return [];
    const ids = sql.raw(`array[${q.userIds.map((id) => String(Math.trunc(id))).join(',')}]::bigint[]`);
    const rows = await queryRows<{ user_id: number; led: number; served: number }>(
      s.tx,
      sql`select leader_user_id as user_id, count(*)::int as led,
          coalesce(sum(people_served) filter (where started_on >= ${q.from}::date), 0)::int as served
        from duty_projects
        where leader_user_id = any(${ids}) and started_on <= ${q.to}::date
          and (completed_on is null or completed_on >= ${q.from}::date) and ${inSubtree(s, sql`org_path`)}
        group by leader_user_id`,
    );
    return rows.flatMap((r) => [
      { userId: Number(r.user_id), kind: 'duties.projects_led', value: Number(r.led) },
      ...(r.served ? [{ userId: Number(r.user_id), kind: 'duties.people_served', value: Number(r.served) }] : []),
    ]);
  },
};
