import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { queryRows } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { districtIdOfPath, inSubtree, inSubtreeFilter, type Scoped } from '../../platform/scope.js';

import { personConsents } from './people.consents.tables.js';
import {
  migrantProfiles,
  personGuardians,
  persons,
  personTags,
  savedFilters,
  tagDefinitions,
} from './people.tables.js';

export type PersonRow = typeof persons.$inferSelect;
export type PersonInsert = typeof persons.$inferInsert;
/**
 * The scope a person query is confined to: an open transaction's, or (for the benchmarks' raw SQL twins) a read scope.
 */
export type PersonScope = Pick<Scoped, 'scopePath' | 'mobileOrgId'>;

/**
 * The one predicate that confines person queries: the actor's subtree, or — for a mobile federation — the women it
 * serves. RLS repeats it underneath.
 */
export function personVisible(s: PersonScope): SQL {
  if (s.mobileOrgId !== null)
    return sql`${persons.id} in (select person_id from migrant_profiles where mobile_federation_id = ${s.mobileOrgId})`;
  return s.scopePath === null ? sql`true` : withinPath(s.scopePath);
}

/**
 * The subtree predicate for persons, written so the planner can walk the (district_id, name_pinyin, id) index in order:
 * a district's subtree *is* `district_id = d` (district_id is the path's second label, kept by jinguo_repath), and
 * deeper subtrees add the path test. Row-level security checks `org_path <@ scope` underneath in every case.
 * (`org_path <@ x and district_id = d` together made PostgreSQL multiply their selectivities and sort the district.)
 */
export function withinPath(path: string): SQL {
  const district = districtIdOfPath(path);
  if (district === null) return sql`${persons.orgPath} <@ ${path}::ltree`;
  if (path.split('.').length === 2) return sql`${persons.districtId} = ${district}`;
  return sql`(${persons.districtId} = ${district} and ${persons.orgPath} <@ ${path}::ltree)`;
}

export async function findPerson(s: Scoped, id: number): Promise<PersonRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(persons)
        .where(and(eq(persons.id, id), personVisible(s)))
    )[0] ?? null
  );
}

