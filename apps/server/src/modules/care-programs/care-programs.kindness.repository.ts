import { and, asc, desc, eq, inArray, isNull, lt, lte, gte, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { carePairingContacts, carePairings, careWishClaims, careWishes } from './care-programs.kindness.tables.js';

export type PairingRow = typeof carePairings.$inferSelect;
export type ContactRow = typeof carePairingContacts.$inferSelect;
export type WishRow = typeof careWishes.$inferSelect;
export type PastClaimRow = typeof careWishClaims.$inferSelect;

/* 爱心妈妈 */

export async function insertPairing(s: Scoped, row: typeof carePairings.$inferInsert): Promise<PairingRow> {
  return (await s.tx.insert(carePairings).values(row).returning())[0]!;
}
export async function findPairing(s: Scoped, id: number, lock = false): Promise<PairingRow | null> {
  const q = s.tx
    .select()
    .from(carePairings)
    .where(and(eq(carePairings.id, id), inSubtree(s, carePairings.orgPath)));
  return (await (lock ? q.for('update') : q))[0] ?? null;
}
/** Pairings of the subtree; `dueBefore`: active ones whose last contact (or start) is older than their frequency. */
export async function listPairings(s: Scoped, f: { state?: string; overdueOn?: string }): Promise<PairingRow[]> {
  return s.tx
    .select()
    .from(carePairings)
    .where(
      and(
        inSubtree(s, carePairings.orgPath),
        f.state ? eq(carePairings.state, f.state) : undefined,
        f.overdueOn
          ? sql`${carePairings.state} = 'active' and coalesce(${carePairings.lastContactOn}, ${carePairings.startsOn}) + ${carePairings.contactEveryDays} < ${f.overdueOn}::date`
          : undefined,
      ),
    )
    .orderBy(asc(carePairings.id))
    .limit(2000);
}
export async function activePairingOfChild(s: Scoped, childId: number): Promise<PairingRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(carePairings)
        .where(and(eq(carePairings.childPersonId, childId), eq(carePairings.state, 'active')))
    )[0] ?? null
  );
}
export async function pairingsOfChild(s: Scoped, childId: number): Promise<PairingRow[]> {
  return s.tx
    .select()
    .from(carePairings)
    .where(and(eq(carePairings.childPersonId, childId), inSubtree(s, carePairings.orgPath)));
}
export async function updatePairing(s: Scoped, id: number, set: Partial<typeof carePairings.$inferInsert>) {
  return (await s.tx.update(carePairings).set(set).where(eq(carePairings.id, id)).returning())[0]!;
}
export async function insertContact(s: Scoped, row: typeof carePairingContacts.$inferInsert): Promise<ContactRow> {
  return (await s.tx.insert(carePairingContacts).values(row).returning())[0]!;
}
export async function contactsOf(s: Scoped, pairingIds: readonly number[]): Promise<ContactRow[]> {
  if (!pairingIds.length) return [];
  return s.tx
    .select()
    .from(carePairingContacts)
    .where(inArray(carePairingContacts.pairingId, [...pairingIds]))
    .orderBy(desc(carePairingContacts.contactedOn), desc(carePairingContacts.id));
}

/* 微心愿 */

export async function insertWish(s: Scoped, row: typeof careWishes.$inferInsert): Promise<WishRow> {
  return (await s.tx.insert(careWishes).values(row).returning())[0]!;
}
export async function findWish(s: Scoped, id: number, lock = false): Promise<WishRow | null> {
  const q = s.tx
    .select()
    .from(careWishes)
    .where(and(eq(careWishes.id, id), inSubtree(s, careWishes.orgPath)));
  return (await (lock ? q.for('update') : q))[0] ?? null;
}
export async function listWishes(s: Scoped, state?: string): Promise<WishRow[]> {
  return s.tx
    .select()
    .from(careWishes)
    .where(and(inSubtree(s, careWishes.orgPath), state ? eq(careWishes.state, state) : undefined))
    .orderBy(desc(careWishes.id))
    .limit(2000);
}
export async function wishesOfPerson(s: Scoped, personId: number): Promise<WishRow[]> {
  return s.tx
    .select()
    .from(careWishes)
    .where(and(eq(careWishes.personId, personId), inSubtree(s, careWishes.orgPath)));
}
export async function updateWish(s: Scoped, id: number, set: Partial<typeof careWishes.$inferInsert>) {
  return (await s.tx.update(careWishes).set(set).where(eq(careWishes.id, id)).returning())[0]!;
}

