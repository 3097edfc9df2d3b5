import { type ImportCellProblem, type ImportRowProblems, type PersonImport } from '@jinguo/contracts';
import type { Config } from '../../platform/config.js';
import type { FieldCrypto } from '../../platform/crypto.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { inOrder } from '../../platform/db/client.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { buildTemplate } from './people.excel.js';
import { problem, type PreparedPerson } from './people.import.policy.js';
import * as records from './people.import.records.repository.js';
import * as repo from './people.import.repository.js';
import { importView } from './people.import.views.js';
import type { PersonRow } from './people.repository.js';
import type { PeopleDeps } from './people.service.js';
import { createImportJob } from './people.import.jobs.js';
import { createImportReport } from './people.import.report.service.js';
import { createImportUpload } from './people.import.upload.service.js';
import { createImportDiscard } from './people.import.discard.service.js';

/**
 * What the import's use cases share — the queue, who may import, an import's view, what a checked row will do — and
 * the small ones: the template, reading imports and their problems, queueing an import.
 */

export const IMPORT_QUEUE = 'people-import';
const TEMPLATE_ORG_LIMIT = 20_000;

export interface PeopleImportDeps extends PeopleDeps {
  jobs: Jobs;
  config: Pick<Config, 'importRetentionDays'>;
}

/**
 * PGlite answers from inside this process without any I/O, so a loop of queries never gives the event loop a turn:
 * between chunks and batches we yield, or every other request (the progress bar's polling) waits for the whole import.
 */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export type Counts = { total: number; valid: number; invalid: number; new: number; update: number; unchanged: number };
export type UploadState = {
  seen: Map<string, number>;
  counts: Counts;
  problems: ImportRowProblems[];
  truncated: boolean;
  chunks: number;
};
/**
 * A valid row as staged in its chunk: spreadsheet row, name, what the preview said it would do, the prepared person.
 */
export interface Entry {
  r: number;
  n: string | null;
  a: 'insert' | 'update' | 'unchanged';
  p: PreparedPerson;
}

/**
 * Staged rows are encrypted at rest like the registry's own fields (platform/crypto): a chunk is one ciphertext of
 * its rows' JSON, and a row the import refused keeps its prepared person as one ciphertext (a JSON string in `data`).
 */
export const sealEntries = (crypto: FieldCrypto, entries: readonly Entry[]): string =>
  crypto.encrypt(JSON.stringify(entries));
/** A staged chunk's rows; one staged before staging was encrypted (plain JSON, an upgrade mid-import) reads as is. */
export const openEntries = (crypto: FieldCrypto, data: string): Entry[] =>
  JSON.parse(data.startsWith('[') ? data : crypto.decrypt(data)) as Entry[];
export const sealPrepared = (crypto: FieldCrypto, person: PreparedPerson): string =>
  crypto.encrypt(JSON.stringify(person));
export const openPrepared = (crypto: FieldCrypto, data: unknown): PreparedPerson =>
  (typeof data === 'string' ? JSON.parse(crypto.decrypt(data)) : data) as PreparedPerson;

/** What one valid row will do: refused (with why), a new person, changes to a registered one, or nothing. */
export type Decision =
  | { kind: 'refused'; problem: ImportCellProblem }
  | { kind: 'insert' }
  | { kind: 'update'; existing: PersonRow; changes: Record<string, unknown>; tagsToAdd: string[] }
  | { kind: 'unchanged'; existing: PersonRow };

export const REGISTERED_ELSEWHERE = () =>
  problem(
    'idNumber',
    'registered_elsewhere',
    '该身份证号已登记在您管辖范围以外的组织：不能导入或迁移该人员',
    'this ID number is registered with an org outside your scope: the person cannot be imported or moved',
  );

const SIMPLE_FIELDS = [
  'gender',
  'birthDate',
  'ethnicity',
  'education',
  'occupation',
  'school',
  'careSituation',
] as const;

export function requireImporter(actor: UserActor) {
  requirePermission(actor, 'person.write');
  // A mobile federation reads the women it serves; it does not register them.
  if (actor.scope.orgType === 'mobile_federation') throw new AppError('FORBIDDEN');
}

