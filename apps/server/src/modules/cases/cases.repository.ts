import { and, asc, desc, eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { CaseListQuery } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, inSubtreeFilter, type ReadScope, type Scoped } from '../../platform/scope.js';
import { users } from '../../platform/auth/auth.tables.js';
import { jsonRowsOf, rowFromJson, rowsFromJson } from '../../platform/db/json-rows.js';
import {
  caseAccessGrants,
  caseAssessments,
  caseAssignments,
  caseInstruments,
  caseMediations,
  caseServices,
  caseDetails,
  caseEvents,
  caseFollowUps,
  caseNumberCounters,
  caseParties,
  caseReferrals,
  cases,
  partnerAgencies,
} from './cases.tables.js';
import { actorLabel } from './cases.policy.js';

export type CaseRow = typeof cases.$inferSelect;
export type DetailsRow = typeof caseDetails.$inferSelect;
export type PartyRow = typeof caseParties.$inferSelect;
export type ReferralRow = typeof caseReferrals.$inferSelect;
export type AgencyRow = typeof partnerAgencies.$inferSelect;
export type FollowUpRow = typeof caseFollowUps.$inferSelect;

/*
 * Header: existence, confined to the subtree by the app (and by RLS), with the facts the policy needs about the
 * actor — a live assignment on the case, an unexpired access grant (break-glass) — in the same statement: every case
 * call starts here, and three statements were three round trips.
 */
export async function findCaseForActor(
  s: Scoped,
  id: number,
  userId: number,
  now: Date,
): Promise<{ c: CaseRow; assigned: boolean; grantExpiresAt: Date | null } | null> {
  // the outer case written out: a one-table select renders its columns unqualified, and a bare "id" inside the
  // subqueries would be the subquery's own
  const caseId = sql.raw('"cases"."id"');
  const [row] = await s.tx
    .select({
      c: cases,
      assigned: sql<boolean>`exists (select 1 from ${caseAssignments}
        where ${caseAssignments.caseId} = ${caseId} and ${caseAssignments.userId} = ${userId}
          and ${caseAssignments.endedAt} is null)`,
      grantExpiresAt: sql<Date | null>`(select max(${caseAccessGrants.expiresAt}) from ${caseAccessGrants}
        where ${caseAccessGrants.caseId} = ${caseId} and ${caseAccessGrants.userId} = ${userId}
          and ${caseAccessGrants.expiresAt} > ${now.toISOString()}::timestamptz)`.mapWith(caseAccessGrants.expiresAt),
    })
    .from(cases)
    .where(and(eq(cases.id, id), inSubtree(s, cases.orgPath)));
  return row ? { c: row.c, assigned: row.assigned === true, grantExpiresAt: row.grantExpiresAt ?? null } : null;
}
/** For the agency side: the header of a case referred to the user's agency (RLS admits exactly those). */
export async function findCaseById(s: Scoped, id: number): Promise<CaseRow | null> {
  return (await s.tx.select().from(cases).where(eq(cases.id, id)))[0] ?? null;
}

export async function nextCaseNo(s: Scoped, districtId: number, districtCode: string, year: number): Promise<string> {
  const [row] = await s.tx
    .insert(caseNumberCounters)
    .values({ districtId, year, last: 1 })
    .onConflictDoUpdate({
      target: [caseNumberCounters.districtId, caseNumberCounters.year],
      set: { last: sql`${caseNumberCounters.last} + 1` },
    })
    .returning({ last: caseNumberCounters.last });
  return `WQ${districtCode}${year}${String(row!.last).padStart(6, '0')}`;
}

export async function insertCase(s: Scoped, row: typeof cases.$inferInsert): Promise<CaseRow> {
  return (await s.tx.insert(cases).values(row).returning())[0]!;
}

