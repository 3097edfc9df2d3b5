import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { ltree } from '../../platform/db/columns.js';

/**
 * 人员导入: one uploaded workbook or CSV, validated into a preview, then imported by a background job chunk by chunk.
 * Scoped by the importer's acting org (`org_path`). `done_chunks` is the last chunk whose persons committed (in the
 * same transaction), so a job picked up again after a crash resumes with the next one.
 */
export const personImports = pgTable(
  'person_imports',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    orgId: bigint('org_id', { mode: 'number' }).notNull(),
    orgPath: ltree('org_path').notNull(),
    userId: bigint('user_id', { mode: 'number' }).notNull(),
    username: text('username').notNull(),
    filename: text('filename').notNull(),
    format: text('format').notNull(),
    encoding: text('encoding'),
    fileBytes: integer('file_bytes').notNull().default(0),
    status: text('status').notNull().default('validating'),
    columnsRecognised: text('columns_recognised')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    columnsIgnored: text('columns_ignored')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    totalRows: integer('total_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    invalidRows: integer('invalid_rows').notNull().default(0),
    newRows: integer('new_rows').notNull().default(0),
    updateRows: integer('update_rows').notNull().default(0),
    unchangedRows: integer('unchanged_rows').notNull().default(0),
    jobId: text('job_id'),
    stagedChunks: integer('staged_chunks').notNull().default(0),
    doneChunks: integer('done_chunks').notNull().default(0),
    doneRows: integer('done_rows').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    unchanged: integer('unchanged').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    error: jsonb('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** When its staged rows (valid chunks, rows with problems) were deleted: discarded, or past the retention days. */
    purgedAt: timestamp('purged_at', { withTimezone: true }),
  },
  (t) => [
    index('person_imports_user_idx').on(t.userId, t.id),
    index('person_imports_path_gist').using('gist', t.orgPath),
  ],
);

/**
 * The valid rows of an import, one row per chunk (up to 1,000 spreadsheet rows): `data` is a JSON array of the rows'
 * prepared person columns — personal fields already encrypted, hashed and masked by personColumns() — so the import
 * reads one value per chunk instead of a thousand rows.
 */
export const personImportChunks = pgTable(
  'person_import_chunks',
  {
    importId: bigint('import_id', { mode: 'number' }).notNull(),
    chunkNo: integer('chunk_no').notNull(),
    orgPath: ltree('org_path').notNull(),
    firstRow: integer('first_row').notNull(),
    lastRow: integer('last_row').notNull(),
    rowCount: integer('row_count').notNull(),
    data: text('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.chunkNo] })],
);

/**
 * The rows of an import with problems: invalid in the preview (`valid` false: what the user typed, `cells_enc`,
 * encrypted), or valid then but refused by the import (`result` 'refused': the prepared `data`). With `problems`,
 * the reasons, for the preview, the problem list and the annotated workbook.
 */
export const personImportRows = pgTable(
  'person_import_rows',
  {
    importId: bigint('import_id', { mode: 'number' }).notNull(),
    rowNo: integer('row_no').notNull(),
    orgPath: ltree('org_path').notNull(),
    valid: boolean('valid').notNull(),
    name: text('name'),
    data: jsonb('data'),
    cellsEnc: text('cells_enc'),
    problems: jsonb('problems'),
    result: text('result'),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNo] })],
);
