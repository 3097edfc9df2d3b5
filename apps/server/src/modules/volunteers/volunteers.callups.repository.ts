import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { DutyCounter } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { users } from '../../platform/auth/auth.tables.js';
import { callUpInvitees, callUps } from './volunteers.tables.js';

export type CallUpRow = typeof callUps.$inferSelect;
export type InviteeRow = typeof callUpInvitees.$inferSelect;

/** What the actor may read: call-ups of her subtree, and those she is asked to (RLS call_ups_invited says the same). */
function callUpVisible(s: Scoped): SQL {
  const mine =
    s.actor.kind === 'user'
      ? sql`exists (select 1 from call_up_invitees i where i.call_up_id = ${callUps.id} and i.user_id = ${s.actor.userId})`
      : sql`false`;
  return s.scopePath === null ? sql`true` : or(sql`${callUps.orgPath} <@ ${s.scopePath}::ltree`, mine)!;
}

export async function insertCallUp(s: Scoped, row: typeof callUps.$inferInsert): Promise<CallUpRow> {
  return (await s.tx.insert(callUps).values(row).returning())[0]!;
}
export async function updateCallUp(s: Scoped, id: number, patch: Partial<CallUpRow>): Promise<CallUpRow> {
  return (await s.tx.update(callUps).set(patch).where(eq(callUps.id, id)).returning())[0]!;
}
export async function findCallUp(s: Scoped, id: number, lock = false): Promise<CallUpRow | null> {
  const q = s.tx
    .select()
    .from(callUps)
    .where(and(eq(callUps.id, id), callUpVisible(s)));
  return (await (lock ? q.for('update') : q))[0] ?? null;
}
export async function listCallUps(
  s: Scoped,
  f: { path: string; state?: string | undefined; invitedUserId?: number | undefined },
): Promise<CallUpRow[]> {
  const conds: SQL[] = [callUpVisible(s)];
  if (f.invitedUserId !== undefined)
    conds.push(
      sql`exists (select 1 from call_up_invitees i where i.call_up_id = ${callUps.id} and i.user_id = ${f.invitedUserId})`,
    );
  else conds.push(sql`${callUps.orgPath} <@ ${f.path}::ltree`);
  if (f.state) conds.push(eq(callUps.state, f.state));
  return s.tx
    .select()
    .from(callUps)
    .where(and(...conds))
    .orderBy(desc(callUps.startsAt), desc(callUps.id))
    .limit(200);
}

export async function insertInvitees(s: Scoped, rows: (typeof callUpInvitees.$inferInsert)[]): Promise<void> {
  if (rows.length) await s.tx.insert(callUpInvitees).values(rows);
}
export async function inviteesOf(s: Scoped, callUpIds: readonly number[]): Promise<InviteeRow[]> {
  if (!callUpIds.length) return [];
  return s.tx
    .select()
    .from(callUpInvitees)
    .where(inArray(callUpInvitees.callUpId, [...callUpIds]))
    .orderBy(asc(callUpInvitees.id));
}
export async function updateInvitee(s: Scoped, id: number, patch: Partial<InviteeRow>): Promise<void> {
  await s.tx.update(callUpInvitees).set(patch).where(eq(callUpInvitees.id, id));
}
export async function setAttendance(s: Scoped, callUpId: number, attended: ReadonlyMap<number, number>) {
  await s.tx
    .update(callUpInvitees)
    .set({ attended: false, minutes: null })
    .where(eq(callUpInvitees.callUpId, callUpId));
  for (const [id, minutes] of attended)
    await s.tx.update(callUpInvitees).set({ attended: true, minutes }).where(eq(callUpInvitees.id, id));
}

/** Owner: accounts. Active staff of a subtree holding one of the roles (whom a call-up may ask besides volunteers). */
export async function staffIn(s: Scoped, ids: readonly number[], path: string) {
  if (!ids.length) return [];
  return s.tx
    .select({ id: users.id, displayName: users.displayName, roles: users.roles })
    .from(users)
    .where(
      and(
        inArray(users.id, [...ids]),
        eq(users.status, 'active'),
        sql`${users.orgPath} <@ ${path}::ltree`,
        sql`${users.roles} && array['executive_member','cadre','volunteer']::text[]`,
      ),
    );
}

/** Duty kind of call-ups: the call-ups a person came to (动员下沉), by the day they started. */
export const callUpDutyCounter: DutyCounter = {
  kinds: [{ code: 'volunteers.call_ups', label: { 'zh-CN': '参加动员下沉', 'en-US': 'Call-ups answered' } }],
  count: async (s, q) => {
    if (!q.userIds.length) return [];
    const ids = sql.raw(`array[${q.userIds.map((id) => String(Math.trunc(id))).join(',')}]::bigint[]`);
    const rows = await queryRows<{ user_id: number; value: number }>(
      s.tx,
      sql`select i.user_id, count(*)::int as value from call_up_invitees i join call_ups on call_ups.id = i.call_up_id
        where i.user_id = any(${ids}) and i.attended and call_ups.state = 'closed' and ${callUpVisible(s)}
          and call_ups.starts_at >= (${q.from}::date::timestamp at time zone 'Asia/Shanghai')
          and call_ups.starts_at < ((${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai')
        group by i.user_id`,
    );
    return rows.map((r) => ({ userId: Number(r.user_id), kind: 'volunteers.call_ups', value: Number(r.value) }));
  },
};
