import { and, desc, eq, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import type { AgencyRow, ReferralRow } from './cases.repository.js';
import { agencyUsers, caseReferrals, mediators, partnerAgencies } from './cases.tables.js';

/* The SQL of the partner agency's side (联动单位) and of the agency and mediator rosters. */

export type ReferralPatch = Partial<typeof caseReferrals.$inferInsert>;

/** The agency a user acts for, or null. */
export async function agencyOfUser(s: Scoped, userId: number): Promise<AgencyRow | null> {
  const [link] = await s.tx
    .select({ agency: partnerAgencies })
    .from(agencyUsers)
    .innerJoin(partnerAgencies, eq(partnerAgencies.id, agencyUsers.agencyId))
    .where(eq(agencyUsers.userId, userId));
  return link?.agency ?? null;
}

/** A referral sent to the agency, or null. */
export async function findAgencyReferral(s: Scoped, agencyId: number, referralId: number): Promise<ReferralRow | null> {
  const [r] = await s.tx
    .select()
    .from(caseReferrals)
    .where(and(eq(caseReferrals.id, referralId), eq(caseReferrals.agencyId, agencyId)));
  return r ?? null;
}

/** The agency's referrals, newest first (200 at most), optionally in one status. */
export async function agencyInbox(s: Scoped, agencyId: number, status: string | undefined): Promise<ReferralRow[]> {
  return s.tx
    .select()
    .from(caseReferrals)
    .where(and(eq(caseReferrals.agencyId, agencyId), status ? eq(caseReferrals.status, status) : sql`true`))
    .orderBy(desc(caseReferrals.sentAt))
    .limit(200);
}

export async function findReferral(s: Scoped, referralId: number): Promise<ReferralRow | null> {
  const [r] = await s.tx.select().from(caseReferrals).where(eq(caseReferrals.id, referralId));
  return r ?? null;
}
export async function updateReferral(s: Scoped, referralId: number, patch: ReferralPatch): Promise<void> {
  await s.tx.update(caseReferrals).set(patch).where(eq(caseReferrals.id, referralId));
}

/** The case's assigned workers (ids only): the agency notifies them of its answers. */
export async function caseWorkerIds(s: Scoped, caseId: number): Promise<number[]> {
  const rows = (await s.tx.execute(sql`select jinguo_case_workers(${caseId}) as ids`)) as unknown as {
    rows: { ids: number[] | null }[];
  };
  return (rows.rows[0]?.ids ?? []).map(Number);
}

/* Rosters */
/** Agencies attached to the org at `path` or above it (all when `path` is null). */
export async function listAgencies(s: Scoped, path: string | null | undefined): Promise<AgencyRow[]> {
  return s.tx
    .select()
    .from(partnerAgencies)
    .where(path ? sql`${partnerAgencies.orgPath} @> ${path}::ltree` : sql`true`)
    .orderBy(partnerAgencies.kind, partnerAgencies.id);
}
export async function insertAgency(s: Scoped, row: typeof partnerAgencies.$inferInsert): Promise<AgencyRow> {
  return (await s.tx.insert(partnerAgencies).values(row).returning())[0]!;
}
export async function listMediators(s: Scoped) {
  return s.tx.select().from(mediators).orderBy(mediators.id);
}
export async function insertMediator(s: Scoped, row: typeof mediators.$inferInsert) {
  return (await s.tx.insert(mediators).values(row).returning())[0]!;
}