/** Optimistic update of the header (status, closure): applies only at the version read. */
export async function updateCase(
  s: Scoped,
  id: number,
  version: number,
  patch: Partial<typeof cases.$inferInsert>,
): Promise<CaseRow | null> {
  const rows = await s.tx
    .update(cases)
    .set({ ...patch, version: sql`${cases.version} + 1`, updatedAt: new Date() })
    .where(and(eq(cases.id, id), eq(cases.version, version), inSubtree(s, cases.orgPath)))
    .returning();
  return rows[0] ?? null;
}
export async function touchCase(s: Scoped, id: number): Promise<void> {
  await s.tx
    .update(cases)
    .set({ updatedAt: new Date(), version: sql`${cases.version} + 1` })
    .where(eq(cases.id, id));
}

/* Content (row-level security admits these only to the entitled) */
export const details = async (s: Scoped, caseId: number) =>
  (await s.tx.select().from(caseDetails).where(eq(caseDetails.caseId, caseId)))[0] ?? null;
export const parties = (s: Scoped, caseId: number) =>
  s.tx.select().from(caseParties).where(eq(caseParties.caseId, caseId)).orderBy(asc(caseParties.id));
export const assessments = (s: Scoped, caseId: number) =>
  s.tx
    .select()
    .from(caseAssessments)
    .where(eq(caseAssessments.caseId, caseId))
    .orderBy(desc(caseAssessments.assessedAt), desc(caseAssessments.id));

/**
 * Everything the case view lists, in one statement (platform/db/json-rows): parties, assessments, events, live
 * assignments (with the assignee's name, a read of platform auth's `users`), referrals with their agency, legal
 * instruments, mediations, services, follow-ups and access grants. Ten statements before: a case read was ~23 round
 * trips, the slowest of the soak's reads (issue 16 item 9).
 */
export async function content(s: Scoped, caseId: number) {
  const of = (t: Parameters<typeof jsonRowsOf>[0] & { caseId: AnyColumn }, orderBy: SQL) =>
    jsonRowsOf(t, sql`${t.caseId} = ${caseId}`, orderBy);
  const [row] = await queryRows<Record<string, unknown>>(
    s.tx,
    sql`select
      ${of(caseParties, sql`${caseParties.id}`)} as parties,
      ${of(caseAssessments, sql`${caseAssessments.assessedAt} desc, ${caseAssessments.id} desc`)} as assessments,
      ${of(caseEvents, sql`${caseEvents.at}, ${caseEvents.id}`)} as events,
      coalesce((select json_agg(json_build_object('a', ${caseAssignments}, 'name', ${users.displayName})
                  order by ${caseAssignments.id})
                from ${caseAssignments} left join ${users} on ${users.id} = ${caseAssignments.userId}
               where ${caseAssignments.caseId} = ${caseId} and ${caseAssignments.endedAt} is null), '[]'::json)
        as assignments,
      coalesce((select json_agg(json_build_object('r', ${caseReferrals}, 'agency', ${partnerAgencies})
                  order by ${caseReferrals.sentAt}, ${caseReferrals.id})
                from ${caseReferrals} join ${partnerAgencies} on ${partnerAgencies.id} = ${caseReferrals.agencyId}
               where ${caseReferrals.caseId} = ${caseId}), '[]'::json) as referrals,
      ${of(caseInstruments, sql`${caseInstruments.id}`)} as instruments,
      ${of(caseMediations, sql`${caseMediations.id}`)} as mediations,
      ${of(caseServices, sql`${caseServices.providedOn}, ${caseServices.id}`)} as services,
      ${of(caseFollowUps, sql`${caseFollowUps.dueOn}, ${caseFollowUps.id}`)} as follow_ups,
      ${of(caseAccessGrants, sql`${caseAccessGrants.grantedAt} desc`)} as grants`,
  );
  const r = row!;
  type Pair = Record<string, Record<string, unknown>>;
  return {
    parties: rowsFromJson(caseParties, r.parties),
    assessments: rowsFromJson(caseAssessments, r.assessments),
    events: rowsFromJson(caseEvents, r.events),
    assignments: (r.assignments as (Pair & { name: string | null })[]).map((x) => ({
      a: rowFromJson(caseAssignments, x.a!),
      name: x.name,
    })),
    referrals: (r.referrals as Pair[]).map((x) => ({
      r: rowFromJson(caseReferrals, x.r!),
      agency: rowFromJson(partnerAgencies, x.agency!),
    })),
    instruments: rowsFromJson(caseInstruments, r.instruments),
    mediations: rowsFromJson(caseMediations, r.mediations),
    services: rowsFromJson(caseServices, r.services),
    followUps: rowsFromJson(caseFollowUps, r.follow_ups),
    grants: rowsFromJson(caseAccessGrants, r.grants),
  };
}
/* Writes of content rows */
export async function insertEvent(
  s: Scoped,
  c: CaseRow,
  e: {
    kind: string;
    from?: string | null;
    to?: string | null;
    reason?: string | null;
    detail?: Record<string, unknown> | null;
  },
) {
  const actor = s.actor;
  await s.tx.insert(caseEvents).values({
    caseId: c.id,
    orgPath: c.orgPath,
    districtId: c.districtId,
    kind: e.kind,
    fromStatus: e.from ?? null,
    toStatus: e.to ?? null,
    reason: e.reason ?? null,
    actorId: actor.kind === 'user' ? actor.userId : null,
    actorName: actorLabel(actor),
    detail: e.detail ?? null,
  });
}
export async function updateDetails(
  s: Scoped,
  caseId: number,
  patch: Partial<typeof caseDetails.$inferInsert>,
): Promise<DetailsRow | null> {
  return (await s.tx.update(caseDetails).set(patch).where(eq(caseDetails.caseId, caseId)).returning())[0] ?? null;
}

