import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns.js';

/** The in-app inbox: one row per recipient. A recipient is a staff user or a resident of the portal. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    recipientKind: text('recipient_kind').$type<'user' | 'resident'>().notNull(),
    recipientId: bigint('recipient_id', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    titleZh: text('title_zh').notNull(),
    titleEn: text('title_en').notNull(),
    bodyZh: text('body_zh'),
    bodyEn: text('body_en'),
    link: text('link'),
    targetType: text('target_type'),
    targetId: bigint('target_id', { mode: 'number' }),
    /**
     * The org the notice concerns (not the recipient's), for reports. Deliberately not called org_path: a notice is a
     * record of what was said at the time, so reorganizations do not re-path it (and cannot: only the recipient may
     * update her notices).
     */
    concernsPath: ltree('concerns_path'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_recipient_idx').on(t.recipientKind, t.recipientId, t.id)],
);

/** Outbox of the external channels (SMS, WeChat): delivered by a job, retried, never blocking the write. */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    notificationId: bigint('notification_id', { mode: 'number' }).notNull(),
    channel: text('channel').$type<'sms' | 'wechat'>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed' | 'no_address'>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('notification_deliveries_pending_idx').on(t.status, t.id)],
);

/** What the development SMS channel "sent": the server log and this table, shown to the admin in demo mode. */
export const devOutbox = pgTable('dev_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
  channel: text('channel').notNull(),
  toMasked: text('to_masked').notNull(),
  purpose: text('purpose').notNull(),
  text: text('text').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
