import { and, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Database, Queryable } from '../db/client.js';
import { signInThrottles, users } from './auth.tables.js';

export type ThrottleKind = 'pair' | 'account' | 'address';
export interface ThrottleKey {
  key: string;
  kind: ThrottleKind;
  username: string | null;
  address: string | null;
}

/** The kinds among the keys that block now. */
export async function blockingKinds(db: Database, keys: string[]): Promise<Set<ThrottleKind>> {
  const rows = await db
    .select({ kind: signInThrottles.kind })
    .from(signInThrottles)
    .where(and(inArray(signInThrottles.key, keys), gt(signInThrottles.blockedUntil, sql`now()`)));
  return new Set(rows.map((r) => r.kind));
}

/** One more failure on the key (its count restarts after `windowSeconds` without one); the count now. */
export async function countFailure(db: Database, row: ThrottleKey, windowSeconds: number): Promise<number> {
  const res = await db.execute(sql`
    insert into sign_in_throttles (key, kind, username, address, failures, last_failure_at)
    values (${row.key}, ${row.kind}, ${row.username}, ${row.address}, 1, now())
    on conflict (key) do update set
      failures = case when sign_in_throttles.last_failure_at < now() - make_interval(secs => ${windowSeconds})
        then 1 else sign_in_throttles.failures + 1 end,
      last_failure_at = now()
    returning failures`);
  return Number((res as unknown as { rows: { failures: number }[] }).rows[0]!.failures);
}

/** Blocks the key for `seconds`; a username's all-addresses delay also shows on the user (the users list). */
export async function block(db: Database, row: ThrottleKey, seconds: number): Promise<void> {
  const until = sql`now() + make_interval(secs => ${seconds})`;
  await db.update(signInThrottles).set({ blockedUntil: until }).where(eq(signInThrottles.key, row.key));
  if (row.kind === 'account' && row.username !== null)
    await db.update(users).set({ lockedUntil: until }).where(eq(users.username, row.username));
}

export async function deleteKeys(q: Queryable, keys: string[]): Promise<void> {
  await q.delete(signInThrottles).where(inArray(signInThrottles.key, keys));
}

/** Every count of a username (from one address or all), not the addresses'. */
export async function deleteForUsername(q: Queryable, username: string): Promise<void> {
  await q
    .delete(signInThrottles)
    .where(
      and(
        or(eq(signInThrottles.kind, 'pair'), eq(signInThrottles.kind, 'account')),
        eq(signInThrottles.username, username),
      ),
    );
}

/** Counts with no failure for a day and no block in force: their count would restart anyway. */
export async function purgeStaleThrottles(db: Database): Promise<void> {
  await db.execute(sql`
    delete from sign_in_throttles
    where last_failure_at < now() - interval '1 day' and (blocked_until is null or blocked_until < now())`);
}
