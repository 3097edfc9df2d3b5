import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter, IMPORT_COLUMNS, type ImportColumnKey } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

// Issue 15 item 4: imports forgive formatting, never data — the same rules for CSV and .xlsx.

let t: TestPlatform;
let villageA: Client, villageB: Client;
const A_CODE = '500154001001';

const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
/** Full-width twins of ASCII digits and letters (what a Chinese IME types in full-width mode). */
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z+\-.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
/** An ID number as Excel keeps it when typed as a number: 15 significant digits, the last three zeroed. */
const excelled = (idNumber: string) => `${idNumber.slice(0, 15)}000`;

const columnNo = (key: ImportColumnKey) => IMPORT_COLUMNS.findIndex((c) => c.key === key) + 1;
const ERRORS_COLUMN_NO = IMPORT_COLUMNS.length + 1;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, villageB] = (await Promise.all(['village.a', 'village.b'].map((u) => t.login(u)))) as [Client, Client];
});
afterAll(async () => {
  await t?.close();
});

function headersOf(c: Client, extra: Record<string, string> = {}) {
  const h: Record<string, string> = { ...extra };
  if (c.cookies.size) h.cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = c.cookies.get('jinguo_csrf');
  if (csrf) h['x-csrf-token'] = csrf;
  return h;
}
async function upload(c: Client, filename: string, body: Buffer) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url: `/api/v1/people/imports?filename=${encodeURIComponent(filename)}`,
    headers: headersOf(c, { 'content-type': 'application/octet-stream' }),
    payload: body,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
