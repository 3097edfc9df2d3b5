import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import {
  CARE_SITUATION_LABELS,
  EDUCATION_LABELS,
  ETHNICITIES,
  GENDER_LABELS,
  IMPORT_COLUMNS,
  type ImportCellProblem,
  type ImportColumnKey,
} from '@jinguo/contracts';

/** Excel for the people registry: the import template, the annotated error workbook, the streamed export. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATA_SHEET = '人员信息';
/** Rows of the template that carry the dropdowns. */
export const TEMPLATE_ROWS = 10_000;

/**
 * CSV/formula injection (OWASP): a cell that begins with = + - @ (or a tab / carriage return) is prefixed with an
 * apostrophe, so no spreadsheet program — even after the file is saved again as CSV — evaluates it.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export const neutralize = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);
/** The inverse on upload, so a workbook we wrote round-trips unchanged. */
export const unneutralize = (value: string): string => (/^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value);

export const contentDisposition = (filename: string) =>
  `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(filename)}`;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2E6F0' } };
const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const ERROR_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const PLAIN_STYLE = {} as Partial<ExcelJS.Style>;
const ERROR_STYLE: Partial<ExcelJS.Style> = { fill: ERROR_FILL, font: ERROR_FONT };
const TEXT_COLUMNS = new Set<ImportColumnKey>(['idNumber', 'phone', 'orgCode', 'birthDate']);

const RULES: Record<ImportColumnKey, string> = {
  name: '必填，最多 50 个字',
  idNumber:
    '18 位居民身份证号，末位可为 X；出生日期和性别由身份证号得出。按身份证号去重：已登记的人员会被更新，不会重复登记',
  gender: '女 / 男（下拉选择）；填写身份证号时可不填',
  birthDate: 'YYYY-MM-DD，如 1990-03-08；填写身份证号时可不填',
  phone: '11 位手机号码',
  ethnicity: '下拉选择，如 汉族、土家族',
  education: '下拉选择',
  occupation: '最多 50 个字',
  householdAddress: '最多 200 个字',
  residenceAddress: '最多 200 个字',
  orgCode: '必填：人员所属组织（村/社区妇联等）的代码，见“组织代码”工作表；只能是您管辖范围内的组织',
  tags: '可填多个，用顿号“、”分隔，如 困难妇女、巾帼志愿者（见“选项”工作表）',
  school: '儿童填写，最多 100 个字',
  careSituation: '儿童填写，下拉选择',
  currentPlace:
    '在外务工妇女填写现在工作的省、市、区县，如 上海市浦东新区、上海、沪：对应当地流动妇联；无法识别的地点照常导入，列入“地点待核对”',
};

export interface TemplateInput {
  orgs: { code: string; name: string }[];
  orgsComplete: boolean;
  tags: { code: string; nameZh: string }[];
}

/** The import template: header row, dropdowns (gender, ethnicity, education, care, tags, org codes), 说明 and lists. */
export async function buildTemplate(input: TemplateInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Jinguo 巾帼';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.zh,
    key: c.key,
    width: c.width,
    ...(TEXT_COLUMNS.has(c.key) ? { style: { numFmt: '@' } } : {}),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.fill = HEADER_FILL;
    cell.numFmt = 'General';
    if (c.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
    cell.note = `${c.required ? '【必填】' : ''}${RULES[c.key]}`;
  });

  const lists = wb.addWorksheet('选项', { state: 'hidden' });
  const listColumns: [string, string[]][] = [
    ['性别', Object.values(GENDER_LABELS)],
    ['民族', [...ETHNICITIES]],
    ['文化程度', Object.values(EDUCATION_LABELS)],
    ['监护情况', Object.values(CARE_SITUATION_LABELS)],
    ['标签', input.tags.map((t) => t.nameZh)],
  ];
  listColumns.forEach(([title, values], i) => {
    lists.getCell(1, i + 1).value = title;
    values.forEach((v, j) => (lists.getCell(j + 2, i + 1).value = v));
  });
  const listRef = (i: number) =>
    `'选项'!$${String.fromCharCode(65 + i)}$2:$${String.fromCharCode(65 + i)}$${Math.max(2, listColumns[i]![1].length + 1)}`;

  const orgSheet = wb.addWorksheet('组织代码');
  orgSheet.columns = [
    { header: '组织代码', key: 'code', width: 18, style: { numFmt: '@' } },
    { header: '组织名称', key: 'name', width: 36 },
  ];
  orgSheet.getRow(1).font = { bold: true };
  for (const o of input.orgs) orgSheet.addRow({ code: o.code, name: o.name });

  const col = (key: ImportColumnKey) => {
    const i = IMPORT_COLUMNS.findIndex((c) => c.key === key);
    const letter = String.fromCharCode(65 + i);
    return `${letter}2:${letter}${TEMPLATE_ROWS + 1}`;
  };
  const list = (formula: string, error: string, strict = true): ExcelJS.DataValidation => ({
    type: 'list',
    allowBlank: true,
    formulae: [formula],
    showErrorMessage: strict,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error,
  });
  // exceljs 4.4 supports range validations on worksheets but its typings do not declare them.
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } })
    .dataValidations;
  validations.add(col('gender'), list(listRef(0), '请从下拉列表选择：女 / 男'));
  validations.add(col('ethnicity'), list(listRef(1), '请从下拉列表选择民族'));
  validations.add(col('education'), list(listRef(2), '请从下拉列表选择文化程度'));
  validations.add(col('careSituation'), list(listRef(3), '请从下拉列表选择监护情况'));
  // Several tags may share a cell, so the list suggests without refusing other text.
  validations.add(col('tags'), list(listRef(4), '请从下拉列表选择标签，多个标签用顿号分隔', false));
  if (input.orgs.length) {
    validations.add(
      col('orgCode'),
      list(
        `'组织代码'!$A$2:$A$${input.orgs.length + 1}`,
        '组织代码不在您的管辖范围内，请从“组织代码”工作表中选择',
        input.orgsComplete,
      ),
    );
  }
  validations.add(col('idNumber'), {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [18],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error: '身份证号应为 18 位（请先把该列设为文本格式）',
  });
  validations.add(col('phone'), {
    type: 'textLength',
    operator: 'equal',
    allowBlank: true,
    formulae: [11],
    showErrorMessage: true,
    errorStyle: 'stop',
    errorTitle: '输入有误',
    error: '手机号码应为 11 位',
  });

  const help = wb.addWorksheet('说明');
  help.columns = [
    { header: '列', key: 'col', width: 16 },
    { header: '是否必填', key: 'req', width: 10 },
    { header: '填写要求', key: 'rule', width: 90 },
  ];
  help.getRow(1).font = { bold: true };
  for (const c of IMPORT_COLUMNS) help.addRow({ col: c.zh, req: c.required ? '必填' : '选填', rule: RULES[c.key] });
  help.addRow({});
  for (const line of [
    '1. 在“人员信息”工作表中从第 2 行起每行填写一人，不要修改第 1 行表头。',
    `2. 下拉选项覆盖前 ${TEMPLATE_ROWS} 行；身份证号、手机号码、组织代码列已设为文本格式，请勿改为数字格式。`,
    '3. 上传后系统逐行校验并给出预览；有错误的行可下载“错误标注”工作簿，按批注修改后重新上传。',
    '4. 确认导入后在后台执行并显示进度；同一文件重复导入不会产生重复记录（按身份证号更新，没有变化的记录保持不变）。',
    '5. 只能导入到您管辖范围内的组织；身份证号已在其他辖区登记的人员不会被迁移，该行会被拒绝。',
    '6. 也可以上传 CSV 文件（UTF-8 或 Excel 默认的 GBK 编码均可），第 1 行为表头。',
  ])
    help.addRow({ col: line });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SheetColumn {
  header: string;
  width: number;
}

