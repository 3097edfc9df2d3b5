import { desc, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import type { Scoped } from '../../platform/scope.js';
import { families, familyHonours, familyMembers, personMerges, personTags, tagDefinitions } from './people.tables.js';

/** The registry's own reads for the person timeline: creation, tags, families and honours, merges. */

export async function personCreatedAt(s: Scoped, personId: number): Promise<string | null> {
  const [created] = await queryRows<{ created_at: string }>(
    s.tx,
    sql`select created_at from persons where id = ${personId}`,
  );
  return created ? created.created_at : null;
}

/** Every tag row of the person (current and removed) with the tag's names. */
export async function tagEvents(s: Scoped, personId: number) {
  return s.tx
    .select({ t: personTags, zh: tagDefinitions.nameZh, en: tagDefinitions.nameEn })
    .from(personTags)
    .leftJoin(tagDefinitions, eq(tagDefinitions.code, personTags.tag))
    .where(eq(personTags.personId, personId));
}

export async function memberships(s: Scoped, personId: number) {
  return s.tx
    .select({ m: familyMembers, name: families.name, familyId: families.id })
    .from(familyMembers)
    .innerJoin(families, eq(families.id, familyMembers.familyId))
    .where(eq(familyMembers.personId, personId));
}

export async function honoursOfFamily(s: Scoped, familyId: number) {
  return s.tx.select().from(familyHonours).where(eq(familyHonours.familyId, familyId));
}

/** The merges that absorbed a duplicate into this person, newest first. */
export async function mergesInto(s: Scoped, personId: number) {
  return s.tx
    .select()
    .from(personMerges)
    .where(eq(personMerges.targetId, personId))
    .orderBy(desc(personMerges.mergedAt));
}
