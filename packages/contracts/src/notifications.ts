import { z } from 'zod';
import { LocalizedText } from './errors.js';

/** One notice in a user's (or a resident's) inbox. Titles and links only: never a victim's address or contact. */
export const Notification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: LocalizedText,
  body: LocalizedText.nullable(),
  link: z.string().nullable(),
  target: z.object({ type: z.string(), id: z.number().int() }).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof Notification>;

export const NotificationsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  unread: z.enum(['true', 'false']).optional(),
});
export const NotificationIdParams = z.object({ notificationId: z.coerce.number().int().positive() });
export const UnreadCount = z.object({ unread: z.number().int() });

/** A message the development SMS channel "sent" (demo mode only; shown to the system admin). */
export const DevOutboxMessage = z.object({
  id: z.number().int(),
  channel: z.string(),
  to: z.string(),
  purpose: z.string(),
  text: z.string(),
  createdAt: z.string(),
});
export type DevOutboxMessage = z.infer<typeof DevOutboxMessage>;
