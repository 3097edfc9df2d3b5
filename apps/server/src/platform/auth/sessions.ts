import { createHash, randomBytes } from 'node:crypto';
import type { Database, Queryable } from '../db/client.js';
import {
  deleteSession,
  deleteSessionsOfUser,
  findSessionUser,
  insertSession,
  sessionsOfUser,
  touchSession,
} from './sessions.repository.js';

export interface SessionUser {
  tokenHash: string;
  csrfToken: string;
  userId: number;
  username: string;
  displayName: string;
  roles: string[];
  orgId: number;
  orgPath: string;
  orgType: string;
  status: string;
  mustChangePassword: boolean;
  passwordChangedAt: Date;
  secondFactorPending: boolean;
  lastSeenAt: Date;
  expiresAt: Date;
}

export interface SessionPolicy {
  idleMinutes: number;
  maxHours: number;
  /** How long a validated session is trusted without re-reading it (0 in tests that move the clock). */
  cacheMs?: number;
  /** The clock, in milliseconds (tests step it; a loaded machine must not decide what a test sees). */
  now?: () => number;
}

const TOUCH_AFTER_MS = 30_000;
const DEFAULT_CACHE_MS = 5_000;
/** Entries past their few seconds are dropped this many cache periods apart (a session used once stays no longer). */
const SWEEP_EVERY_PERIODS = 12;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** What a page may name a session by: not its token's hash (the key it is found by), a hash of that. */
export const sessionPublicId = (tokenHash: string) => sha256(`session-id:${tokenHash}`).slice(0, 24);

/**
 * Server-side sessions with an idle timeout. A validated session is cached for a few seconds so a busy page does not
 * hit the session table on every call; logout and password changes evict it at once in this process.
 */
export function createSessionStore(db: Database, policy: SessionPolicy) {
  const cache = new Map<string, { value: SessionUser; until: number }>();
  const cacheMs = policy.cacheMs ?? DEFAULT_CACHE_MS;
  const clock = policy.now ?? (() => Date.now()); // looked up on each call: tests may fake Date after this
  let nextSweep = 0;

  /** Caches a validated session; now and then drops the entries whose time is up (nobody asked for them since). */
  function remember(tokenHash: string, value: SessionUser, now: number) {
    if (cacheMs <= 0) return;
    if (now >= nextSweep) {
      for (const [k, v] of cache) if (v.until <= now) cache.delete(k);
      nextSweep = now + cacheMs * SWEEP_EVERY_PERIODS;
    }
    cache.set(tokenHash, { value, until: now + cacheMs });
  }

  /** Pass the open transaction when there is one: PGlite has a single connection. */
  async function create(
    userId: number,
    ip: string | null,
    userAgent: string | null,
    q: Queryable = db,
    secondFactorPending = false,
  ) {
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await insertSession(q, {
      tokenHash: sha256(token),
      userId,
      csrfToken,
      ip,
      userAgent,
      secondFactorPending,
      expiresAt: new Date(clock() + policy.maxHours * 3_600_000),
    });
    return { token, csrfToken };
  }

  /** Returns the session, 'expired' when it timed out, or null when there is none. */
  async function resolve(token: string): Promise<SessionUser | 'expired' | null> {
    const tokenHash = sha256(token);
    const now = clock();
    const hit = cache.get(tokenHash);
    let s: SessionUser | undefined = hit && hit.until > now ? hit.value : undefined;
    if (!s) {
      s = await findSessionUser(db, tokenHash);
      if (!s) return null;
    }
    if (s.expiresAt.getTime() <= now || now - s.lastSeenAt.getTime() > policy.idleMinutes * 60_000) {
      await destroy(token);
      return 'expired';
    }
    if (now - s.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
      await touchSession(db, tokenHash, new Date(now));
      s = { ...s, lastSeenAt: new Date(now) };
    }
    remember(tokenHash, s, now);
    return s;
  }

  async function destroy(token: string) {
    const tokenHash = sha256(token);
    cache.delete(tokenHash);
    await deleteSession(db, tokenHash);
  }

  /** Ends every session of a user (password reset, disabling, role change). */
  async function destroyAllFor(userId: number, exceptTokenHash?: string, q: Queryable = db) {
    for (const [k, v] of cache) if (v.value.userId === userId && k !== exceptTokenHash) cache.delete(k);
    await deleteSessionsOfUser(q, userId, exceptTokenHash);
  }

  function evict(tokenHash: string) {
    cache.delete(tokenHash);
  }

  /** A user's live sessions (neither past their end nor idle too long), newest first, with their public ids. */
  async function listFor(userId: number) {
    const now = clock();
    const rows = await sessionsOfUser(db, userId);
    return rows
      .filter((r) => now - r.lastSeenAt.getTime() <= policy.idleMinutes * 60_000)
      .map((r) => ({ ...r, id: sessionPublicId(r.tokenHash) }));
  }

  /** Ends one of the user's sessions by its public id; false when she has none such. */
  async function revoke(userId: number, publicId: string, q: Queryable = db): Promise<boolean> {
    const row = (await sessionsOfUser(q, userId)).find((r) => sessionPublicId(r.tokenHash) === publicId);
    if (!row) return false;
    cache.delete(row.tokenHash);
    await deleteSession(q, row.tokenHash);
    return true;
  }

  /** How many sessions the cache holds (tests: it does not grow with every session ever seen). */
  const cached = () => cache.size;

  return { create, resolve, destroy, destroyAllFor, evict, listFor, revoke, cached };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
