import { inOrder } from '../../platform/db/client.js';
import { sql } from 'drizzle-orm';
import {
  CARE_SITUATION_LABELS,
  EDUCATION_LABELS,
  GENDER_LABELS,
  IMPORT_PREVIEW_PROBLEM_LIMIT,
  permissionsOf,
  type ImportCellProblem,
  type ImportPreview,
  type ImportRowProblems,
  type LocalizedText,
  type PersonImport,
  type Role,
} from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import type { JobContext, Jobs } from '../../platform/jobs/jobs.js';
import {
  requirePermission,
  runAsSystem,
  runScoped,
  systemActor,
  type Scoped,
  type UserActor,
} from '../../platform/scope.js';
import { pinyinKeys } from '../organizations/index.js';
import { buildTemplate, errorWorkbookColumns, errorWorkbookRow, streamWorkbook, DATA_SHEET } from './people.excel.js';
import { mapHeader, openSheet, rowCells, type Cells } from './people.import.excel.js';
import * as repo from './people.import.repository.js';
import {
  checkRow,
  problem,
  type CheckedRow,
  type OrgRef,
  type PreparedPerson,
  type RowEnv,
} from './people.import.policy.js';
import type { PersonRow } from './people.repository.js';
import type { PeopleDeps } from './people.service.js';

/**
 * 人员导入 (PRODUCT §2.2): upload → every row checked into a preview (and an annotated workbook) → the valid rows
 * imported by a background job, chunk by chunk. Each chunk — its persons, tags, the import's cursor and counts and
 * one audit event — commits in one transaction, so a crash loses nothing and half-writes nothing, and the job picked
 * up again after a restart continues after the last committed chunk. Upsert by ID number: importing the same file
 * again changes nothing. Everything runs as the importer, inside her subtree (and under row-level security).
 */

export const IMPORT_QUEUE = 'people-import';
/** Spreadsheet rows checked per batch; a batch's valid rows are one chunk of the import (one transaction). */
export const IMPORT_BATCH_ROWS = 1000;
const TEMPLATE_ORG_LIMIT = 20_000;
const ANALYZE_AFTER_ROWS = 10_000;
/**
 * PGlite answers from inside this process without any I/O, so a loop of queries never gives the event loop a turn:
 * between chunks and batches we yield, or every other request (the progress bar's polling) waits for the whole import.
 */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Test aid: called after each committed chunk (a test simulates a crash from here). */
export const importHooks: {
  afterChunk?: ((e: { importId: number; chunk: number; finished: boolean }) => Promise<void> | void) | undefined;
} = {};

export interface PeopleImportDeps extends PeopleDeps {
  jobs: Jobs;
}

type Counts = { total: number; valid: number; invalid: number; new: number; update: number; unchanged: number };
type UploadState = {
  seen: Map<string, number>;
  counts: Counts;
  problems: ImportRowProblems[];
  truncated: boolean;
  chunks: number;
};
/**
 * A valid row as staged in its chunk: spreadsheet row, name, what the preview said it would do, the prepared person.
 */
interface Entry {
  r: number;
  n: string | null;
  a: 'insert' | 'update' | 'unchanged';
  p: PreparedPerson;
}

/** What one valid row will do: refused (with why), a new person, changes to a registered one, or nothing. */
type Decision =
  | { kind: 'refused'; problem: ImportCellProblem }
  | { kind: 'insert' }
  | { kind: 'update'; existing: PersonRow; changes: Record<string, unknown>; tagsToAdd: string[] }
  | { kind: 'unchanged'; existing: PersonRow };

const REGISTERED_ELSEWHERE = () =>
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

