import { and, asc, desc, eq, gt, inArray, lt, lte, sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../platform/db/client.js';
import { orgDirectory } from '../organizations/index.js';
import { users } from '../../platform/auth/auth.tables.js';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { personImportChunks, personImportRows, personImports } from './people.import.tables.js';
import type { OrgRef } from './people.import.policy.js';
import type { PersonRow } from './people.repository.js';
import { persons, tagDefinitions } from './people.tables.js';

/** Every SQL statement on the import tables, and the bulk statements the import runs on persons. */

export type ImportRow = typeof personImports.$inferSelect;
export type ProblemRow = typeof personImportRows.$inferSelect;
export type ChunkRow = typeof personImportChunks.$inferSelect;

export async function insertImport(s: Scoped, row: typeof personImports.$inferInsert): Promise<ImportRow> {
  return (await s.tx.insert(personImports).values(row).returning())[0]!;
}

/** The actor's own import inside her scope (someone else's, or outside, is "not found"). */
export async function findImport(s: Scoped, id: number, userId: number, lock = false): Promise<ImportRow | null> {
  const q = s.tx
    .select()
    .from(personImports)
    .where(and(eq(personImports.id, id), eq(personImports.userId, userId), inSubtree(s, personImports.orgPath)));
  return (await (lock ? q.for('update') : q))[0] ?? null;
}

/** The import a job works on, locked: a second worker on the same import waits here, then sees the new cursor. */
export async function lockImport(s: Scoped, id: number): Promise<ImportRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(personImports)
        .where(and(eq(personImports.id, id), inSubtree(s, personImports.orgPath)))
        .for('update')
    )[0] ?? null
  );
}

export async function updateImport(
  s: Scoped,
  id: number,
  patch: Partial<typeof personImports.$inferInsert>,
): Promise<ImportRow> {
  return (await s.tx.update(personImports).set(patch).where(eq(personImports.id, id)).returning())[0]!;
}

/** Uploads whose checking never finished (the server stopped meanwhile) are marked failed, not left "validating". */
export async function failStaleValidations(s: Scoped, userId: number): Promise<void> {
  await s.tx
    .update(personImports)
    .set({
      status: 'failed',
      finishedAt: new Date(),
      error: {
        'zh-CN': '文件校验未完成（服务器曾中断），请重新上传',
        'en-US': 'Checking the file did not finish (the server stopped); upload it again',
      },
    })
    .where(
      and(
        eq(personImports.userId, userId),
        eq(personImports.status, 'validating'),
        lt(personImports.createdAt, sql`now() - interval '30 minutes'`),
        inSubtree(s, personImports.orgPath),
      ),
    );
}

export async function listImports(
  s: Scoped,
  userId: number,
  beforeId: number | null,
  limit: number,
): Promise<ImportRow[]> {
  return s.tx
    .select()
    .from(personImports)
    .where(
      and(
        eq(personImports.userId, userId),
        inSubtree(s, personImports.orgPath),
        beforeId ? lt(personImports.id, beforeId) : undefined,
      ),
    )
    .orderBy(desc(personImports.id))
    .limit(limit + 1);
}

/**
 * The staging and import transactions commit without waiting for their WAL to reach the disk (a thousand commits per
 * million rows, each an fsync otherwise). A crash can lose the last few of them — each whole, with the import's cursor
 * and counts and its audit event, never half — and the job redoes them after the restart; an upload whose checking is
 * lost is marked failed (failStaleValidations) and uploaded again.
 */
export async function commitWithoutWaitingForDisk(s: Scoped): Promise<void> {
  await s.tx.execute(sql`set local synchronous_commit = off`);
}

/* staging */

export async function insertChunk(s: Scoped, row: typeof personImportChunks.$inferInsert): Promise<void> {
  await s.tx.insert(personImportChunks).values(row);
}

/** Once imported, the staged copies of the valid rows are not kept (the rows with problems stay, for the workbook). */
export async function dropChunks(s: Scoped, importId: number): Promise<void> {
  await s.tx.delete(personImportChunks).where(eq(personImportChunks.importId, importId));
}

export async function chunkOf(s: Scoped, importId: number, chunkNo: number): Promise<ChunkRow | null> {
  return (
    (
      await s.tx
        .select()
        .from(personImportChunks)
        .where(and(eq(personImportChunks.importId, importId), eq(personImportChunks.chunkNo, chunkNo)))
    )[0] ?? null
  );
}

export interface ProblemInsert {
  import_id: number;
  row_no: number;
  org_path: string;
  valid: boolean;
  name: string | null;
  data: unknown;
  cells_enc: string | null;
  problems: unknown;
  result: string | null;
}

/** One statement for a whole batch: the rows travel as one JSON parameter. */
export async function insertProblemRows(s: Scoped, rows: ProblemInsert[]): Promise<void> {
  if (!rows.length) return;
  await s.tx
    .execute(sql`insert into person_import_rows (import_id, row_no, org_path, valid, name, data, cells_enc, problems, result)
    select import_id, row_no, org_path, valid, name, data, cells_enc, problems, result
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as x(import_id bigint, row_no int, org_path ltree, valid boolean, name text, data jsonb, cells_enc text, problems jsonb, result text)
    on conflict (import_id, row_no) do update set problems = excluded.problems, result = excluded.result, data = excluded.data`);
}

/** Rows with problems after `afterRow` (and up to `upToRow`), in file order. */
export async function problemRows(
  s: Scoped,
  importId: number,
  afterRow: number,
  upToRow: number | null,
  limit: number,
): Promise<ProblemRow[]> {
  return s.tx
    .select()
    .from(personImportRows)
    .where(
      and(
        eq(personImportRows.importId, importId),
        gt(personImportRows.rowNo, afterRow),
        upToRow === null ? undefined : lte(personImportRows.rowNo, upToRow),
      ),
    )
    .orderBy(asc(personImportRows.rowNo))
    .limit(limit);
}

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