export async function insertDetails(s: Scoped, row: typeof caseDetails.$inferInsert): Promise<void> {
  await s.tx.insert(caseDetails).values(row);
}
export async function insertParty(s: Scoped, row: typeof caseParties.$inferInsert): Promise<void> {
  await s.tx.insert(caseParties).values(row);
}
export async function findParty(s: Scoped, caseId: number, partyId: number): Promise<PartyRow | null> {
  const [p] = await s.tx
    .select()
    .from(caseParties)
    .where(and(eq(caseParties.id, partyId), eq(caseParties.caseId, caseId)));
  return p ?? null;
}
export async function insertAssessment(s: Scoped, row: typeof caseAssessments.$inferInsert): Promise<void> {
  await s.tx.insert(caseAssessments).values(row);
}
export async function insertFollowUp(s: Scoped, row: typeof caseFollowUps.$inferInsert): Promise<void> {
  await s.tx.insert(caseFollowUps).values(row);
}
/** Marks a pending follow-up of the case done; null when there is none pending by that id. */
export async function completeFollowUp(
  s: Scoped,
  caseId: number,
  followUpId: number,
  done: { doneAt: Date; doneBy: string; noteEnc: string },
): Promise<FollowUpRow | null> {
  const rows = await s.tx
    .update(caseFollowUps)
    .set({ status: 'done', ...done })
    .where(and(eq(caseFollowUps.id, followUpId), eq(caseFollowUps.caseId, caseId), eq(caseFollowUps.status, 'pending')))
    .returning();
  return rows[0] ?? null;
}
export async function insertGrant(s: Scoped, row: typeof caseAccessGrants.$inferInsert): Promise<void> {
  await s.tx.insert(caseAccessGrants).values(row);
}

/* The case list */
/** A row of the case list as the statement returns it; `d` only when the user is entitled to the case's content. */
export interface ListedCase {
  id: number;
  caseNo: string;
  caseType: string;
  status: string;
  orgId: number;
  orgName: string;
  /** The exact timestamp text (the cursor carries it, so microseconds are never rounded away). */
  openedAt: string;
  d: {
    channel: string;
    riskLevel: string | null;
    victimDisplay: string | null;
    contactDueAt: string | null;
    contactedAt: string | null;
    supervised: boolean;
    involvesMinor: boolean;
  } | null;
}
export interface CaseListFilter extends Pick<CaseListQuery, 'view' | 'status' | 'caseType' | 'q' | 'limit'> {
  userId: number;
  /** A case supervisor's home path: her `mine` view is also every case of her subtree. */
  supervisorPath: string | null;
  orgId: number | null;
  after: { at: string; id: number } | null;
}

