import { and, asc, desc, eq, gt, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { CaseListQuery } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { organizations, users } from '../../platform/db/schema.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import {
  caseAccessGrants, caseAssessments, caseAssignments, caseDetails, caseEvents, caseFollowUps, caseInstruments, caseMediations, caseNumberCounters,
  caseParties, caseReferrals, cases, caseServices, partnerAgencies,
} from './cases.tables.js';

export type CaseRow = typeof cases.$inferSelect;
export type DetailsRow = typeof caseDetails.$inferSelect;
export type PartyRow = typeof caseParties.$inferSelect;
export type ReferralRow = typeof caseReferrals.$inferSelect;
export type AgencyRow = typeof partnerAgencies.$inferSelect;

/* Header: existence, confined to the subtree by the app (and by RLS). */
export async function findCase(s: Scoped, id: number): Promise<CaseRow | null> {
  return (await s.tx.select().from(cases).where(and(eq(cases.id, id), inSubtree(s, cases.orgPath))))[0] ?? null;
}
/** For the agency side: the header of a case referred to the user's agency (RLS admits exactly those). */
export async function findCaseById(s: Scoped, id: number): Promise<CaseRow | null> {
  return (await s.tx.select().from(cases).where(eq(cases.id, id)))[0] ?? null;
}

export async function nextCaseNo(s: Scoped, districtId: number, districtCode: string, year: number): Promise<string> {
  const [row] = await s.tx.insert(caseNumberCounters).values({ districtId, year, last: 1 })
    .onConflictDoUpdate({ target: [caseNumberCounters.districtId, caseNumberCounters.year], set: { last: sql`${caseNumberCounters.last} + 1` } })
    .returning({ last: caseNumberCounters.last });
  return `WQ${districtCode}${year}${String(row!.last).padStart(6, '0')}`;
}

export async function insertCase(s: Scoped, row: typeof cases.$inferInsert): Promise<CaseRow> {
  return (await s.tx.insert(cases).values(row).returning())[0]!;
}

/** Optimistic update of the header (status, closure): applies only at the version read. */
export async function updateCase(s: Scoped, id: number, version: number, patch: Partial<typeof cases.$inferInsert>): Promise<CaseRow | null> {
  const rows = await s.tx.update(cases).set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cases.id, id), eq(cases.version, version), inSubtree(s, cases.orgPath))).returning();
  return rows[0] ?? null;
}
export async function touchCase(s: Scoped, id: number): Promise<void> {
  await s.tx.update(cases).set({ updatedAt: new Date(), version: sql`${cases.version} + 1` }).where(eq(cases.id, id));
}

/* Facts for the policy */
export async function actorAssignments(s: Scoped, caseId: number, userId: number) {
  return s.tx.select({ role: caseAssignments.role }).from(caseAssignments)
    .where(and(eq(caseAssignments.caseId, caseId), eq(caseAssignments.userId, userId), isNull(caseAssignments.endedAt)));
}
export async function activeGrant(s: Scoped, caseId: number, userId: number) {
  return (await s.tx.select().from(caseAccessGrants)
    .where(and(eq(caseAccessGrants.caseId, caseId), eq(caseAccessGrants.userId, userId), gt(caseAccessGrants.expiresAt, new Date())))
    .orderBy(desc(caseAccessGrants.expiresAt)).limit(1))[0] ?? null;
}

/* Content (row-level security admits these only to the entitled) */
export const details = async (s: Scoped, caseId: number) => (await s.tx.select().from(caseDetails).where(eq(caseDetails.caseId, caseId)))[0] ?? null;
export const parties = (s: Scoped, caseId: number) => s.tx.select().from(caseParties).where(eq(caseParties.caseId, caseId)).orderBy(asc(caseParties.id));
export const assessments = (s: Scoped, caseId: number) => s.tx.select().from(caseAssessments).where(eq(caseAssessments.caseId, caseId)).orderBy(desc(caseAssessments.assessedAt), desc(caseAssessments.id));
export const events = (s: Scoped, caseId: number) => s.tx.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
export const instruments = (s: Scoped, caseId: number) => s.tx.select().from(caseInstruments).where(eq(caseInstruments.caseId, caseId)).orderBy(asc(caseInstruments.id));
export const mediations = (s: Scoped, caseId: number) => s.tx.select().from(caseMediations).where(eq(caseMediations.caseId, caseId)).orderBy(asc(caseMediations.id));
export const services = (s: Scoped, caseId: number) => s.tx.select().from(caseServices).where(eq(caseServices.caseId, caseId)).orderBy(asc(caseServices.providedOn), asc(caseServices.id));
export const followUps = (s: Scoped, caseId: number) => s.tx.select().from(caseFollowUps).where(eq(caseFollowUps.caseId, caseId)).orderBy(asc(caseFollowUps.dueOn), asc(caseFollowUps.id));
export const grants = (s: Scoped, caseId: number) => s.tx.select().from(caseAccessGrants).where(eq(caseAccessGrants.caseId, caseId)).orderBy(desc(caseAccessGrants.grantedAt));
export async function assignments(s: Scoped, caseId: number) {
  return s.tx.select({ a: caseAssignments, name: users.displayName }).from(caseAssignments).leftJoin(users, eq(users.id, caseAssignments.userId))
    .where(and(eq(caseAssignments.caseId, caseId), isNull(caseAssignments.endedAt))).orderBy(asc(caseAssignments.id));
}
export async function referrals(s: Scoped, caseId: number) {
  return s.tx.select({ r: caseReferrals, agency: partnerAgencies }).from(caseReferrals).innerJoin(partnerAgencies, eq(partnerAgencies.id, caseReferrals.agencyId))
    .where(eq(caseReferrals.caseId, caseId)).orderBy(asc(caseReferrals.sentAt), asc(caseReferrals.id));
}

