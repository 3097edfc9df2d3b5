import type { LocalizedText, Notification, Page, Role } from '@jinguo/contracts';
import type { Queryable } from '../db/client.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import {
  countUnreadNotifications,
  findNotificationUsers,
  insertDeliveries,
  insertNotifications,
  reserveNotificationIds,
  selectNotifications,
  setAllNotificationsRead,
  setNotificationRead,
  type NotificationRow,
} from './notifications.repository.js';

/** Who receives a notice. Org-and-role and role recipients are resolved when the notice is written. */
export type Recipient =
  | { user: number }
  | { org: number; roles: readonly Role[] }
  /** Every active user holding the role, platform-wide (platform notices, e.g. a missing holiday schedule). */
  | { role: Role }
  | { resident: number };

export type ExternalChannel = 'sms' | 'wechat';

export interface NotificationInput {
  /** Stable, dotted and module-prefixed: 'demand.assigned', 'case.high_risk'. */
  kind: string;
  recipients: readonly Recipient[];
  title: LocalizedText;
  /** Never personal data of a victim: notices are read on phones, over shoulders, in SMS logs. */
  body?: LocalizedText;
  link?: string;
  target?: { type: string; id: number };
  orgPath?: string;
  /** The inbox always; external channels in addition, through their adapters (ignored when none is configured). */
  channels?: readonly ExternalChannel[];
}

export type Inbox = { user: number } | { resident: number };

const kindOf = (who: Inbox) => ('user' in who ? 'user' : 'resident') as 'user' | 'resident';
const idOf = (who: Inbox) => ('user' in who ? who.user : who.resident);

let externalChannels: ReadonlySet<ExternalChannel> = new Set();
/** Set by the platform from its configured adapters: only those channels get delivery rows. */
export function setExternalChannels(channels: readonly ExternalChannel[]): void {
  externalChannels = new Set(channels);
}

/**
 * Writes a notice to each recipient's inbox in the caller's transaction: a rolled-back change notifies nobody.
 * Recipients are resolved by narrow SECURITY DEFINER functions (ids only), since the writer's scope rarely covers them
 * (a village's order notifies the town; an escalation notifies the parent). Returns how many inboxes received it.
 */
export async function notify(q: Queryable, n: NotificationInput): Promise<number> {
  const users = new Set<number>();
  const residents = new Set<number>();
  for (const r of n.recipients) {
    if ('user' in r) users.add(r.user);
    else if ('resident' in r) residents.add(r.resident);
    else if ('org' in r) {
      if (!r.roles.length) continue;
      for (const id of await findNotificationUsers(q, r.org, r.roles)) users.add(id);
    } else {
      for (const id of await findNotificationUsers(q, null, [r.role])) users.add(id);
    }
  }
  const targets = [
    ...[...users].map((id) => ['user', id] as const),
    ...[...residents].map((id) => ['resident', id] as const),
  ];
  if (!targets.length) return 0;
  const channels = (n.channels ?? []).filter((c) => externalChannels.has(c));
  const ids = await reserveNotificationIds(q, targets.length);
  await insertNotifications(
    q,
    targets.map(([kind, id], i) => ({
      id: ids[i]!,
      recipientKind: kind,
      recipientId: id,
      kind: n.kind,
      titleZh: n.title['zh-CN'],
      titleEn: n.title['en-US'],
      bodyZh: n.body?.['zh-CN'] ?? null,
      bodyEn: n.body?.['en-US'] ?? null,
      link: n.link ?? null,
      targetType: n.target?.type ?? null,
      targetId: n.target?.id ?? null,
      concernsPath: n.orgPath ?? null,
    })),
  );
  if (channels.length) await insertDeliveries(q, ids, channels);
  return targets.length;
}

function view(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: { 'zh-CN': r.titleZh, 'en-US': r.titleEn },
    body: r.bodyZh !== null ? { 'zh-CN': r.bodyZh, 'en-US': r.bodyEn ?? r.bodyZh } : null,
    link: r.link,
    target: r.targetType && r.targetId !== null ? { type: r.targetType, id: r.targetId } : null,
    createdAt: r.createdAt.toISOString(),
    readAt: r.readAt?.toISOString() ?? null,
  };
}

/** The recipient's notices, newest first. Row-level security admits only the recipient's own rows as well. */
export async function listNotifications(
  q: Queryable,
  who: Inbox,
  opts: { cursor?: string | undefined; limit: number; unread?: boolean },
): Promise<Page<Notification>> {
  const after = decodeCursor<{ id: number }>(opts.cursor);
  const rows = await selectNotifications(q, kindOf(who), idOf(who), {
    beforeId: after ? Number(after.id) : null,
    unread: opts.unread ?? false,
    limit: opts.limit + 1,
  });
  const items = rows.slice(0, opts.limit).map(view);
  return { items, nextCursor: rows.length > opts.limit ? encodeCursor({ id: items[items.length - 1]!.id }) : null };
}

export async function unreadCount(q: Queryable, who: Inbox): Promise<number> {
  return countUnreadNotifications(q, kindOf(who), idOf(who));
}

/** Marks one notice read; false when it is not the recipient's. */
export async function markRead(q: Queryable, who: Inbox, id: number): Promise<Notification | null> {
  const row = await setNotificationRead(q, kindOf(who), idOf(who), id);
  return row ? view(row) : null;
}

export async function markAllRead(q: Queryable, who: Inbox): Promise<number> {
  return setAllNotificationsRead(q, kindOf(who), idOf(who));
}
