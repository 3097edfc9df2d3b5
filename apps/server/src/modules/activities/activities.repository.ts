import { and, asc, desc, eq, gt, inArray, sql, type SQL } from 'drizzle-orm';
import { districtIdOfPath, withRowSecurityLifted, type Scoped } from '../../platform/scope.js';
import { activities, activityAttendance, activityRegistrations, trainingRecords } from './activities.tables.js';

export type ActivityRow = typeof activities.$inferSelect;
export type NewActivityRow = typeof activities.$inferInsert;
export type RegistrationRow = typeof activityRegistrations.$inferSelect;
export type AttendanceRow = typeof activityAttendance.$inferSelect;
export type NewAttendanceRow = typeof activityAttendance.$inferInsert;
export type TrainingRow = typeof trainingRecords.$inferSelect;

/** The subtree predicate on the district index when the scope is a district (as for visits and persons). */
export function activitiesWithin(path: string): SQL {
  const district = districtIdOfPath(path);
  if (district === null) return sql`${activities.orgPath} <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`${activities.districtId} = ${district}`;
  return sql`(${activities.districtId} = ${district} and ${activities.orgPath} <@ ${path}::ltree)`;
}
const visible = (s: Scoped) => (s.scopePath === null ? sql`true` : activitiesWithin(s.scopePath));

/** Confines the portal role's writes to the one activity whose check-in or registration the service verified. */
export async function admitPortalTo(s: Scoped, activityId: number): Promise<void> {
  await s.tx.execute(sql`select set_config('jinguo.activity_id', ${String(activityId)}, true)`);
}

export async function insertActivity(s: Scoped, row: NewActivityRow): Promise<ActivityRow> {
  return (await s.tx.insert(activities).values(row).returning())[0]!;
}
export async function findActivity(s: Scoped, id: number, lock = false): Promise<ActivityRow | null> {
  const q = s.tx
    .select()
    .from(activities)
    .where(and(eq(activities.id, id), visible(s)));
  const [r] = lock ? await q.for('update') : await q;
  return r ?? null;
}
export async function updateActivity(s: Scoped, id: number, patch: Partial<NewActivityRow>): Promise<ActivityRow> {
  return (
    await s.tx
      .update(activities)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(activities.id, id))
      .returning()
  )[0]!;
}
export async function addToCounts(s: Scoped, id: number, d: { registered?: number; attended?: number }) {
  await s.tx
    .update(activities)
    .set({
      registered: sql`${activities.registered} + ${d.registered ?? 0}`,
      attended: sql`${activities.attended} + ${d.attended ?? 0}`,
      updatedAt: new Date(),
    })
    .where(eq(activities.id, id));
}

export interface ActivityListPlan {
  path: string;
  kind?: string | undefined;
  status?: string | undefined;
  spaceId?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  after: { k: string; id: number } | null;
  limit: number;
}
/** A subtree's activities, latest first, on the (org|district, starts_on, id) indexes. */
export async function listActivities(s: Scoped, p: ActivityListPlan): Promise<ActivityRow[]> {
  const conds: SQL[] = [visible(s), activitiesWithin(p.path)];
  if (p.kind) conds.push(eq(activities.kind, p.kind));
  if (p.status) conds.push(eq(activities.status, p.status));
  if (p.spaceId) conds.push(eq(activities.spaceId, p.spaceId));
  if (p.from) conds.push(sql`${activities.startsOn} >= ${p.from}::date`);
  if (p.to) conds.push(sql`${activities.startsOn} <= ${p.to}::date`);
  if (p.after) conds.push(sql`(${activities.startsOn}, ${activities.id}) < (${p.after.k}::date, ${p.after.id})`);
  // The page's ids with row-level security lifted, the app's scope predicate kept: under RLS the planner rates the
  // policy's current_setting() predicate at a few per cent of the rows, and for a district (13,400 activities at
  // scale 1) chose to AND the district and path indexes and sort them all (400 ms) over walking the district's
  // (district_id, starts_on, id) index (3 ms). The rows are read back under RLS.
  const page = await withRowSecurityLifted(s, () =>
    s.tx
      .select({ id: activities.id })
      .from(activities)
      .where(and(...conds))
      .orderBy(desc(activities.startsOn), desc(activities.id))
      .limit(p.limit + 1),
  );
  if (!page.length) return [];
  return s.tx
    .select()
    .from(activities)
    .where(
      and(
        inArray(
          activities.id,
          page.map((r) => r.id),
        ),
        visible(s),
      ),
    )
    .orderBy(desc(activities.startsOn), desc(activities.id));
}

/** Activities open for registration around a village (its own, its town's, district's, city's, its groups'). */
export async function openAround(s: Scoped, villagePath: string, now: Date): Promise<ActivityRow[]> {
  return s.tx
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.status, 'open'),
        sql`${activities.startsAt} > ${now.toISOString()}::timestamptz`,
        sql`(${activities.orgPath} @> ${villagePath}::ltree or ${activities.orgPath} <@ ${villagePath}::ltree)`,
      ),
    )
    .orderBy(asc(activities.startsAt))
    .limit(30);
}

/* registrations */

/** Inserts a registration unless that phone has one (null then). */
export async function insertRegistration(
  s: Scoped,
  row: typeof activityRegistrations.$inferInsert,
): Promise<RegistrationRow | null> {
  const [r] = await s.tx.insert(activityRegistrations).values(row).onConflictDoNothing().returning();
  return r ?? null;
}
export async function findRegistration(s: Scoped, activityId: number, phoneHash: string) {
  const [r] = await s.tx
    .select()
    .from(activityRegistrations)
    .where(and(eq(activityRegistrations.activityId, activityId), eq(activityRegistrations.phoneHash, phoneHash)));
  return r ?? null;
}
export async function registrationsOf(s: Scoped, activityId: number): Promise<RegistrationRow[]> {
  return s.tx
    .select()
    .from(activityRegistrations)
    .where(eq(activityRegistrations.activityId, activityId))
    .orderBy(asc(activityRegistrations.id))
    .limit(5000);
}

/* attendance */

/** Inserts a check-in unless that phone has one (null then: a second check-in changes nothing). */
export async function insertAttendance(s: Scoped, row: NewAttendanceRow): Promise<AttendanceRow | null> {
  const [r] = await s.tx.insert(activityAttendance).values(row).onConflictDoNothing().returning();
  return r ?? null;
}
/** Many check-ins at once (an imported sheet); returns those new. */
export async function insertAttendanceRows(s: Scoped, rows: NewAttendanceRow[]): Promise<AttendanceRow[]> {
  if (!rows.length) return [];
  return s.tx.insert(activityAttendance).values(rows).onConflictDoNothing().returning();
}
export async function findAttendance(s: Scoped, activityId: number, phoneHash: string) {
  const [r] = await s.tx
    .select()
    .from(activityAttendance)
    .where(and(eq(activityAttendance.activityId, activityId), eq(activityAttendance.phoneHash, phoneHash)));
  return r ?? null;
}
export async function attendanceOf(s: Scoped, activityId: number, afterId = 0, limit = 5000) {
  return s.tx
    .select()
    .from(activityAttendance)
    .where(and(eq(activityAttendance.activityId, activityId), gt(activityAttendance.id, afterId)))
    .orderBy(asc(activityAttendance.id))
    .limit(limit);
}
export async function attendedPhoneHashes(s: Scoped, activityId: number, hashes: string[]): Promise<Set<string>> {
  if (!hashes.length) return new Set();
  const rows = await s.tx
    .select({ h: activityAttendance.phoneHash })
    .from(activityAttendance)
    .where(and(eq(activityAttendance.activityId, activityId), inArray(activityAttendance.phoneHash, hashes)));
  return new Set(rows.map((r) => r.h));
}
export async function linkAttendance(s: Scoped, id: number, personId: number): Promise<void> {
  await s.tx.update(activityAttendance).set({ personId }).where(eq(activityAttendance.id, id));
}

/** A person's check-ins with their activities (timeline, training record, the other modules' counts). */
export async function attendanceOfPerson(s: Scoped, personId: number, from?: string, to?: string) {
  const conds: SQL[] = [eq(activityAttendance.personId, personId), visible(s)];
  if (from) conds.push(sql`${activities.startsOn} >= ${from}::date`);
  if (to) conds.push(sql`${activities.startsOn} <= ${to}::date`);
  return s.tx
    .select({ a: activities, checkedInAt: activityAttendance.checkedInAt, attendanceId: activityAttendance.id })
    .from(activityAttendance)
    .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
    .where(and(...conds))
    .orderBy(desc(activities.startsOn))
    .limit(500);
}
/** Activities where the person spoke or taught (宣讲员, trainer). */
export async function activitiesSpokenBy(s: Scoped, personId: number, from?: string, to?: string) {
  const conds: SQL[] = [sql`${personId} = any(${activities.speakerPersonIds})`, visible(s)];
  if (from) conds.push(sql`${activities.startsOn} >= ${from}::date`);
  if (to) conds.push(sql`${activities.startsOn} <= ${to}::date`);
  return s.tx
    .select()
    .from(activities)
    .where(and(...conds))
    .orderBy(desc(activities.startsOn))
    .limit(500);
}

/* training records */

export async function insertTraining(s: Scoped, row: typeof trainingRecords.$inferInsert): Promise<TrainingRow> {
  return (await s.tx.insert(trainingRecords).values(row).returning())[0]!;
}
export async function trainingsOfPerson(s: Scoped, personId: number, from?: string, to?: string) {
  const conds: SQL[] = [eq(trainingRecords.personId, personId)];
  if (s.scopePath !== null) conds.push(sql`${trainingRecords.orgPath} <@ ${s.scopePath}::ltree`);
  if (from) conds.push(sql`${trainingRecords.heldOn} >= ${from}::date`);
  if (to) conds.push(sql`${trainingRecords.heldOn} <= ${to}::date`);
  return s.tx
    .select()
    .from(trainingRecords)
    .where(and(...conds))
    .orderBy(desc(trainingRecords.heldOn));
}

/** The rebuild of the activities counters (platform/stats) from the records: held activities and their attendance. */
export const countersRebuild = sql`select org_path, starts_on as day, m.metric, sum(m.value)::bigint as value
  from activities a cross join lateral (values
    ('activities.held', 1),
    ('activities.talks', case when a.kind = 'talk' then 1 else 0 end),
    ('activities.lectures', case when a.kind = 'lecture' then 1 else 0 end),
    ('activities.trainings', case when a.kind = 'training' then 1 else 0 end),
    ('activities.attendance', a.attended),
    ('activities.reached', a.attended + a.extra_reached),
    ('activities.training_attendance', case when a.kind = 'training' then a.attended else 0 end)
  ) as m(metric, value)
  where a.status in ('held', 'summarised')
  group by org_path, starts_on, m.metric having sum(m.value) <> 0`;
