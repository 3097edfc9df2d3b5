import { checkCharacter, IMPORT_COLUMNS, type ImportColumnKey } from '@jinguo/contracts';
import { AppError } from '../../platform/errors.js';
import { unneutralize } from './people.excel.js';
import type { RawCell } from './people.import.excel.js';

/**
 * The header row and the cells of a row, as the user meant them: an import forgives formatting, never data. The same
 * rules for .xlsx and CSV — full-width digits, Excel serial dates, ID numbers Excel turned into numbers, a title row
 * above the header or a header of two rows.
 */

export type Cells = Partial<Record<ImportColumnKey, string>>;

export interface HeaderMap {
  columns: (ImportColumnKey | null)[];
  recognised: string[];
  ignored: string[];
}

/** How many non-empty rows at the top of a sheet may hold titles and the header. */
export const HEADER_SCAN_ROWS = 10;

const fold = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s*]|\(必填\)/g, '')
    .toLowerCase();
const HEADER_KEYS = new Map<string, ImportColumnKey>();
for (const c of IMPORT_COLUMNS) for (const name of [c.zh, c.en, c.key]) HEADER_KEYS.set(fold(name), c.key);
for (const [alias, key] of [
  ['身份证号码', 'idNumber'],
  ['公民身份号码', 'idNumber'],
  ['手机号', 'phone'],
  ['联系电话', 'phone'],
  ['电话', 'phone'],
  ['学历', 'education'],
  ['组织代码', 'orgCode'],
  ['户籍地', 'householdAddress'],
  ['居住地', 'residenceAddress'],
  ['现居住地址', 'residenceAddress'],
] as const) {
  HEADER_KEYS.set(fold(alias), key);
}

const textOf = (cell: RawCell | undefined) => (cell === null || cell === undefined ? '' : String(cell).trim());
const keyOf = (text: string) => HEADER_KEYS.get(fold(text)) ?? null;

interface Reading extends HeaderMap {
  missing: (typeof IMPORT_COLUMNS)[number][];
  duplicate: string | null;
}

function read(texts: string[]): Reading {
  const columns: (ImportColumnKey | null)[] = [];
  const recognised: string[] = [];
  const ignored: string[] = [];
  const seen = new Set<ImportColumnKey>();
  let duplicate: string | null = null;
  for (const text of texts) {
    const key = keyOf(text);
    if (key && seen.has(key)) duplicate ??= text;
    if (key) {
      seen.add(key);
      recognised.push(text);
    } else if (text) ignored.push(text);
    columns.push(key);
  }
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !seen.has(c.key));
  return { columns, recognised, ignored, missing, duplicate };
}

/**
 * A header of two rows (a group heading merged across its columns above their names, a name merged down over both
 * rows): per column, the upper name when it is a column's name, else the lower one. Merged cells keep their text in
 * the first cell only, in .xlsx and in Excel's CSV alike.
 */
function twoRows(upper: RawCell[], lower: RawCell[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(upper.length, lower.length); i++) {
    const top = textOf(upper[i]);
    const bottom = textOf(lower[i]);
    out.push(keyOf(top) ? top : bottom || top);
  }
  return out;
}

const headerError = (code: string, zh: string, en: string) =>
  new AppError('VALIDATION_FAILED', {
    field: 'file',
    zh,
    en,
    errors: [{ field: 'file', code, message: { 'zh-CN': zh, 'en-US': en } }],
  });

/**
 * Columns by header name — the template's columns in any order, anything else (错误原因, 年龄, 行号…) ignored — and
 * the header among the first non-empty rows, recognised by its column names: the first row — or two rows read as
 * one — that names every required column. Rows above it (a title, a date line) are skipped. `last` is the index of
 * the header's last row in `rows`; the data starts after it.
 */
