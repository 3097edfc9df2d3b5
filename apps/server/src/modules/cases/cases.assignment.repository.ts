import { and, eq, isNull, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import { caseAssignments } from './cases.tables.js';

/* Who works on a case: live assignments (ended ones keep their row, with ended_at). */

export type AssignmentRow = typeof caseAssignments.$inferSelect;

export async function hasLiveAssignment(s: Scoped, caseId: number, userId: number, role: string): Promise<boolean> {
  const existing = await s.tx
    .select({ id: caseAssignments.id })
    .from(caseAssignments)
    .where(
      and(
        eq(caseAssignments.caseId, caseId),
        eq(caseAssignments.userId, userId),
        eq(caseAssignments.role, role),
        isNull(caseAssignments.endedAt),
      ),
    );
  return existing.length > 0;
}
export async function insertAssignment(s: Scoped, row: typeof caseAssignments.$inferInsert): Promise<void> {
  await s.tx.insert(caseAssignments).values(row);
}
/** Ends a live assignment of the case; null when there is none by that id. */
export async function endAssignment(
  s: Scoped,
  caseId: number,
  assignmentId: number,
  at: Date,
): Promise<AssignmentRow | null> {
  const rows = await s.tx
    .update(caseAssignments)
    .set({ endedAt: at })
    .where(
      and(eq(caseAssignments.id, assignmentId), eq(caseAssignments.caseId, caseId), isNull(caseAssignments.endedAt)),
    )
    .returning();
  return rows[0] ?? null;
}
export async function activeAssignees(s: Scoped, caseId: number): Promise<number[]> {
  const rows = await queryRows<{ user_id: number }>(
    s.tx,
    sql`select user_id from case_assignments where case_id = ${caseId} and ended_at is null`,
  );
  return rows.map((r) => Number(r.user_id));
}
