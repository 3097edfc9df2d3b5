import { IMPORT_PREVIEW_PROBLEM_LIMIT, type ImportCellProblem, type ImportPreview } from '@jinguo/contracts';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/errors.js';
import { runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { pinyinKeys } from '../../platform/pinyin.js';
import { findHeader, HEADER_SCAN_ROWS, rowCells, type Cells } from './people.import.cells.excel.js';
import { openSheet, type SheetRow } from './people.import.excel.js';
import { checkRow, problem, type CheckedRow, type OrgRef, type RowEnv } from './people.import.policy.js';
import * as records from './people.import.records.repository.js';
import * as repo from './people.import.repository.js';
import {
  decide,
  requireImporter,
  sealEntries,
  viewOf,
  yieldToOthers,
  type Entry,
  type PeopleImportDeps,
  type UploadState,
} from './people.import.service.js';

/** Spreadsheet rows checked per batch; a batch's valid rows are one chunk of the import (one transaction). */
export const IMPORT_BATCH_ROWS = 1000;

/** The upload: every row of the file checked, decided and staged in chunks; the preview is what it found. */
export function createImportUpload(deps: PeopleImportDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

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
      const found = new Map((await run(actor, (s) => records.orgsByCodes(s, unknownCodes))).map((o) => [o.code, o]));
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
      const decisions = await decide(s, crypto, okRows, false);
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
          data: sealEntries(crypto, entries),
        });
      }
      await repo.insertProblemRows(s, problems);
    });
  }

  async function upload(actor: UserActor, filename: string, body: Buffer): Promise<ImportPreview> {
    requireImporter(actor);
    const sheet = openSheet(body, filename);
    // The first non-empty rows: titles above the header, the header (one row or two), maybe the first data rows.
    const top: SheetRow[] = [];
    while (top.length < HEADER_SCAN_ROWS) {
      const next = await sheet.rows.next();
      if (next.done) break;
      if (next.value.cells.some((c) => c !== null && String(c).trim() !== '')) top.push(next.value);
    }
    if (!top.length)
      throw new AppError('VALIDATION_FAILED', {
        field: 'file',
        zh: '文件中没有数据',
        en: 'The file has no data',
        errors: [
          { field: 'file', code: 'empty', message: { 'zh-CN': '文件中没有数据', 'en-US': 'the file has no data' } },
        ],
      });
    const { header, last } = findHeader(top.map((r) => r.cells));
    const rest = top.slice(last + 1);
    async function* dataRows(): AsyncGenerator<SheetRow> {
      yield* rest;
      yield* sheet.rows;
    }
    const { imp, tags } = await run(actor, async (s) => {
      await repo.failStaleValidations(s, actor.userId);
      const tagRows = await records.tagDictionary(s);
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
      for await (const r of dataRows()) {
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

  return { upload };
}