export function createPeopleImports(deps: PeopleImportDeps) {
  const { crypto, jobs } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  function requireImporter(actor: UserActor) {
    requirePermission(actor, 'person.write');
    // A mobile federation reads the women it serves; it does not register them.
    if (actor.scope.orgType === 'mobile_federation') throw new AppError('FORBIDDEN');
  }

  async function viewOf(s: Scoped, imp: repo.ImportRow): Promise<PersonImport> {
    const org = (await repo.orgSummary(s, imp.orgId)) ?? { id: imp.orgId, code: '', name: '' };
    return {
      id: imp.id,
      filename: imp.filename,
      format: imp.format as PersonImport['format'],
      encoding: imp.encoding,
      status: imp.status as PersonImport['status'],
      org,
      createdBy: imp.username,
      counts: {
        total: imp.totalRows,
        valid: imp.validRows,
        invalid: imp.invalidRows,
        new: imp.newRows,
        update: imp.updateRows,
        unchanged: imp.unchangedRows,
      },
      progress: {
        done: imp.doneRows,
        total: imp.validRows,
        percent: imp.validRows
          ? Math.round((imp.doneRows / imp.validRows) * 1000) / 10
          : imp.status === 'done'
            ? 100
            : 0,
      },
      result: { inserted: imp.inserted, updated: imp.updated, unchanged: imp.unchanged, refused: imp.refused },
      error: (imp.error as LocalizedText | null) ?? null,
      createdAt: imp.createdAt.toISOString(),
      queuedAt: imp.queuedAt?.toISOString() ?? null,
      startedAt: imp.startedAt?.toISOString() ?? null,
      finishedAt: imp.finishedAt?.toISOString() ?? null,
    };
  }

  /* ----- deciding what a row does (the preview and the import share this) ----- */

  function changesOf(e: PersonRow, p: PreparedPerson): Record<string, unknown> {
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

  async function decide(
    s: Scoped,
    rows: { person: PreparedPerson; idHash: string | null }[],
    lock: boolean,
  ): Promise<Decision[]> {
    const hashes = [...new Set(rows.map((r) => r.idHash).filter((h): h is string => !!h))];
    const registered = await repo.registeredIds(s, hashes);
    const inScope = hashes.filter((h) => registered.get(h) === true);
    const byHash = new Map((await repo.personsByIdHashes(s, inScope, lock)).map((p) => [p.idNumberHash!, p]));
    const noId = rows.filter((r) => !r.idHash);
    const candidates = await repo.personsWithoutId(
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
          noIdKey(
            r.person.orgId,
            c.name as string,
            c.birthDate as string | undefined,
            c.phoneHash as string | undefined,
          ),
        ) ?? null
      );
    });
    const tagSets = await repo.currentTagSets(
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
      const changes = changesOf(e, r.person);
      const current = tagSets.get(e.id) ?? new Set<string>();
      const tagsToAdd = r.person.tags.filter((t) => !current.has(t));
      return Object.keys(changes).length || tagsToAdd.length
        ? { kind: 'update', existing: e, changes, tagsToAdd }
        : { kind: 'unchanged', existing: e };
    });
  }

  /* ----- upload and preview ----- */

  /**
   * A batch in two steps, so that on PostgreSQL the next batch is checked (CPU: encryption, ID rules) while this one's
   * lookups and staging run in the database: `checkBatch` in file order, then `stageBatch` in a transaction.
   */
  async function checkBatch(
    actor: UserActor,
    batch: { rowNo: number; cells: Cells; idWasNumber: boolean }[],
    env: RowEnv & { orgCache: Map<string, OrgRef | null> },
    st: UploadState,
  ) {
    const unknownCodes = [
      ...new Set(batch.map((r) => r.cells.orgCode).filter((c): c is string => !!c && !env.orgCache.has(c))),
    ];
    if (unknownCodes.length) {
      const found = new Map((await run(actor, (s) => repo.orgsByCodes(s, unknownCodes))).map((o) => [o.code, o]));
      for (const c of unknownCodes) env.orgCache.set(c, found.get(c) ?? null);
    }
    const checked: CheckedRow[] = batch.map((r) => checkRow(r.rowNo, r.cells, r.idWasNumber, env));
    // Duplicates inside the file: the first occurrence stands, later ones are refused pointing at it.
    for (let i = 0; i < checked.length; i++) {
      const c = checked[i]!;
      if (!c.ok) continue;
      const first = st.seen.get(c.dupKey);
      if (first === undefined) {
        st.seen.set(c.dupKey, c.rowNo);
        continue;
      }
      const p = c.idHash
        ? problem(
            'idNumber',
            'duplicate_in_file',
            `与第 ${first} 行的身份证号重复`,
            `the same ID number as row ${first}`,
          )
        : problem(
            null,
            'duplicate_in_file',
            `与第 ${first} 行重复（姓名、出生日期、手机号码和组织都相同）`,
            `the same person as row ${first} (name, birth date, phone and org)`,
          );
      checked[i] = { rowNo: c.rowNo, name: c.name, ok: false, problems: [p], cells: batch[i]!.cells };
    }
    return checked;
  }

  async function stageBatch(
    actor: UserActor,
    imp: repo.ImportRow,
    batch: { rowNo: number; cells: Cells; idWasNumber: boolean }[],
    checked: CheckedRow[],
    st: UploadState,
  ) {
    await run(actor, async (s) => {
      await repo.commitWithoutWaitingForDisk(s);
      const okRows = checked.filter((c): c is Extract<CheckedRow, { ok: true }> => c.ok);
      const decisions = await decide(s, okRows, false);
      const decisionOf = new Map(okRows.map((r, i) => [r.rowNo, decisions[i]!]));
      const entries: Entry[] = [];
      const problems: repo.ProblemInsert[] = [];
      for (let i = 0; i < checked.length; i++) {
        const c = checked[i]!;
        st.counts.total++;
        let rowProblems: ImportCellProblem[];
        if (c.ok) {
          const d = decisionOf.get(c.rowNo)!;
          if (d.kind !== 'refused') {
            st.counts.valid++;
            st.counts[d.kind === 'insert' ? 'new' : d.kind]++;
            entries.push({ r: c.rowNo, n: c.name, a: d.kind, p: c.person });
            continue;
          }
          rowProblems = [d.problem];
        } else rowProblems = c.problems;
        st.counts.invalid++;
        problems.push({
          import_id: imp.id,
          row_no: c.rowNo,
          org_path: imp.orgPath,
          valid: false,
          name: c.name,
          data: null,
          cells_enc: crypto.encrypt(JSON.stringify(batch[i]!.cells)),
          problems: rowProblems,
          result: null,
        });
        if (st.problems.length < IMPORT_PREVIEW_PROBLEM_LIMIT)
          st.problems.push({ row: c.rowNo, name: c.name, problems: rowProblems });
        else st.truncated = true;
      }
      if (entries.length) {
        st.chunks++;
        await repo.insertChunk(s, {
          importId: imp.id,
          chunkNo: st.chunks,
          orgPath: imp.orgPath,
          firstRow: entries[0]!.r,
          lastRow: entries[entries.length - 1]!.r,
          rowCount: entries.length,
          data: JSON.stringify(entries),
        });
      }
      await repo.insertProblemRows(s, problems);
    });
  }

  async function upload(actor: UserActor, filename: string, body: Buffer): Promise<ImportPreview> {
    requireImporter(actor);
    const sheet = openSheet(body, filename);
    let first = await sheet.rows.next();
    while (!first.done && first.value.cells.every((c) => c === null || String(c).trim() === ''))
      first = await sheet.rows.next();
    if (first.done)
      throw new AppError('VALIDATION_FAILED', {
        field: 'file',
        zh: '文件中没有数据',
        en: 'The file has no data',
        errors: [
          { field: 'file', code: 'empty', message: { 'zh-CN': '文件中没有数据', 'en-US': 'the file has no data' } },
        ],
      });
    const header = mapHeader(first.value.cells);
    const { imp, tags } = await run(actor, async (s) => {
      await repo.failStaleValidations(s, actor.userId);
      const tagRows = await repo.tagDictionary(s);
      const imp = await repo.insertImport(s, {
        orgId: actor.scope.orgId,
        orgPath: actor.scope.path,
        userId: actor.userId,
        username: actor.username,
        filename,
        format: sheet.format,
        encoding: sheet.encoding,
        fileBytes: body.length,
        status: 'validating',
        columnsRecognised: header.recognised,
        columnsIgnored: header.ignored,
      });
      return { imp, tags: tagRows };
    });
    const tagMap = new Map<string, string>();
    for (const t of tags) {
      tagMap.set(t.code.toLowerCase(), t.code);
      tagMap.set(t.nameZh.toLowerCase(), t.code);
    }
    const orgCache = new Map<string, OrgRef | null>();
    const pinyinCache = new Map<string, { namePinyin: string; nameInitials: string }>();
    const env = {
      crypto,
      today: deps.today(),
      tags: tagMap,
      orgCache,
      org: (code: string) => orgCache.get(code) ?? null,
      pinyin: (name: string) => {
        let keys = pinyinCache.get(name);
        if (!keys) {
          if (pinyinCache.size > 200_000) pinyinCache.clear();
          pinyinCache.set(name, (keys = pinyinKeys(name)));
        }
        return keys;
      },
    };
    const st: UploadState = {
      seen: new Map(),
      counts: { total: 0, valid: 0, invalid: 0, new: 0, update: 0, unchanged: 0 },
      problems: [],
      truncated: false,
      chunks: 0,
    };
    try {
      let batch: { rowNo: number; cells: Cells; idWasNumber: boolean }[] = [];
      let staging: Promise<void> = Promise.resolve();
      for await (const r of sheet.rows) {
        const rc = rowCells(header, r.cells);
        if (rc.empty) continue;
        batch.push({ rowNo: r.rowNo, cells: rc.cells, idWasNumber: rc.idWasNumber });
        if (batch.length >= IMPORT_BATCH_ROWS) {
          await yieldToOthers();
          const checked = await checkBatch(actor, batch, env, st);
          await staging;
          staging = stageBatch(actor, imp, batch, checked, st);
          // Awaited below; this only keeps it from being reported as unhandled meanwhile
          staging.catch(() => undefined);
          batch = [];
        }
      }
      if (batch.length) {
        const checked = await checkBatch(actor, batch, env, st);
        await staging;
        staging = stageBatch(actor, imp, batch, checked, st);
      }
      await staging;
    } catch (err) {
      const e =
        err instanceof AppError
          ? err
          : new AppError('VALIDATION_FAILED', {
              field: 'file',
              zh: '文件无法读取，请确认是 .xlsx 或 CSV 文件',
              en: 'The file could not be read: upload an .xlsx or CSV file',
            });
      await run(actor, (s) =>
        repo.updateImport(s, imp.id, {
          status: 'failed',
          error: { 'zh-CN': e.zh, 'en-US': e.en },
          finishedAt: new Date(),
        }),
      );
      throw e;
    }
    return run(actor, async (s) => {
      const c = st.counts;
      const done = await repo.updateImport(s, imp.id, {
        status: 'validated',
        stagedChunks: st.chunks,
        totalRows: c.total,
        validRows: c.valid,
        invalidRows: c.invalid,
        newRows: c.new,
        updateRows: c.update,
        unchangedRows: c.unchanged,
      });
      await appendAudit(s.tx, actor, {
        action: 'person.import.upload',
        targetType: 'person_import',
        targetId: imp.id,
        orgId: imp.orgId,
        orgPath: imp.orgPath,
        after: { filename, format: sheet.format, encoding: sheet.encoding, bytes: body.length, counts: c },
      });
      return {
        ...(await viewOf(s, done)),
        columns: { recognised: header.recognised, ignored: header.ignored },
        problems: st.problems,
        problemsTruncated: st.truncated,
      };
    });
  }

  /* ----- the background import ----- */

  async function finish(s: Scoped, imp: repo.ImportRow) {
    const done = await repo.updateImport(s, imp.id, {
      status: 'done',
      finishedAt: new Date(),
      startedAt: imp.startedAt ?? new Date(),
    });
    await repo.dropChunks(s, imp.id);
    await appendAudit(s.tx, s.actor, {
      action: 'person.import.done',
      targetType: 'person_import',
      targetId: imp.id,
      orgId: imp.orgId,
      orgPath: imp.orgPath,
      after: {
        filename: imp.filename,
        rows: done.doneRows,
        chunks: done.doneChunks,
        inserted: done.inserted,
        updated: done.updated,
        unchanged: done.unchanged,
        refused: done.refused,
      },
    });
  }

  /** One chunk in one transaction: persons, tags, refusals, the cursor and counts, one audit event. */
  async function commitChunk(
    s: Scoped,
    importId: number,
  ): Promise<{ finished: boolean; chunk: number | null; rows: number }> {
    const imp = await repo.lockImport(s, importId);
    if (!imp || (imp.status !== 'queued' && imp.status !== 'running'))
      return { finished: true, chunk: null, rows: imp?.doneRows ?? 0 };
    const chunkNo = imp.doneChunks + 1;
    const staged = chunkNo <= imp.stagedChunks ? await repo.chunkOf(s, importId, chunkNo) : null;
    if (!staged) {
      await finish(s, imp);
      return { finished: true, chunk: null, rows: imp.doneRows };
    }
    const actor = s.actor as UserActor;
    const entries = JSON.parse(staged.data) as Entry[];
    // The orgs as they are now: one dissolved, merged or moved out of the subtree since the preview refuses its rows.
    const orgs = new Map((await repo.orgsByIds(s, [...new Set(entries.map((e) => e.p.orgId))])).map((o) => [o.id, o]));
    const refused: repo.ProblemInsert[] = [];
    const refuse = (e: Entry, p: ImportCellProblem) =>
      refused.push({
        import_id: importId,
        row_no: e.r,
        org_path: imp.orgPath,
        valid: true,
        name: e.n,
        data: e.p,
        cells_enc: null,
        problems: [p],
        result: 'refused',
      });
    const live: Entry[] = [];
    for (const e of entries) {
      const org = orgs.get(e.p.orgId);
      if (!org || org.status !== 'active')
        refuse(
          e,
          problem(
            'orgCode',
            'out_of_scope',
            `组织“${e.p.orgCode}”已撤销、合并或不在您的管辖范围内`,
            `the org "${e.p.orgCode}" was dissolved, merged or is outside your scope`,
          ),
        );
      else live.push({ ...e, p: { ...e.p, orgPath: org.path, districtId: org.districtId } });
    }
    const tags: { person_id: number; org_path: string; district_id: number | null; tag: string; added_by: string }[] =
      [];
    const insertedIds: number[] = [];
    const updatedIds: number[] = [];
    let unchanged = 0;

    // New persons with an ID number go straight in; one registered since the preview is skipped by the insert and
    // decided again below with the rest.
    const insertAll = async (list: Entry[]): Promise<Entry[]> => {
      const ids = await repo.nextPersonIds(s, list.length);
      const inserted = await repo.insertPersons(
        s,
        list.map((e, i) =>
          record(ids[i]!, {
            ...nullPerson,
            ...e.p.cols,
            orgId: e.p.orgId,
            orgPath: e.p.orgPath,
            districtId: e.p.districtId,
          }),
        ),
      );
      const skipped: Entry[] = [];
      list.forEach((e, i) => {
        if (!inserted.has(ids[i]!)) return void skipped.push(e);
        insertedIds.push(ids[i]!);
        for (const tag of e.p.tags)
          tags.push({
            person_id: ids[i]!,
            org_path: e.p.orgPath,
            district_id: e.p.districtId,
            tag,
            added_by: actor.username,
          });
      });
      return skipped;
    };
    const fast = live.filter((e) => e.a === 'insert' && e.p.cols.idNumberHash);
    const slow = live.filter((e) => !(e.a === 'insert' && e.p.cols.idNumberHash));
    slow.push(...(await insertAll(fast)));
    const decisions = await decide(
      s,
      slow.map((e) => ({ person: e.p, idHash: (e.p.cols.idNumberHash as string | undefined) ?? null })),
      true,
    );
    const toInsert: Entry[] = [];
    const updates: repo.PersonRecord[] = [];
    decisions.forEach((d, i) => {
      const e = slow[i]!;
      if (d.kind === 'refused') return void refuse(e, d.problem);
      if (d.kind === 'insert') return void toInsert.push(e);
      if (d.kind === 'unchanged') return void unchanged++;
      const after = { ...d.existing, ...d.changes };
      if (Object.keys(d.changes).length) updates.push(record(d.existing.id, after));
      updatedIds.push(d.existing.id);
      for (const tag of d.tagsToAdd)
        tags.push({
          person_id: d.existing.id,
          org_path: after.orgPath as string,
          district_id: (after.districtId as number | null) ?? null,
          tag,
          added_by: actor.username,
        });
    });
    for (const e of await insertAll(toInsert)) refuse(e, REGISTERED_ELSEWHERE());
    await repo.updatePersons(s, updates);
    await repo.insertTags(s, tags);
    await repo.insertProblemRows(s, refused);

    const finished = chunkNo >= imp.stagedChunks;
    const after = await repo.updateImport(s, importId, {
      status: 'running',
      doneChunks: chunkNo,
      doneRows: imp.doneRows + entries.length,
      startedAt: imp.startedAt ?? new Date(),
      inserted: imp.inserted + insertedIds.length,
      updated: imp.updated + updatedIds.length,
      unchanged: imp.unchanged + unchanged,
      refused: imp.refused + refused.length,
    });
    await appendAudit(s.tx, actor, {
      action: 'person.import.chunk',
      targetType: 'person_import',
      targetId: importId,
      orgId: imp.orgId,
      orgPath: imp.orgPath,
      after: {
        chunk: chunkNo,
        rows: [staged.firstRow, staged.lastRow],
        inserted: insertedIds.length,
        updated: updatedIds.length,
        unchanged,
        refused: refused.length,
        insertedIds,
        updatedIds,
      },
    });
    if (finished) await finish(s, after);
    return { finished, chunk: chunkNo, rows: after.doneRows };
  }

  /** The importer as she is now: still active, still allowed to write persons, the org still inside her subtree. */
  async function importerActor(imp: repo.ImportRow, jobId: string): Promise<UserActor | LocalizedText> {
    const { user, org } = await runAsSystem(deps.handle, systemActor('jobs'), (s) =>
      repo.importer(s, imp.userId, imp.orgId),
    );
    const roles = (user?.roles ?? []) as Role[];
    const permissions = new Set(permissionsOf(roles));
    if (!user || user.status !== 'active' || !permissions.has('person.write'))
      return {
        'zh-CN': '导入人的账号已停用或不再有登记人员的权限',
        'en-US': "The importer's account is disabled or no longer allowed to register persons",
      };
    if (!org || org.status !== 'active' || !(org.path === user.orgPath || org.path.startsWith(`${user.orgPath}.`)))
      return {
        'zh-CN': '导入时所在的组织已不在导入人的管辖范围内',
        'en-US': "The org of the import is no longer inside the importer's scope",
      };
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles,
      permissions,
      homeOrgId: user.orgId,
      homePath: user.orgPath,
      scope: { orgId: org.id, path: org.path, orgType: org.type },
      request: { ip: null, userAgent: 'jinguo-jobs', requestId: `job:${jobId}` },
      session: { tokenHash: '', csrfToken: '' },
    };
  }

  async function markFailed(importId: number, error: LocalizedText) {
    await runAsSystem(deps.handle, systemActor('jobs'), async (s) => {
      const imp = await repo.lockImport(s, importId);
      if (!imp || imp.status === 'done' || imp.status === 'failed') return;
      await repo.updateImport(s, importId, { status: 'failed', error, finishedAt: new Date() });
      await appendAudit(s.tx, s.actor, {
        action: 'person.import.failed',
        result: 'failure',
        targetType: 'person_import',
        targetId: importId,
        orgId: imp.orgId,
        orgPath: imp.orgPath,
        reason: error['en-US'],
        after: { done: imp.doneRows, chunks: imp.doneChunks },
      });
    });
  }

  async function runImport(job: JobContext<{ importId: number }>) {
    const { importId } = job.data;
    const imp = await runAsSystem(deps.handle, systemActor('jobs'), (s) => repo.lockImport(s, importId));
    if (
      !imp ||
      imp.status === 'done' ||
      imp.status === 'failed' ||
      imp.status === 'validated' ||
      imp.status === 'validating'
    )
      return;
    const actor = await importerActor(imp, job.id);
    if (!('kind' in actor)) return markFailed(importId, actor);
    let rows = 0;
    for (;;) {
      job.signal.throwIfAborted();
      const r = await run(actor, async (s) => {
        await repo.commitWithoutWaitingForDisk(s);
        return commitChunk(s, importId);
      });
      rows = r.rows;
      if (r.chunk !== null) await importHooks.afterChunk?.({ importId, chunk: r.chunk, finished: r.finished });
      if (r.finished) break;
      await yieldToOthers();
    }
    // PGlite has no autovacuum: refresh the planner's statistics after a bulk load (docs/stack-notes.md).
    if (rows >= ANALYZE_AFTER_ROWS) await deps.handle.db.execute(sql`analyze persons`).catch(() => undefined);
  }

  jobs.register<{ importId: number }>(IMPORT_QUEUE, runImport, {
    retryLimit: 5,
    retryDelaySeconds: 2,
    concurrency: 1,
    onFailed: (data, message) =>
      markFailed(data.importId, { 'zh-CN': `导入失败：${message}`, 'en-US': `The import failed: ${message}` }),
  });

  /* ----- the annotated workbook ----- */

  async function errorsWorkbook(actor: UserActor, id: number, only: 'all' | 'invalid') {
    requirePermission(actor, 'person.read');
    const { imp, tagNames } = await run(actor, async (s) => {
      const imp = await repo.findImport(s, id, actor.userId);
      if (!imp) throw new AppError('NOT_FOUND');
      return { imp, tagNames: new Map((await repo.tagDictionary(s)).map((t) => [t.code, t.nameZh])) };
    });
    const book = streamWorkbook(DATA_SHEET, errorWorkbookColumns());
    const write = (rowNo: number, cells: Cells, problems: ImportCellProblem[]) => {
      const { values, marks } = errorWorkbookRow(rowNo, cells, problems);
      book.add(values, marks);
    };
    const writeProblem = (r: repo.ProblemRow) =>
      write(
        r.rowNo,
        r.cellsEnc
          ? (JSON.parse(crypto.decrypt(r.cellsEnc)) as Cells)
          : displayCells(r.data as PreparedPerson, tagNames),
        (r.problems as ImportCellProblem[] | null) ?? [],
      );
    /** Rows with problems after the last one written, up to a row, page by page. */
    let written = 0;
    const problemsUpTo = async (upTo: number | null) => {
      for (;;) {
        const page = await run(actor, (s) => repo.problemRows(s, imp.id, written, upTo, 1000));
        for (const r of page) writeProblem(r);
        if (page.length) written = page[page.length - 1]!.rowNo;
        await book.written();
        if (page.length < 1000) return;
      }
    };
    void (async () => {
      // All rows in file order: the staged chunks (valid rows) merged with the rows with problems.
      for (let c = 1; only === 'all' && c <= imp.stagedChunks; c++) {
        const ch = await run(actor, (s) => repo.chunkOf(s, imp.id, c));
        if (!ch) continue;
        await problemsUpTo(ch.firstRow - 1);
        const inside = await run(actor, (s) => repo.problemRows(s, imp.id, ch.firstRow - 1, ch.lastRow, 100_000));
        const byRow = new Map(inside.map((r) => [r.rowNo, r]));
        let k = 0;
        for (const e of JSON.parse(ch.data) as Entry[]) {
          while (k < inside.length && inside[k]!.rowNo < e.r) writeProblem(inside[k++]!);
          if (byRow.has(e.r)) continue; // refused by the import: written with its reason
          write(e.r, displayCells(e.p, tagNames), []);
        }
        while (k < inside.length) writeProblem(inside[k++]!);
        written = ch.lastRow;
        await book.written();
      }
      await problemsUpTo(null);
      await book.finish();
    })().catch((err: unknown) => book.fail(err instanceof Error ? err : new Error(String(err))));
    return { filename: `${imp.filename.replace(/\.(xlsx|csv|txt)$/i, '')}-错误标注.xlsx`, stream: book.stream };
  }

  /** A valid row shown as the user would type it (clear values: the importer typed them herself). */
  function displayCells(p: PreparedPerson, tagNames: Map<string, string>): Cells {
    const c = p.cols as Record<string, string | null | undefined>;
    const out: Cells = {
      name: c.name ?? undefined,
      idNumber: c.idNumberEnc ? crypto.decrypt(c.idNumberEnc) : undefined,
      gender: c.gender ? GENDER_LABELS[c.gender as 'female'] : undefined,
      birthDate: c.birthDate ?? undefined,
      phone: c.phoneEnc ? crypto.decrypt(c.phoneEnc) : undefined,
      ethnicity: c.ethnicity ?? undefined,
      education: c.education ? EDUCATION_LABELS[c.education as 'none'] : undefined,
      occupation: c.occupation ?? undefined,
      householdAddress: c.householdAddressEnc ? crypto.decrypt(c.householdAddressEnc) : undefined,
      residenceAddress: c.residenceAddressEnc ? crypto.decrypt(c.residenceAddressEnc) : undefined,
      orgCode: p.orgCode,
      tags: p.tags.length ? p.tags.map((t) => tagNames.get(t) ?? t).join('、') : undefined,
      school: c.school ?? undefined,
      careSituation: c.careSituation ? CARE_SITUATION_LABELS[c.careSituation as 'with_parents'] : undefined,
    };
    for (const k of Object.keys(out) as (keyof Cells)[]) if (out[k] === undefined) delete out[k];
    return out;
  }

  return {
    upload,

    template: (actor: UserActor) =>
      run(actor, async (s) => {
        requireImporter(actor);
        const orgs = await repo.subtreeOrgs(s, TEMPLATE_ORG_LIMIT);
        const tags = await repo.tagDictionary(s);
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

    errorsWorkbook,

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
export type PeopleImports = ReturnType<typeof createPeopleImports>;

const nullPerson = {
  gender: null,
  birthDate: null,
  idNumberEnc: null,
  idNumberHash: null,
  idNumberMasked: null,
  phoneEnc: null,
  phoneHash: null,
  phoneMasked: null,
  householdAddressEnc: null,
  residenceAddressEnc: null,
  ethnicity: null,
  education: null,
  occupation: null,
  school: null,
  careSituation: null,
};

function record(id: number, p: Record<string, unknown>): repo.PersonRecord {
  const v = <T>(k: string) => (p[k] ?? null) as T;
  return {
    id,
    org_id: v('orgId'),
    org_path: v('orgPath'),
    district_id: v('districtId'),
    name: v('name'),
    name_pinyin: v('namePinyin'),
    name_initials: v('nameInitials'),
    gender: v('gender'),
    birth_date: v('birthDate'),
    id_number_enc: v('idNumberEnc'),
    id_number_hash: v('idNumberHash'),
    id_number_masked: v('idNumberMasked'),
    phone_enc: v('phoneEnc'),
    phone_hash: v('phoneHash'),
    phone_masked: v('phoneMasked'),
    household_address_enc: v('householdAddressEnc'),
    residence_address_enc: v('residenceAddressEnc'),
    ethnicity: v('ethnicity'),
    education: v('education'),
    occupation: v('occupation'),
    school: v('school'),
    care_situation: v('careSituation'),
  };
}
