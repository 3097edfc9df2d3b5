import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgOfficers, orgTerms } from './organizations.tables.js';

export type OfficerRow = typeof orgOfficers.$inferSelect;
export type TermRow = typeof orgTerms.$inferSelect;

/* officers */
export async function officersOf(s: Scoped, orgId: number): Promise<OfficerRow[]> {
  return s.tx
    .select()
    .from(orgOfficers)
    .where(and(eq(orgOfficers.orgId, orgId), inSubtree(s, orgOfficers.orgPath)))
    .orderBy(asc(orgOfficers.endedOn), asc(orgOfficers.position), asc(orgOfficers.id));
}
export async function findOfficer(s: Scoped, id: number): Promise<OfficerRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgOfficers)
        .where(and(eq(orgOfficers.id, id), inSubtree(s, orgOfficers.orgPath)))
    )[0] ?? null
  );
}
export async function insertOfficer(s: Scoped, row: typeof orgOfficers.$inferInsert): Promise<OfficerRow> {
  return (await s.tx.insert(orgOfficers).values(row).returning())[0]!;
}
export async function endOfficer(s: Scoped, id: number, endedOn: string, reason: string): Promise<OfficerRow> {
  return (
    await s.tx
      .update(orgOfficers)
      .set({ endedOn, endReason: reason })
      .where(and(eq(orgOfficers.id, id), inSubtree(s, orgOfficers.orgPath)))
      .returning()
  )[0]!;
}

/* terms */
export async function termsOf(s: Scoped, orgId: number): Promise<TermRow[]> {
  return s.tx
    .select()
    .from(orgTerms)
    .where(and(eq(orgTerms.orgId, orgId), inSubtree(s, orgTerms.orgPath)))
    .orderBy(desc(orgTerms.number));
}
export async function currentTerm(s: Scoped, orgId: number): Promise<TermRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgTerms)
        .where(and(eq(orgTerms.orgId, orgId), eq(orgTerms.isCurrent, true), inSubtree(s, orgTerms.orgPath)))
        .limit(1)
    )[0] ?? null
  );
}
export async function findTerm(s: Scoped, id: number): Promise<TermRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgTerms)
        .where(and(eq(orgTerms.id, id), inSubtree(s, orgTerms.orgPath)))
    )[0] ?? null
  );
}
export async function insertTerm(s: Scoped, row: typeof orgTerms.$inferInsert): Promise<TermRow> {
  return (await s.tx.insert(orgTerms).values(row).returning())[0]!;
}
export async function updateTerm(
  s: Scoped,
  id: number,
  patch: Partial<typeof orgTerms.$inferInsert>,
): Promise<TermRow> {
  return (
    await s.tx
      .update(orgTerms)
      .set(patch)
      .where(and(eq(orgTerms.id, id), inSubtree(s, orgTerms.orgPath)))
      .returning()
  )[0]!;
}
export async function clearCurrentTerm(s: Scoped, orgId: number, exceptId: number): Promise<void> {
  await s.tx
    .update(orgTerms)
    .set({ isCurrent: false })
    .where(and(eq(orgTerms.orgId, orgId), sql`${orgTerms.id} <> ${exceptId}`, inSubtree(s, orgTerms.orgPath)));
}
