import ExcelJS from 'exceljs';
import { MobilePhone, type Attendance } from '@jinguo/contracts';
import { formatDateTime } from '../../platform/time.js';

/* Workbooks of activities: the attendance list, the import template, reading a sheet, the annotated error copy. */

const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell that would start a formula in Excel is written as text (CSV/formula injection). */
const neutralize = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);

const SOURCE_LABELS: Record<Attendance['source'], string> = {
  resident: '群众扫码',
  walk_in: '现场登记',
  cadre: '工作人员代签',
  import: '表格导入',
};

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The attendance list of one activity (phones masked, as on screen). */
export async function attendanceWorkbook(title: string, rows: Attendance[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到名单');
  ws.addRow([neutralize(title)]).font = { bold: true };
  ws.addRow(['序号', '姓名', '手机号', '签到方式', '签到时间', '关联人员']).font = { bold: true };
  rows.forEach((r, i) =>
    ws.addRow([
      i + 1,
      neutralize(r.name),
      r.phone,
      SOURCE_LABELS[r.source],
      formatDateTime(r.checkedInAt),
      r.person ? neutralize(r.person.name) : '',
    ]),
  );
  ws.columns.forEach((c, i) => (c.width = [6, 14, 16, 14, 22, 14][i] ?? 12));
  return toBuffer(wb);
}

export const IMPORT_HEADERS = ['姓名', '手机号'] as const;

/** The import template: one sheet with the two columns and a sample note. */
export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到导入');
  ws.addRow([...IMPORT_HEADERS]).font = { bold: true };
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 16;
  ws.getColumn(2).numFmt = '@';
  const notes = wb.addWorksheet('填写说明');
  notes.addRow(['每行一位参加者：姓名必填，手机号为 11 位手机号码；同一手机号只计一次。']);
  return toBuffer(wb);
}

export interface SheetRow {
  /** 1-based row number in the sheet. */
  row: number;
  name: string;
  phone: string;
}
export interface RowError {
  row: number;
  field: 'name' | 'phone' | 'file';
  message: { 'zh-CN': string; 'en-US': string };
}

export const MAX_IMPORT_ROWS = 5000;

const cellText = (v: ExcelJS.CellValue): string => {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'text' in v) return String(v.text).trim();
  if (typeof v === 'object' && 'result' in v) return String(v.result ?? '').trim();
  return String(v as string | number).trim();
};

/** Reads an uploaded .xlsx: rows under the header row, each checked; bad rows become errors naming their field. */
export async function readAttendanceSheet(bytes: Buffer): Promise<{ rows: SheetRow[]; errors: RowError[] }> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return {
      rows: [],
      errors: [
        { row: 0, field: 'file', message: { 'zh-CN': '不是有效的 .xlsx 文件', 'en-US': 'Not a valid .xlsx file' } },
      ],
    };
  }
  const ws = wb.worksheets[0];
  const header = ws ? [1, 2].map((c) => cellText(ws.getRow(1).getCell(c).value)) : [];
  if (!ws || header[0] !== IMPORT_HEADERS[0] || header[1] !== IMPORT_HEADERS[1])
    return {
      rows: [],
      errors: [
        {
          row: 1,
          field: 'file',
          message: {
            'zh-CN': '表头须为"姓名、手机号"，请使用导入模板',
            'en-US': 'The header must be 姓名, 手机号 (use the template)',
          },
        },
      ],
    };
  const rows: SheetRow[] = [];
  const errors: RowError[] = [];
  const seen = new Map<string, number>();
  ws.eachRow((r, n) => {
    if (n === 1) return;
    const name = cellText(r.getCell(1).value).replace(/^'/, '');
    // Full-width digits (１３９…) and the spaces or dashes of a written-out number are formatting, not data.
    const phone = cellText(r.getCell(2).value).replace(/^'/, '').normalize('NFKC').replace(/[\s-]/g, '');
    if (!name && !phone) return;
    if (rows.length + errors.length >= MAX_IMPORT_ROWS) return;
    if (!name || name.length > 50) {
      errors.push({
        row: n,
        field: 'name',
        message: { 'zh-CN': '姓名必填（50 字以内）', 'en-US': 'Name is required (50 characters at most)' },
      });
      return;
    }
    if (!MobilePhone.safeParse(phone).success) {
      errors.push({
        row: n,
        field: 'phone',
        message: { 'zh-CN': '手机号格式不正确', 'en-US': 'Not a mobile phone number' },
      });
      return;
    }
    const first = seen.get(phone);
    if (first !== undefined) {
      errors.push({
        row: n,
        field: 'phone',
        message: { 'zh-CN': `与第 ${first} 行手机号重复`, 'en-US': `Same phone as row ${first}` },
      });
      return;
    }
    seen.set(phone, n);
    rows.push({ row: n, name, phone });
  });
  return { rows, errors };
}

/** The uploaded sheet again, with an 错误 column on the rows refused (the error workbook). */
export async function errorWorkbook(bytes: Buffer, errors: RowError[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const byRow = new Map<number, string[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e.message['zh-CN']]);
  ws.getRow(1).getCell(3).value = '错误';
  for (const [n, msgs] of byRow) {
    if (n < 2) continue;
    const cell = ws.getRow(n).getCell(3);
    cell.value = msgs.join('；');
    cell.font = { color: { argb: 'FFCC0000' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFE7E7' } };
  }
  return toBuffer(wb);
}