export async function orgNames(s: Scoped, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await s.tx.select({ id: organizations.id, name: organizations.name }).from(organizations).where(inArray(organizations.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/* Writes of content rows */
export async function insertEvent(s: Scoped, c: CaseRow, e: { kind: string; from?: string | null; to?: string | null; reason?: string | null; detail?: Record<string, unknown> | null }) {
  const actor = s.actor;
  await s.tx.insert(caseEvents).values({
    caseId: c.id, orgPath: c.orgPath, districtId: c.districtId, kind: e.kind, fromStatus: e.from ?? null, toStatus: e.to ?? null, reason: e.reason ?? null,
    actorId: actor.kind === 'user' ? actor.userId : null, actorName: actor.kind === 'user' ? actor.username : `system:${actor.name}`, detail: e.detail ?? null,
  });
}
export async function updateDetails(s: Scoped, caseId: number, patch: Partial<typeof caseDetails.$inferInsert>): Promise<DetailsRow | null> {
  return (await s.tx.update(caseDetails).set(patch).where(eq(caseDetails.caseId, caseId)).returning())[0] ?? null;
}

/* The case list */
export interface ListedCase { c: CaseRow; orgName: string; readable: boolean }

/**
 * One page of headers, newest first. `mine` starts from the user's assignments (or, for a supervisor, her
 * supervised subtree); `all` is the whole acting scope. `readable` is the entitlement as SQL (jinguo_case_access);
 * the content of a readable row is then read under RLS, which drops anything the flag got wrong.
 */
export async function listCases(s: Scoped, q: CaseListQuery & { userId: number; supervisorPath: string | null; orgPath: string | null; after: { at: string; id: number } | null }): Promise<ListedCase[]> {
  const conds: SQL[] = [inSubtree(s, cases.orgPath)];
  if (q.orgPath) conds.push(sql`${cases.orgPath} <@ ${q.orgPath}::ltree`);
  if (q.view === 'mine') {
    const assigned = sql`${cases.id} in (select case_id from case_assignments where user_id = ${q.userId} and ended_at is null)`;
    conds.push(q.supervisorPath ? sql`(${assigned} or ${cases.orgPath} <@ ${q.supervisorPath}::ltree)` : assigned);
  }
  if (q.status) conds.push(eq(cases.status, q.status));
  if (q.caseType) conds.push(eq(cases.caseType, q.caseType));
  if (q.q) conds.push(sql`${cases.caseNo} like ${`%${q.q.replace(/[%_\\]/g, '\\$&').toUpperCase()}%`}`);
  if (q.after) conds.push(sql`(${cases.openedAt}, ${cases.id}) < (${q.after.at}::timestamptz, ${q.after.id})`);
  const rows = await s.tx.select({ c: cases, orgName: organizations.name, readable: sql<boolean>`jinguo_case_access(${cases.id}, ${cases.orgPath}, false)` })
    .from(cases).innerJoin(organizations, eq(organizations.id, cases.orgId))
    .where(and(...conds)).orderBy(desc(cases.openedAt), desc(cases.id)).limit(q.limit + 1);
  return rows.map((r) => ({ c: r.c, orgName: r.orgName, readable: r.readable === true }));
}

/** What a list row shows of a case's content: never the narrative or contacts (RLS admits the entitled rows only). */
const LIST_DETAIL_COLUMNS = {
  caseId: caseDetails.caseId, channel: caseDetails.channel, riskLevel: caseDetails.riskLevel, victimDisplay: caseDetails.victimDisplay, contactDueAt: caseDetails.contactDueAt,
  contactedAt: caseDetails.contactedAt, supervised: caseDetails.supervised, involvesMinor: caseDetails.involvesMinor,
};
export type ListDetails = { [K in keyof typeof LIST_DETAIL_COLUMNS]: DetailsRow[K] };

/** The list columns of many cases at once: the encrypted narrative and contacts stay in the database. */
export async function detailsOf(s: Scoped, ids: number[]): Promise<Map<number, ListDetails>> {
  if (!ids.length) return new Map();
  const rows = await s.tx.select(LIST_DETAIL_COLUMNS).from(caseDetails).where(inArray(caseDetails.caseId, ids));
  return new Map(rows.map((r) => [r.caseId, r]));
}

/* Assignees and supervisors */
export async function findUser(s: Scoped, id: number) {
  return (await s.tx.select({ id: users.id, username: users.username, displayName: users.displayName, orgPath: users.orgPath, roles: users.roles, status: users.status }).from(users).where(eq(users.id, id)))[0] ?? null;
}
export async function activeAssignees(s: Scoped, caseId: number): Promise<number[]> {
  const rows = await queryRows<{ user_id: number }>(s.tx, sql`select user_id from case_assignments where case_id = ${caseId} and ended_at is null`);
  return rows.map((r) => Number(r.user_id));
}
