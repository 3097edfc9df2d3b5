import { and, between, desc, eq, gte, sql } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import type { AgencyRow, ReferralRow } from './cases.repository.js';
import { agencyUsers, caseReferrals, cases, mediators, partnerAgencies } from './cases.tables.js';

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

/** The priorities (case_referrals.inbox_priority) a status can have: a status filter narrows the index range too. */
const PRIORITIES: Record<string, [number, number]> = { sent: [3, 4], accepted: [1, 2] };

export type InboxRow = ReferralRow & { caseNo: string; caseType: string; sentKey: string };
export interface InboxQuery {
  status: string | undefined;
  /** The last row of the previous page: its priority, sent_at (microseconds, ISO) and id. */
  after: { p: number; at: string; id: number } | null;
  limit: number;
}

/**
 * One page of the agency's referrals in inbox order (priority, then newest first, then id), with the case's number
 * and type; `limit + 1` rows so the caller knows whether another page follows. Referrals of cases the user may not
 * read (row-level security on cases) are left out here, never after paging.
 */
export async function agencyInbox(s: Scoped, agencyId: number, q: InboxQuery): Promise<InboxRow[]> {
  const conds = [eq(caseReferrals.agencyId, agencyId)];
  if (q.status) {
    conds.push(eq(caseReferrals.status, q.status));
    const [lo, hi] = PRIORITIES[q.status] ?? [0, 0];
    conds.push(between(caseReferrals.inboxPriority, lo, hi));
  }
  if (q.after)
    conds.push(
      sql`(${caseReferrals.inboxPriority}, ${caseReferrals.sentAt}, ${caseReferrals.id}) < (${q.after.p}::smallint, ${q.after.at}::timestamptz, ${q.after.id}::bigint)`,
    );
  const rows = await s.tx
    .select({
      r: caseReferrals,
      caseNo: cases.caseNo,
      caseType: cases.caseType,
      sentKey: sql<string>`to_char(${caseReferrals.sentAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    })
    .from(caseReferrals)
    .innerJoin(cases, eq(cases.id, caseReferrals.caseId))
    .where(and(...conds))
    .orderBy(desc(caseReferrals.inboxPriority), desc(caseReferrals.sentAt), desc(caseReferrals.id))
    .limit(q.limit + 1);
  return rows.map(({ r, ...rest }) => ({ ...r, ...rest }));
}

/**
 * How many of the agency's referrals (those the user may read) wait to be accepted and to be answered: the inbox's
 * figures. Only the open ones are read (priority ≥ 1 in the inbox index), not the agency's whole history.
 */
export async function agencyInboxCounts(s: Scoped, agencyId: number): Promise<{ sent: number; accepted: number }> {
  const [row] = await s.tx
    .select({
      sent: sql<number>`count(*) filter (where ${caseReferrals.status} = 'sent')::int`,
      accepted: sql<number>`count(*) filter (where ${caseReferrals.status} = 'accepted')::int`,
    })
    .from(caseReferrals)
    .where(and(eq(caseReferrals.agencyId, agencyId), gte(caseReferrals.inboxPriority, 1)));
  return { sent: Number(row?.sent ?? 0), accepted: Number(row?.accepted ?? 0) };
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