export function findHeader(rows: RawCell[][]): { header: HeaderMap; last: number } {
  let best: Reading | null = null;
  const consider = (r: Reading) => {
    if (!best || r.recognised.length > best.recognised.length) best = r;
    return !r.missing.length && !r.duplicate;
  };
  for (let i = 0; i < rows.length; i++) {
    const single = read(rows[i]!.map(textOf));
    const singleOk = consider(single);
    const pair = i + 1 < rows.length ? read(twoRows(rows[i]!, rows[i + 1]!)) : null;
    const pairOk = pair ? consider(pair) : false;
    if (pair && pairOk && (!singleOk || pair.recognised.length > single.recognised.length))
      return { header: strip(pair), last: i + 1 };
    if (singleOk) return { header: strip(single), last: i };
  }
  const r = best as Reading | null;
  if (r?.duplicate)
    throw headerError(
      'duplicate-column',
      `表头有误：“${r.duplicate}”列重复出现`,
      `Bad header row: the column "${r.duplicate}" appears twice`,
    );
  const missing = r?.missing ?? IMPORT_COLUMNS.filter((c) => c.required);
  throw headerError(
    'missing-columns',
    `缺少必填列：${missing.map((c) => c.zh).join('、')}（请使用下载的导入模板，表头须在前 ${HEADER_SCAN_ROWS} 行内）`,
    `Required columns are missing: ${missing.map((c) => c.en).join(', ')} (use the downloaded template; the header must be within the first ${HEADER_SCAN_ROWS} rows)`,
  );
}
const strip = ({ columns, recognised, ignored }: Reading): HeaderMap => ({ columns, recognised, ignored });

/* ----- cells ----- */

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Columns of codes and numbers: full-width digits, letters and signs (１３９…, Ｘ, －) read as their ASCII twins. */
const NORMALISED = new Set<ImportColumnKey>(['idNumber', 'phone', 'birthDate', 'orgCode']);
const normalise = (text: string) => text.normalize('NFKC').replace(/[\u200b-\u200d\ufeff]/g, '');

/**
 * An Excel serial date (days since 1899-12-30), as an .xlsx holds a date cell and a CSV shows one whose format was
 * lost. A whole number from 1900 to 2100 is a year, not a serial date of 1905: it stays as typed (and is refused).
 */
function serialDate(v: number): string | null {
  if (!(v > 0 && v < 80_000) || (Number.isInteger(v) && v >= 1900 && v <= 2100)) return null;
  return isoDate(new Date(Date.UTC(1899, 11, 30) + Math.floor(v) * 86_400_000));
}

/** A number as Excel's General format shows it: 500154199003081000 is 5.00154E+17. */
export function excelGeneral(v: number): string {
  if (Math.abs(v) < 1e11) return String(v);
  const [mantissa, exponent] = v.toExponential(5).split('e') as [string, string];
  return `${mantissa.replace(/\.?0+$/, '')}E${exponent.startsWith('-') ? exponent : `+${exponent.replace('+', '')}`}`;
}

/**
 * An ID number that went through Excel as a number: in scientific notation (5.00154E+17), or written out with its
 * last three digits zeroed by Excel's 15 significant digits and a check character that no longer fits.
 */
function digitsLost(text: string): boolean {
  if (/^\d(\.\d+)?E\+?\d+$/i.test(text)) return true;
  return /^\d{15}000$/.test(text) && checkCharacter(text.slice(0, 17)) !== '0';
}

/**
 * The row's cells as the text the user meant. An ID number Excel turned into a number is flagged (its digits are
 * lost) and kept the way Excel shows it (5.00154E+17), never as digits that would pass for a real ID number.
 */
export function rowCells(header: HeaderMap, raw: RawCell[]): { cells: Cells; idWasNumber: boolean; empty: boolean } {
  const cells: Cells = {};
  let idWasNumber = false;
  let empty = true;
  header.columns.forEach((key, i) => {
    if (!key) return;
    const v = raw[i] ?? null;
    if (v === null) return;
    let text: string;
    if (v instanceof Date) text = isoDate(v);
    else if (typeof v === 'number') {
      if (key === 'idNumber') {
        idWasNumber = true;
        text = excelGeneral(v);
      } else text = (key === 'birthDate' ? serialDate(v) : null) ?? String(v);
    } else {
      text = unneutralize(String(v).trim());
      if (NORMALISED.has(key)) text = normalise(text).trim();
      if (key === 'idNumber' && digitsLost(text.replace(/\s/g, ''))) {
        idWasNumber = true;
        const n = Number(text.replace(/\s/g, ''));
        if (Number.isFinite(n)) text = excelGeneral(n);
      } else if (key === 'birthDate' && /^\d{1,5}(\.\d+)?$/.test(text)) text = serialDate(Number(text)) ?? text;
    }
    if (text === '') return;
    cells[key] = text;
    empty = false;
  });
  return { cells, idWasNumber, empty };
}
