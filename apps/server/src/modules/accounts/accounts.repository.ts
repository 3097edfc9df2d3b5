import { and, asc, desc, eq, gt, lt, ne, or, sql } from 'drizzle-orm';
import { users, passwordHistory } from '../../platform/auth/auth.tables.js';
import type { Database, Queryable } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { roleGrants } from './accounts.tables.js';

export type UserRow = typeof users.$inferSelect;
export type RoleGrantRow = typeof roleGrants.$inferSelect;

const withOrg = {
  user: users,
  orgCode: orgDirectory.code,
  orgName: orgDirectory.name,
  orgType: orgDirectory.type,
  pendingRoles: roleGrants.roles,
};
/** The user's pending grant, if any (at most one: a partial unique index). */
const pendingGrant = and(eq(roleGrants.userId, users.id), eq(roleGrants.status, 'pending'));

/** Sign-in lookups run before there is an actor, so they are unscoped by design. */
export async function findByUsername(db: Database, username: string): Promise<UserRow | null> {
  return (await db.select().from(users).where(eq(users.username, username)))[0] ?? null;
}
export async function findById(q: Queryable, id: number) {
  return (
    (
      await q
        .select(withOrg)
        .from(users)
        .innerJoin(orgDirectory, eq(orgDirectory.id, users.orgId))
        .leftJoin(roleGrants, pendingGrant)
        .where(eq(users.id, id))
    )[0] ?? null
  );
}

export async function findInScope(s: Scoped, id: number) {
  return (
    (
      await s.tx
        .select(withOrg)
        .from(users)
        .innerJoin(orgDirectory, eq(orgDirectory.id, users.orgId))
        .leftJoin(roleGrants, pendingGrant)
        .where(and(eq(users.id, id), inSubtree(s, users.orgPath)))
    )[0] ?? null
  );
}

export async function listInScope(s: Scoped, q: string | undefined, afterUsername: string | null, limit: number) {
  const like = q ? `%${q.replace(/[%_\\]/g, '\\$&')}%` : null;
  return s.tx
    .select(withOrg)
    .from(users)
    .innerJoin(orgDirectory, eq(orgDirectory.id, users.orgId))
    .leftJoin(roleGrants, pendingGrant)
    .where(
      and(
        inSubtree(s, users.orgPath),
        like ? or(sql`${users.username} like ${like}`, sql`${users.displayName} like ${like}`) : undefined,
        afterUsername ? gt(users.username, afterUsername) : undefined,
      ),
    )
    .orderBy(asc(users.username))
    .limit(limit + 1);
}

export async function usernameTaken(q: Queryable, username: string): Promise<boolean> {
  const rows = await q.execute(sql`select 1 from users where username = ${username}`);
  return (rows as unknown as { rows: unknown[] }).rows.length > 0;
}

export async function insertUser(q: Queryable, row: typeof users.$inferInsert): Promise<UserRow> {
  return (await q.insert(users).values(row).returning())[0]!;
}

export async function updateUser(
  q: Queryable,
  id: number,
  patch: Partial<typeof users.$inferInsert>,
): Promise<UserRow> {
  // an empty patch (PATCH /users/:id with {}) changes nothing: an empty SET is no statement
  if (Object.keys(patch).length === 0) return (await q.select().from(users).where(eq(users.id, id)))[0]!;
  return (await q.update(users).set(patch).where(eq(users.id, id)).returning())[0]!;
}

export async function recentPasswordHashes(q: Queryable, userId: number, depth: number): Promise<string[]> {
  const rows = await q
    .select({ h: passwordHistory.passwordHash })
    .from(passwordHistory)
    .where(eq(passwordHistory.userId, userId))
    .orderBy(desc(passwordHistory.createdAt))
    .limit(depth);
  return rows.map((r) => r.h);
}

export async function rememberPassword(q: Queryable, userId: number, passwordHash: string): Promise<void> {
  await q.insert(passwordHistory).values({ userId, passwordHash });
}

/** A successful sign-in: the failure count and any lock are cleared. */
export async function recordLogin(q: Queryable, userId: number): Promise<void> {
  await q
    .update(users)
    .set({ failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() })
    .where(eq(users.id, userId));
}

/** Lifts a lockout (a security officer's or user manager's unlock). */
export async function clearLockout(q: Queryable, userId: number): Promise<void> {
  await q
    .update(users)
    .set({ failedAttempts: 0, lockedUntil: null })
    .where(and(eq(users.id, userId)));
}

