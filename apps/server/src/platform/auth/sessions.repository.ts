import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.js';
import { sessions, users } from './auth.tables.js';

export async function insertSession(
  q: Queryable,
  row: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    ip: string | null;
    userAgent: string | null;
    expiresAt: Date;
    secondFactorPending?: boolean;
  },
): Promise<void> {
  await q.insert(sessions).values(row);
}

/** The session with its user and the user's organization, as the request's actor is built from. */
export async function findSessionUser(q: Queryable, tokenHash: string) {
  const rows = await q
    .select({
      tokenHash: sessions.tokenHash,
      csrfToken: sessions.csrfToken,
      userId: users.id,
      username: users.username,
      displayName: users.displayName,
      roles: users.roles,
      orgId: users.orgId,
      orgPath: users.orgPath,
      // The home org's type, which a session needs (a mobile federation reaches the women it serves, not a
      // subtree), from org_directory, the read model the organizations module publishes (migration 0024).
      orgType: sql<string>`(select d.type from org_directory d where d.id = ${users.orgId})`,
      status: users.status,
      mustChangePassword: users.mustChangePassword,
      passwordChangedAt: users.passwordChangedAt,
      secondFactorPending: sessions.secondFactorPending,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash));
  return rows[0];
}

export async function touchSession(q: Queryable, tokenHash: string, at: Date): Promise<void> {
  await q.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

/** Deletes every session of a user, but the one named (the session changing its own password stays). */
export async function deleteSessionsOfUser(q: Queryable, userId: number, exceptTokenHash?: string): Promise<void> {
  await q.execute(
    exceptTokenHash
      ? sql`delete from sessions where user_id = ${userId} and token_hash <> ${exceptTokenHash}`
      : sql`delete from sessions where user_id = ${userId}`,
  );
}

/** A user's live sessions, newest first (the list where she can end one). */
export async function sessionsOfUser(q: Queryable, userId: number) {
  return q
    .select({
      tokenHash: sessions.tokenHash,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** The second factor given: the session opens like any other. */
export async function clearSecondFactorPending(q: Queryable, tokenHash: string): Promise<void> {
  await q.update(sessions).set({ secondFactorPending: false }).where(eq(sessions.tokenHash, tokenHash));
}

export async function secondFactorPendingOf(q: Queryable, tokenHash: string): Promise<boolean> {
  const rows = await q
    .select({ p: sessions.secondFactorPending })
    .from(sessions)
    .where(eq(sessions.tokenHash, tokenHash));
  return rows[0]?.p ?? false;
}