/** The names of the persons among `ids` the scope admits, by id, in one query (a page of visits names its women). */
export async function personNames(s: Scoped, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await s.tx
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(and(inArray(persons.id, [...ids]), personVisible(s)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * One person's eligibility facts as a scalar subquery of one JSON value — `{ id, status, gender, birthDate, homePath,
 * tags }` (her current tags, oldest first), or null when she is not found in the scope — for a one-statement read
 * that composes it (care programs: a person against every program in one round trip, docs/decisions/0006). Reached
 * by id, so the subtree is a filter, never an index condition; a mobile federation reaches the women it serves.
 */
export function personFactsJson(s: PersonScope, personId: number): SQL {
  const visible =
    s.mobileOrgId !== null
      ? sql`f.id in (select m.person_id from migrant_profiles m where m.mobile_federation_id = ${s.mobileOrgId})`
      : inSubtreeFilter(s, sql.raw('f.org_path'));
  return sql`(select json_build_object('id', f.id, 'status', f.status, 'gender', f.gender, 'birthDate', f.birth_date,
      'homePath', f.org_path::text,
      'tags', coalesce((select json_agg(t.tag order by t.added_at, t.id) from person_tags t
                        where t.person_id = f.id and t.removed_at is null), '[]'::json))
    from persons f where f.id = ${personId} and ${visible})`;
}

/**
 * The one active person with this phone (keyed hash) in a subtree the reader may see, or null when none or several
 * (an activity links an attendee to her registry record only when that is unambiguous).
 */
export async function personByPhoneHash(
  s: Scoped,
  phoneHash: string,
  withinSubtree: string,
): Promise<{ id: number; name: string } | null> {
  const rows = await s.tx
    .select({ id: persons.id, name: persons.name })
    .from(persons)
    .where(
      and(eq(persons.phoneHash, phoneHash), eq(persons.status, 'active'), withinPath(withinSubtree), personVisible(s)),
    )
    .limit(2);
  return rows.length === 1 ? rows[0]! : null;
}

export async function insertPerson(s: Scoped, row: PersonInsert): Promise<PersonRow> {
  return (await s.tx.insert(persons).values(row).returning())[0]!;
}

/** Optimistic concurrency: the update applies only if nobody changed the row since `version` was read. */
export async function updatePerson(
  s: Scoped,
  id: number,
  version: number,
  patch: Partial<typeof persons.$inferInsert>,
): Promise<PersonRow | null> {
  const rows = await s.tx
    .update(persons)
    .set({ ...patch, version: sql`${persons.version} + 1`, updatedAt: new Date() })
    .where(and(eq(persons.id, id), eq(persons.version, version), inSubtree(s, persons.orgPath)))
    .returning();
  return rows[0] ?? null;
}

export async function idNumberTakenBy(s: Scoped, hash: string, exceptId: number | null): Promise<number | null> {
  const rows = await queryRows<{ id: number | null }>(
    s.tx,
    sql`select jinguo_person_id_taken(${hash}, ${exceptId}::bigint) as id`,
  );
  return rows[0]?.id === null || rows[0]?.id === undefined ? null : Number(rows[0].id);
}

export async function orgSummaries(s: Scoped, ids: number[]) {
  if (!ids.length) return new Map<number, { id: number; code: string; name: string; type: string }>();
  const rows = await s.tx
    .select({ id: orgDirectory.id, code: orgDirectory.code, name: orgDirectory.name, type: orgDirectory.type })
    .from(orgDirectory)
    .where(inArray(orgDirectory.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

/* tags */
export async function tagCodes(s: Scoped): Promise<Set<string>> {
  return new Set((await s.tx.select({ code: tagDefinitions.code }).from(tagDefinitions)).map((r) => r.code));
}
export async function listTagDefinitions(s: Scoped) {
  return s.tx.select().from(tagDefinitions).orderBy(asc(tagDefinitions.category), asc(tagDefinitions.code));
}
export async function insertTagDefinition(s: Scoped, row: typeof tagDefinitions.$inferInsert) {
  return (await s.tx.insert(tagDefinitions).values(row).onConflictDoNothing().returning())[0] ?? null;
}
export async function currentTags(s: Scoped, personIds: number[]) {
  if (!personIds.length) return [];
  return s.tx
    .select()
    .from(personTags)
    .where(and(inArray(personTags.personId, personIds), isNull(personTags.removedAt)))
    .orderBy(asc(personTags.addedAt));
}
export async function tagHistory(s: Scoped, personId: number) {
  return s.tx
    .select()
    .from(personTags)
    .where(eq(personTags.personId, personId))
    .orderBy(desc(personTags.addedAt), desc(personTags.id));
}
export async function addTags(s: Scoped, person: PersonRow, tags: string[], by: string) {
  if (!tags.length) return;
  await s.tx.insert(personTags).values(
    tags.map((tag) => ({
      personId: person.id,
      orgPath: person.orgPath,
      districtId: person.districtId,
      tag,
      addedBy: by,
    })),
  );
}
export async function removeTags(s: Scoped, personId: number, tags: string[], by: string) {
  if (!tags.length) return;
  await s.tx
    .update(personTags)
    .set({ removedAt: new Date(), removedBy: by })
    .where(and(eq(personTags.personId, personId), inArray(personTags.tag, tags), isNull(personTags.removedAt)));
}

/* guardians */
export async function guardiansOf(s: Scoped, childId: number) {
  return s.tx
    .select({ personId: personGuardians.guardianId, relationship: personGuardians.relationship, name: persons.name })
    .from(personGuardians)
    .innerJoin(persons, eq(persons.id, personGuardians.guardianId))
    .where(eq(personGuardians.childId, childId));
}
export async function upsertGuardian(s: Scoped, child: PersonRow, guardianId: number, relationship: string) {
  await s.tx
    .insert(personGuardians)
    .values({ childId: child.id, guardianId, relationship, orgPath: child.orgPath, districtId: child.districtId })
    .onConflictDoUpdate({ target: [personGuardians.childId, personGuardians.guardianId], set: { relationship } });
}
export async function deleteGuardian(s: Scoped, childId: number, guardianId: number) {
  await s.tx
    .delete(personGuardians)
    .where(and(eq(personGuardians.childId, childId), eq(personGuardians.guardianId, guardianId)));
}

/* saved filters */
export async function listSavedFilters(s: Scoped, userId: number) {
  return s.tx
    .select()
    .from(savedFilters)
    .where(and(eq(savedFilters.userId, userId), eq(savedFilters.module, 'people')))
    .orderBy(asc(savedFilters.name));
}
export async function insertSavedFilter(s: Scoped, userId: number, name: string, query: unknown) {
  return (await s.tx.insert(savedFilters).values({ userId, module: 'people', name, query }).returning())[0]!;
}
export async function deleteSavedFilter(s: Scoped, userId: number, id: number) {
  const rows = await s.tx
    .delete(savedFilters)
    .where(and(eq(savedFilters.id, id), eq(savedFilters.userId, userId)))
    .returning({ id: savedFilters.id });
  return rows.length > 0;
}

/**
 * A person moved to another org takes the scope of her own records with her (tags, migrant profile, guardianships,
 * consent records).
 */
export async function moveLinkedRecords(s: Scoped, person: PersonRow): Promise<void> {
  await s.tx
    .update(personTags)
    .set({ orgPath: person.orgPath, districtId: person.districtId })
    .where(eq(personTags.personId, person.id));
  await s.tx
    .update(migrantProfiles)
    .set({ orgPath: person.orgPath, districtId: person.districtId })
    .where(eq(migrantProfiles.personId, person.id));
  await s.tx
    .update(personGuardians)
    .set({ orgPath: person.orgPath, districtId: person.districtId })
    .where(eq(personGuardians.childId, person.id));
  await s.tx
    .update(personConsents)
    .set({ orgPath: person.orgPath, districtId: person.districtId })
    .where(eq(personConsents.personId, person.id));
}
