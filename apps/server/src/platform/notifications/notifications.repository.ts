import { and, asc, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Role } from '@jinguo/contracts';
import { queryRows, type Queryable } from '../db/client.js';
import { devOutbox, notificationDeliveries, notifications } from './notifications.tables.js';

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;
export type RecipientKind = 'user' | 'resident';

/** A SQL text[] literal of identifiers we control (roles, channel names): letters, digits and underscores only. */
function textArray(values: readonly string[]): string {
  for (const v of values) if (!/^[a-z0-9_]+$/.test(v)) throw new Error(`not an identifier: ${v}`);
  return `array[${values.map((v) => `'${v}'`).join(',')}]::text[]`;
}

/**
 * The active users holding one of the roles, in the organization or (org null) platform-wide. Read through a narrow
 * SECURITY DEFINER function (ids only), since the writer's scope rarely covers the recipients.
 */
export async function findNotificationUsers(
  q: Queryable,
  orgId: number | null,
  roles: readonly Role[],
): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    q,
    sql`select jinguo_notification_users(${orgId}::bigint, ${sql.raw(textArray(roles))}) as id`,
  );
  return rows.map((r) => Number(r.id));
}

/**
 * Ids taken from the sequence first: under row-level security the writer may not read back (RETURNING) a notice
 * addressed to someone else.
 */
export async function reserveNotificationIds(q: Queryable, count: number): Promise<number[]> {
  const rows = await queryRows<{ id: number }>(
    q,
    sql`select nextval(pg_get_serial_sequence('notifications', 'id')) as id from generate_series(1, ${count})`,
  );
  return rows.map((r) => Number(r.id));
}

export async function insertNotifications(q: Queryable, rows: NewNotificationRow[]): Promise<void> {
  await q.insert(notifications).values(rows);
}

/** One pending delivery row per notice and channel. */
export async function insertDeliveries(
  q: Queryable,
  notificationIds: readonly number[],
  channels: readonly string[],
): Promise<void> {
  for (const id of notificationIds) if (!Number.isSafeInteger(id)) throw new Error(`not an id: ${id}`);
  await q.execute(sql`insert into notification_deliveries (notification_id, channel)
      select n, c from unnest(${sql.raw(`array[${notificationIds.join(',')}]::bigint[]`)}) n, unnest(${sql.raw(textArray(channels))}) c`);
}

/** The recipient's notices, newest first, below `beforeId`. */
export async function selectNotifications(
  q: Queryable,
  kind: RecipientKind,
  recipientId: number,
  opts: { beforeId: number | null; unread: boolean; limit: number },
): Promise<NotificationRow[]> {
  return q
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientKind, kind),
        eq(notifications.recipientId, recipientId),
        opts.unread ? isNull(notifications.readAt) : undefined,
        opts.beforeId !== null ? lt(notifications.id, opts.beforeId) : undefined,
      ),
    )
    .orderBy(desc(notifications.id))
    .limit(opts.limit);
}

export async function countUnreadNotifications(
  q: Queryable,
  kind: RecipientKind,
  recipientId: number,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    q,
    sql`select count(*)::int as n from notifications where recipient_kind = ${kind} and recipient_id = ${recipientId} and read_at is null`,
  );
  return Number(row?.n ?? 0);
}

/** Marks one notice read (keeping the first reading time); undefined when it is not the recipient's. */
export async function setNotificationRead(
  q: Queryable,
  kind: RecipientKind,
  recipientId: number,
  id: number,
): Promise<NotificationRow | undefined> {
  const rows = await q
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(
      and(eq(notifications.id, id), eq(notifications.recipientKind, kind), eq(notifications.recipientId, recipientId)),
    )
    .returning();
  return rows[0];
}

/** Marks every unread notice of the recipient read; returns how many. */
export async function setAllNotificationsRead(q: Queryable, kind: RecipientKind, recipientId: number): Promise<number> {
  const rows = await q
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(
      and(
        eq(notifications.recipientKind, kind),
        eq(notifications.recipientId, recipientId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return rows.length;
}

export async function insertDevOutboxMessage(
  q: Queryable,
  row: { channel: string; toMasked: string; purpose: string; text: string },
): Promise<void> {
  await q.insert(devOutbox).values(row);
}

/** What the development SMS channel "sent", newest first. */
export async function listDevOutbox(q: Queryable, limit: number) {
  return q.select().from(devOutbox).orderBy(desc(devOutbox.id)).limit(limit);
}

/** The oldest pending deliveries with their notices. */
export async function listPendingDeliveries(q: Queryable, batch: number) {
  return q
    .select({ d: notificationDeliveries, n: notifications })
    .from(notificationDeliveries)
    .innerJoin(notifications, eq(notifications.id, notificationDeliveries.notificationId))
    .where(eq(notificationDeliveries.status, 'pending'))
    .orderBy(asc(notificationDeliveries.id))
    .limit(batch);
}

export async function markDeliveryNoAddress(q: Queryable, id: number, attempts: number): Promise<void> {
  await q
    .update(notificationDeliveries)
    .set({ status: 'no_address', attempts })
    .where(eq(notificationDeliveries.id, id));
}

export async function markDeliverySent(q: Queryable, id: number, attempts: number): Promise<void> {
  await q
    .update(notificationDeliveries)
    .set({ status: 'sent', attempts, sentAt: sql`now()` })
    .where(eq(notificationDeliveries.id, id));
}

export async function markDeliveryFailed(
  q: Queryable,
  id: number,
  attempts: number,
  status: 'failed' | 'pending',
  lastError: string,
): Promise<void> {
  await q.update(notificationDeliveries).set({ status, attempts, lastError }).where(eq(notificationDeliveries.id, id));
}
