import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { residentLoginCodes, residents, residentSessions } from './portal.tables.js';

// Every statement on the portal's own tables: residents, their one-time sign-in codes and their sessions. The
// callers (the sign-in and residents services) open the transactions.

export type ResidentRow = typeof residents.$inferSelect;
export type ResidentPatch = Partial<typeof residents.$inferInsert>;
export type LoginCodeRow = typeof residentLoginCodes.$inferSelect;
export type ResidentSessionRow = typeof residentSessions.$inferSelect;

/* residents */

export async function findResident(q: Queryable, id: number, lock = false): Promise<ResidentRow | null> {
  const query = q.select().from(residents).where(eq(residents.id, id));
  const [r] = lock ? await query.for('update') : await query;
  return r ?? null;
}

export async function findResidentByPhoneHash(q: Queryable, phoneHash: string): Promise<ResidentRow | null> {
  const [r] = await q.select().from(residents).where(eq(residents.phoneHash, phoneHash));
  return r ?? null;
}

/** Her phone, encrypted, for the SMS outbox. */
export async function residentPhoneEnc(q: Queryable, id: number): Promise<string | null> {
  const [r] = await q.select({ enc: residents.phoneEnc }).from(residents).where(eq(residents.id, id));
  return r ? r.enc : null;
}

export async function insertResident(q: Queryable, row: typeof residents.$inferInsert): Promise<ResidentRow> {
  return (await q.insert(residents).values(row).returning())[0]!;
}

export async function updateResident(q: Queryable, id: number, patch: ResidentPatch): Promise<ResidentRow | undefined> {
  // an empty patch (PATCH /portal/me with {}) changes nothing: an empty SET is no statement
  if (Object.keys(patch).length === 0) return (await q.select().from(residents).where(eq(residents.id, id)))[0];
  const [r] = await q.update(residents).set(patch).where(eq(residents.id, id)).returning();
  return r;
}

/** Sets where she lives, only if she has not said so yet. */
export async function setVillageIfNone(
  q: Queryable,
  residentId: number,
  place: { orgId: number; orgPath: string; districtId: number | null },
): Promise<void> {
  await q
    .update(residents)
    .set(place)
    .where(and(eq(residents.id, residentId), isNull(residents.orgId)));
}

/* one-time sign-in codes */

/** One code request at a time per phone (held to the end of the transaction). */
export async function lockPhone(q: Queryable, phoneHash: string): Promise<void> {
  await q.execute(sql`select pg_advisory_xact_lock(727104, hashtext(${phoneHash}))`);
}

/** When the last code went to this phone, and how many went in the last day. */
export async function recentCodes(
  q: Queryable,
  phoneHash: string,
): Promise<{ last: Date | null; today: number } | undefined> {
  const [recent] = await queryRows<{ last: Date | null; today: number }>(
    q,
    sql`select max(created_at) as last, count(*) filter (where created_at > now() - interval '1 day')::int as today
          from resident_login_codes where phone_hash = ${phoneHash}`,
  );
  return recent;
}

/** Earlier codes of this phone stop working. */
export async function retireCodes(q: Queryable, phoneHash: string): Promise<void> {
  await q
    .update(residentLoginCodes)
    .set({ consumedAt: new Date() })
    .where(and(eq(residentLoginCodes.phoneHash, phoneHash), isNull(residentLoginCodes.consumedAt)));
}

export async function insertCode(q: Queryable, row: typeof residentLoginCodes.$inferInsert): Promise<void> {
  await q.insert(residentLoginCodes).values(row);
}

/** The newest unused, unexpired code of this phone, locked. */
export async function liveCodeForUpdate(q: Queryable, phoneHash: string): Promise<LoginCodeRow | null> {
  const [row] = await q
    .select()
    .from(residentLoginCodes)
    .where(
      and(
        eq(residentLoginCodes.phoneHash, phoneHash),
        isNull(residentLoginCodes.consumedAt),
        gt(residentLoginCodes.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(residentLoginCodes.id))
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function updateCode(
  q: Queryable,
  id: number,
  patch: Partial<typeof residentLoginCodes.$inferInsert>,
): Promise<void> {
  await q.update(residentLoginCodes).set(patch).where(eq(residentLoginCodes.id, id));
}

/* sessions */

export async function insertSession(q: Queryable, row: typeof residentSessions.$inferInsert): Promise<void> {
  await q.insert(residentSessions).values(row);
}

/** A session by its token's hash, with its resident's status. */
export async function sessionByTokenHash(
  q: Queryable,
  tokenHash: string,
): Promise<{ s: ResidentSessionRow; status: string } | null> {
  const [row] = await q
    .select({ s: residentSessions, status: residents.status })
    .from(residentSessions)
    .innerJoin(residents, eq(residents.id, residentSessions.residentId))
    .where(eq(residentSessions.tokenHash, tokenHash));
  return row ?? null;
}

export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.delete(residentSessions).where(eq(residentSessions.tokenHash, tokenHash));
}

export async function touchSession(q: Queryable, tokenHash: string, at: Date): Promise<void> {
  await q.update(residentSessions).set({ lastSeenAt: at }).where(eq(residentSessions.tokenHash, tokenHash));
}
