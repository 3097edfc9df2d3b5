import { and, asc, eq, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { orgSpaces } from './organizations.tables.js';

export type SpaceRow = typeof orgSpaces.$inferSelect;

export async function spacesOf(s: Scoped, orgId: number): Promise<SpaceRow[]> {
  return s.tx
    .select()
    .from(orgSpaces)
    .where(and(eq(orgSpaces.orgId, orgId), inSubtree(s, orgSpaces.orgPath)))
    .orderBy(asc(orgSpaces.id));
}
/** The spaces of a subtree the reader may see (the activities module lists them with their activity figures). */
export async function spacesWithin(s: Scoped, path: string): Promise<SpaceRow[]> {
  return s.tx
    .select()
    .from(orgSpaces)
    .where(and(sql`${orgSpaces.orgPath} <@ ${path}::ltree`, inSubtree(s, orgSpaces.orgPath)))
    .orderBy(asc(orgSpaces.orgPath), asc(orgSpaces.id))
    .limit(2000);
}
export async function findSpace(s: Scoped, id: number): Promise<SpaceRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(orgSpaces)
        .where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)))
    )[0] ?? null
  );
}
export async function insertSpace(s: Scoped, row: typeof orgSpaces.$inferInsert): Promise<SpaceRow> {
  return (await s.tx.insert(orgSpaces).values(row).returning())[0]!;
}
export async function updateSpace(
  s: Scoped,
  id: number,
  patch: Partial<typeof orgSpaces.$inferInsert>,
): Promise<SpaceRow> {
  return (
    await s.tx
      .update(orgSpaces)
      .set({ ...patch, updatedAt: new Date() })
      .where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)))
      .returning()
  )[0]!;
}
export async function deleteSpace(s: Scoped, id: number): Promise<void> {
  await s.tx.delete(orgSpaces).where(and(eq(orgSpaces.id, id), inSubtree(s, orgSpaces.orgPath)));
}