/**
 * GET /cases — one page of headers, newest first, with the list columns of the cases the user may read, as one
 * statement (docs/decisions/0006: readScoped sends it with the scope setup in one round trip). `mine` starts from the
 * user's live assignments (or, for a supervisor, her supervised subtree); `all` is the whole acting scope. The
 * content comes from a left join on case_details, whose row-level security admits only entitled rows
 * (jinguo_case_access): a case the user may not read keeps its header and shows nothing else. Never the narrative or
 * contacts. `orgFound` is false when a named org is outside the scope (the caller answers 404). It reads
 * `organizations` (owned by the organizations module) for the org's name and the named org: foreign reads inside a
 * case statement.
 */
export function caseListStatement(s: ReadScope, q: CaseListFilter): SQL {
  const conds: SQL[] = [];
  if (q.view === 'mine') {
    const assigned = sql`c.id in (select a.case_id from case_assignments a where a.user_id = ${q.userId} and a.ended_at is null)`;
    conds.push(q.supervisorPath ? sql`(${assigned} or c.org_path <@ ${q.supervisorPath}::ltree)` : assigned);
    // reached by id: confined without offering the scope's path index to a generic plan (decision 0006 §4)
    conds.push(inSubtreeFilter(s, sql.raw('c.org_path')));
  } else conds.push(inSubtree(s, sql.raw('c.org_path')));
  if (q.orgId !== null)
    conds.push(
      sql`c.org_path <@ (select x.path from org_directory x where x.id = ${q.orgId} and ${inSubtreeFilter(s, sql.raw('x.path'))})`,
    );
  if (q.status) conds.push(sql`c.status = ${q.status}`);
  if (q.caseType) conds.push(sql`c.case_type = ${q.caseType}`);
  if (q.q) conds.push(sql`c.case_no like ${`%${q.q.replace(/[%_\\]/g, '\\$&').toUpperCase()}%`}`);
  if (q.after) conds.push(sql`(c.opened_at, c.id) < (${q.after.at}::timestamptz, ${q.after.id})`);
  return sql`select ${q.orgId === null ? sql`true` : sql`exists (select 1 from org_directory x where x.id = ${q.orgId} and ${inSubtreeFilter(s, sql.raw('x.path'))})`} as "orgFound",
    coalesce((select json_agg(json_build_object('id', c.id, 'caseNo', c.case_no, 'caseType', c.case_type, 'status', c.status, 'orgId', c.org_id,
        'orgName', o.name, 'openedAt', to_char(c.opened_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'd', case when d.case_id is null then null else json_build_object('channel', d.channel, 'riskLevel', d.risk_level, 'victimDisplay', d.victim_display,
          'contactDueAt', d.contact_due_at, 'contactedAt', d.contacted_at, 'supervised', d.supervised, 'involvesMinor', d.involves_minor) end)
        order by c.opened_at desc, c.id desc)
      from (select c.id, c.case_no, c.case_type, c.status, c.org_id, c.opened_at from cases c
            where ${sql.join(conds, sql` and `)} order by c.opened_at desc, c.id desc limit ${q.limit + 1}) c
      join org_directory o on o.id = c.org_id
      left join case_details d on d.case_id = c.id), '[]'::json) as items`;
}

/**
 * A person's cases for her timeline, entitled ones only: jinguo_case_access is asked for each case, and row-level
 * security admits the party rows of entitled cases only.
 */
export async function casesOfPerson(s: Scoped, personId: number) {
  return queryRows<{
    id: number;
    case_no: string;
    case_type: string;
    status: string;
    opened_at: string;
    role: string;
  }>(
    s.tx,
    sql`
    select c.id, c.case_no, c.case_type, c.status, c.opened_at, p.role from case_parties p join cases c on c.id = p.case_id
    where p.person_id = ${personId} and jinguo_case_access(c.id, c.org_path, false) order by c.opened_at desc limit 50`,
  );
}