/**
 * A streamed one-sheet workbook written to an HTTP response: rows are committed as they come and `written()` waits
 * while the reader is behind, so a large export never sits in memory.
 */
export function streamWorkbook(sheetName: string, columns: SheetColumn[]) {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Jinguo 巾帼';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  // No column styles: a styled column makes exceljs register a style for every cell (most of an export's time).
  // Values are written as strings, so ID numbers and phones stay text anyway.
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
  });
  header.commit();
  return {
    stream: out,
    /** Adds one row; strings are neutralised. `problems` marks cells (1-based column → message). */
    add(values: (string | number | null)[], marks?: Map<number, string>) {
      const row = ws.addRow(values.map((v) => (typeof v === 'string' ? neutralize(v) : v)));
      // One shared style object: exceljs dedupes styles by object identity, a fresh {} per cell costs ~40% of the time.
      row.eachCell((cell) => (cell.style = PLAIN_STYLE));
      if (marks) {
        for (const [colNo, note] of marks) {
          const cell = row.getCell(colNo);
          cell.style = ERROR_STYLE; // a style of its own (setting .fill would change the shared plain one)
          cell.note = note;
        }
      }
      row.commit();
    },
    /** Resolves when the response has room again. */
    async written() {
      if (out.destroyed) throw new Error('the response was closed before the workbook was complete');
      if (!out.writableNeedDrain) return;
      await new Promise<void>((resolve, reject) => {
        const onDrain = () => {
          out.off('close', onClose);
          resolve();
        };
        const onClose = () => {
          out.off('drain', onDrain);
          reject(new Error('the response was closed before the workbook was complete'));
        };
        out.once('drain', onDrain);
        out.once('close', onClose);
      });
    },
    async finish() {
      ws.commit();
      await wb.commit();
    },
    fail(err: Error) {
      out.destroy(err);
    },
  };
}

export const ERRORS_COLUMN = '错误原因';
export const ROW_NO_COLUMN = '原行号';

/** The header of the annotated workbook: the template's columns, then the reasons and the original row number. */
export const errorWorkbookColumns = (): SheetColumn[] => [
  ...IMPORT_COLUMNS.map((c) => ({ header: c.zh, width: c.width })),
  { header: ERRORS_COLUMN, width: 60 },
  { header: ROW_NO_COLUMN, width: 8 },
];

export function errorWorkbookRow(
  rowNo: number,
  cells: Partial<Record<ImportColumnKey, string>>,
  problems: ImportCellProblem[],
) {
  const values: (string | number | null)[] = IMPORT_COLUMNS.map((c) => cells[c.key] ?? null);
  const marks = new Map<number, string>();
  const reasonsColumn = IMPORT_COLUMNS.length + 1;
  for (const p of problems) {
    const i = IMPORT_COLUMNS.findIndex((c) => c.zh === p.column);
    const colNo = i >= 0 ? i + 1 : reasonsColumn;
    const note = `${p.message['zh-CN']}\n${p.message['en-US']}`;
    marks.set(colNo, marks.has(colNo) ? `${marks.get(colNo)}\n${note}` : note);
  }
  values.push(
    problems.length
      ? problems
          .map((p) => `${p.column ? `${p.column}：` : ''}${p.message['zh-CN']}（${p.message['en-US']}）`)
          .join('；')
      : null,
    rowNo,
  );
  return { values, marks };
}
