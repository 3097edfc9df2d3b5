import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import type { OrgRef } from './people.import.policy.js';
import type { PersonRow } from './people.repository.js';
import { persons, tagDefinitions } from './people.tables.js';

/** What the import reads and writes outside its own tables: orgs and tags it checks rows against, and the bulk
 * statements it runs on persons. */
/* orgs, tags */

/** Orgs by code inside the actor's subtree (RLS would also admit her ancestors: the subtree test is explicit). */
export async function orgsByCodes(s: Scoped, codes: string[]): Promise<OrgRef[]> {
  if (!codes.length) return [];
  return s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      path: orgDirectory.path,
      districtId: orgDirectory.districtId,
      status: orgDirectory.status,
    })
    .from(orgDirectory)
    .where(and(inArray(orgDirectory.code, codes), inSubtree(s, orgDirectory.path)));
}
export async function orgsByIds(s: Scoped, ids: number[]): Promise<OrgRef[]> {
  if (!ids.length) return [];
  return s.tx
    .select({
      id: orgDirectory.id,
      code: orgDirectory.code,
      path: orgDirectory.path,
      districtId: orgDirectory.districtId,
      status: orgDirectory.status,
    })
    .from(orgDirectory)
    .where(and(inArray(orgDirectory.id, ids), inSubtree(s, orgDirectory.path)));
}
export async function orgSummary(s: Scoped, id: number) {
  return (
    (
      await s.tx
        .select({ id: orgDirectory.id, code: orgDirectory.code, name: orgDirectory.name })
        .from(orgDirectory)
        .where(eq(orgDirectory.id, id))
    )[0] ?? null
  );
}
/** Active orgs of the subtree for the template's org-code list, in tree order. */
export async function subtreeOrgs(s: Scoped, limit: number) {
  return s.tx
    .select({ code: orgDirectory.code, name: orgDirectory.name })
    .from(orgDirectory)
    .where(and(eq(orgDirectory.status, 'active'), inSubtree(s, orgDirectory.path)))
    .orderBy(asc(orgDirectory.path))
    .limit(limit + 1);
}
export async function tagDictionary(s: Scoped) {
  return s.tx
    .select({ code: tagDefinitions.code, nameZh: tagDefinitions.nameZh })
    .from(tagDefinitions)
    .orderBy(asc(tagDefinitions.category), asc(tagDefinitions.code));
}

/* persons */

const textArray = (values: string[]) => `{${values.join(',')}}`; // base64url hashes: no quoting needed

/** Which ID numbers are registered already, and whether inside the actor's scope (yes/no only, see the migration). */
export async function registeredIds(s: Scoped, hashes: string[]): Promise<Map<string, boolean>> {
  if (!hashes.length) return new Map();
  const rows = await queryRows<{ id_hash: string; in_scope: boolean }>(
    s.tx,
    sql`select id_hash, in_scope from jinguo_person_ids_registered(${textArray(hashes)}::text[])`,
  );
  return new Map(rows.map((r) => [r.id_hash, r.in_scope]));
}

/** One array parameter (not a thousand): the planner walks the ID-number index instead of the subtree's. */
export async function personsByIdHashes(s: Scoped, hashes: string[], lock: boolean): Promise<PersonRow[]> {
  if (!hashes.length) return [];
  const q = s.tx
    .select()
    .from(persons)
    .where(
      and(
        sql`${persons.idNumberHash} = any(${textArray(hashes)}::text[])`,
        eq(persons.status, 'active'),
        inSubtree(s, persons.orgPath),
      ),
    );
  return lock ? q.for('update') : q;
}

/** Candidates for rows without an ID number: same org and name, no ID number registered. */
export async function personsWithoutId(
  s: Scoped,
  orgIds: number[],
  names: string[],
  lock: boolean,
): Promise<PersonRow[]> {
  if (!orgIds.length || !names.length) return [];
  const q = s.tx
    .select()
    .from(persons)
    .where(
      and(
        inArray(persons.orgId, orgIds),
        inArray(persons.name, names),
        sql`${persons.idNumberHash} is null`,
        eq(persons.status, 'active'),
        inSubtree(s, persons.orgPath),
      ),
    );
  return lock ? q.for('update') : q;
}

