import type { ImportCellProblem } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { requirePermission, runScoped, type Scoped, type UserActor } from '../../platform/scope.js';
import { DATA_SHEET, errorWorkbookColumns, errorWorkbookRow, streamWorkbook } from './people.excel.js';
import type { Cells } from './people.import.cells.excel.js';
import * as records from './people.import.records.repository.js';
import * as repo from './people.import.repository.js';
import { openEntries, openPrepared, type PeopleImportDeps } from './people.import.service.js';
import { displayCells } from './people.import.views.js';

/** The annotated workbook (错误标注): the file's rows in order, each bad one marked with its reasons. */
export function createImportReport(deps: PeopleImportDeps) {
  const { crypto } = deps;
  const run = <T>(actor: UserActor, fn: (s: Scoped) => Promise<T>) => runScoped(deps.handle, actor, fn);

  async function errorsWorkbook(actor: UserActor, id: number, only: 'all' | 'invalid') {
    requirePermission(actor, 'person.read');
    const { imp, tagNames } = await run(actor, async (s) => {
      const imp = await repo.findImport(s, id, actor.userId);
      if (!imp) throw new AppError('NOT_FOUND');
      return { imp, tagNames: new Map((await records.tagDictionary(s)).map((t) => [t.code, t.nameZh])) };
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
          : displayCells(openPrepared(crypto, r.data), tagNames, crypto),
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
        for (const e of openEntries(crypto, ch.data)) {
          while (k < inside.length && inside[k]!.rowNo < e.r) writeProblem(inside[k++]!);
          if (byRow.has(e.r)) continue; // refused by the import: written with its reason
          write(e.r, displayCells(e.p, tagNames, crypto), []);
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

  return { errorsWorkbook };
}