export async function viewOf(s: Scoped, imp: repo.ImportRow): Promise<PersonImport> {
  return importView(imp, (await records.orgSummary(s, imp.orgId)) ?? { id: imp.orgId, code: '', name: '' });
}

/* ----- deciding what a row does (the preview and the import share this) ----- */

function changesOf(crypto: FieldCrypto, e: PersonRow, p: PreparedPerson): Record<string, unknown> {
  const c = p.cols;
  const out: Record<string, unknown> = {};
  if (c.name !== undefined && c.name !== e.name)
    Object.assign(out, { name: c.name, namePinyin: c.namePinyin, nameInitials: c.nameInitials });
  // An empty cell says nothing: it never erases what the registry knows.
  for (const k of SIMPLE_FIELDS) if (c[k] !== undefined && c[k] !== null && c[k] !== e[k]) out[k] = c[k];
  if (c.phoneHash && c.phoneHash !== e.phoneHash)
    Object.assign(out, { phoneEnc: c.phoneEnc, phoneHash: c.phoneHash, phoneMasked: c.phoneMasked });
  for (const k of ['householdAddressEnc', 'residenceAddressEnc'] as const) {
    const next = c[k] as string | null | undefined;
    if (next && (!e[k] || crypto.decrypt(next) !== crypto.decrypt(e[k]))) out[k] = next;
  }
  if (p.orgId !== e.orgId) Object.assign(out, { orgId: p.orgId, orgPath: p.orgPath, districtId: p.districtId });
  return out;
}

const noIdKey = (
  orgId: number,
  name: string,
  birthDate: string | null | undefined,
  phoneHash: string | null | undefined,
) => `${orgId}|${name}|${birthDate ?? ''}|${phoneHash ?? ''}`;

export async function decide(
  s: Scoped,
  crypto: FieldCrypto,
  rows: { person: PreparedPerson; idHash: string | null }[],
  lock: boolean,
): Promise<Decision[]> {
  const hashes = [...new Set(rows.map((r) => r.idHash).filter((h): h is string => !!h))];
  const registered = await records.registeredIds(s, hashes);
  const inScope = hashes.filter((h) => registered.get(h) === true);
  const byHash = new Map((await records.personsByIdHashes(s, inScope, lock)).map((p) => [p.idNumberHash!, p]));
  const noId = rows.filter((r) => !r.idHash);
  const candidates = await records.personsWithoutId(
    s,
    [...new Set(noId.map((r) => r.person.orgId))],
    [...new Set(noId.map((r) => r.person.cols.name as string))],
    lock,
  );
  const byKey = new Map<string, PersonRow>();
  for (const p of candidates.sort((a, b) => a.id - b.id)) {
    const k = noIdKey(p.orgId, p.name, p.birthDate, p.phoneHash);
    if (!byKey.has(k)) byKey.set(k, p);
  }
  const existing = rows.map((r) => {
    if (r.idHash) return byHash.get(r.idHash) ?? null;
    const c = r.person.cols;
    return (
      byKey.get(
        noIdKey(r.person.orgId, c.name as string, c.birthDate as string | undefined, c.phoneHash as string | undefined),
      ) ?? null
    );
  });
  const tagSets = await records.currentTagSets(
    s,
    existing.filter((e): e is PersonRow => !!e).map((e) => e.id),
  );
  return rows.map((r, i): Decision => {
    const e = existing[i];
    if (!e) {
      // Registered, but not where the importer may see or change her: refused, never moved.
      if (r.idHash && registered.has(r.idHash)) return { kind: 'refused', problem: REGISTERED_ELSEWHERE() };
      return { kind: 'insert' };
    }
    const changes = changesOf(crypto, e, r.person);
    const current = tagSets.get(e.id) ?? new Set<string>();
    const tagsToAdd = r.person.tags.filter((t) => !current.has(t));
    return Object.keys(changes).length || tagsToAdd.length
      ? { kind: 'update', existing: e, changes, tagsToAdd }
      : { kind: 'unchanged', existing: e };
  });
}

