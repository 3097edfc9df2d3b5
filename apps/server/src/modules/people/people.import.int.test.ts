import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter, IMPORT_COLUMNS } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { importHooks } from './people.import.service.js';

// Fast polling and orphan sweeps for the crash test (the production defaults are seconds); put back afterwards, as
// the next file in this worker shares the process (isolate: false).
const FAST_JOBS = { JINGUO_JOBS_POLL_MS: '100', JINGUO_JOBS_SWEEP_MS: '300', JINGUO_JOBS_ORPHAN_GRACE_S: '0' };
Object.assign(process.env, FAST_JOBS);

let t: TestPlatform;
let villageA: Client, villageB: Client, kaizhou: Client, mobile: Client;
const A_CODE = '500154001001';
const B_CODE = '500154001002';

/** A valid woman's ID number; sequences from 600 up never meet the demo's. */
const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};
const badCheck = (good: string) => good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, villageB, kaizhou, mobile] = (await Promise.all(
    ['village.a', 'village.b', 'kaizhou.cadre', 'shanghai.mobile'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client];
  await t.platform.jobs.start();
});
afterAll(async () => {
  importHooks.afterChunk = undefined;
  await t?.close();
  for (const k of Object.keys(FAST_JOBS)) delete process.env[k];
});

function headersOf(c: Client, extra: Record<string, string> = {}) {
  const h: Record<string, string> = { ...extra };
  if (c.cookies.size) h.cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = c.cookies.get('jinguo_csrf');
  if (csrf) h['x-csrf-token'] = csrf;
  return h;
}
async function upload(c: Client, filename: string, body: Buffer, type = 'application/octet-stream') {
  const res = await t.platform.http.inject({
    method: 'POST',
    url: `/api/v1/people/imports?filename=${encodeURIComponent(filename)}`,
    headers: headersOf(c, { 'content-type': type }),
    payload: body,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
async function download(c: Client, url: string) {
  const res = await t.platform.http.inject({ method: 'GET', url, headers: headersOf(c) });
  return { status: res.statusCode, buf: res.rawPayload, headers: res.headers, text: res.body };
}
async function workbook(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}
async function xlsx(rows: (string | number | null)[][], header: string[] = IMPORT_COLUMNS.map((c) => c.zh)) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员信息');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
/** A row in template column order from a partial record. */
const row = (r: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string>>) =>
  IMPORT_COLUMNS.map((c) => r[c.key] ?? null);

async function waitDone(c: Client, importId: number, ms = 45_000) {
  const end = Date.now() + ms;
  for (;;) {
    const r = await c.get(`/api/v1/people/imports/${importId}`);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    if (Date.now() > end) throw new Error(`import ${importId} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}
const personCount = async () => Number((await t.sql<{ n: number }>('select count(*)::int as n from persons'))[0]!.n);

/** GBK bytes for a text, from the platform's own decoder run backwards (no encoder library needed in a test). */
function gbk(text: string): Buffer {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gbk');
  for (let b1 = 0x81; b1 <= 0xfe; b1++)
    for (let b2 = 0x40; b2 <= 0xfe; b2++) {
      if (b2 === 0x7f) continue;
      const ch = decoder.decode(Uint8Array.from([b1, b2]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [b1, b2]);
    }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

describe('import template', () => {
  it('has the header row, a 说明 sheet and dropdowns for gender, ethnicity, education, tags and org code', async () => {
    const r = await download(villageA, '/api/v1/people/import/template');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    const wb = await workbook(r.buf);
    const ws = wb.getWorksheet('人员信息')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(IMPORT_COLUMNS.map((c) => c.zh));
    expect(wb.getWorksheet('说明')).toBeTruthy();
    const dv = (ws as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } })
      .dataValidations.model;
    const col = (key: string) => String.fromCharCode(65 + IMPORT_COLUMNS.findIndex((c) => c.key === key));
    const listAt = (key: string, rowNo = 2) => dv[`${col(key)}${rowNo}`];
    for (const key of ['gender', 'ethnicity', 'education', 'tags', 'orgCode']) {
      expect(listAt(key)?.type, key).toBe('list');
      expect(listAt(key, 500)?.type, key).toBe('list');
    }
    const lists = wb.getWorksheet('选项')!;
    expect(lists.state).toBe('hidden');
    const values = (formula: string) => {
      const [, sheet, c1, r1, , r2] = /^'?([^'!]+)'?!\$([A-Z])\$(\d+):\$([A-Z])\$(\d+)$/.exec(formula)!;
      const s = wb.getWorksheet(sheet!)!;
      const out: string[] = [];
      for (let i = Number(r1); i <= Number(r2); i++) out.push(String(s.getCell(`${c1}${i}`).value));
      return out;
    };
    expect(values(listAt('gender')!.formulae[0]!)).toEqual(['女', '男']);
    expect(values(listAt('ethnicity')!.formulae[0]!)).toEqual(expect.arrayContaining(['汉族', '土家族', '苗族']));
    expect(values(listAt('education')!.formulae[0]!)).toEqual(expect.arrayContaining(['小学', '初中', '本科']));
    expect(values(listAt('tags')!.formulae[0]!)).toEqual(expect.arrayContaining(['困难妇女', '巾帼志愿者']));
    const orgCodes = values(listAt('orgCode')!.formulae[0]!);
    expect(orgCodes).toContain(A_CODE);
    expect(orgCodes).not.toContain(B_CODE); // only the importer's subtree
    expect(ws.getColumn(IMPORT_COLUMNS.findIndex((c) => c.key === 'idNumber') + 1).numFmt).toBe('@');
  });
});

describe('upload, preview, error workbook, fix and import', () => {
  const good = id('1990-01-01', 602);
  let firstImport: number;
  let errorsBook: Buffer;
  let finalFile: Buffer;

  it('checks every row and lists each bad row and cell with a bilingual reason', async () => {
    const file = await xlsx([
      row({
        name: '张三妹',
        idNumber: good,
        gender: '女',
        phone: '13800000602',
        ethnicity: '汉族',
        education: '本科',
        orgCode: A_CODE,
        tags: '困难妇女、巾帼志愿者',
        householdAddress: '重庆市开州区汉丰街道1号',
      }), // 2 ok
      row({ name: '李四妹', idNumber: badCheck(id('1991-02-02', 604)), orgCode: A_CODE }), // 3 check character
      row({ name: '王五妹', gender: '女士', phone: '12345', orgCode: A_CODE }), // 4 two bad cells
      row({ name: '赵六妹', idNumber: id('1992-03-03', 606), orgCode: B_CODE }), // 5 another village: outside the subtree
      row({ name: '钱七妹', tags: '困难妇女、不存在的标签', education: '幼儿园', orgCode: A_CODE }), // 6 tag and education
      row({ name: '张三妹', idNumber: good, orgCode: A_CODE }), // 7 duplicate of row 2
      row({ name: '孙八妹', idNumber: id('1993-04-04', 608), birthDate: '1993-04-05', orgCode: A_CODE }), // 8 contradiction
      row({
        name: '周九妹',
        birthDate: '1985-05-05',
        phone: '13900000610',
        gender: '女',
        orgCode: A_CODE,
        occupation: '=1+2',
      }), // 9 ok, no ID number
    ]);
    const r = await upload(villageA, '人员名单.xlsx', file);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    firstImport = r.body.id;
    expect(r.body.status).toBe('validated');
    expect(r.body.format).toBe('xlsx');
    expect(r.body.counts).toEqual({ total: 8, valid: 2, invalid: 6, new: 2, update: 0, unchanged: 0 });
    const byRow = new Map<number, { column: string | null; code: string; message: Record<string, string> }[]>(
      r.body.problems.map((p: any) => [p.row, p.problems]),
    );
    expect([...byRow.keys()].sort()).toEqual([3, 4, 5, 6, 7, 8]);
    expect(byRow.get(3)![0]).toMatchObject({ column: '身份证号', code: 'check-character' });
    expect(byRow.get(3)![0]!.message['zh-CN']).toContain('校验位');
    expect(byRow.get(3)![0]!.message['en-US']).toContain('check character');
    expect(
      byRow
        .get(4)!
        .map((p) => p.column)
        .sort(),
    ).toEqual(['性别', '手机号码']);
    expect(byRow.get(5)![0]).toMatchObject({ column: '所属组织代码', code: 'out_of_scope' });
    expect(
      byRow
        .get(6)!
        .map((p) => p.column)
        .sort(),
    ).toEqual(['文化程度', '标签']);
    expect(byRow.get(6)!.find((p) => p.column === '标签')!.message['zh-CN']).toContain('不存在的标签');
    expect(byRow.get(7)![0]).toMatchObject({ column: '身份证号', code: 'duplicate_in_file' });
    expect(byRow.get(7)![0]!.message['zh-CN']).toContain('第 2 行');
    expect(byRow.get(8)![0]).toMatchObject({ column: '出生日期', code: 'PERSON_ID_CONTRADICTION' });
    expect(r.body.problems.find((p: any) => p.row === 4).name).toBe('王五妹');
    // Nothing was written to the registry yet.
    expect(await t.sql('select 1 from persons where name = $1', ['张三妹'])).toHaveLength(0);
    // The staged rows are encrypted at rest: the whole chunk of valid rows, names and birth dates too.
    const staged = JSON.stringify([
      ...(await t.sql('select data, cells_enc from person_import_rows where import_id = $1', [firstImport])),
      ...(await t.sql('select data from person_import_chunks where import_id = $1', [firstImport])),
    ]);
    expect(staged).not.toContain('张三妹');
    expect(staged).not.toContain('1990-01-01');
    expect(staged).not.toContain(good);
    expect(staged).not.toContain('13800000602');
    const [chunk] = await t.sql<{ data: string }>('select data from person_import_chunks where import_id = $1', [
      firstImport,
    ]);
    expect(chunk!.data).toMatch(/^v1:/);
    expect(t.platform.crypto.decrypt(chunk!.data)).toContain('张三妹');
  });

  it('returns the rows as a workbook with the bad cells filled, a note with the reason and an 错误原因 column', async () => {
    const r = await download(villageA, `/api/v1/people/imports/${firstImport}/errors.xlsx`);
    expect(r.status).toBe(200);
    errorsBook = r.buf;
    const wb = await workbook(r.buf);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    expect(header).toContain('错误原因');
    const colOf = (h: string) => header.indexOf(h) + 1;
    expect(ws.rowCount).toBe(9);
    const r3 = ws.getRow(3); // file order kept: row 3 of the upload is row 3 here
    const idCell = r3.getCell(colOf('身份证号'));
    expect(idCell.value).toBe(badCheck(id('1991-02-02', 604)));
    expect((idCell.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(String(idCell.note)).toContain('校验位');
    expect(String(r3.getCell(colOf('错误原因')).value)).toContain('校验位');
    const r4 = ws.getRow(4);
    expect((r4.getCell(colOf('性别')).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe('FFFFC7CE');
    expect((r4.getCell(colOf('手机号码')).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe('FFFFC7CE');
    const ok = ws.getRow(2);
    expect(ok.getCell(colOf('姓名')).value).toBe('张三妹');
    expect(ok.getCell(colOf('身份证号')).value).toBe(good);
    expect((ok.getCell(colOf('姓名')).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).not.toBe('FFFFC7CE');
    expect(ok.getCell(colOf('错误原因')).value).toBeNull();
    // The formula-looking occupation comes back neutralised, and uploads back as typed.
    expect(ws.getRow(9).getCell(colOf('职业')).value).toBe("'=1+2");
    const only = await workbook(
      (await download(villageA, `/api/v1/people/imports/${firstImport}/errors.xlsx?only=invalid`)).buf,
    );
    expect(only.worksheets[0]!.rowCount).toBe(7);
  });

  it('the fixed workbook uploads with every row valid', async () => {
    const wb = await workbook(errorsBook);
    const ws = wb.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
    const set = (rowNo: number, h: string, v: string) => (ws.getRow(rowNo).getCell(header.indexOf(h) + 1).value = v);
    set(3, '身份证号', id('1991-02-02', 604));
    set(4, '性别', '女');
    set(4, '手机号码', '13700000604');
    set(5, '所属组织代码', A_CODE);
    set(6, '标签', '困难妇女');
    set(6, '文化程度', '初中');
    set(7, '身份证号', id('1994-06-06', 612));
    set(8, '出生日期', '1993-04-04');
    finalFile = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await upload(villageA, '人员名单-错误标注.xlsx', finalFile);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.problems).toEqual([]);
    expect(r.body.counts).toEqual({ total: 8, valid: 8, invalid: 0, new: 8, update: 0, unchanged: 0 });
    expect(r.body.columns.ignored).toEqual(expect.arrayContaining(['错误原因']));

    const before = await personCount();
    const c = await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    expect(c.body.status).toBe('queued');
    const done = await waitDone(villageA, r.body.id);
    expect(done.status).toBe('done');
    expect(done.progress).toEqual({ done: 8, total: 8, percent: 100 });
    expect(done.result).toEqual({ inserted: 8, updated: 0, unchanged: 0, refused: 0 });
    expect(await personCount()).toBe(before + 8);
    const found = await villageA.get(`/api/v1/people?q=${good}`);
    expect(found.body.items).toHaveLength(1);
    expect((await villageA.get(`/api/v1/people?q=${encodeURIComponent('张三妹')}`)).body.items).toHaveLength(2); // row 7 was fixed to another woman
    const p = (await villageA.get(`/api/v1/people/${found.body.items[0].id}`)).body;
    expect(p).toMatchObject({
      birthDate: '1990-01-01',
      gender: 'female',
      phone: '138****0602',
      ethnicity: '汉族',
      education: 'bachelor',
      org: { code: A_CODE },
    });
    expect(p.tags.map((x: any) => x.code).sort()).toEqual(['difficult_woman', 'volunteer']);
    expect(p.tags[0].addedBy).toBe('village.a');
    const zhou = (await villageA.get(`/api/v1/people?q=${encodeURIComponent('周九妹')}`)).body.items[0];
    expect((await villageA.get(`/api/v1/people/${zhou.id}`)).body.occupation).toBe('=1+2');
    // Audited: the commit, one event per chunk with its counts, the end of the import.
    const events = await t.sql<{ action: string; after: any; actor_name: string }>(
      `select action, after, actor_name from audit_events where target_type = 'person_import' and target_id = $1 order by id`,
      [String(r.body.id)],
    );
    expect(events.map((e) => e.action)).toEqual([
      'person.import.upload',
      'person.import.commit',
      'person.import.chunk',
      'person.import.done',
    ]);
    expect(events[2]!.after).toMatchObject({ inserted: 8, updated: 0, unchanged: 0, refused: 0 });
    expect(events.every((e) => e.actor_name === 'village.a')).toBe(true);
    // The job is finished in the queue too.
    const [job] = await t.sql<{ state: string }>(
      `select state from pgboss.job where name = 'people-import' and data->>'importId' = $1`,
      [String(r.body.id)],
    );
    expect(job?.state).toBe('completed');
  });

  it('importing the same file again changes nothing: no new persons, no version bumps', async () => {
    const snapshot = async () =>
      t.sql<{ id: number; version: number; updated_at: string }>(
        `select id, version, updated_at::text from persons where org_path <@ (select path from organizations where code = $1) order by id`,
        [A_CODE],
      );
    const before = await snapshot();
    const tagsBefore = await t.sql('select count(*)::int as n from person_tags');
    const r = await upload(villageA, '人员名单-错误标注.xlsx', finalFile);
    expect(r.body.counts).toEqual({ total: 8, valid: 8, invalid: 0, new: 0, update: 0, unchanged: 8 });
    await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    const done = await waitDone(villageA, r.body.id);
    expect(done.result).toEqual({ inserted: 0, updated: 0, unchanged: 8, refused: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await t.sql('select count(*)::int as n from person_tags')).toEqual(tagsBefore);
  });

  it('a changed row updates the registered person by ID number (one version up), an empty cell erases nothing', async () => {
    const file = await xlsx([
      row({ name: '张三妹', idNumber: good, phone: '13800009999', orgCode: A_CODE, occupation: '电商' }),
    ]);
    const r = await upload(villageA, 'update.xlsx', file);
    expect(r.body.counts).toMatchObject({ valid: 1, new: 0, update: 1 });
    const [before] = await t.sql<{ id: number; version: number }>('select id, version from persons where id = $1', [
      (await villageA.get(`/api/v1/people?q=${good}`)).body.items[0].id,
    ]);
    await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    expect((await waitDone(villageA, r.body.id)).result).toMatchObject({ updated: 1, inserted: 0 });
    const p = (await villageA.get(`/api/v1/people/${before!.id}`)).body;
    expect(p).toMatchObject({
      phone: '138****9999',
      occupation: '电商',
      ethnicity: '汉族',
      education: 'bachelor',
      version: before!.version + 1,
    });
  });
});

describe('CSV', () => {
  const header = IMPORT_COLUMNS.map((c) => c.zh).join(',');
  const line = (name: string, idNo: string, extra = '') =>
    row({
      name,
      idNumber: idNo,
      orgCode: A_CODE,
      ethnicity: '土家族',
      education: '高中',
      householdAddress: '重庆市开州区汉丰街道驷马社区' + extra,
    })
      .map((v) => v ?? '')
      .join(',');

  it('reads GBK, what Chinese Excel saves as CSV', async () => {
    const text = `${header}\r\n${line('欧阳秀英', id('1980-07-07', 620))}\r\n${line('龚丽娟', id('1981-08-08', 622))}\r\n`;
    const body = gbk(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(body)).toThrow();
    const r = await upload(villageA, '人员.csv', body, 'text/csv');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'gbk' });
    expect(r.body.counts).toMatchObject({ total: 2, valid: 2 });
    await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    await waitDone(villageA, r.body.id);
    const p = (await villageA.get(`/api/v1/people?q=${encodeURIComponent('欧阳秀英')}`)).body.items[0];
    const full = (await villageA.get(`/api/v1/people/${p.id}`)).body;
    expect(full).toMatchObject({ name: '欧阳秀英', ethnicity: '土家族', education: 'senior_high' });
    const clear = await villageA.post(`/api/v1/people/${p.id}/unmask`, {
      field: 'householdAddress',
      reason: '核对导入的地址',
    });
    expect(clear.body.value).toBe('重庆市开州区汉丰街道驷马社区');
  });

  it('reads UTF-8 with a BOM (Excel\'s "CSV UTF-8"), with quoted fields', async () => {
    const text = `${header}\n${line('"上官, 婉儿"', id('1982-09-09', 624))}\n`;
    const r = await upload(
      villageA,
      'utf8.csv',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'text/csv',
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ format: 'csv', encoding: 'utf-8-bom' });
    expect(r.body.counts).toMatchObject({ total: 1, valid: 1 });
    await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    await waitDone(villageA, r.body.id);
    const found = (await villageA.get(`/api/v1/people?q=${encodeURIComponent('上官')}`)).body.items;
    expect(found.map((p: any) => p.name)).toEqual(['上官, 婉儿']);
  });

  it('refuses a file without the required columns, and an old .xls, with a clear message', async () => {
    const r = await upload(villageA, 'x.csv', Buffer.from('名字,电话\n张三,13800000000\n'), 'text/csv');
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('file');
    expect(r.body.message['zh-CN']).toContain('姓名');
    const xls = await upload(villageA, 'old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]));
    expect(xls.status).toBe(400);
    expect(xls.body.message['zh-CN']).toContain('.xlsx');
  });
});

describe('scope', () => {
  it('refuses a row whose ID number is registered in another village, and does not move her', async () => {
    const other = id('1975-10-10', 640);
    const p = (await villageB.post('/api/v1/people', { orgId: await t.org(B_CODE), name: '永兴的人', idNumber: other }))
      .body;
    const r = await upload(
      villageA,
      'move.xlsx',
      await xlsx([row({ name: '永兴的人', idNumber: other, orgCode: A_CODE })]),
    );
    expect(r.body.counts).toMatchObject({ valid: 0, invalid: 1 });
    expect(r.body.problems[0].problems[0]).toMatchObject({ column: '身份证号', code: 'registered_elsewhere' });
    expect((await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`)).status).toBe(409);
    const [row0] = await t.sql<{ org_id: number }>('select org_id from persons where id = $1', [p.id]);
    expect(Number(row0!.org_id)).toBe(await t.org(B_CODE));
  });

  it('a row the import refuses (its org dissolved after the preview) keeps its person encrypted, and is reported', async () => {
    const X = '500154001009';
    const r = await upload(
      kaizhou,
      'dissolved.xlsx',
      await xlsx([row({ name: '金州的人', idNumber: id('1977-07-07', 650), phone: '13700000650', orgCode: X })]),
    );
    expect(r.body.counts).toMatchObject({ valid: 1, invalid: 0 });
    await t.sql(`update organizations set status = 'dissolved' where code = $1`, [X]);
    try {
      await kaizhou.post(`/api/v1/people/imports/${r.body.id}/commit`);
      expect((await waitDone(kaizhou, r.body.id)).result).toMatchObject({ inserted: 0, refused: 1 });
    } finally {
      await t.sql(`update organizations set status = 'active' where code = $1`, [X]);
    }
    const [refused] = await t.sql<{ data: unknown; name: string }>(
      `select data, name from person_import_rows where import_id = $1 and result = 'refused'`,
      [r.body.id],
    );
    expect(typeof refused!.data).toBe('string'); // one ciphertext, not the prepared person's JSON
    expect(JSON.stringify(refused!.data)).not.toContain('1977-07-07');
    const book = await workbook((await download(kaizhou, `/api/v1/people/imports/${r.body.id}/errors.xlsx`)).buf);
    const values = JSON.stringify(book.worksheets[0]!.getRow(2).values);
    expect(values).toContain('金州的人');
    expect(values).toContain('1977-07-07');
  });

  it("another village's user cannot read, download or commit someone else's import (404); a mobile federation cannot import", async () => {
    const r = await upload(villageA, 'mine.xlsx', await xlsx([row({ name: '甲乙丙', orgCode: A_CODE })]));
    expect(r.status).toBe(201);
    for (const url of [
      `/api/v1/people/imports/${r.body.id}`,
      `/api/v1/people/imports/${r.body.id}/errors.xlsx`,
      `/api/v1/people/imports/${r.body.id}/problems`,
    ]) {
      expect((await download(villageB, url)).status, url).toBe(404);
    }
    expect((await villageB.post(`/api/v1/people/imports/${r.body.id}/commit`)).status).toBe(404);
    expect((await villageB.get('/api/v1/people/imports')).body.items.map((i: any) => i.id)).not.toContain(r.body.id);
    expect((await kaizhou.get(`/api/v1/people/imports/${r.body.id}`)).status).toBe(404);
    expect((await villageA.get('/api/v1/people/imports')).body.items.map((i: any) => i.id)).toContain(r.body.id);
    expect((await upload(mobile, 'm.xlsx', await xlsx([row({ name: '流动', orgCode: A_CODE })]))).status).toBe(403);
    // The district may import into its villages, but B's rows stay B's when village A imports.
    const d = await upload(kaizhou, 'district.xlsx', await xlsx([row({ name: '区里导入', orgCode: B_CODE })]));
    expect(d.body.counts).toMatchObject({ valid: 1 });
  });
});

