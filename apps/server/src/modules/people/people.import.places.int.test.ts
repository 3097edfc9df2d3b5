import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter, IMPORT_COLUMNS } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

// Issue 15 item 2 in imports: 现工作地 is read tolerantly; what names no place is imported and listed, never dropped.
const FAST_JOBS = { JINGUO_JOBS_POLL_MS: '100', JINGUO_JOBS_SWEEP_MS: '300' };
Object.assign(process.env, FAST_JOBS);

let t: TestPlatform;
let villageA: Client, mobile: Client;
const A_CODE = '500154001001';
const id = (seq: number) => {
  const first17 = `50015419900303${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, mobile] = (await Promise.all(['village.a', 'shanghai.mobile'].map((u) => t.login(u)))) as [Client, Client];
  await t.platform.jobs.start();
});
afterAll(async () => {
  await t?.close();
  for (const k of Object.keys(FAST_JOBS)) delete process.env[k];
});

async function upload(rows: Partial<Record<(typeof IMPORT_COLUMNS)[number]['key'], string>>[]) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员信息');
  ws.addRow(IMPORT_COLUMNS.map((c) => c.zh));
  for (const r of rows) ws.addRow(IMPORT_COLUMNS.map((c) => r[c.key] ?? null));
  const csrf = villageA.cookies.get('jinguo_csrf')!;
  const res = await t.platform.http.inject({
    method: 'POST',
    url: `/api/v1/people/imports?filename=${encodeURIComponent('在外妇女.xlsx')}`,
    headers: {
      cookie: [...villageA.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': csrf,
      'content-type': 'application/octet-stream',
    },
    payload: Buffer.from(await wb.xlsx.writeBuffer()),
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}
async function commit(importId: number) {
  expect((await villageA.post(`/api/v1/people/imports/${importId}/commit`)).status).toBe(200);
  for (;;) {
    const r = await villageA.get(`/api/v1/people/imports/${importId}`);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    await new Promise((res) => setTimeout(res, 100));
  }
}
const profileOf = async (idNumber: string) => {
  const found = (await villageA.get(`/api/v1/people?q=${idNumber}`)).body.items[0];
  return { id: found.id as number, profile: (await villageA.get(`/api/v1/people/${found.id}/migrant-profile`)).body };
};

describe('import: 现工作地', () => {
  it('codes Shanghai however typed, lists what names no place, and refuses only an overlong cell', async () => {
    const typed = ['上海', '上海市浦东新区', '沪', '浦东新区', '沿海城市', '朝阳区'];
    const rows = typed.map((place, i) => ({
      name: `导入${i}号`,
      idNumber: id(700 + i),
      orgCode: A_CODE,
      currentPlace: place,
    }));
    const up = await upload([
      ...rows,
      { name: '太长', idNumber: id(720), orgCode: A_CODE, currentPlace: '上'.repeat(101) },
    ]);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.counts).toMatchObject({ total: 7, valid: 6, invalid: 1 });
    expect(up.body.problems[0].problems[0]).toMatchObject({ column: '现工作地', field: 'currentPlace' });
    const done = await commit(up.body.id);
    expect(done.result).toMatchObject({ inserted: 6, refused: 0 });

    const members = (await mobile.get('/api/v1/people/migrants?limit=200')).body.items.map((i: any) => i.person.id);
    const unmatched = (await villageA.get('/api/v1/people/migrants/unmatched-places?limit=200')).body.items.map(
      (i: any) => i.person.id,
    );
    for (const [i, place] of typed.entries()) {
      const { id: personId, profile } = await profileOf(id(700 + i));
      expect(profile.currentPlaceText).toBe(place);
      expect(profile.homePlace?.districtCode).toBe('500154');
      if (i < 4) {
        expect(profile, place).toMatchObject({ placeIssue: null, mobileFederation: { code: '500154-SH' } });
        expect(members).toContain(personId);
      } else {
        expect(profile.placeIssue, place).toBe(i === 4 ? 'unknown' : 'ambiguous');
        expect(unmatched).toContain(personId);
      }
    }
    expect((await profileOf(id(701))).profile.currentPlace.code).toBe('310115');

    // importing her again with the place fixed replaces it, and keeps the rest of her profile
    const { id: fourth } = await profileOf(id(704));
    await villageA.request('PUT', `/api/v1/people/${fourth}/migrant-profile`, {
      currentPlaceText: '沿海城市',
      employer: '某厂',
      skills: ['缝纫'],
    });
    const again = await upload([{ name: '导入4号', idNumber: id(704), orgCode: A_CODE, currentPlace: '上海市闵行区' }]);
    await commit(again.body.id);
    expect((await profileOf(id(704))).profile).toMatchObject({
      placeIssue: null,
      employer: '某厂',
      skills: ['缝纫'],
      currentPlace: { code: '310112' },
      mobileFederation: { code: '500154-SH' },
    });
  });
});
