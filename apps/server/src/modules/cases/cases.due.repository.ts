import { and, asc, eq, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { inSubtreeFilter, type Scoped } from '../../platform/scope.js';
import { caseAssignments, caseDetails, caseFollowUps, cases } from './cases.tables.js';

/* What is due on "my" cases (GET /cases/due, the workbench): pending follow-ups and first contacts not yet made. */

/** Whose cases: her live assignments, or, for a case supervisor, every case of her subtree (the list's `mine`). */
export interface DueFilter {
  userId: number;
  supervisorPath: string | null;
  /** The subtree of a named org (already checked to be in scope), or null for the whole scope. */
  orgPath: string | null;
}

function mine(s: Scoped, f: DueFilter): SQL {
  const assigned = sql`${cases.id} in (select a.case_id from ${caseAssignments} a where a.user_id = ${f.userId} and a.ended_at is null)`;
  const conds = [
    f.supervisorPath ? or(assigned, sql`${cases.orgPath} <@ ${f.supervisorPath}::ltree`)! : assigned,
    inSubtreeFilter(s, cases.orgPath),
  ];
  if (f.orgPath) conds.push(sql`${cases.orgPath} <@ ${f.orgPath}::ltree`);
  return and(...conds)!;
}

/** Pending follow-ups due on or before `until` (a China date), earliest first; RLS admits entitled cases' only. */
export async function dueFollowUps(s: Scoped, f: DueFilter, until: string, limit: number) {
  return s.tx
    .select({
      id: caseFollowUps.id,
      caseId: cases.id,
      caseNo: cases.caseNo,
      caseType: cases.caseType,
      orgId: cases.orgId,
      dueOn: caseFollowUps.dueOn,
      reason: caseFollowUps.reason,
    })
    .from(caseFollowUps)
    .innerJoin(cases, eq(cases.id, caseFollowUps.caseId))
    .where(and(eq(caseFollowUps.status, 'pending'), lte(caseFollowUps.dueOn, until), mine(s, f)))
    .orderBy(asc(caseFollowUps.dueOn), asc(caseFollowUps.id))
    .limit(limit);
}

/** High-risk cases whose first contact is still to be made, by its deadline (case_details: entitled rows only). */
export async function pendingContacts(s: Scoped, f: DueFilter, limit: number) {
  return s.tx
    .select({
      caseId: cases.id,
      caseNo: cases.caseNo,
      caseType: cases.caseType,
      orgId: cases.orgId,
      dueAt: caseDetails.contactDueAt,
    })
    .from(caseDetails)
    .innerJoin(cases, eq(cases.id, caseDetails.caseId))
    .where(
      and(
        eq(caseDetails.riskLevel, 'high'),
        isNull(caseDetails.contactedAt),
        isNotNull(caseDetails.contactDueAt),
        mine(s, f),
      ),
    )
    .orderBy(asc(caseDetails.contactDueAt), asc(cases.id))
    .limit(limit);
}
