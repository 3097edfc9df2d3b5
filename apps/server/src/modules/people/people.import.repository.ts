import { and, asc, desc, eq, gt, isNull, lt, lte, notInArray, sql } from 'drizzle-orm';
import { inSubtree, type Scoped } from '../../platform/scope.js';
import { personImportChunks, personImportRows, personImports } from './people.import.tables.js';

/** Every SQL statement on the import tables, and the bulk statements the import runs on persons. */
/** Every SQL statement on the import tables: imports, staged chunks and rows with problems. */
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

/* discarding and purging the staged rows */

/** Deletes an import's staged rows — the valid rows' chunks and the rows with problems — and stamps it purged. */
export async function purgeStaged(
  s: Scoped,
  importId: number,
  patch: Partial<typeof personImports.$inferInsert>,
): Promise<ImportRow> {
  await s.tx.delete(personImportChunks).where(eq(personImportChunks.importId, importId));
  await s.tx.delete(personImportRows).where(eq(personImportRows.importId, importId));
  return updateImport(s, importId, { ...patch, purgedAt: new Date() });
}

/**
 * Imports whose staged rows are older than `days` (since they finished, or since the upload for a preview never
 * committed) and not yet purged; an import queued or running keeps its rows until it is done.
 */
export async function importsToPurge(s: Scoped, days: number, limit: number): Promise<ImportRow[]> {
  return s.tx
    .select()
    .from(personImports)
    .where(
      and(
        isNull(personImports.purgedAt),
        notInArray(personImports.status, ['queued', 'running']),
        lt(
          sql`coalesce(${personImports.finishedAt}, ${personImports.createdAt})`,
          sql`now() - make_interval(days => ${days}::int)`,
        ),
        inSubtree(s, personImports.orgPath),
      ),
    )
    .orderBy(asc(personImports.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}