describe('crash and resume', () => {
  it('a job killed after its first chunk resumes after restart: every row once, no duplicates', async () => {
    const n = 2345; // chunks of 1,000: 1,000 + 1,000 + 345
    const lines = [IMPORT_COLUMNS.map((c) => c.zh).join(',')];
    for (let i = 0; i < n; i++) {
      const birth = `19${60 + (i % 40)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      lines.push(
        row({
          name: `测试${i}`,
          idNumber: id(birth, 700 + ((i * 2) % 300)),
          orgCode: A_CODE,
          tags: i % 3 === 0 ? '留守妇女' : '',
        })
          .map((v) => v ?? '')
          .join(','),
      );
    }
    const r = await upload(villageA, 'big.csv', Buffer.from(lines.join('\n')), 'text/csv');
    expect(r.body.counts, JSON.stringify(r.body.problems.slice(0, 3))).toMatchObject({ total: n, valid: n, new: n });
    const before = await personCount();
    let crashed = false;
    let killed!: () => void;
    const crash = new Promise<void>((res) => (killed = res));
    importHooks.afterChunk = async ({ importId, chunk }) => {
      if (importId === r.body.id && chunk === 1 && !crashed) {
        crashed = true;
        await t.platform.jobs.kill(); // the process dies right after chunk 1 committed
        killed();
        throw new Error('simulated crash');
      }
    };
    await villageA.post(`/api/v1/people/imports/${r.body.id}/commit`);
    await crash; // however long the first chunk takes on a loaded machine (the test's own timeout bounds it)
    const mid = (await villageA.get(`/api/v1/people/imports/${r.body.id}`)).body;
    expect(mid.status).toBe('running');
    expect(mid.progress.done).toBe(1000);
    expect(await personCount()).toBe(before + 1000); // the first chunk whole, nothing of the second

    await t.platform.jobs.start(); // the restart
    const done = await waitDone(villageA, r.body.id);
    expect(done.status).toBe('done');
    expect(done.progress).toEqual({ done: n, total: n, percent: 100 });
    expect(done.result).toEqual({ inserted: n, updated: 0, unchanged: 0, refused: 0 });
    expect(await personCount()).toBe(before + n);
    const [dups] = await t.sql<{ n: number }>(
      `select count(*)::int as n from (select id_number_hash from persons where name like '测试%' group by 1 having count(*) > 1) d`,
    );
    expect(dups!.n).toBe(0);
    const [tagged] = await t.sql<{ n: number }>(
      `select count(*)::int as n from person_tags t join persons p on p.id = t.person_id where p.name like '测试%' and t.tag = 'left_behind_woman'`,
    );
    expect(tagged!.n).toBe(Math.ceil(n / 3)); // tags went in with their chunk, once
    const chunks = await t.sql<{ after: any }>(
      `select after from audit_events where action = 'person.import.chunk' and target_id = $1 order by id`,
      [String(r.body.id)],
    );
    expect(chunks.map((c) => c.after.chunk)).toEqual([1, 2, 3]);
    expect(chunks.reduce((sum, c) => sum + c.after.inserted, 0)).toBe(n);
    importHooks.afterChunk = undefined;
  });
});
