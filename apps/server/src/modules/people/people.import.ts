import { createImportJob } from './people.import.jobs.js';
import { createImportReport } from './people.import.report.service.js';
import { createImportService, type PeopleImportDeps } from './people.import.service.js';
import { createImportUpload } from './people.import.upload.service.js';

/**
 * 人员导入 (PRODUCT §2.2): upload → every row checked into a preview (and an annotated workbook) → the valid rows
 * imported by a background job, chunk by chunk. Each chunk — its persons, tags, the import's cursor and counts and
 * one audit event — commits in one transaction, so a crash loses nothing and half-writes nothing, and the job picked
 * up again after a restart continues after the last committed chunk. Upsert by ID number: importing the same file
 * again changes nothing. Everything runs as the importer, inside her subtree (and under row-level security).
 */

export { IMPORT_QUEUE, type PeopleImportDeps } from './people.import.service.js';
export { IMPORT_BATCH_ROWS } from './people.import.upload.service.js';

/** Test aid: called after each committed chunk (a test simulates a crash from here). */
export const importHooks: {
  afterChunk?: ((e: { importId: number; chunk: number; finished: boolean }) => Promise<void> | void) | undefined;
} = {};

/** The import's use cases, one file per group; its background job registers itself on the queue. */
export function createPeopleImports(deps: PeopleImportDeps) {
  createImportJob(deps, importHooks);
  const { template, get, list, problems, commit } = createImportService(deps);
  return {
    ...createImportUpload(deps),
    template,
    get,
    list,
    problems,
    ...createImportReport(deps),
    commit,
  };
}
export type PeopleImports = ReturnType<typeof createPeopleImports>;
