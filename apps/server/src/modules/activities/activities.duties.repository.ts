import { and, eq, inArray, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { DutyCounter } from '../../platform/modules.js';
import { districtIdOfPath, type Scoped } from '../../platform/scope.js';
import { personsOfUsers } from '../volunteers/index.js';
import { activities, activityAttendance, trainingRecords } from './activities.tables.js';

/** The kinds of activity that count as a talk given (宣讲, 家庭教育讲座). */
export const TALK_KINDS = ['talk', 'lecture'] as const;
const HELD = ['held', 'summarised'];

const within = (s: Scoped, path: AnyColumn, district: AnyColumn): SQL => {
  if (s.scopePath === null) return sql`true`;
  const d = districtIdOfPath(s.scopePath);
  return d === null
    ? sql`${path} <@ ${s.scopePath}::ltree`
    : sql`(${district} = ${d} and ${path} <@ ${s.scopePath}::ltree)`;
};
const ids = (xs: readonly number[]) => sql.raw(`array[${xs.map((x) => String(Math.trunc(x))).join(',')}]::bigint[]`);

/**
 * Duty kinds of activities (the 执委 checklist), over held (or summarised) activities dated in the period:
 * - `activities.talks_given`: talks and lectures she organised (her account planned it) or spoke at (her registry
 *   person, known through her volunteer account, is among the speakers); one per activity;
 * - `activities.trainings_attended`: trainings she checked in at, plus trainings recorded on her person from outside.
 */
export const activityDutyCounter: DutyCounter = {
  kinds: [
    { code: 'activities.talks_given', label: { 'zh-CN': '开展宣讲/讲座', 'en-US': 'Talks given' } },
    { code: 'activities.trainings_attended', label: { 'zh-CN': '参加培训', 'en-US': 'Trainings attended' } },
  ],
  count: async (s, q) => {
    if (!q.userIds.length) return [];
    const persons = await personsOfUsers(s, q.userIds);
    const userOf = new Map([...persons].map(([u, p]) => [p, u]));
    const period = sql`${activities.startsOn} between ${q.from}::date and ${q.to}::date`;
    const visible = within(s, activities.orgPath, activities.districtId);
    const talks = await s.tx
      .select({ createdBy: activities.createdByUserId, speakers: activities.speakerPersonIds })
      .from(activities)
      .where(
        and(
          inArray(activities.kind, [...TALK_KINDS]),
          inArray(activities.status, HELD),
          period,
          visible,
          or(
            sql`${activities.createdByUserId} = any(${ids(q.userIds)})`,
            persons.size ? sql`${activities.speakerPersonIds} && ${ids([...persons.values()])}` : sql`false`,
          ),
        ),
      );
    const out = new Map<string, { userId: number; kind: string; value: number }>();
    const add = (userId: number, kind: string, n = 1) => {
      const k = `${userId}:${kind}`;
      const row = out.get(k) ?? { userId, kind, value: 0 };
      row.value += n;
      out.set(k, row);
    };
    for (const t of talks) {
      const users = new Set(t.speakers.flatMap((p) => (userOf.has(p) ? [userOf.get(p)!] : [])));
      if (t.createdBy !== null && q.userIds.includes(Number(t.createdBy))) users.add(Number(t.createdBy));
      for (const u of users) add(u, 'activities.talks_given');
    }
    if (!persons.size) return [...out.values()];
    const attended = await s.tx
      .select({ personId: activityAttendance.personId, n: sql<number>`count(distinct ${activities.id})::int` })
      .from(activityAttendance)
      .innerJoin(activities, eq(activities.id, activityAttendance.activityId))
      .where(
        and(
          sql`${activityAttendance.personId} = any(${ids([...persons.values()])})`,
          eq(activities.kind, 'training'),
          inArray(activities.status, HELD),
          period,
          visible,
        ),
      )
      .groupBy(activityAttendance.personId);
    const external = await s.tx
      .select({ personId: trainingRecords.personId, n: sql<number>`count(*)::int` })
      .from(trainingRecords)
      .where(
        and(
          sql`${trainingRecords.personId} = any(${ids([...persons.values()])})`,
          sql`${trainingRecords.heldOn} between ${q.from}::date and ${q.to}::date`,
          within(s, trainingRecords.orgPath, trainingRecords.districtId),
        ),
      )
      .groupBy(trainingRecords.personId);
    for (const r of [...attended, ...external])
      if (r.personId !== null && userOf.has(Number(r.personId)))
        add(userOf.get(Number(r.personId))!, 'activities.trainings_attended', Number(r.n));
    return [...out.values()];
  },
};
