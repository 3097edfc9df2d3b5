import { maskPhone } from '@jinguo/contracts';
import type { DbHandle, Queryable } from '../db/client.js';
import { AppError } from '../errors.js';
import {
  insertDevOutboxMessage,
  listPendingDeliveries,
  markDeliveryFailed,
  markDeliveryNoAddress,
  markDeliverySent,
} from './notifications.repository.js';

/**
 * What a message is for, and the secret it carries if any (a sign-in code, a one-time password): a secret is for the
 * phone's owner only, so no page shows it (the development outbox blanks it).
 */
export interface SmsMeta {
  purpose: string;
  secret?: string;
}

/** An SMS gateway. Adapters for real gateways implement this; the platform ships the development channel. */
export interface SmsSender {
  readonly name: string;
  send(to: string, text: string, meta: SmsMeta): Promise<void>;
  /** Resolves once every message sent so far is recorded (a channel that records after sending, like the dev one). */
  flush?(): Promise<void>;
}

/** What modules hold: `available` is false when no channel is configured (production without a gateway). */
export interface Sms {
  readonly available: boolean;
  readonly channel: string | null;
  /** Throws SMS_UNAVAILABLE when no channel is configured. Call it after your transaction has committed. */
  send(to: string, text: string, meta: SmsMeta): Promise<void>;
  /** Resolves once the channel has recorded every message sent so far (tests and shutdown wait on it). */
  flush(): Promise<void>;
}

export function createSms(sender: SmsSender | null): Sms {
  return {
    available: sender !== null,
    channel: sender?.name ?? null,
    async send(to, text, meta) {
      if (!sender) throw new AppError('SMS_UNAVAILABLE');
      await sender.send(to, text, meta);
    },
    async flush() {
      await sender?.flush?.();
    },
  };
}

/**
 * The development channel (demo mode): nothing leaves the machine. Each message goes to the server log — the demo's
 * "phone", the only place a sign-in code or one-time password is written in full — and to the dev outbox, which the
 * system admin reads on the 开发短信 page with every secret blanked (三员分立: she must not sign in as the user she
 * created). The outbox row is written after the caller's work (PGlite has one connection; a caller inside a
 * transaction must not wait on it).
 */
export function createDevSmsSender(
  handle: DbHandle,
  log: (m: string) => void = (m) => console.log(m),
): SmsSender & { flush(): Promise<void> } {
  const pending = new Set<Promise<void>>();
  return {
    name: 'dev',
    async send(to, text, meta) {
      log(`[sms:dev] to ${maskPhone(to)} (${meta.purpose}): ${text}`);
      const p: Promise<void> = (async () => {
        await new Promise((r) => setImmediate(r));
        await insertDevOutboxMessage(handle.db, {
          channel: 'sms',
          toMasked: maskPhone(to),
          purpose: meta.purpose,
          text: meta.secret ? text.replaceAll(meta.secret, '******') : text,
        });
      })()
        .catch((err: unknown) => log(`[sms:dev] could not record the message: ${String(err)}`))
        .finally(() => pending.delete(p));
      pending.add(p);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}

/**
 * Finds a recipient's address on a channel (a resident's phone, a user's WeChat openid). Registered by their owners.
 */
export type ContactResolver = (q: Queryable, recipientId: number) => Promise<string | null>;
const resolvers = new Map<string, ContactResolver>();
export function registerContactResolver(
  recipientKind: 'user' | 'resident',
  channel: 'sms' | 'wechat',
  resolver: ContactResolver,
): void {
  resolvers.set(`${recipientKind}:${channel}`, resolver);
}

const MAX_ATTEMPTS = 5;

/** One pass of the outbox: sends pending SMS (and WeChat, once an adapter exists) deliveries. Run by a periodic job. */
export async function deliverPending(
  handle: DbHandle,
  sms: Sms,
  opts: { batch?: number } = {},
): Promise<{ sent: number; failed: number; noAddress: number }> {
  const result = { sent: 0, failed: 0, noAddress: 0 };
  const due = await listPendingDeliveries(handle.db, opts.batch ?? 200);
  for (const { d, n } of due) {
    const resolver = resolvers.get(`${n.recipientKind}:${d.channel}`);
    const address = resolver ? await resolver(handle.db, n.recipientId) : null;
    if (!address || d.channel !== 'sms' || !sms.available) {
      await markDeliveryNoAddress(handle.db, d.id, d.attempts + 1);
      result.noAddress++;
      continue;
    }
    try {
      await sms.send(address, `【巾帼】${n.titleZh}${n.bodyZh ? `：${n.bodyZh}` : ''}`.slice(0, 200), {
        purpose: n.kind,
      });
      await markDeliverySent(handle.db, d.id, d.attempts + 1);
      result.sent++;
    } catch (err) {
      const attempts = d.attempts + 1;
      await markDeliveryFailed(
        handle.db,
        d.id,
        attempts,
        attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        String(err).slice(0, 500),
      );
      result.failed++;
    }
  }
  return result;
}
