import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { PersonSearchQuery } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { districtIdOfPath, inSubtree, withRowSecurityLifted, type Scoped } from '../../platform/scope.js';

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

/* search */
/** What a search matches: every condition of `where`, and — when given — at least one of the branches of `anyOf`. */
export interface SearchWhere {
  where: SQL[];
  /**
   * Alternatives (a short letter query is initials or the beginning of the pinyin), each found its own way and united:
   * `selective` branches start from a search index and sort their few matches, the others walk the name order.
   */
  anyOf?: { where: SQL; selective: boolean }[];
}
export interface SearchPlan extends SearchWhere {
  order: 'name' | 'birthDate' | 'createdAt';
  desc: boolean;
  after: { k: string; id: number } | null;
  limit: number;
}

/**
 * Sort keys as the indexes store them (migration 0020): the name's pinyin, the birth date with unknown ones last, the
 * registration time. `text` is the key as the cursor carries it; `fromCursor` turns it back into the key's type.
 */
const BIRTH = sql`coalesce(${persons.birthDate}, '9999-12-31'::date)`;
const sortKey = {
  name: { key: sql`${persons.namePinyin}`, text: sql`${persons.namePinyin}`, fromCursor: (k: string) => sql`${k}` },
  birthDate: { key: BIRTH, text: sql`${BIRTH}::text`, fromCursor: (k: string) => sql`${k}::date` },
  createdAt: {
    key: sql`${persons.createdAt}`,
    text: sql`to_char(${persons.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')`,
    fromCursor: (k: string) => sql`(${k}::timestamp at time zone 'UTC')`,
  },
};

/**
 * The search's first phase as one statement: ordered candidate ids (and their sort keys) by the app's predicates. With
 * a text query the sort key is written so it cannot use the name index in order: the planner then starts from the
 * selective search index and sorts the few matches. Run with row-level security lifted (searchPersons); exported so
 * the benchmark's raw SQL twin runs the very same text.
 */
export function searchCandidatesStatement(s: PersonScope, plan: SearchPlan & { selective?: boolean }): SQL {
  const sort = sortKey[plan.order];
  const direction = sql.raw(plan.desc ? 'desc' : 'asc');
  // `status = 'active'` as a literal: the covering indexes are partial on it (migration 0020)
  const branch = (extra: SQL | null, selective: boolean) => {
    const key = selective && plan.order === 'name' ? sql`(${persons.namePinyin} || '')` : sort.key;
    const conds = [personVisible(s), sql`${persons.status} = 'active'`, ...plan.where, ...(extra ? [extra] : [])];
    if (plan.after) {
      const k = sort.fromCursor(plan.after.k);
      conds.push(
        plan.desc
          ? sql`(${key}, ${persons.id}) < (${k}, ${plan.after.id})`
          : sql`(${key}, ${persons.id}) > (${k}, ${plan.after.id})`,
      );
    }
    return sql`select ${persons.id} as id, ${key} as sk, ${sort.text} as k from ${persons} where ${and(...conds)} order by ${key} ${direction}, ${persons.id} ${direction} limit ${plan.limit + 1}`;
  };
  if (!plan.anyOf?.length) return branch(null, !!plan.selective);
  // the first page of each branch, united: the first page of the union
  const branches = sql.join(
    plan.anyOf.map((b) => sql`(${branch(b.where, b.selective)})`),
    sql` union `,
  );
  return sql`select c.id, c.sk, c.k from (${branches}) c order by c.sk ${direction}, c.id ${direction} limit ${plan.limit + 1}`;
}

/**
 * The second phase's predicate: the candidates read back under row-level security (anything outside the scope drops).
 */
export function personsByIdsCondition(s: PersonScope, ids: number[]): SQL {
  return and(inArray(persons.id, ids), personVisible(s))!;
}

/**
 * Two phases: ordered candidate ids by the app's predicates with RLS lifted (so prefix and trigram indexes work), then
 * the rows read back under RLS.
 */
/**
 * The first phase is a short index walk: no parallel workers (their start-up alone was 70–80 ms on the shared 2-core
 * machine, for a scan of a few milliseconds) and no JIT compilation (~40 ms) for the rare plan whose estimate is large.
 */
export const CANDIDATE_SETTINGS = sql`select set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`;