/** The annotated workbook's data sheet (all rows: valid ones as staged, bad ones as typed). */
async function errorsSheet(c: Client, importId: number) {
  const res = await t.platform.http.inject({
    method: 'GET',
    url: `/api/v1/people/imports/${importId}/errors.xlsx`,
    headers: headersOf(c),
  });
  expect(res.statusCode).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb.worksheets[0]!;
}
const cellText = (ws: ExcelJS.Worksheet, rowNo: number, colNo: number) => {
  const v = ws.getRow(rowNo).getCell(colNo).value;
  return v === null || v === undefined ? null : String(v);
};
type Row = Partial<Record<ImportColumnKey, string | number>>;
async function xlsx(rows: Row[], keys: ImportColumnKey[], above: (string | null)[][] = []) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员信息');
  for (const r of above) ws.addRow(r);
  ws.addRow(keys.map((k) => IMPORT_COLUMNS.find((c) => c.key === k)!.zh));
  for (const r of rows) ws.addRow(keys.map((k) => r[k] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
function csv(rows: Row[], keys: ImportColumnKey[], above: string[] = []) {
  const lines = [
    ...above,
    keys.map((k) => IMPORT_COLUMNS.find((c) => c.key === k)!.zh).join(','),
    ...rows.map((r) => keys.map((k) => String(r[k] ?? '')).join(',')),
  ];
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}
const problemsOf = (body: { problems: { row: number; problems: { field: string; code: string }[] }[] }) =>
  new Map(body.problems.map((p) => [p.row, p.problems.map((x) => `${x.field}:${x.code}`)]));

describe('full-width digits', () => {
  const keys: ImportColumnKey[] = ['name', 'idNumber', 'phone', 'orgCode'];
  const idNumber = id('1990-03-08', 801);
  const typed = { name: '全角妹', idNumber: fullWidth(idNumber), phone: fullWidth('139-0000-0801'), orgCode: A_CODE };

  it.each([
    ['CSV', 'fw.csv', () => csv([typed], keys)],
    ['xlsx', 'fw.xlsx', () => xlsx([typed], keys)],
  ])('in phones and ID numbers are read as ASCII digits (%s)', async (_format, filename, file) => {
    const r = await upload(villageA, filename, await file());
    expect(r.status).toBe(201);
    expect(r.body.problems).toEqual([]);
    expect(r.body.counts).toMatchObject({ total: 1, valid: 1, invalid: 0, new: 1 });
    const ws = await errorsSheet(villageA, r.body.id);
    expect(cellText(ws, 2, columnNo('idNumber'))).toBe(idNumber);
    expect(cellText(ws, 2, columnNo('phone'))).toBe('13900000801');
  });
});

describe('Excel serial dates', () => {
  const keys: ImportColumnKey[] = ['name', 'birthDate', 'orgCode'];
  // 33000 days after 1899-12-30 is 1990-05-07, as Excel counts
  const rows: Row[] = [
    { name: '序列日期', birthDate: 33000, orgCode: A_CODE },
    { name: '只填年份', birthDate: 1990, orgCode: A_CODE },
  ];

  it.each([
    ['CSV', 'serial.csv', () => csv(rows, keys)],
    ['xlsx', 'serial.xlsx', () => xlsx(rows, keys)],
  ])('a serial date is the day it counts; a bare year is refused, not taken for 1905 (%s)', async (_f, name, file) => {
    const r = await upload(villageA, name, await file());
    expect(r.status).toBe(201);
    expect(r.body.counts).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(problemsOf(r.body).get(3)).toEqual(['birthDate:invalid_format']);
    const ws = await errorsSheet(villageA, r.body.id);
    expect(cellText(ws, 2, columnNo('birthDate'))).toBe('1990-05-07');
    expect(cellText(ws, 3, columnNo('birthDate'))).toBe('1990');
  });
});

describe('ID numbers Excel turned into numbers', () => {
  const keys: ImportColumnKey[] = ['name', 'idNumber', 'orgCode'];
  // an ID whose first 15 digits with 000 no longer fit its check character (as for 10 in 11 of them)
  let real = id('1990-03-08', 810);
  for (let seq = 811; real.endsWith('X') || checkCharacter(excelled(real).slice(0, 17)) === '0'; seq++)
    real = id('1990-03-08', seq);

  it('CSV: 5.00154E+17 and the written-out 500154…000 get the "stored as a number" message, as in xlsx', async () => {
    const body = csv(
      [
        { name: '科学计数', idNumber: '5.00154E+17', orgCode: A_CODE },
        { name: '末位补零', idNumber: excelled(real), orgCode: A_CODE },
        { name: '全角计数', idNumber: fullWidth('5.00154E+17'), orgCode: A_CODE },
      ],
      keys,
    );
    const r = await upload(villageA, 'sci.csv', body);
    expect(r.status).toBe(201);
    const byRow = problemsOf(r.body);
    for (const row of [2, 3, 4]) expect(byRow.get(row), `row ${row}`).toEqual(['idNumber:number']);
    const message = r.body.problems[0].problems[0].message;
    expect(message['zh-CN']).toContain('存成了数字');
    expect(message['zh-CN']).toContain('文本');
    expect(message['en-US']).toContain('as Text');
  });

  it('the error workbook shows a digit-lost ID as Excel did (5.00154E+17), never as digits passing for an ID', async () => {
    const wbBook = new ExcelJS.Workbook();
    const ws0 = wbBook.addWorksheet('人员信息');
    ws0.addRow(keys.map((k) => IMPORT_COLUMNS.find((c) => c.key === k)!.zh));
    ws0.addRow(['数字身份证', Number(real), A_CODE]);
    const fromXlsx = await upload(villageA, 'number.xlsx', Buffer.from(await wbBook.xlsx.writeBuffer()));
    const fromCsv = await upload(
      villageA,
      'zeros.csv',
      csv([{ name: '末位补零', idNumber: excelled(real), orgCode: A_CODE }], keys),
    );
    for (const r of [fromXlsx, fromCsv]) {
      expect(problemsOf(r.body).get(2)).toEqual(['idNumber:number']);
      const ws = await errorsSheet(villageA, r.body.id);
      const shown = cellText(ws, 2, columnNo('idNumber'));
      expect(shown).toBe('5.00154E+17');
      expect(shown).not.toMatch(/^\d{17}[\dX]$/);
      expect(ws.getRow(2).getCell(columnNo('idNumber')).note).toBeTruthy();
      expect(cellText(ws, 2, ERRORS_COLUMN_NO)).toContain('存成了数字');
    }
    // uploaded again unchanged, the workbook's row is refused for the same reason (never imported without its ID)
    const again = await upload(
      villageA,
      'again.xlsx',
      Buffer.from(await (await errorsSheet(villageA, fromXlsx.body.id)).workbook.xlsx.writeBuffer()),
    );
    expect(again.status).toBe(201);
    expect(again.body.counts).toMatchObject({ valid: 0, invalid: 1 });
    expect(problemsOf(again.body).get(2)).toEqual(['idNumber:number']);
  });
});

describe('headers below a title, or of two rows', () => {
  const keys: ImportColumnKey[] = ['name', 'idNumber', 'birthDate', 'orgCode', 'phone', 'residenceAddress'];
  const person = (seq: number): Row => ({
    name: `表头${seq}`,
    idNumber: id('1988-08-08', seq),
    birthDate: '1988-08-08',
    orgCode: A_CODE,
    phone: `139000${String(seq).padStart(5, '0')}`,
    residenceAddress: '开州区汉丰街道',
  });

  it('xlsx: a merged title row (and a blank line) above the header', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员信息');
    ws.getCell('A1').value = '2026 年汉丰街道妇女信息登记表';
    ws.mergeCells('A1:F1');
    ws.getCell('A2').value = '填报单位：汉丰街道妇联';
    ws.addRow(keys.map((k) => IMPORT_COLUMNS.find((c) => c.key === k)!.zh)); // row 3 (row 4 is left blank)
    ws.getRow(5).values = keys.map((k) => person(820)[k] ?? null) as ExcelJS.CellValue[];
    ws.getRow(6).values = ['', id('1988-08-08', 821).slice(0, 17), '', A_CODE] as ExcelJS.CellValue[];
    const r = await upload(villageA, 'title.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(201);
    expect(r.body.columns.recognised).toEqual(['姓名', '身份证号', '出生日期', '所属组织代码', '手机号码', '居住地址']);
    expect(r.body.counts).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    // rows keep the numbers the user sees in Excel
    expect(problemsOf(r.body).get(6)).toEqual(expect.arrayContaining(['name:required', 'idNumber:format']));
  });

  it('xlsx: two header rows — group headings merged across, names merged down', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员信息');
    ws.getRow(1).values = ['姓名', '身份信息', null, '所属组织代码', '联系方式', null];
    ws.getRow(2).values = [null, '身份证号', '出生日期', null, '手机号码', '居住地址'];
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:C1');
    ws.mergeCells('D1:D2');
    ws.mergeCells('E1:F1');
    ws.getRow(3).values = keys.map((k) => person(822)[k] ?? null) as ExcelJS.CellValue[];
    ws.getRow(4).values = keys.map((k) => person(823)[k] ?? null) as ExcelJS.CellValue[];
    const r = await upload(villageA, 'two-rows.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(201);
    expect(r.body.problems).toEqual([]);
    expect(r.body.counts).toMatchObject({ total: 2, valid: 2 });
    const sheet = await errorsSheet(villageA, r.body.id);
    expect(cellText(sheet, 2, columnNo('phone'))).toBe('13900000822');
    expect(cellText(sheet, 3, columnNo('residenceAddress'))).toBe('开州区汉丰街道');
    expect(cellText(sheet, 3, IMPORT_COLUMNS.length + 2)).toBe('4'); // 原行号: the sheet's own row
  });

  it('CSV: a title row above the header, and two header rows as Excel saves merged cells', async () => {
    const titled = await upload(
      villageA,
      'title.csv',
      csv([person(824)], keys, ['2026 年汉丰街道妇女信息登记表,,,,,']),
    );
    expect(titled.status).toBe(201);
    expect(titled.body.counts).toMatchObject({ total: 1, valid: 1 });
    const lines = [
      '姓名,身份信息,,所属组织代码,联系方式,',
      ',身份证号,出生日期,,手机号码,居住地址',
      keys.map((k) => person(825)[k]).join(','),
    ];
    const twoRows = await upload(villageA, 'two.csv', Buffer.from(lines.join('\n'), 'utf8'));
    expect(twoRows.status).toBe(201);
    expect(twoRows.body.problems).toEqual([]);
    expect(twoRows.body.counts).toMatchObject({ total: 1, valid: 1 });
  });

  it('a header that is nowhere near the top is still a 400 naming the missing columns', async () => {
    const body = csv(
      [person(826)],
      keys,
      Array.from({ length: 10 }, (_, i) => `说明第 ${i + 1} 行`),
    );
    const r = await upload(villageA, 'late.csv', body);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('file');
    expect(r.body.errors[0]).toMatchObject({ field: 'file', code: 'missing-columns' });
  });
});

async function stagedCounts(importId: number) {
  const [row] = await t.sql<{ chunks: number; rows: number }>(
    `select (select count(*)::int from person_import_chunks where import_id = $1) as chunks,
            (select count(*)::int from person_import_rows where import_id = $1) as rows`,
    [importId],
  );
  return row!;
}

describe('discarding a preview', () => {
  const keys: ImportColumnKey[] = ['name', 'idNumber', 'orgCode'];
  const file = (seq: number) =>
    csv(
      [
        { name: `放弃${seq}`, idNumber: id('1985-05-05', seq), orgCode: A_CODE },
        { name: `放弃${seq}坏行`, idNumber: '123', orgCode: A_CODE },
      ],
      keys,
    );

  it('deletes the staged rows and keeps the import as discarded; it can no longer be committed', async () => {
    const r = await upload(villageA, 'discard.csv', file(830));
    expect(await stagedCounts(r.body.id)).toEqual({ chunks: 1, rows: 1 });
    const d = await villageA.post(`/api/v1/people/imports/${r.body.id}/discard`);
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ id: r.body.id, status: 'discarded', counts: { total: 2, valid: 1, invalid: 1 } });
    expect(d.body.purgedAt).toEqual(expect.any(String));
    expect(await stagedCounts(r.body.id)).toEqual({ chunks: 0, rows: 0 });
    expect((await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`)).status).toBe(409);
    expect((await villageA.post(`/api/v1/people/imports/${r.body.id}/discard`)).status).toBe(409);
    const [audit] = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'person.import.discard' and target_id = $1::text`,
      [r.body.id],
    );
    expect(audit!.n).toBe(1);
  });

  it("is the importer's own, in her scope: another village's user gets 404 and nothing is deleted", async () => {
    const r = await upload(villageA, 'mine.csv', file(831));
    const other = await villageB.post(`/api/v1/people/imports/${r.body.id}/discard`);
    expect(other.status).toBe(404);
    expect(await stagedCounts(r.body.id)).toEqual({ chunks: 1, rows: 1 });
    expect((await villageA.get(`/api/v1/people/imports/${r.body.id}`)).body.status).toBe('validated');
    expect((await villageA.post('/api/v1/people/imports/999999999/discard')).status).toBe(404);
    const bad = await villageA.post('/api/v1/people/imports/abc/discard');
    expect(bad.status).toBe(400);
  });

  it('a committed import cannot be discarded (409)', async () => {
    const r = await upload(villageA, 'committed.csv', file(832));
    expect((await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`)).status).toBe(200);
    const d = await villageA.post(`/api/v1/people/imports/${r.body.id}/discard`);
    expect(d.status).toBe(409);
    expect(d.body.field).toBe('status');
  });
});

describe('purging staged data after the retention days', () => {
  const keys: ImportColumnKey[] = ['name', 'idNumber', 'orgCode'];
  const file = (seq: number) =>
    csv(
      [
        { name: `清除${seq}`, idNumber: id('1984-04-04', seq), orgCode: A_CODE },
        { name: `清除${seq}坏行`, idNumber: '5.00154E+17', orgCode: A_CODE },
      ],
      keys,
    );
  const age = (importId: number, days: number, column = 'created_at') =>
    t.sql(`update person_imports set ${column} = now() - make_interval(days => $2::int) where id = $1`, [
      importId,
      days,
    ]);

  it('removes the staged rows of imports older than N days and leaves the newer ones', async () => {
    const days = t.platform.config.importRetentionDays;
    const old = (await upload(villageA, 'old.csv', file(840))).body.id as number;
    const recent = (await upload(villageA, 'recent.csv', file(841))).body.id as number;
    // a finished import keeps its rows with problems (the workbook) until N days after it finished
    const finished = (await upload(villageA, 'finished.csv', file(842))).body.id as number;
    await t.sql(`update person_imports set status = 'done' where id = $1`, [finished]);
    await age(old, days + 1);
    await age(recent, days - 1);
    await age(finished, days + 30);
    await age(finished, days + 1, 'finished_at');

    const { purged } = await t.platform.modules.people.purgeImports();
    expect(purged).toEqual(expect.arrayContaining([old, finished]));
    expect(purged).not.toContain(recent);
    expect(await stagedCounts(old)).toEqual({ chunks: 0, rows: 0 });
    expect(await stagedCounts(finished)).toEqual({ chunks: 0, rows: 0 });
    expect(await stagedCounts(recent)).toEqual({ chunks: 1, rows: 1 });

    const oldView = (await villageA.get(`/api/v1/people/imports/${old}`)).body;
    expect(oldView).toMatchObject({ status: 'discarded', counts: { total: 2, valid: 1, invalid: 1 } });
    expect(oldView.purgedAt).toEqual(expect.any(String));
    expect(oldView.error['zh-CN']).toContain(`${days} 天`);
    const finishedView = (await villageA.get(`/api/v1/people/imports/${finished}`)).body;
    expect(finishedView).toMatchObject({ status: 'done' });
    expect(finishedView.purgedAt).toEqual(expect.any(String));
    expect((await villageA.get(`/api/v1/people/imports/${recent}`)).body).toMatchObject({
      status: 'validated',
      purgedAt: null,
    });
    expect((await villageA.post(`/api/v1/people/imports/${old}/commit`)).status).toBe(409);

    // a second run finds nothing more to do
    expect((await t.platform.modules.people.purgeImports()).purged).not.toEqual(
      expect.arrayContaining([old, finished]),
    );
    const audits = await t.sql<{ target_id: string }>(
      `select target_id from audit_events where action = 'person.import.purge' order by id`,
    );
    expect(audits.map((a) => Number(a.target_id)).filter((i) => i === old || i === finished)).toHaveLength(2);
  });
});
