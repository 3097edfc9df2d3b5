import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { AppError } from '../../platform/errors.js';

/**
 * Reading an uploaded sheet row by row: .xlsx through exceljs' streaming worksheet reader, .csv in UTF-8 (with or
 * without BOM), UTF-16 or GBK/GB18030 — what Chinese Excel saves as "CSV (逗号分隔)".
 */

export type RawCell = string | number | boolean | Date | null;
export interface SheetRow {
  /** The spreadsheet row number (the header is row 1 in a file that starts with it). */
  rowNo: number;
  cells: RawCell[];
}
export interface OpenedSheet {
  format: 'xlsx' | 'csv';
  encoding: string | null;
  rows: AsyncGenerator<SheetRow>;
}

const badFile = (zh: string, en: string) =>
  new AppError('VALIDATION_FAILED', {
    field: 'file',
    zh,
    en,
    errors: [{ field: 'file', code: 'file', message: { 'zh-CN': zh, 'en-US': en } }],
  });

export function openSheet(buf: Buffer, filename: string): OpenedSheet {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const isZip = buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;
  const isOle = buf.length >= 4 && buf[0] === 0xd0 && buf[1] === 0xcf && buf[2] === 0x11 && buf[3] === 0xe0;
  if (isOle || ext === 'xls')
    throw badFile(
      '不支持旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 或 CSV 后再上传',
      'Old .xls files are not supported: save the file as .xlsx or CSV in Excel and upload it again',
    );
  if (isZip) return { format: 'xlsx', encoding: null, rows: xlsxRows(buf) };
  if (ext === 'xlsx') throw badFile('文件不是有效的 .xlsx 工作簿', 'The file is not a valid .xlsx workbook');
  if (buf.length === 0) throw badFile('文件是空的', 'The file is empty');
  const { text, encoding } = decodeText(buf);
  return { format: 'csv', encoding, rows: csvRows(text) };
}

/** UTF-8 (BOM or not) when the bytes are valid UTF-8, UTF-16 by its BOM, otherwise GB18030 (a superset of GBK). */
export function decodeText(buf: Buffer): { text: string; encoding: string } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: new TextDecoder('utf-8').decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(buf), encoding: 'gbk' };
  }
}

/** The delimiter of the header line: comma, or tab / semicolon when the line has more of those. */
function delimiterOf(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end === -1 ? text : text.slice(0, end);
  const count = (c: string) => first.split(c).length - 1;
  const candidates = [',', '\t', ';'].map((c) => [c, count(c)] as const).sort((a, b) => b[1] - a[1]);
  return candidates[0]![1] > 0 ? candidates[0]![0] : ',';
}

/** RFC 4180 records: quoted fields may hold delimiters, doubled quotes and line breaks; CRLF or LF line ends. */
export function* parseCsv(text: string, delim = delimiterOf(text)): Generator<string[]> {
  const len = text.length;
  const d = delim.charCodeAt(0);
  let pos = 0;
  while (pos < len) {
    const row: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(pos) === 34) {
        value = '';
        pos++;
        for (;;) {
          const q = text.indexOf('"', pos);
          if (q === -1) {
            value += text.slice(pos);
            pos = len;
            break;
          }
          value += text.slice(pos, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            pos = q + 2;
          } else {
            pos = q + 1;
            break;
          }
        }
      } else value = '';
      let end = pos;
      while (end < len) {
        const c = text.charCodeAt(end);
        if (c === d || c === 10 || c === 13) break;
        end++;
      }
      if (end > pos) value += text.slice(pos, end);
      pos = end;
      row.push(value);
      if (pos >= len) {
        yield row;
        return;
      }
      const c = text.charCodeAt(pos);
      if (c === d) {
        pos++;
        if (pos >= len) {
          row.push('');
          yield row;
          return;
        }
        continue;
      }
      pos += c === 13 && text.charCodeAt(pos + 1) === 10 ? 2 : 1;
      yield row;
      break;
    }
  }
}

async function* csvRows(text: string): AsyncGenerator<SheetRow> {
  let rowNo = 0;
  for (const record of parseCsv(text)) {
    rowNo++;
    yield { rowNo, cells: record };
  }
}

/* ----- xlsx ----- */

interface ZipEntry {
  path: string;
  stream(): Readable;
}
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: { buffer(buf: Buffer): Promise<{ files: ZipEntry[] }> };
};

/** exceljs' streaming reader, driven entry by entry (the internals of exceljs 4.4.0's WorkbookReader). */
interface ReaderInternals {
  model: { sheets?: { id: number; name: string; rId: string; state?: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  sharedStrings?: unknown[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: AsyncIterable<{ number: number; values: unknown[] }> }>;
}

/**
 * The first visible sheet (or the one named 人员信息), row by row. The zip is opened by random access so the shared
 * strings and styles are read before the sheet, whatever the entry order: exceljs' own streaming reader would spool
 * a sheet that precedes them (Excel's order) to a temporary file — personal data in clear on disk.
 */
async function* xlsxRows(buf: Buffer): AsyncGenerator<SheetRow> {
  let dir: { files: ZipEntry[] };
  try {
    dir = await unzipper.Open.buffer(buf);
  } catch {
    throw badFile('文件不是有效的 .xlsx 工作簿', 'The file is not a valid .xlsx workbook');
  }
  const entry = (path: string) => dir.files.find((f) => f.path === path || f.path === `/${path}`);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(new PassThrough(), {
    sharedStrings: 'cache',
    styles: 'cache',
    worksheets: 'emit',
    hyperlinks: 'ignore',
    entries: 'ignore',
  }) as unknown as ReaderInternals;
  const rels = entry('xl/_rels/workbook.xml.rels');
  const book = entry('xl/workbook.xml');
  if (!rels || !book) throw badFile('文件不是有效的 .xlsx 工作簿', 'The file is not a valid .xlsx workbook');
  await reader._parseRels(rels.stream());
  await reader._parseWorkbook(book.stream());
  const strings = entry('xl/sharedStrings.xml');
  if (strings) for await (const _ of reader._parseSharedStrings(strings.stream()));
  else reader.sharedStrings = [];
  const styles = entry('xl/styles.xml');
  if (styles) await reader._parseStyles(styles.stream());
  const sheets = (reader.model.sheets ?? []).filter((s) => !s.state || s.state === 'visible');
  const sheet = sheets.find((s) => s.name === '人员信息') ?? sheets[0];
  const rel = sheet && reader.workbookRels?.find((r) => r.Id === sheet.rId);
  const target = rel ? rel.Target.replace(/^\/?xl\//, '').replace(/^\//, '') : null;
  const sheetEntry = target ? entry(`xl/${target}`) : null;
  const sheetNo = target?.match(/sheet(\d+)\.xml$/)?.[1];
  if (!sheetEntry || !sheetNo) throw badFile('工作簿中没有工作表', 'The workbook has no worksheet');
  for (const ev of reader._parseWorksheet(sheetEntry.stream(), sheetNo)) {
    for await (const row of ev.value) {
      const cells: RawCell[] = [];
      for (let c = 1; c < row.values.length; c++) cells.push(unwrap(row.values[c]));
      yield { rowNo: row.number, cells };
    }
  }
}

/**
 * A cell value as text, number, boolean or date: rich text joined, hyperlinks as their text, formulas as their result.
 */
export function unwrap(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text?: string }[]).map((r) => r.text ?? '').join('');
    if ('formula' in o || 'sharedFormula' in o) return unwrap(o.result);
    if (typeof o.text === 'string') return o.text;
    if ('error' in o) return null;
  }
  return String(v);
}
