import type { Database, Queryable } from '../db/client.js';
import {
  block,
  blockingKinds,
  countFailure,
  deleteForUsername,
  deleteKeys,
  type ThrottleKey,
  type ThrottleKind,
} from './throttle.repository.js';

export interface ThrottlePolicy {
  /** Failures of one username from one address before that pair is locked (LOCKOUT_THRESHOLD). */
  pairThreshold: number;
  /** The pair's first lock; each further failure doubles it, up to a day (LOCKOUT_MINUTES). */
  lockMinutes: number;
  /** Failures of one username from all addresses before each attempt waits, 2 s doubling up to lockMinutes. */
  accountThreshold: number;
  /** Failures from one address, whatever the usernames, before it waits, 1 min doubling up to lockMinutes. */
  addressThreshold: number;
}

type Kind = ThrottleKind;
/** Failures older than this, with none since, are forgotten. */
const WINDOW_MS: Record<Kind, number> = { pair: 86_400_000, account: 86_400_000, address: 3_600_000 };
const DAY_S = 86_400;

/** Usernames are lower case; what was typed is counted the same way whether such a user exists or not. */
const norm = (username: string) => username.trim().toLowerCase().slice(0, 64);

function keys(username: string, address: string | null): Record<Kind, ThrottleKey> {
  const u = norm(username);
  const a = address ?? 'unknown';
  return {
    pair: { key: `pair:${u}@${a}`, kind: 'pair', username: u, address: a },
    account: { key: `account:${u}`, kind: 'account', username: u, address: null },
    address: { key: `address:${a}`, kind: 'address', username: null, address: a },
  };
}

/** Seconds a key stays blocked after its n-th failure (0: not blocked): the progressive delay. */
export function delaySeconds(kind: Kind, failures: number, p: ThrottlePolicy): number {
  const cap = p.lockMinutes * 60;
  if (kind === 'pair') {
    const over = failures - p.pairThreshold;
    return over < 0 ? 0 : Math.min(DAY_S, cap * 2 ** Math.min(over, 16));
  }
  const threshold = kind === 'account' ? p.accountThreshold : p.addressThreshold;
  const base = kind === 'account' ? 2 : 60;
  const over = failures - threshold;
  return over < 0 ? 0 : Math.min(cap, base * 2 ** Math.min(over, 16));
}

/**
 * Sign-in throttling that cannot be turned against an account's owner: a username is locked hard only for the address
 * that failed with it, so an attacker at one address cannot lock a named account out; the owner, from her own
 * address, still signs in. Many failures for a username from many addresses slow every attempt at it (a delay that
 * doubles, capped at the lock minutes), and many failures from one address slow that address.
 */
export function createSignInThrottle(db: Database, policy: ThrottlePolicy) {
  return {
    /** The kind that blocks this attempt now, if any (the address first: it says least about the username). */
    async blocked(username: string, address: string | null): Promise<Kind | null> {
      const k = keys(username, address);
      const kinds = await blockingKinds(db, [k.pair.key, k.account.key, k.address.key]);
      return (['address', 'pair', 'account'] as const).find((x) => kinds.has(x)) ?? null;
    },

    /** Counts a failure against the three keys; returns whether this attempt's pair or account is now blocked. */
    async fail(username: string, address: string | null): Promise<{ locked: boolean }> {
      let locked = false;
      for (const row of Object.values(keys(username, address))) {
        const failures = await countFailure(db, row, WINDOW_MS[row.kind] / 1000);
        const seconds = delaySeconds(row.kind, failures, policy);
        if (seconds > 0) {
          await block(db, row, seconds);
          if (row.kind !== 'address') locked = true;
        }
      }
      return { locked };
    },

    /** A successful sign-in forgets the username's failures (not the address's: a good sign-in must not reset it). */
    async succeed(q: Queryable, username: string, address: string | null) {
      const k = keys(username, address);
      await deleteKeys(q, [k.pair.key, k.account.key]);
    },

    /** An unlock by a manager or the security officer: every failure counted for the username. */
    async clear(q: Queryable, username: string) {
      await deleteForUsername(q, norm(username));
    },
  };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
