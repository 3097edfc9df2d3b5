import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { personVisible, type PersonRow } from './people.repository.js';
import { personConsents } from './people.consents.tables.js';
import { familyMembers, migrantProfiles, personGuardians, personMerges, persons, personTags } from './people.tables.js';

/** Every SQL statement of deduplication: suspected duplicates, moving a person's links, the merge records. */

export type MergeRow = typeof personMerges.$inferSelect;

/** Groups of active persons with the same name and birth date under one town (镇街), within `path`. */
export async function duplicateGroups(s: Scoped, path: string | null) {
  return queryRows<{ name: string; birth_date: string; town: string; ids: number[] }>(
    s.tx,
    sql`
          select name, birth_date::text as birth_date, subltree(org_path, 0, least(3, nlevel(org_path)))::text as town, array_agg(id order by id) as ids
          from persons where org_path <@ ${path}::ltree and status = 'active' and birth_date is not null
          group by name, birth_date, subltree(org_path, 0, least(3, nlevel(org_path))) having count(*) > 1
          order by name limit 200`,
  );
}

/** The persons of `ids` the actor may see. */
export async function visiblePersons(s: Scoped, ids: number[]): Promise<PersonRow[]> {
  if (!ids.length) return [];
  return s.tx
    .select()
    .from(persons)
    .where(and(inArray(persons.id, ids), personVisible(s)));
}

export async function currentTagCodes(s: Scoped, personId: number): Promise<string[]> {
  const rows = await s.tx
    .select({ tag: personTags.tag })
    .from(personTags)
    .where(and(eq(personTags.personId, personId), isNull(personTags.removedAt)));
  return rows.map((r) => r.tag);
}

/** Closes the current `tags` of a person (those the merge target already carries). */
export async function closeTags(s: Scoped, personId: number, tags: string[], by: string): Promise<void> {
  if (!tags.length) return;
  await s.tx
    .update(personTags)
    .set({ removedAt: new Date(), removedBy: by })
    .where(and(eq(personTags.personId, personId), isNull(personTags.removedAt), inArray(personTags.tag, tags)));
}

/** Every tag row of `sourceId` (current and history) to the target, in the target's scope; how many moved. */
export async function moveTags(s: Scoped, sourceId: number, target: PersonRow): Promise<number> {
  const rows = await s.tx
    .update(personTags)
    .set({ personId: target.id, orgPath: target.orgPath, districtId: target.districtId })
    .where(eq(personTags.personId, sourceId))
    .returning({ id: personTags.id });
  return rows.length;
}

export async function moveFamilyMemberships(s: Scoped, sourceId: number, targetId: number): Promise<number> {
  const rows = await s.tx
    .update(familyMembers)
    .set({ personId: targetId })
    .where(eq(familyMembers.personId, sourceId))
    .returning({ id: familyMembers.id });
  return rows.length;
}

/** Guardianships of the source (as child or guardian) re-pointed at the target; one with herself is dropped. */
export async function moveGuardianships(s: Scoped, sourceId: number, targetId: number): Promise<number> {
  const guardianRows = await s.tx
    .select()
    .from(personGuardians)
    .where(or(eq(personGuardians.childId, sourceId), eq(personGuardians.guardianId, sourceId)));
  for (const g of guardianRows) {
    await s.tx
      .delete(personGuardians)
      .where(and(eq(personGuardians.childId, g.childId), eq(personGuardians.guardianId, g.guardianId)));
    const child = g.childId === sourceId ? targetId : g.childId;
    const guardian = g.guardianId === sourceId ? targetId : g.guardianId;
    if (child !== guardian)
      await s.tx
        .insert(personGuardians)
        .values({ ...g, childId: child, guardianId: guardian })
        .onConflictDoNothing();
  }
  return guardianRows.length;
}

/**
 * The source's consent records to the target, in the target's scope; a consent given by the source as a guardian
 * now names the target. How many of her own moved.
 */
export async function moveConsents(s: Scoped, sourceId: number, target: PersonRow): Promise<number> {
  await s.tx.update(personConsents).set({ guardianId: target.id }).where(eq(personConsents.guardianId, sourceId));
  const rows = await s.tx
    .update(personConsents)
    .set({ personId: target.id, orgPath: target.orgPath, districtId: target.districtId })
    .where(eq(personConsents.personId, sourceId))
    .returning({ id: personConsents.id });
  return rows.length;
}

/** The source's migrant profile to the target, unless the target has one: how many moved, or null when it has. */
export async function moveMigrantProfile(s: Scoped, sourceId: number, target: PersonRow): Promise<number | null> {
  const targetProfile = (await s.tx.select().from(migrantProfiles).where(eq(migrantProfiles.personId, target.id)))[0];
  if (targetProfile) return null;
  return (
    await s.tx
      .update(migrantProfiles)
      .set({ personId: target.id, orgPath: target.orgPath })
      .where(eq(migrantProfiles.personId, sourceId))
      .returning()
  ).length;
}

/** A link another module registered (a table and its person column) re-pointed: how many rows moved. */
export async function moveLink(
  s: Scoped,
  link: { table: string; column: string },
  sourceId: number,
  targetId: number,
): Promise<number> {
  const res = await queryRows<{ n: number }>(
    s.tx,
    sql`with u as (update ${sql.identifier(link.table)} set ${sql.identifier(link.column)} = ${targetId} where ${sql.identifier(link.column)} = ${sourceId} returning 1) select count(*)::int as n from u`,
  );
  return Number(res[0]?.n ?? 0);
}

/** The source stays as a record merged into the target; its ID number hash is freed. */
export async function markMerged(s: Scoped, sourceId: number, targetId: number): Promise<void> {
  await s.tx
    .update(persons)
    .set({
      status: 'merged',
      mergedIntoId: targetId,
      idNumberHash: null,
      version: sql`${persons.version} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(persons.id, sourceId));
}

export async function fillPerson(s: Scoped, id: number, fill: Partial<typeof persons.$inferInsert>): Promise<void> {
  await s.tx
    .update(persons)
    .set({ ...fill, version: sql`${persons.version} + 1`, updatedAt: new Date() })
    .where(eq(persons.id, id));
}

export async function insertMerge(s: Scoped, row: typeof personMerges.$inferInsert): Promise<MergeRow> {
  return (await s.tx.insert(personMerges).values(row).returning())[0]!;
}

/** The merges that formed or absorbed a person, inside the actor's subtree, newest first. */
export async function mergesOf(s: Scoped, personId: number): Promise<MergeRow[]> {
  return s.tx
    .select()
    .from(personMerges)
    .where(
      and(
        or(eq(personMerges.targetId, personId), eq(personMerges.sourceId, personId)),
        inSubtree(s, personMerges.orgPath),
      ),
    )
    .orderBy(desc(personMerges.mergedAt));
}
