import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { MIGRATIONS_DIR } from '../../platform/db/migrate.js';

// Issue 15 item 2: a woman reached 开州区(上海)流动妇工委 only when her place was typed exactly 上海市/上海市.
let t: TestPlatform;
let villageA: Client, villageB: Client, city: Client, mobile: Client;
let A: number, B: number, wanzhou: number;

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [villageA, villageB, city, mobile] = (await Promise.all(
    ['village.a', 'village.b', 'city.cadre', 'shanghai.mobile'].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  wanzhou = await t.org('500101001001');
});
afterAll(() => t?.close());

let seq = 0;
async function migrant(client: Client, orgId: number, place: Record<string, unknown>) {
  const p = (await client.post('/api/v1/people', { orgId, name: `流动${++seq}号` })).body;
  const r = await client.request('PUT', `/api/v1/people/${p.id}/migrant-profile`, { ...place, skills: [] });
  return { id: p.id as number, r };
}
const ids = (r: { body: { items: { person: { id: number } }[] } }) => r.body.items.map((i) => i.person.id);

describe('migrant women matched on places', () => {
  it('codes Shanghai however it is typed, and the mobile federation lists her', async () => {
    const typed = [
      { currentProvince: '上海市', currentCity: '上海市' },
      { currentProvince: '上海' },
      { currentProvince: '上海', currentCity: '' },
      { currentProvince: '上海市', currentCity: null },
      { currentPlaceText: '上海市浦东新区' },
      { currentPlaceText: '沪' },
      { currentProvince: '浦东新区' },
      { currentProvince: '上海市', currentCity: '浦东新区' },
      { currentPlace: { provinceCode: '31', cityCode: '3101', districtCode: '310115' } },
    ];
    const saved = [];
    for (const place of typed) {
      const m = await migrant(villageA, A, place);
      expect(m.r.status, JSON.stringify(place)).toBe(200);
      expect(m.r.body.mobileFederation?.code, JSON.stringify(place)).toBe('500154-SH');
      expect(m.r.body.currentPlace.provinceCode).toBe('31');
      expect(m.r.body.placeIssue).toBeNull();
      expect(m.r.body.currentProvince).toBe('上海市');
      saved.push(m);
    }
    expect(saved[4]!.r.body.currentPlace).toMatchObject({ code: '310115', name: '上海市 浦东新区' });
    // her home place comes from her home org's division: 驷马社区 is in 开州区
    expect(saved[0]!.r.body.homePlace).toMatchObject({ provinceCode: '50', districtCode: '500154' });
    const members = ids(await mobile.get('/api/v1/people/migrants?limit=200'));
    for (const m of saved) expect(members).toContain(m.id);
    const inPudong = ids(await villageA.get('/api/v1/people/migrants?placeCode=310115&limit=200'));
    expect(inPudong).toContain(saved[4]!.id);
    expect(inPudong).not.toContain(saved[1]!.id);
  });

  it('lists an empty, unknown or ambiguous place for a cadre to fix, and a fix matches her', async () => {
    const empty = await migrant(villageA, A, {});
    const unknown = await migrant(villageA, A, { currentPlaceText: '沿海城市' });
    const ambiguous = await migrant(villageA, A, { currentProvince: '朝阳区' });
    for (const [m, issue] of [
      [empty, 'empty'],
      [unknown, 'unknown'],
      [ambiguous, 'ambiguous'],
    ] as const) {
      expect(m.r.status).toBe(200);
      expect(m.r.body.placeIssue).toBe(issue);
      expect(m.r.body.mobileFederation).toBeNull();
    }
    expect(unknown.r.body.currentPlaceText).toBe('沿海城市');
    const list = await villageA.get('/api/v1/people/migrants/unmatched-places?limit=200');
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual(expect.arrayContaining([empty.id, unknown.id, ambiguous.id]));
    expect(list.body.items.every((i: any) => i.profile.placeIssue !== null)).toBe(true);

    const fixed = await villageA.request('PUT', `/api/v1/people/${unknown.id}/migrant-profile`, {
      currentPlace: { provinceCode: '31', districtCode: '310112' },
      skills: [],
    });
    expect(fixed.body).toMatchObject({ placeIssue: null, mobileFederation: { code: '500154-SH' } });
    expect(ids(await villageA.get('/api/v1/people/migrants/unmatched-places?limit=200'))).not.toContain(unknown.id);
    expect(ids(await mobile.get('/api/v1/people/migrants?limit=200'))).toContain(unknown.id);
  });

  it('lists a place too coarse for her federations, and matches a district inside a city catchment', async () => {
    // 万州区(深圳)流动妇联 serves 4403 深圳市: 广东 alone cannot say whether she is there
    const coarse = await migrant(city, wanzhou, { currentProvince: '广东' });
    expect(coarse.r.body).toMatchObject({ placeIssue: 'coarse', mobileFederation: null });
    expect(ids(await city.get('/api/v1/people/migrants/unmatched-places?limit=200'))).toContain(coarse.id);
    const nanshan = await migrant(city, wanzhou, { currentPlaceText: '广东深圳南山区' });
    expect(nanshan.r.body).toMatchObject({ placeIssue: null, mobileFederation: { code: '500101-SZ' } });
    expect(nanshan.r.body.currentPlace.code).toBe('440305');
  });

  it('keeps the unmatched list inside her subtree: another village is 404 and not listed', async () => {
    const mine = await migrant(villageA, A, { currentPlaceText: '不知道' });
    expect((await villageB.get(`/api/v1/people/migrants/unmatched-places?homeOrgId=${A}`)).status).toBe(404);
    expect((await villageA.get(`/api/v1/people/migrants/unmatched-places?homeOrgId=${B}`)).body.code).toBe(
      'ORG_NOT_FOUND',
    );
    expect(ids(await villageB.get('/api/v1/people/migrants/unmatched-places?limit=200'))).not.toContain(mine.id);
    expect(ids(await villageA.get(`/api/v1/people/migrants/unmatched-places?homeOrgId=${A}&limit=200`))).toContain(
      mine.id,
    );
  });

  it('refuses codes that do not exist or nest, naming the field, and writes nothing', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '代码错' })).body;
    const put = (body: Record<string, unknown>) =>
      villageA.request('PUT', `/api/v1/people/${p.id}/migrant-profile`, { ...body, skills: [] });
    for (const [body, field] of [
      [{ currentPlace: { provinceCode: '99' } }, 'currentPlace.provinceCode'],
      [{ currentPlace: { provinceCode: '31', cityCode: '4403' } }, 'currentPlace.cityCode'],
      [{ currentPlace: { provinceCode: '44', cityCode: '4403', districtCode: '310115' } }, 'currentPlace.districtCode'],
      [{ currentPlace: { provinceCode: 'sh' } }, 'currentPlace.provinceCode'],
      [{ currentPlaceText: '上海', homePlace: { provinceCode: '50', cityCode: '3101' } }, 'homePlace.cityCode'],
      [{ currentPlaceText: '上海', homePlaceText: '朝阳区' }, 'homePlaceText'],
    ] as const) {
      const r = await put(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.body), JSON.stringify(body)).toContain(field);
    }
    expect((await villageA.get(`/api/v1/people/${p.id}/migrant-profile`)).status).toBe(404);
  });
});