export async function currentTagSets(s: Scoped, personIds: number[]): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!personIds.length) return out;
  const rows = await queryRows<{ person_id: number; tag: string }>(
    s.tx,
    sql`select person_id, tag from person_tags where person_id = any(${`{${personIds.join(',')}}`}::bigint[]) and removed_at is null`,
  );
  for (const r of rows) {
    const id = Number(r.person_id);
    if (!out.has(id)) out.set(id, new Set());
    out.get(id)!.add(r.tag);
  }
  return out;
}

export async function nextPersonIds(s: Scoped, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await queryRows<{ id: number }>(
    s.tx,
    sql`select nextval(pg_get_serial_sequence('persons', 'id')) as id from generate_series(1, ${n}::int)`,
  );
  return rows.map((r) => Number(r.id));
}

/** Person columns in snake_case, as the bulk statements read them from JSON. */
export interface PersonRecord {
  id: number;
  org_id: number;
  org_path: string;
  district_id: number | null;
  name: string;
  name_pinyin: string;
  name_initials: string;
  gender: string | null;
  birth_date: string | null;
  id_number_enc: string | null;
  id_number_hash: string | null;
  id_number_masked: string | null;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  household_address_enc: string | null;
  residence_address_enc: string | null;
  ethnicity: string | null;
  education: string | null;
  occupation: string | null;
  school: string | null;
  care_situation: string | null;
}
const RECORD_COLUMNS = `id bigint, org_id bigint, org_path ltree, district_id bigint, name text, name_pinyin text, name_initials text, gender text, birth_date date,
  id_number_enc text, id_number_hash text, id_number_masked text, phone_enc text, phone_hash text, phone_masked text, household_address_enc text,
  residence_address_enc text, ethnicity text, education text, occupation text, school text, care_situation text`;
const SET_COLUMNS = [
  'org_id',
  'org_path',
  'district_id',
  'name',
  'name_pinyin',
  'name_initials',
  'gender',
  'birth_date',
  'id_number_enc',
  'id_number_hash',
  'id_number_masked',
  'phone_enc',
  'phone_hash',
  'phone_masked',
  'household_address_enc',
  'residence_address_enc',
  'ethnicity',
  'education',
  'occupation',
  'school',
  'care_situation',
];

/**
 * A whole chunk of new persons in one INSERT … SELECT from one JSON parameter (json, not jsonb: read once, it need not
 * be converted to the binary form first). An ID number registered meanwhile (since
 * the preview) is skipped rather than an error: the ids actually inserted come back.
 */
export async function insertPersons(s: Scoped, rows: PersonRecord[]): Promise<Set<number>> {
  if (!rows.length) return new Set();
  const inserted = await queryRows<{ id: number }>(
    s.tx,
    sql`insert into persons (id, ${sql.raw(SET_COLUMNS.join(', '))})
    select id, ${sql.raw(SET_COLUMNS.join(', '))} from json_to_recordset(${JSON.stringify(rows)}::json) as x(${sql.raw(RECORD_COLUMNS)})
    on conflict (id_number_hash) where id_number_hash is not null and status = 'active' do nothing
    returning id`,
  );
  return new Set(inserted.map((r) => Number(r.id)));
}

/** The changed persons of a chunk in one UPDATE … FROM; each one's version goes up by one. */
export async function updatePersons(s: Scoped, rows: PersonRecord[]): Promise<number> {
  if (!rows.length) return 0;
  const rs = await queryRows<{ id: number }>(
    s.tx,
    sql`update persons p set ${sql.raw(SET_COLUMNS.map((c) => `${c} = x.${c}`).join(', '))}, version = p.version + 1, updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(${sql.raw(RECORD_COLUMNS)})
    where p.id = x.id returning p.id`,
  );
  return rs.length;
}

