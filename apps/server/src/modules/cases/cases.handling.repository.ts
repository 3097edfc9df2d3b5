import { and, asc, eq, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import {
  agencyUsers,
  caseInstruments,
  caseMediations,
  caseReferrals,
  caseServices,
  mediators,
  partnerAgencies,
} from './cases.tables.js';
import type { ReferralRow } from './cases.repository.js';

/* The SQL of joint handling on a case: referrals (the case side), legal instruments, mediation, services. */

export type InstrumentRow = typeof caseInstruments.$inferSelect;
export type InstrumentPatch = Partial<typeof caseInstruments.$inferInsert>;
export type MediationRow = typeof caseMediations.$inferSelect;
export type MediationPatch = Partial<typeof caseMediations.$inferInsert>;

/* The case's referrals with their agencies (row-level security admits these only to the entitled) */
export async function referrals(s: Scoped, caseId: number) {
  return s.tx
    .select({ r: caseReferrals, agency: partnerAgencies })
    .from(caseReferrals)
    .innerJoin(partnerAgencies, eq(partnerAgencies.id, caseReferrals.agencyId))
    .where(eq(caseReferrals.caseId, caseId))
    .orderBy(asc(caseReferrals.sentAt), asc(caseReferrals.id));
}

/* Referrals */
export async function findActiveAgency(s: Scoped, agencyId: number) {
  const [agency] = await s.tx
    .select()
    .from(partnerAgencies)
    .where(and(eq(partnerAgencies.id, agencyId), eq(partnerAgencies.active, true)));
  return agency ?? null;
}
export async function agencyUserIds(s: Scoped, agencyId: number): Promise<number[]> {
  const users = await s.tx
    .select({ userId: agencyUsers.userId })
    .from(agencyUsers)
    .where(eq(agencyUsers.agencyId, agencyId));
  return users.map((u) => u.userId);
}
export async function insertReferral(s: Scoped, row: typeof caseReferrals.$inferInsert): Promise<ReferralRow> {
  return (await s.tx.insert(caseReferrals).values(row).returning())[0]!;
}
/** Withdraws a referral of the case still sent or accepted; null when there is none such. */
export async function withdrawReferral(s: Scoped, caseId: number, referralId: number): Promise<ReferralRow | null> {
  const rows = await s.tx
    .update(caseReferrals)
    .set({ status: 'withdrawn' })
    .where(
      and(
        eq(caseReferrals.id, referralId),
        eq(caseReferrals.caseId, caseId),
        sql`${caseReferrals.status} in ('sent', 'accepted')`,
      ),
    )
    .returning();
  return rows[0] ?? null;
}

/* Legal instruments */
export async function insertInstrument(s: Scoped, row: typeof caseInstruments.$inferInsert): Promise<InstrumentRow> {
  return (await s.tx.insert(caseInstruments).values(row).returning())[0]!;
}
export async function findInstrument(s: Scoped, caseId: number, instrumentId: number): Promise<InstrumentRow | null> {
  const [row] = await s.tx
    .select()
    .from(caseInstruments)
    .where(and(eq(caseInstruments.id, instrumentId), eq(caseInstruments.caseId, caseId)));
  return row ?? null;
}
export async function updateInstrument(s: Scoped, instrumentId: number, patch: InstrumentPatch): Promise<void> {
  await s.tx.update(caseInstruments).set(patch).where(eq(caseInstruments.id, instrumentId));
}

/* Mediation */
export async function findActiveMediator(s: Scoped, mediatorId: number) {
  const [m] = await s.tx
    .select()
    .from(mediators)
    .where(and(eq(mediators.id, mediatorId), eq(mediators.active, true)));
  return m ?? null;
}
export async function insertMediation(s: Scoped, row: typeof caseMediations.$inferInsert): Promise<MediationRow> {
  return (await s.tx.insert(caseMediations).values(row).returning())[0]!;
}
export async function findMediation(s: Scoped, caseId: number, mediationId: number): Promise<MediationRow | null> {
  const [m] = await s.tx
    .select()
    .from(caseMediations)
    .where(and(eq(caseMediations.id, mediationId), eq(caseMediations.caseId, caseId)));
  return m ?? null;
}
export async function updateMediation(s: Scoped, mediationId: number, patch: MediationPatch): Promise<void> {
  await s.tx.update(caseMediations).set(patch).where(eq(caseMediations.id, mediationId));
}

/* Services */
export async function insertService(s: Scoped, row: typeof caseServices.$inferInsert) {
  return (await s.tx.insert(caseServices).values(row).returning())[0]!;
}