describe('migration 0041', () => {
  it('converts typed places to codes, catchments to codes, and flags what it cannot match', async () => {
    const rows = [
      ['上海市', '上海市'],
      ['上海', null],
      ['上海', ''],
      ['浦东新区', null],
      ['上海市', '浦东新区'],
      ['沪', null],
      ['沿海城市', null],
      ['', null],
      ['朝阳区', null],
    ] as const;
    const made = [];
    for (let i = 0; i < rows.length; i++) made.push((await migrant(villageA, A, { currentPlaceText: '上海' })).id);
    // back to the shape before 0041: typed text only, no codes, no catchment codes
    await t.sql(
      `update migrant_profiles set current_place_text = null, current_province_code = null, current_city_code = null,
         current_district_code = null, home_province_code = null, home_city_code = null, home_district_code = null,
         place_issue = null, mobile_federation_id = null`,
    );
    for (const [i, [province, cityName]] of rows.entries())
      await t.sql('update migrant_profiles set current_province = $2, current_city = $3 where person_id = $1', [
        made[i],
        province,
        cityName,
      ]);
    await t.sql(`update organizations set host_codes = null where type = 'mobile_federation'`);
    const skip =
      /^(ALTER TABLE|CREATE INDEX|DROP FUNCTION jinguo_match_mobile_federation|CREATE FUNCTION jinguo_(match|mobile)|GRANT)/;
    const statements = readFileSync(resolve(MIGRATIONS_DIR, '0041_migrant_places.sql'), 'utf8')
      .split('--> statement-breakpoint')
      .map((s) => s.replace(/^(--[^\n]*\n|\s)+/, '').trim())
      .filter((s) => s && !skip.test(s));
    for (const s of statements) await t.sql(s);

    const after = await t.sql<{
      person_id: number;
      code: string | null;
      issue: string | null;
      mobile: string | null;
      home: string | null;
    }>(
      `select m.person_id, coalesce(current_district_code, current_city_code, current_province_code) as code,
         place_issue as issue, o.code as mobile, home_district_code as home
       from migrant_profiles m left join organizations o on o.id = m.mobile_federation_id where m.person_id = any($1)`,
      [made],
    );
    const by = new Map(after.map((r) => [Number(r.person_id), r]));
    const got = made.map((id) => {
      const r = by.get(id)!;
      return [r.code, r.issue, r.mobile];
    });
    expect(got).toEqual([
      ['3101', null, '500154-SH'],
      ['31', null, '500154-SH'],
      ['31', null, '500154-SH'],
      ['310115', null, '500154-SH'],
      ['310115', null, '500154-SH'],
      ['31', null, '500154-SH'],
      [null, 'unknown', null],
      [null, 'empty', null],
      [null, 'ambiguous', null],
    ]);
    expect(by.get(made[0]!)!.home).toBe('500154');
    const hosts = await t.sql<{ code: string; host_codes: string[] }>(
      `select code, host_codes from organizations where type = 'mobile_federation' order by code`,
    );
    expect(hosts).toEqual([
      { code: '500101-SZ', host_codes: ['4403'] },
      { code: '500154-SH', host_codes: ['31'] },
    ]);
    // the demo's own typed places went through the same conversion: none is left without a match or an issue
    const silent = await t.sql<{ n: number }>(
      `select count(*)::int as n from migrant_profiles m where mobile_federation_id is null and place_issue is null
         and coalesce(current_district_code, current_city_code, current_province_code) like '31%'`,
    );
    expect(silent[0]!.n).toBe(0);
  });
});