export async function searchPersons(s: Scoped, plan: SearchPlan & { selective?: boolean }) {
  const candidates = await withRowSecurityLifted(s, async () => {
    await s.tx.execute(CANDIDATE_SETTINGS);
    return queryRows<{ id: number; k: string }>(s.tx, searchCandidatesStatement(s, plan));
  });
  if (!candidates.length) return [];
  const rows = await s.tx
    .select()
    .from(persons)
    .where(
      personsByIdsCondition(
        s,
        candidates.map((c) => Number(c.id)),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return candidates.flatMap((c) => (byId.has(Number(c.id)) ? [{ p: byId.get(Number(c.id))!, k: String(c.k) }] : []));
}

/** Which lookup a text query is: an ID number or a mobile number is looked up by its keyed hash. */
export function searchLookups(
  text: string,
  lookupHash: (value: string) => string,
): { idHash?: string; phoneHash?: string } {
  return /^\d{17}[\dXx]$/.test(text)
    ? { idHash: lookupHash(text) }
    : /^1\d{10}$/.test(text)
      ? { phoneHash: lookupHash(text) }
      : {};
}

/**
 * A text query other than a full-pinyin prefix narrows by a search index (the candidates are sorted, not walked in
 * order).
 */
export const selectiveQuery = (text: string | undefined) => !!text && !/^[a-zA-Z]{5,}$/.test(text);

/**
 * The conditions of a search. `scope` is the searcher's: with `orgPath`, it names the district the name-fragment lookup
 * can be narrowed to (a mobile federation's reach is not a subtree, so it never narrows).
 */
export function queryConditions(
  q: PersonSearchQuery,
  lookups: { idHash?: string; phoneHash?: string },
  orgPath: string | null,
  today: string,
  scope: PersonScope | null = null,
): SearchWhere {
  const where: SQL[] = [];
  const district = orgPath
    ? districtIdOfPath(orgPath)
    : scope && scope.mobileOrgId === null && scope.scopePath
      ? districtIdOfPath(scope.scopePath)
      : null;
  let anyOf: SearchWhere['anyOf'];
  if (orgPath) where.push(withinPath(orgPath));
  if (q.q) {
    const text = q.q;
    if (lookups.idHash) where.push(eq(persons.idNumberHash, lookups.idHash));
    else if (lookups.phoneHash) where.push(eq(persons.phoneHash, lookups.phoneHash));
    else if (/^[a-zA-Z]+$/.test(text)) {
      const prefix = `${text.toLowerCase()}%`;
      // Names have 2–4 characters, so initials have at most 4 letters: a longer query is full pinyin, whose prefix
      // range on the (name_pinyin, id) index is already in result order.
      // The range form lets the default-collation btree serve the prefix (LIKE alone needs a C collation).
      const lower = text.toLowerCase();
      const upper = lower.slice(0, -1) + String.fromCharCode(lower.charCodeAt(lower.length - 1) + 1);
      const pinyinPrefix = sql`(${persons.namePinyin} >= ${lower} and ${persons.namePinyin} < ${upper} and ${persons.namePinyin} like ${prefix})`;
      if (text.length > 4) where.push(pinyinPrefix);
      else
        anyOf = [
          { where: sql`${persons.nameInitials} like ${prefix}`, selective: true },
          { where: pinyinPrefix, selective: false },
        ];
    } else {
      const like = sql`${persons.name} like ${`%${text.replace(/[%_\\]/g, '\\$&')}%`}`;
      // The name-key index narrows to candidates — inside one district when the scope is one (its keys are the
      // name's bigrams, plain and prefixed with the district: drizzle/0020); LIKE keeps the exact substring meaning.
      const keys =
        district === null ? sql`jinguo_bigrams(${text})` : sql`jinguo_district_bigrams(${district}::bigint, ${text})`;
      where.push(
        [...text].length >= 2
          ? sql`(jinguo_name_keys(${persons.districtId}, ${persons.name}) @> ${keys} and ${like})`
          : like,
      );
    }
  }
  const tags = q.tag === undefined ? [] : Array.isArray(q.tag) ? q.tag : [q.tag];
  for (const tag of tags)
    where.push(
      sql`exists (select 1 from person_tags t where t.person_id = ${persons.id} and t.tag = ${tag} and t.removed_at is null)`,
    );
  // on the column itself (its statistics estimate the range well), read from the covering name-order indexes
  if (q.ageMin !== undefined)
    where.push(sql`${persons.birthDate} <= (${today}::date - make_interval(years => ${q.ageMin}))::date`);
  if (q.ageMax !== undefined)
    where.push(sql`${persons.birthDate} > (${today}::date - make_interval(years => ${q.ageMax + 1}))::date`);
  if (q.gender) where.push(eq(persons.gender, q.gender));
  return anyOf ? { where, anyOf } : { where };
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

/** A person moved to another org takes the scope of her own records with her (tags, migrant profile, guardianships). */
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
}