/** The public projection (portal role): published, claimed and fulfilled wishes, masked name and district only. */
export async function publicWishes(s: Scoped) {
  return s.tx
    .select({
      id: careWishes.id,
      title: careWishes.title,
      description: careWishes.description,
      amountFen: careWishes.amountFen,
      state: careWishes.state,
      publicName: careWishes.publicName,
      districtName: careWishes.districtName,
      publishedAt: careWishes.publishedAt,
      claimDays: careWishes.claimDays,
      reviewNote: careWishes.reviewNote,
      fulfilmentNote: careWishes.fulfilmentNote,
      residentId: careWishes.residentId,
    })
    .from(careWishes)
    .where(sql`${careWishes.state} in ('published', 'claimed', 'fulfilled')`)
    .orderBy(desc(careWishes.publishedAt))
    .limit(200);
}
/** The resident's own wishes (portal role; row-level security admits hers). */
export async function wishesOfResident(s: Scoped, residentId: number): Promise<WishRow[]> {
  return s.tx.select().from(careWishes).where(eq(careWishes.residentId, residentId)).orderBy(desc(careWishes.id));
}

/** The wishes a resident claimed as a donor and still holds (portal role: claimed and fulfilled wishes are public). */
export async function wishesClaimedByResident(s: Scoped, residentId: number): Promise<WishRow[]> {
  return s.tx
    .select()
    .from(careWishes)
    .where(eq(careWishes.donorResidentId, residentId))
    .orderBy(desc(careWishes.claimedAt), desc(careWishes.id))
    .limit(200);
}
/** How many wishes a resident holds claimed and not yet fulfilled. */
export async function openClaimsOfResident(s: Scoped, residentId: number): Promise<number> {
  const [row] = await s.tx
    .select({ n: sql<number>`count(*)::int` })
    .from(careWishes)
    .where(and(eq(careWishes.donorResidentId, residentId), eq(careWishes.state, 'claimed')));
  return Number(row?.n ?? 0);
}

/* 微心愿 claims: their history and the deadline job */

export async function insertPastClaim(s: Scoped, row: typeof careWishClaims.$inferInsert): Promise<PastClaimRow> {
  return (await s.tx.insert(careWishClaims).values(row).returning())[0]!;
}
/** The past claims of a page of wishes (read under the reader's row-level security), oldest first. */
export async function pastClaimsOf(s: Scoped, wishIds: readonly number[]): Promise<PastClaimRow[]> {
  if (!wishIds.length) return [];
  return s.tx
    .select()
    .from(careWishClaims)
    .where(and(inArray(careWishClaims.wishId, [...wishIds]), inSubtree(s, careWishClaims.orgPath)))
    .orderBy(asc(careWishClaims.id));
}
/**
 * Claims past their last day (`today` is after it), locked for the job; rows another run holds are skipped, so two
 * runs at once never lapse one claim twice (PostgreSQL; PGlite has one connection).
 */
export async function lapsedClaims(s: Scoped, today: string, limit: number): Promise<WishRow[]> {
  return s.tx
    .select()
    .from(careWishes)
    .where(and(eq(careWishes.state, 'claimed'), lt(careWishes.claimDeadline, today)))
    .orderBy(asc(careWishes.claimDeadline), asc(careWishes.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
/** Claims whose reminder day has come, not yet reminded, still before their deadline passes; locked like the above. */
export async function claimsToRemind(s: Scoped, today: string, limit: number): Promise<WishRow[]> {
  return s.tx
    .select()
    .from(careWishes)
    .where(
      and(
        eq(careWishes.state, 'claimed'),
        isNull(careWishes.claimRemindedAt),
        lte(careWishes.claimRemindOn, today),
        gte(careWishes.claimDeadline, today),
      ),
    )
    .orderBy(asc(careWishes.claimRemindOn), asc(careWishes.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/**
 * Live figures: a pairing counts +1 on its start and -1 on its end (a stock); a wish counts when fulfilled; a claim
 * that lapsed past its deadline counts on the day the job published the wish again.
 */
export const kindnessCountersRebuild = sql`select org_path, starts_on as day, 'care.pairings_active' as metric, count(*)::bigint as value from ${carePairings} group by 1, 2
    union all
    select org_path, ended_on, 'care.pairings_active', -count(*)::bigint from care_pairings where ended_on is not null group by 1, 2
    union all
    select org_path, fulfilled_on, 'care.wishes_fulfilled', count(*)::bigint from care_wishes where fulfilled_on is not null group by 1, 2
    union all
    select org_path, ended_on, 'care.wish_claims_lapsed', count(*)::bigint from ${careWishClaims} where outcome = 'expired' group by 1, 2`;
