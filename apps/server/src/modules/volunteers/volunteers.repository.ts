import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { districtIdOfPath, inSubtree, type Scoped } from '../../platform/scope.js';
import { volunteerHours, volunteers, volunteerTeamMembers, volunteerTeams } from './volunteers.tables.js';

export type TeamRow = typeof volunteerTeams.$inferSelect;
export type VolunteerRow = typeof volunteers.$inferSelect;
export type HoursRow = typeof volunteerHours.$inferSelect;

/** The subtree predicate on a table's path, on its district index when the path is a district's or below. */
function within(path: string, pathCol: SQL | { getSQL(): SQL }, districtCol: SQL | { getSQL(): SQL }): SQL {
  const district = districtIdOfPath(path);
  if (district === null) return sql`${pathCol} <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`${districtCol} = ${district}`;
  return sql`(${districtCol} = ${district} and ${pathCol} <@ ${path}::ltree)`;
}

/* teams */

export async function insertTeam(s: Scoped, row: typeof volunteerTeams.$inferInsert): Promise<TeamRow> {
  return (await s.tx.insert(volunteerTeams).values(row).returning())[0]!;
}
export async function updateTeam(s: Scoped, id: number, patch: Partial<TeamRow>): Promise<TeamRow> {
  // an empty patch (PATCH with {}) changes nothing: an empty SET is no statement
  if (Object.keys(patch).length === 0)
    return (await s.tx.select().from(volunteerTeams).where(eq(volunteerTeams.id, id)))[0]!;
  return (await s.tx.update(volunteerTeams).set(patch).where(eq(volunteerTeams.id, id)).returning())[0]!;
}
export async function findTeam(s: Scoped, id: number): Promise<TeamRow | null> {
  const rows = await s.tx
    .select()
    .from(volunteerTeams)
    .where(and(eq(volunteerTeams.id, id), inSubtree(s, volunteerTeams.orgPath)));
  return rows[0] ?? null;
}
export async function teamsById(s: Scoped, ids: readonly number[]): Promise<TeamRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(volunteerTeams)
    .where(and(inArray(volunteerTeams.id, [...ids]), inSubtree(s, volunteerTeams.orgPath)));
}
export async function listTeams(s: Scoped, path: string, kind: string | undefined): Promise<TeamRow[]> {
  const conds = [within(path, volunteerTeams.orgPath, volunteerTeams.districtId), inSubtree(s, volunteerTeams.orgPath)];
  if (kind) conds.push(eq(volunteerTeams.kind, kind));
  return s.tx
    .select()
    .from(volunteerTeams)
    .where(and(...conds))
    .orderBy(asc(volunteerTeams.status), asc(volunteerTeams.orgPath), asc(volunteerTeams.id))
    .limit(500);
}
/** Members and this year's hours of each team. */
export async function teamFigures(s: Scoped, teamIds: readonly number[], yearStart: string) {
  if (!teamIds.length) return new Map<number, { members: number; minutes: number }>();
  const ids = sql.raw(`array[${teamIds.map((i) => String(Math.trunc(i))).join(',')}]::bigint[]`);
  const rows = await queryRows<{ team_id: number; members: number; minutes: number }>(
    s.tx,
    sql`select m.team_id, count(distinct m.volunteer_id)::int as members, coalesce(sum(h.minutes), 0)::int as minutes
      from volunteer_team_members m
      left join volunteer_hours h on h.volunteer_id = m.volunteer_id and h.served_on >= ${yearStart}::date
      where m.team_id = any(${ids}) and ${inSubtree(s, sql`m.org_path`)}
      group by m.team_id`,
  );
  return new Map(rows.map((r) => [Number(r.team_id), { members: Number(r.members), minutes: Number(r.minutes) }]));
}

/* volunteers */

export async function insertVolunteer(s: Scoped, row: typeof volunteers.$inferInsert): Promise<VolunteerRow> {
  return (await s.tx.insert(volunteers).values(row).returning())[0]!;
}
export async function updateVolunteer(s: Scoped, id: number, patch: Partial<VolunteerRow>): Promise<VolunteerRow> {
  // a patch of the teams alone changes no column of the volunteer (an empty SET is no statement)
  if (Object.keys(patch).length === 0) return (await s.tx.select().from(volunteers).where(eq(volunteers.id, id)))[0]!;
  return (await s.tx.update(volunteers).set(patch).where(eq(volunteers.id, id)).returning())[0]!;
}
export async function findVolunteer(s: Scoped, id: number): Promise<VolunteerRow | null> {
  const rows = await s.tx
    .select()
    .from(volunteers)
    .where(and(eq(volunteers.id, id), inSubtree(s, volunteers.orgPath)));
  return rows[0] ?? null;
}
export async function volunteersById(s: Scoped, ids: readonly number[]): Promise<VolunteerRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(volunteers)
    .where(and(inArray(volunteers.id, [...ids]), inSubtree(s, volunteers.orgPath)));
}
/** Whether a person or an account is already a volunteer (anywhere: one record per person and per account). */
export async function volunteerTaken(s: Scoped, by: { personId?: number; userId?: number }) {
  const rows = await queryRows<{ id: number }>(
    s.tx,
    sql`select id from volunteers where ${by.personId ? sql`person_id = ${by.personId}` : sql`user_id = ${by.userId ?? 0}`} limit 1`,
  );
  return rows[0] ? Number(rows[0].id) : null;
}
export async function volunteerOfUser(s: Scoped, userId: number): Promise<VolunteerRow | null> {
  return (await s.tx.select().from(volunteers).where(eq(volunteers.userId, userId)))[0] ?? null;
}
export async function volunteerOfPerson(s: Scoped, personId: number): Promise<VolunteerRow | null> {
  const rows = await s.tx
    .select()
    .from(volunteers)
    .where(and(eq(volunteers.personId, personId), inSubtree(s, volunteers.orgPath)));
  return rows[0] ?? null;
}
export interface VolunteerFilter {
  path: string;
  teamId?: number | undefined;
  skill?: string | undefined;
  availability?: string | undefined;
  q?: string | undefined;
  afterId: number | null;
  limit: number;
}
/** A subtree's volunteers, newest first; the name search goes through person_directory (the people module's). */
export async function listVolunteers(s: Scoped, f: VolunteerFilter): Promise<VolunteerRow[]> {
  const conds = [within(f.path, volunteers.orgPath, volunteers.districtId), inSubtree(s, volunteers.orgPath)];
  if (f.teamId)
    conds.push(
      sql`exists (select 1 from volunteer_team_members m where m.volunteer_id = ${volunteers.id} and m.team_id = ${f.teamId})`,
    );
  if (f.skill) conds.push(sql`${volunteers.skills} @> array[${f.skill}]::text[]`);
  if (f.availability) conds.push(sql`${volunteers.availability} @> array[${f.availability}]::text[]`);
  if (f.q)
    conds.push(
      sql`exists (select 1 from person_directory p where p.id = ${volunteers.personId} and p.name like ${`%${f.q.replace(/[%_\\]/g, '')}%`})`,
    );
  if (f.afterId !== null) conds.push(sql`${volunteers.id} < ${f.afterId}`);
  return s.tx
    .select()
    .from(volunteers)
    .where(and(...conds))
    .orderBy(desc(volunteers.id))
    .limit(f.limit + 1);
}

/* membership */

export async function membershipsOf(s: Scoped, volunteerIds: readonly number[]) {
  if (!volunteerIds.length) return [];
  return s.tx
    .select()
    .from(volunteerTeamMembers)
    .where(inArray(volunteerTeamMembers.volunteerId, [...volunteerIds]));
}
export async function memberIdsOfTeams(s: Scoped, teamIds: readonly number[]): Promise<number[]> {
  if (!teamIds.length) return [];
  const rows = await s.tx
    .select({ id: volunteerTeamMembers.volunteerId })
    .from(volunteerTeamMembers)
    .where(and(inArray(volunteerTeamMembers.teamId, [...teamIds]), inSubtree(s, volunteerTeamMembers.orgPath)));
  return [...new Set(rows.map((r) => r.id))];
}
export async function setMemberships(
  s: Scoped,
  v: Pick<VolunteerRow, 'id' | 'orgPath'>,
  teamIds: readonly number[],
  joinedOn: string,
): Promise<void> {
  const current = await membershipsOf(s, [v.id]);
  const gone = current.filter((m) => !teamIds.includes(m.teamId)).map((m) => m.teamId);
  if (gone.length)
    await s.tx
      .delete(volunteerTeamMembers)
      .where(and(eq(volunteerTeamMembers.volunteerId, v.id), inArray(volunteerTeamMembers.teamId, gone)));
  const added = teamIds.filter((t) => !current.some((m) => m.teamId === t));
  if (added.length)
    await s.tx
      .insert(volunteerTeamMembers)
      .values(added.map((teamId) => ({ teamId, volunteerId: v.id, orgPath: v.orgPath, joinedOn })));
}

/* the hours ledger */

export async function insertHours(s: Scoped, row: typeof volunteerHours.$inferInsert): Promise<HoursRow | null> {
  // a source counts once per volunteer: a second record of the same order or call-up is a no-op
  const rows = await s.tx.insert(volunteerHours).values(row).onConflictDoNothing().returning();
  return rows[0] ?? null;
}
export async function hoursOfSource(s: Scoped, source: string, sourceIds: readonly number[]) {
  if (!sourceIds.length) return [];
  return s.tx
    .select()
    .from(volunteerHours)
    .where(and(eq(volunteerHours.source, source), inArray(volunteerHours.sourceId, [...sourceIds])));
}
export interface HoursFilter {
  path: string;
  volunteerId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  after: { k: string; id: number } | null;
  limit: number;
}
export async function listHours(s: Scoped, f: HoursFilter): Promise<HoursRow[]> {
  const conds = [
    within(f.path, volunteerHours.orgPath, volunteerHours.districtId),
    inSubtree(s, volunteerHours.orgPath),
  ];
  if (f.volunteerId) conds.push(eq(volunteerHours.volunteerId, f.volunteerId));
  if (f.from) conds.push(sql`${volunteerHours.servedOn} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${volunteerHours.servedOn} <= ${f.to}::date`);
  if (f.after)
    conds.push(sql`(${volunteerHours.servedOn}, ${volunteerHours.id}) < (${f.after.k}::date, ${f.after.id})`);
  return s.tx
    .select()
    .from(volunteerHours)
    .where(and(...conds))
    .orderBy(desc(volunteerHours.servedOn), desc(volunteerHours.id))
    .limit(f.limit + 1);
}
/** Minutes served per volunteer: all time and since `yearStart`. */
export async function minutesOf(s: Scoped, volunteerIds: readonly number[], yearStart: string) {
  if (!volunteerIds.length) return new Map<number, { total: number; year: number }>();
  const rows = await s.tx
    .select({
      id: volunteerHours.volunteerId,
      total: sql<number>`sum(${volunteerHours.minutes})::int`,
      year: sql<number>`coalesce(sum(${volunteerHours.minutes}) filter (where ${volunteerHours.servedOn} >= ${yearStart}::date), 0)::int`,
    })
    .from(volunteerHours)
    .where(inArray(volunteerHours.volunteerId, [...volunteerIds]))
    .groupBy(volunteerHours.volunteerId);
  return new Map(rows.map((r) => [r.id, { total: Number(r.total), year: Number(r.year) }]));
}

/** The rebuild of the volunteers counters (platform/stats) from the records. */
export const countersRebuild = sql`select org_path, founded_on as day, case kind when 'talk' then 'volunteers.talk_teams' else 'volunteers.teams' end as metric, count(*)::bigint as value from volunteer_teams group by 1, 2, 3
    union all
    select org_path, joined_on, 'volunteers.joined', count(*)::bigint from volunteers group by 1, 2
    union all
    select org_path, served_on, 'volunteers.services', count(*)::bigint from volunteer_hours group by 1, 2
    union all
    select org_path, served_on, 'volunteers.minutes', sum(minutes)::bigint from volunteer_hours group by 1, 2`;

/** The registry person of each staff account that is a volunteer's account (a 宣讲员 who signs in), by user id. */
export async function personsOfUsers(s: Scoped, userIds: readonly number[]): Promise<Map<number, number>> {
  if (!userIds.length) return new Map();
  const rows = await s.tx
    .select({ userId: volunteers.userId, personId: volunteers.personId })
    .from(volunteers)
    .where(and(inArray(volunteers.userId, [...userIds]), inSubtree(s, volunteers.orgPath)));
  return new Map(rows.map((r) => [Number(r.userId), r.personId]));
}