export function createImportService(deps: PeopleImportDeps) {
  const { jobs } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  return {
    template: (actor: UserActor) =>
      run(actor, async (s) => {
        requireImporter(actor);
        const orgs = await records.subtreeOrgs(s, TEMPLATE_ORG_LIMIT);
        const tags = await records.tagDictionary(s);
        return buildTemplate({
          orgs: orgs.slice(0, TEMPLATE_ORG_LIMIT),
          orgsComplete: orgs.length <= TEMPLATE_ORG_LIMIT,
          tags,
        });
      }),

    get: (actor: UserActor, id: number) =>
      run(actor, async (s) => {
        const imp = await repo.findImport(s, id, actor.userId);
        if (!imp) throw new AppError('NOT_FOUND');
        return viewOf(s, imp);
      }),

    list: (actor: UserActor, q: { cursor?: string | undefined; limit: number }) =>
      run(actor, async (s) => {
        const cursor = decodeCursor<{ id: number }>(q.cursor);
        const rows = await repo.listImports(s, actor.userId, cursor ? Number(cursor.id) || null : null, q.limit);
        const page = rows.slice(0, q.limit);
        return {
          items: await inOrder(page, (r) => viewOf(s, r)),
          nextCursor: rows.length > q.limit ? encodeCursor({ id: page[page.length - 1]!.id }) : null,
        };
      }),

    /** Every bad row with its reasons, page by page (the preview lists the first IMPORT_PREVIEW_PROBLEM_LIMIT). */
    problems: (actor: UserActor, id: number, q: { cursor?: string | undefined; limit: number }) =>
      run(actor, async (s) => {
        const imp = await repo.findImport(s, id, actor.userId);
        if (!imp) throw new AppError('NOT_FOUND');
        const cursor = decodeCursor<{ row: number }>(q.cursor);
        const rows = await repo.problemRows(s, id, cursor ? Number(cursor.row) || 0 : 0, null, q.limit + 1);
        const page = rows.slice(0, q.limit);
        return {
          items: page.map((r) => ({ row: r.rowNo, name: r.name, problems: (r.problems as ImportCellProblem[]) ?? [] })),
          nextCursor: rows.length > q.limit ? encodeCursor({ row: page[page.length - 1]!.rowNo }) : null,
        };
      }),

    /**
     * Queues the import of the valid rows; the job is enqueued in the same transaction that marks the import queued.
     */
    commit: async (actor: UserActor, id: number) => {
      requireImporter(actor);
      await jobs.ready();
      const view = await run(actor, async (s) => {
        const imp = await repo.findImport(s, id, actor.userId, true);
        if (!imp) throw new AppError('NOT_FOUND');
        if (imp.status !== 'validated')
          throw new AppError('CONFLICT', {
            field: 'status',
            zh: '该导入已提交，或尚未通过校验',
            en: 'This import was committed already or has not been validated',
          });
        if (imp.validRows === 0)
          throw new AppError('CONFLICT', {
            field: 'status',
            zh: '没有可导入的有效行',
            en: 'There are no valid rows to import',
          });
        const jobId = await jobs.send(IMPORT_QUEUE, { importId: id }, { tx: s.tx });
        const queued = await repo.updateImport(s, id, { status: 'queued', jobId, queuedAt: new Date() });
        await appendAudit(s.tx, actor, {
          action: 'person.import.commit',
          targetType: 'person_import',
          targetId: id,
          orgId: imp.orgId,
          orgPath: imp.orgPath,
          after: {
            filename: imp.filename,
            valid: imp.validRows,
            new: imp.newRows,
            update: imp.updateRows,
            unchanged: imp.unchangedRows,
          },
        });
        return viewOf(s, queued);
      });
      jobs.wake(IMPORT_QUEUE);
      return view;
    },
  };
}

/**
 * 人员导入 (PRODUCT §2.2): upload → every row checked into a preview (and an annotated workbook) → the valid rows
 * imported by a background job, chunk by chunk. Each chunk — its persons, tags, the import's cursor and counts and
 * one audit event — commits in one transaction, so a crash loses nothing and half-writes nothing, and the job picked
 * up again after a restart continues after the last committed chunk. Upsert by ID number: importing the same file
 * again changes nothing. Everything runs as the importer, inside her subtree (and under row-level security).
 */

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
    ...createImportDiscard(deps),
  };
}
export type PeopleImports = ReturnType<typeof createPeopleImports>;
