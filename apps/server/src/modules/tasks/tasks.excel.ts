import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Aggregate, FormDefinition } from '@jinguo/contracts';
import { formatDateTime } from '../../platform/time.js';

/* Workbooks of a task: the aggregate by region, and every submission (one sheet of fields, one per repeating table). */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell that starts like a formula is written as text (a submission is typed by others). */
const neutralize = (v: unknown): string | number | null =>
  typeof v === 'number'
    ? v
    : v === null || v === undefined
      ? null
      : FORMULA_START.test(String(v))
        ? `'${String(v)}`
        : String(v);

async function write(build: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Jinguo 巾帼';
  build(wb);
  await wb.commit();
  return Buffer.concat(chunks);
}

function sheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, headers: string[]) {
  const ws = wb.addWorksheet(name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  ws.columns = headers.map((h) => ({ header: h, width: Math.max(10, Math.min(40, h.length * 2 + 4)) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  return (values: unknown[]) => ws.addRow(values.map(neutralize)).commit();
}

export function aggregateWorkbook(title: string, a: Aggregate): Promise<Buffer> {
  return write((wb) => {
    const add = sheet(wb, '汇总', [
      '地区代码',
      '地区',
      '已报送',
      '应报送',
      ...a.columns.map((c) => (c.unit ? `${c.label}（${c.unit}）` : c.label)),
    ]);
    for (const r of a.rows)
      add([r.org.code, r.org.name, r.submitted, r.total, ...a.columns.map((c) => r.values[c.key] ?? 0)]);
    add(['', `合计 · ${title}`, a.total.submitted, a.total.total, ...a.columns.map((c) => a.total.values[c.key] ?? 0)]);
  });
}

const STATE_ZH: Record<string, string> = {
  pending: '待签收',
  signed: '已签收',
  submitted: '已报送',
  returned: '已退回',
  approved: '已通过',
};

export function submissionsWorkbook(
  def: FormDefinition,
  rows: readonly {
    code: string;
    name: string;
    state: string;
    values: Record<string, unknown>;
    submitted_at: Date | string | null;
  }[],
): Promise<Buffer> {
  const scalars = def.fields.filter((f) => f.type !== 'table');
  const tables = def.fields.filter((f) => f.type === 'table');
  return write((wb) => {
    const add = sheet(wb, '填报明细', ['单位代码', '单位', '状态', '报送时间', ...scalars.map((f) => f.label)]);
    for (const r of rows)
      add([
        r.code,
        r.name,
        STATE_ZH[r.state] ?? r.state,
        r.submitted_at ? formatDateTime(new Date(r.submitted_at)) : '',
        ...scalars.map((f) => r.values[f.key] ?? null),
      ]);
    for (const tf of tables) {
      const cols = tf.columns ?? [];
      const addRow = sheet(wb, tf.label, ['单位代码', '单位', '行', ...cols.map((c) => c.label)]);
      for (const r of rows) {
        const list = Array.isArray(r.values[tf.key]) ? (r.values[tf.key] as Record<string, unknown>[]) : [];
        list.forEach((row, i) => addRow([r.code, r.name, i + 1, ...cols.map((c) => row[c.key] ?? null)]));
      }
    }
  });
}
