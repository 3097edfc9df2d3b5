import { and, eq, isNull, lt, lte } from 'drizzle-orm';
import type { Scoped } from '../../platform/scope.js';
import { caseDetails, caseFollowUps, caseInstruments, cases } from './cases.tables.js';

/* The SQL of the sweeper (cases.jobs.ts): what is late, 500 at a time, and the stamps that raise each once. */

/** High-risk cases not contacted by their deadline and not yet escalated. */
export async function overdueContacts(s: Scoped, now: Date) {
  return s.tx
    .select({ c: cases })
    .from(caseDetails)
    .innerJoin(cases, eq(cases.id, caseDetails.caseId))
    .where(
      and(
        eq(caseDetails.riskLevel, 'high'),
        isNull(caseDetails.contactedAt),
        isNull(caseDetails.contactEscalatedAt),
        lt(caseDetails.contactDueAt, now),
      ),
    )
    .limit(500);
}

/** Pending follow-ups past their day, not yet escalated. */
export async function overdueFollowUps(s: Scoped, today: string) {
  return s.tx
    .select({ f: caseFollowUps, c: cases })
    .from(caseFollowUps)
    .innerJoin(cases, eq(cases.id, caseFollowUps.caseId))
    .where(and(eq(caseFollowUps.status, 'pending'), isNull(caseFollowUps.escalatedAt), lt(caseFollowUps.dueOn, today)))
    .limit(500);
}
export async function markFollowUpEscalated(s: Scoped, followUpId: number, at: Date): Promise<void> {
  await s.tx.update(caseFollowUps).set({ escalatedAt: at }).where(eq(caseFollowUps.id, followUpId));
}

/** Issued orders whose reminder day has come, not yet reminded. */
export async function expiringOrders(s: Scoped, today: string) {
  return s.tx
    .select({ i: caseInstruments, c: cases })
    .from(caseInstruments)
    .innerJoin(cases, eq(cases.id, caseInstruments.caseId))
    .where(
      and(
        eq(caseInstruments.status, 'issued'),
        isNull(caseInstruments.reminderSentAt),
        lte(caseInstruments.remindOn, today),
      ),
    )
    .limit(500);
}
export async function markOrderReminded(s: Scoped, instrumentId: number, at: Date): Promise<void> {
  await s.tx.update(caseInstruments).set({ reminderSentAt: at }).where(eq(caseInstruments.id, instrumentId));
}
