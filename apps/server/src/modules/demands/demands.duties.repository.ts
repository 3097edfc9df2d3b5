import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { DutyCounter } from '../../platform/modules.js';
import type { Scoped } from '../../platform/scope.js';
import { demandsInScope } from './demands.repository.js';
import { demands } from './demands.tables.js';

/*
 * What other modules read of the demands dispatched to a person: the service orders a volunteer took (the volunteers
 * module records her hours against them) and the demands an executive member handled (the duties checklist).
 */

/** A demand dispatched to someone, as the volunteers module needs it (inside the reader's subtree). */
export interface AssignedOrder {
  id: number;
  orgId: number;
  orgPath: string;
  districtId: number | null;
  title: string;
  state: string;
  assigneeUserId: number | null;
  repliedAt: Date | null;
}
const orderColumns = {
  id: demands.id,
  orgId: demands.orgId,
  orgPath: demands.orgPath,
  districtId: demands.districtId,
  title: demands.title,
  state: demands.state,
  assigneeUserId: demands.assigneeUserId,
  repliedAt: demands.repliedAt,
};

export async function assignedOrder(s: Scoped, demandId: number): Promise<AssignedOrder | null> {
  const rows = await s.tx
    .select(orderColumns)
    .from(demands)
    .where(and(eq(demands.id, demandId), demandsInScope(s)));
  return rows[0] ?? null;
}

/** The orders dispatched to a user that she answered, most recent first (at most `limit`). */
export async function answeredOrdersOf(s: Scoped, userId: number, limit: number): Promise<AssignedOrder[]> {
  return s.tx
    .select(orderColumns)
    .from(demands)
    .where(and(eq(demands.assigneeUserId, userId), isNotNull(demands.repliedAt), demandsInScope(s)))
    .orderBy(desc(demands.repliedAt))
    .limit(limit);
}

/** Duty kinds of demands: the demands a person answered (办结回复) in the period, as their assignee. */
export const demandDutyCounter: DutyCounter = {
  kinds: [{ code: 'demands.handled', label: { 'zh-CN': '办理诉求', 'en-US': 'Demands handled' } }],
  count: async (s, q) => {
    if (!q.userIds.length) return [];
    const ids = sql.raw(`array[${q.userIds.map((id) => String(Math.trunc(id))).join(',')}]::bigint[]`);
    const rows = await queryRows<{ user_id: number; value: number }>(
      s.tx,
      sql`select assignee_user_id as user_id, count(*)::int as value from demands
        where assignee_user_id = any(${ids}) and replied_at >= (${q.from}::date::timestamp at time zone 'Asia/Shanghai')
          and replied_at < ((${q.to}::date + 1)::timestamp at time zone 'Asia/Shanghai') and ${demandsInScope(s)}
        group by assignee_user_id`,
    );
    return rows.map((r) => ({ userId: Number(r.user_id), kind: 'demands.handled', value: Number(r.value) }));
  },
};
