import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  DevOutboxMessage,
  Notification,
  NotificationIdParams,
  NotificationsQuery,
  pageOf,
  UnreadCount,
} from '@jinguo/contracts';
import { appendAudit } from '../audit/audit.service.js';
import type { DbHandle } from '../db/client.js';
import { AppError } from '../errors.js';
import { defineRoute, type Authenticate } from '../http/route.js';
import { runScoped } from '../scope.js';
import { listNotifications, markAllRead, markRead, unreadCount } from './notifications.js';
import { listDevOutbox } from './notifications.repository.js';

const tags = ['notifications 通知'];

/** Every signed-in user's inbox; the development SMS outbox for the system admin in demo mode. */
export function registerNotificationRoutes(
  app: FastifyInstance,
  auth: Authenticate,
  deps: { handle: DbHandle; demoMode: boolean },
): void {
  const inbox = (userId: number) => ({ user: userId });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/notifications',
    summary: 'My notifications, newest first',
    tags,
    access: 'authenticated',
    query: NotificationsQuery,
    response: pageOf(Notification),
    handler: ({ actor, query }) =>
      runScoped(deps.handle, actor, (s) =>
        listNotifications(s.tx, inbox(actor.userId), {
          cursor: query.cursor,
          limit: query.limit,
          unread: query.unread === 'true',
        }),
      ),
  });
  defineRoute(app, auth, {
    method: 'GET',
    url: '/notifications/unread-count',
    summary: 'How many of my notifications are unread',
    tags,
    access: 'authenticated',
    response: UnreadCount,
    handler: ({ actor }) =>
      runScoped(deps.handle, actor, async (s) => ({ unread: await unreadCount(s.tx, inbox(actor.userId)) })),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/notifications/:notificationId/read',
    summary: 'Mark one notification read',
    tags,
    access: 'authenticated',
    params: NotificationIdParams,
    response: Notification,
    handler: ({ actor, params }) =>
      runScoped(deps.handle, actor, async (s) => {
        const n = await markRead(s.tx, inbox(actor.userId), params.notificationId);
        if (!n) throw new AppError('NOTIFICATION_NOT_FOUND');
        return n;
      }),
  });
  defineRoute(app, auth, {
    method: 'POST',
    url: '/notifications/read-all',
    summary: 'Mark all my notifications read',
    tags,
    access: 'authenticated',
    response: z.object({ marked: z.number().int() }),
    handler: ({ actor }) =>
      runScoped(deps.handle, actor, async (s) => ({ marked: await markAllRead(s.tx, inbox(actor.userId)) })),
  });

  defineRoute(app, auth, {
    method: 'GET',
    url: '/dev/outbox',
    summary: 'Development SMS channel: messages "sent" (demo mode only)',
    tags,
    access: { permission: 'dev.outbox.read' },
    response: z.object({ items: z.array(DevOutboxMessage) }),
    handler: async ({ actor }) => {
      if (!deps.demoMode) throw new AppError('NOT_FOUND');
      return runScoped(deps.handle, actor, async (s) => {
        const rows = await listDevOutbox(s.tx, 100);
        // One-time codes are in there: reading them is a sensitive read.
        await appendAudit(s.tx, actor, {
          action: 'dev.outbox.read',
          targetType: 'dev_outbox',
          after: { returned: rows.length },
        });
        return {
          items: rows.map((r) => ({
            id: r.id,
            channel: r.channel,
            to: r.toMasked,
            purpose: r.purpose,
            text: r.text,
            createdAt: r.createdAt.toISOString(),
          })),
        };
      });
    },
  });
}