/** An active organization inside the actor's subtree, to be a new user's home. */
export async function findActiveHomeOrg(s: Scoped, orgId: number): Promise<{ id: number; path: string } | null> {
  const org = await s.tx.execute(
    sql`select id, path::text as path from org_directory where id = ${orgId} and path <@ ${s.scopePath}::ltree and status = 'active'`,
  );
  return (org as unknown as { rows: { id: number; path: string }[] }).rows[0] ?? null;
}

/** Counts a failed attempt and locks the account when the threshold is reached, atomically. */
export async function registerFailure(
  db: Database,
  userId: number,
  threshold: number,
  lockMinutes: number,
): Promise<{ locked: boolean }> {
  const rows = await db.execute(sql`
    update users set
      failed_attempts = case when failed_attempts + 1 >= ${threshold} then 0 else failed_attempts + 1 end,
      locked_until = case when failed_attempts + 1 >= ${threshold} then now() + make_interval(mins => ${lockMinutes}) else locked_until end
    where id = ${userId} returning locked_until > now() as locked`);
  return { locked: Boolean((rows as unknown as { rows: { locked: boolean }[] }).rows[0]?.locked) };
}

/* Role grants 授权审批 */

export async function insertGrant(q: Queryable, row: typeof roleGrants.$inferInsert): Promise<RoleGrantRow> {
  return (await q.insert(roleGrants).values(row).returning())[0]!;
}

export async function pendingGrantOf(q: Queryable, userId: number): Promise<RoleGrantRow | null> {
  return (
    (
      await q
        .select()
        .from(roleGrants)
        .where(and(eq(roleGrants.userId, userId), eq(roleGrants.status, 'pending')))
    )[0] ?? null
  );
}

/** Decides a grant that is still pending; null when it was decided meanwhile (the row is locked by the update). */
export async function decideGrant(
  q: Queryable,
  id: number,
  decision: {
    status: 'approved' | 'refused' | 'withdrawn';
    decidedBy: number;
    decidedByName: string;
    reason?: string | null;
  },
): Promise<RoleGrantRow | null> {
  return (
    (
      await q
        .update(roleGrants)
        .set({ ...decision, decidedAt: new Date() })
        .where(and(eq(roleGrants.id, id), eq(roleGrants.status, 'pending')))
        .returning()
    )[0] ?? null
  );
}

const grantWithUser = {
  grant: roleGrants,
  user: users,
  orgCode: orgDirectory.code,
  orgName: orgDirectory.name,
  orgType: orgDirectory.type,
};

/** A grant whose user is in the actor's subtree. */
export async function grantInScope(s: Scoped, id: number) {
  return (
    (
      await s.tx
        .select(grantWithUser)
        .from(roleGrants)
        .innerJoin(users, eq(users.id, roleGrants.userId))
        .innerJoin(orgDirectory, eq(orgDirectory.id, users.orgId))
        .where(and(eq(roleGrants.id, id), inSubtree(s, users.orgPath)))
    )[0] ?? null
  );
}
export type GrantWithUser = NonNullable<Awaited<ReturnType<typeof grantInScope>>>;

/** Grants of users in the actor's subtree with the status, newest first (pending: oldest first, a queue). */
export async function listGrants(
  s: Scoped,
  status: RoleGrantRow['status'],
  afterId: number | null,
  limit: number,
): Promise<GrantWithUser[]> {
  const queue = status === 'pending';
  return s.tx
    .select(grantWithUser)
    .from(roleGrants)
    .innerJoin(users, eq(users.id, roleGrants.userId))
    .innerJoin(orgDirectory, eq(orgDirectory.id, users.orgId))
    .where(
      and(
        eq(roleGrants.status, status),
        inSubtree(s, users.orgPath),
        afterId !== null ? (queue ? gt(roleGrants.id, afterId) : lt(roleGrants.id, afterId)) : undefined,
      ),
    )
    .orderBy(queue ? asc(roleGrants.id) : desc(roleGrants.id))
    .limit(limit + 1);
}

/** Usernames of other accounts in scope registered with the same phone (by its keyed hash). */
export async function usernamesWithPhone(s: Scoped, phoneHash: string, exceptUserId: number): Promise<string[]> {
  const rows = await s.tx
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.phoneHash, phoneHash), ne(users.id, exceptUserId), inSubtree(s, users.orgPath)))
    .orderBy(asc(users.username))
    .limit(10);
  return rows.map((r) => r.username);
}