export async function insertTags(
  s: Scoped,
  rows: { person_id: number; org_path: string; district_id: number | null; tag: string; added_by: string }[],
): Promise<void> {
  if (!rows.length) return;
  await s.tx.execute(sql`insert into person_tags (person_id, org_path, district_id, tag, added_by)
    select person_id, org_path, district_id, tag, added_by from json_to_recordset(${JSON.stringify(rows)}::json)
      as x(person_id bigint, org_path ltree, district_id bigint, tag text, added_by text)`);
}

/** A row's 现工作地 for its person: codes, or the text and why it names no place. */
export interface MigrantPlaceRow {
  person_id: number;
  org_path: string;
  district_id: number | null;
  text: string;
  province: string | null;
  city: string | null;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  issue: string | null;
}

/**
 * The current places of imported women, on their migrant profiles (created, or their place replaced): the mobile
 * federation whose catchment holds each, a place too coarse for her federations flagged like an unknown one, and her
 * home place from the division of her home org. The rest of a profile is left as it was.
 */
export async function upsertMigrantPlaces(s: Scoped, rows: MigrantPlaceRow[]): Promise<void> {
  if (!rows.length) return;
  await s.tx.execute(sql`with x as (
      select x.*, x.org_path::ltree as path, coalesce(x."districtCode", x."cityCode", x."provinceCode") as code,
        (select left(d.division_code, 6) from org_directory d
          where d.id = any(string_to_array(x.org_path, '.')::bigint[]) and d.division_code ~ '^[0-9]{6}'
          order by d.depth desc limit 1) as home
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(person_id bigint, org_path text, district_id bigint,
        text text, province text, city text, "provinceCode" text, "cityCode" text, "districtCode" text, issue text)
    ), m as (
      select x.*, case when code is not null then jinguo_match_mobile_federation(path, code) end as mobile from x
    )
    insert into migrant_profiles (person_id, org_path, district_id, current_province, current_city, current_place_text,
      current_province_code, current_city_code, current_district_code, home_province_code, home_city_code,
      home_district_code, place_issue, mobile_federation_id, updated_at)
    select person_id, path, district_id, coalesce(province, text), city, text,
      "provinceCode", "cityCode", "districtCode", left(home, 2), left(home, 4), home,
      coalesce(issue, case when code is not null and mobile is null and jinguo_mobile_federation_within(path, code)
        then 'coarse' end), mobile, now()
    from m
    on conflict (person_id) do update set org_path = excluded.org_path, district_id = excluded.district_id,
      current_province = excluded.current_province, current_city = excluded.current_city,
      current_place_text = excluded.current_place_text, current_province_code = excluded.current_province_code,
      current_city_code = excluded.current_city_code, current_district_code = excluded.current_district_code,
      home_province_code = coalesce(migrant_profiles.home_province_code, excluded.home_province_code),
      home_city_code = coalesce(migrant_profiles.home_city_code, excluded.home_city_code),
      home_district_code = coalesce(migrant_profiles.home_district_code, excluded.home_district_code),
      place_issue = excluded.place_issue, mobile_federation_id = excluded.mobile_federation_id, updated_at = now()`);
}

/* the job's actor */

export async function importer(s: Scoped, userId: number, orgId: number) {
  const [user] = await s.tx
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      orgId: users.orgId,
      orgPath: users.orgPath,
      roles: users.roles,
      status: users.status,
    })
    .from(users)
    .where(eq(users.id, userId));
  const [org] = await s.tx
    .select({ id: orgDirectory.id, path: orgDirectory.path, type: orgDirectory.type, status: orgDirectory.status })
    .from(orgDirectory)
    .where(eq(orgDirectory.id, orgId));
  return { user: user ?? null, org: org ?? null };
}

/** PGlite has no autovacuum: the planner's statistics refreshed after a bulk load (docs/stack-notes.md). */
export async function analyzePersons(db: Queryable): Promise<void> {
  await db.execute(sql`analyze persons`);
}
