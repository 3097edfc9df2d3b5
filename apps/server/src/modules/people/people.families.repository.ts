import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { families, familyHonours, familyMembers, persons } from './people.tables.js';

/** Every SQL statement on families, their members and honours. */

export type FamilyRow = typeof families.$inferSelect;

export async function findFamily(s: Scoped, id: number): Promise<FamilyRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(families)
        .where(and(eq(families.id, id), inSubtree(s, families.orgPath)))
    )[0] ?? null
  );
}

export async function membersOf(s: Scoped, familyId: number) {
  return s.tx
    .select({
      personId: familyMembers.personId,
      name: persons.name,
      relationship: familyMembers.relationship,
      since: familyMembers.since,
      until: familyMembers.until,
    })
    .from(familyMembers)
    .innerJoin(persons, eq(persons.id, familyMembers.personId))
    .where(eq(familyMembers.familyId, familyId))
    .orderBy(asc(familyMembers.id));
}

export async function honoursOf(s: Scoped, familyId: number) {
  return s.tx.select().from(familyHonours).where(eq(familyHonours.familyId, familyId)).orderBy(asc(familyHonours.year));
}

export async function insertFamily(s: Scoped, row: typeof families.$inferInsert): Promise<FamilyRow> {
  return (await s.tx.insert(families).values(row).returning())[0]!;
}

/** The families a person belongs (or belonged) to, inside the actor's subtree. */
export async function familiesOfPerson(s: Scoped, personId: number): Promise<FamilyRow[]> {
  const rows = await s.tx
    .select({ f: families })
    .from(families)
    .innerJoin(familyMembers, eq(familyMembers.familyId, families.id))
    .where(and(eq(familyMembers.personId, personId), inSubtree(s, families.orgPath)));
  return rows.map((r) => r.f);
}

export async function isCurrentMember(s: Scoped, familyId: number, personId: number): Promise<boolean> {
  const rows = await s.tx
    .select()
    .from(familyMembers)
    .where(
      and(eq(familyMembers.familyId, familyId), eq(familyMembers.personId, personId), isNull(familyMembers.until)),
    );
  return rows.length > 0;
}

export async function insertMember(s: Scoped, row: typeof familyMembers.$inferInsert): Promise<void> {
  await s.tx.insert(familyMembers).values(row);
}

/** Ends a current membership on `until`; false when the person was no current member. */
export async function endMember(s: Scoped, familyId: number, personId: number, until: string): Promise<boolean> {
  const rows = await s.tx
    .update(familyMembers)
    .set({ until })
    .where(and(eq(familyMembers.familyId, familyId), eq(familyMembers.personId, personId), isNull(familyMembers.until)))
    .returning();
  return rows.length > 0;
}

export async function insertHonour(s: Scoped, row: typeof familyHonours.$inferInsert): Promise<void> {
  await s.tx.insert(familyHonours).values(row);
}

/** Families of an org subtree (`path`) inside the actor's subtree, by name. */
export async function familiesUnder(s: Scoped, path: string, limit: number): Promise<FamilyRow[]> {
  return s.tx
    .select()
    .from(families)
    .where(and(sql`${families.orgPath} <@ ${path}::ltree`, inSubtree(s, families.orgPath)))
    .orderBy(asc(families.name))
    .limit(limit);
}
