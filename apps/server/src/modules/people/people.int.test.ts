import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCharacter } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let kaizhou: Client, villageA: Client, villageB: Client, admin: Client, auditor: Client, mobile: Client, member: Client;
let A: number, B: number, wanzhou: number;

const id = (birth: string, seq: number) => {
  const first17 = `500154${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
};

beforeAll(async () => {
  t = await startTestPlatform({ today: '2026-11-26' });
  [kaizhou, villageA, villageB, admin, auditor, mobile, member] = (await Promise.all(
    ['kaizhou.cadre', 'village.a', 'village.b', 'admin', 'auditor', 'shanghai.mobile', 'village.a.member'].map((u) =>
      t.login(u),
    ),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  wanzhou = await t.org('500101001001');
});
afterAll(() => t?.close());

describe('person records', () => {
  it('registers a woman: birth date and gender come from the ID number; sensitive fields are encrypted and masked', async () => {
    const r = await villageA.post('/api/v1/people', {
      orgId: A,
      name: '张晓梅',
      idNumber: id('1988-03-08', 124),
      phone: '13812345678',
      householdAddress: '重庆市开州区汉丰街道驷马社区8号',
      tags: ['difficult_woman'],
    });
    expect(r.status).toBe(201);
    expect(r.body.birthDate).toBe('1988-03-08');
    expect(r.body.gender).toBe('female');
    expect(r.body.idNumber).toBe(`5001**********${id('1988-03-08', 124).slice(-4)}`);
    expect(r.body.phone).toBe('138****5678');
    expect(r.body.householdAddress).toBe('重庆市开州区********');
    const [row] = await t.sql<any>('select * from persons where id = $1', [r.body.id]);
    for (const v of [row.id_number_enc, row.phone_enc, row.household_address_enc]) expect(v).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    expect(JSON.stringify(row)).not.toContain(id('1988-03-08', 124));
  });

  it('refuses a wrong check character, an impossible birth date and contradictions, naming the field', async () => {
    const good = id('1990-01-01', 200);
    const badCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r1 = await villageA.post('/api/v1/people', { orgId: A, name: '甲', idNumber: badCheck });
    expect(r1.status).toBe(400);
    expect(r1.body.code).toBe('PERSON_ID_INVALID');
    expect(r1.body.field).toBe('idNumber');
    expect(r1.body.message['zh-CN']).toContain('校验位');
    const r2 = await villageA.post('/api/v1/people', { orgId: A, name: '乙', idNumber: '500154199002301234' });
    expect(r2.body.errors[0].code).toBe('birth-date');
    const r3 = await villageA.post('/api/v1/people', { orgId: A, name: '丙', idNumber: good, birthDate: '1990-01-02' });
    expect(r3.body.code).toBe('PERSON_ID_CONTRADICTION');
    expect(r3.body.field).toBe('birthDate');
    const r4 = await villageA.post('/api/v1/people', { orgId: A, name: '丁', idNumber: good, gender: 'male' });
    expect(r4.body.field).toBe('gender');
    expect(r4.body.message['zh-CN']).toContain('女');
    expect((await villageA.post('/api/v1/people', { orgId: A, name: '戊', phone: '12345' })).body.field).toBe('phone');
  });

  it("keeps one person per ID number, even when the first record is outside the caller's scope", async () => {
    const n = id('1979-07-01', 300);
    expect((await villageA.post('/api/v1/people', { orgId: A, name: '王秀英', idNumber: n })).status).toBe(201);
    const again = await villageB.post('/api/v1/people', { orgId: B, name: '王秀英', idNumber: n });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PERSON_DUPLICATE_ID');
  });

  it('edits with optimistic concurrency and audits before/after without clear personal data', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '李春兰', phone: '13900001111' })).body;
    const ok = await villageA.patch(`/api/v1/people/${p.id}`, {
      version: p.version,
      occupation: '电商',
      phone: '13900002222',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(p.version + 1);
    const stale = await villageA.patch(`/api/v1/people/${p.id}`, { version: p.version, occupation: '教师' });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('PERSON_VERSION_CONFLICT');
    const [e] = await t.sql<any>(
      `select before, after from audit_events where action = 'person.update' and target_id = $1`,
      [String(p.id)],
    );
    expect(e.before.phone).toBe('139****1111');
    expect(e.after.phone).toBe('139****2222');
    expect(JSON.stringify(e)).not.toContain('13900002222');
  });
});

describe('moving a person', () => {
  it('carries the scope of her tags and migrant profile to the new org', async () => {
    const p = (await kaizhou.post('/api/v1/people', { orgId: A, name: '迁居测试', tags: ['volunteer'] })).body;
    await kaizhou.request('PUT', `/api/v1/people/${p.id}/migrant-profile`, {
      currentProvince: '广东省',
      currentCity: '东莞市',
      skills: [],
    });
    const moved = await kaizhou.patch(`/api/v1/people/${p.id}`, { version: p.version, orgId: B });
    expect(moved.status).toBe(200);
    const stale = await t.sql<{ n: number }>(
      `select (select count(*) from person_tags t where t.person_id = $1 and t.org_path <> p.org_path) + (select count(*) from migrant_profiles m where m.person_id = $1 and m.org_path <> p.org_path) as n from persons p where p.id = $1`,
      [p.id],
    );
    expect(Number(stale[0]!.n)).toBe(0);
    const asB = await villageB.get(`/api/v1/people/${p.id}`);
    expect(asB.body.tags.map((t: any) => t.code)).toEqual(['volunteer']);
    expect((await villageA.get(`/api/v1/people/${p.id}`)).status).toBe(404);
  });
});

describe('unmasking', () => {
  it('needs a reason, returns the clear value and writes an audit event the auditor can find', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '周玉兰', phone: '13711112222' })).body;
    const noReason = await villageA.post(`/api/v1/people/${p.id}/unmask`, { field: 'phone' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.field).toBe('reason');
    const r = await villageA.post(`/api/v1/people/${p.id}/unmask`, { field: 'phone', reason: '电话回访核实' });
    expect(r.body.value).toBe('13711112222');
    const seen = await auditor.get(`/api/v1/audit/events?action=person.unmask&targetId=${p.id}`);
    expect(seen.body.items).toHaveLength(1);
    expect(seen.body.items[0].reason).toBe('电话回访核实');
    expect(seen.body.items[0].actorName).toBe('village.a');
  });

  it('is never possible for the system admin, nor for roles without the permission', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '吴小燕', phone: '13722223333' })).body;
    expect((await admin.post(`/api/v1/people/${p.id}/unmask`, { field: 'phone', reason: '管理员想看' })).status).toBe(
      403,
    );
    expect((await admin.get(`/api/v1/people/${p.id}`)).status).toBe(403);
    expect((await member.post(`/api/v1/people/${p.id}/unmask`, { field: 'phone', reason: '执委想看' })).status).toBe(
      403,
    );
    expect((await member.get(`/api/v1/people/${p.id}`)).status).toBe(200);
  });
});

describe('search', () => {
  it('finds 张晓梅 by pinyin initials, full pinyin, name, phone and ID number', async () => {
    for (const q of ['zxm', 'zhangxiao', '晓梅', '13812345678', id('1988-03-08', 124)]) {
      const r = await villageA.get(`/api/v1/people?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(
        r.body.items.map((p: any) => p.name),
        q,
      ).toContain('张晓梅');
    }
  });

  it('filters by tag, age range and subtree, sorts and pages with a cursor', async () => {
    const tagged = await kaizhou.get('/api/v1/people?tag=difficult_woman&limit=200');
    expect(tagged.body.items.length).toBeGreaterThan(0);
    expect(tagged.body.items.every((p: any) => p.tags.includes('difficult_woman'))).toBe(true);
    const kids = await kaizhou.get('/api/v1/people?ageMax=17&limit=200');
    expect(kids.body.items.length).toBeGreaterThan(0);
    expect(kids.body.items.every((p: any) => p.age <= 17)).toBe(true);
    const inA = await kaizhou.get(`/api/v1/people?orgId=${A}&limit=200`);
    expect(inA.body.items.every((p: any) => p.org.id === A)).toBe(true);
    const first = await kaizhou.get('/api/v1/people?sort=birthDate&limit=20');
    const second = await kaizhou.get(`/api/v1/people?sort=birthDate&limit=20&cursor=${first.body.nextCursor}`);
    const dates = [...first.body.items, ...second.body.items].map((p: any) => p.birthDate ?? '9999');
    expect(dates).toEqual([...dates].sort());
    expect(new Set([...first.body.items, ...second.body.items].map((p: any) => p.id)).size).toBe(40);
  });

  it('saves a filter for the user only', async () => {
    const saved = await villageA.post('/api/v1/people/saved-filters', {
      name: '困难妇女',
      query: { tag: 'difficult_woman' },
    });
    expect(saved.status).toBe(201);
    expect((await villageA.get('/api/v1/people/saved-filters')).body.items.map((f: any) => f.name)).toContain(
      '困难妇女',
    );
    expect((await villageB.get('/api/v1/people/saved-filters')).body.items).toEqual([]);
    expect((await villageB.delete(`/api/v1/people/saved-filters/${saved.body.id}`)).status).toBe(404);
  });
});

describe('scope', () => {
  it('a village user cannot read, edit, tag, unmask or bind records to another village (404)', async () => {
    const p = (await villageB.post('/api/v1/people', { orgId: B, name: '永兴居民', phone: '13633334444' })).body;
    expect((await villageA.get(`/api/v1/people/${p.id}`)).status).toBe(404);
    expect((await villageA.patch(`/api/v1/people/${p.id}`, { version: 0, name: '改' })).status).toBe(404);
    expect((await villageA.post(`/api/v1/people/${p.id}/tags`, { add: ['volunteer'] })).status).toBe(404);
    expect((await villageA.post(`/api/v1/people/${p.id}/unmask`, { field: 'phone', reason: '越权查看' })).status).toBe(
      404,
    );
    for (const sub of ['timeline', 'tag-history', 'families', 'merges'])
      expect((await villageA.get(`/api/v1/people/${p.id}/${sub}`)).status, sub).toBe(404);
    expect((await villageA.post('/api/v1/people', { orgId: B, name: '越权登记' })).body.field).toBe('orgId');
    expect((await villageA.get(`/api/v1/people?q=${encodeURIComponent('永兴居民')}`)).body.items).toEqual([]);
    expect((await kaizhou.get(`/api/v1/people/${p.id}`)).status).toBe(200);
    const audits = await t.sql(`select 1 from audit_events where action = 'person.unmask' and target_id = $1`, [
      String(p.id),
    ]);
    expect(audits).toHaveLength(0);
  });

  it('a district user does not reach another district', async () => {
    const city = await t.login('city.cadre');
    const p = (await city.post('/api/v1/people', { orgId: wanzhou, name: '万州居民' })).body;
    expect((await kaizhou.get(`/api/v1/people/${p.id}`)).status).toBe(404);
  });
});

describe('tags, guardians, families, timeline', () => {
  it('keeps tag history with who and when', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '陈红梅', tags: ['volunteer'] })).body;
    await villageA.post(`/api/v1/people/${p.id}/tags`, { add: ['talent_craft'], remove: ['volunteer'] });
    const h = await villageA.get(`/api/v1/people/${p.id}/tag-history`);
    const volunteer = h.body.items.find((e: any) => e.code === 'volunteer');
    expect(volunteer.removedBy).toBe('village.a');
    expect(h.body.items.find((e: any) => e.code === 'talent_craft').removedAt).toBeNull();
    expect((await villageA.post(`/api/v1/people/${p.id}/tags`, { add: ['no_such_tag'] })).body.code).toBe(
      'TAG_UNKNOWN',
    );
    const dict = await villageA.post('/api/v1/people/tags', {
      code: 'rural_teacher',
      nameZh: '乡村女教师',
      nameEn: 'Rural woman teacher',
      category: 'talent',
    });
    expect(dict.status).toBe(201);
    expect((await villageA.post(`/api/v1/people/${p.id}/tags`, { add: ['rural_teacher'] })).status).toBe(200);
  });

  it('records a child with a guardian, a family with members and an honour, all on her timeline', async () => {
    const mother = (
      await villageA.post('/api/v1/people', { orgId: A, name: '邓丽华', idNumber: id('1985-05-05', 402) })
    ).body;
    const child = (
      await villageA.post('/api/v1/people', {
        orgId: A,
        name: '邓小雨',
        idNumber: id('2016-09-01', 502),
        careSituation: 'both_parents_away',
        tags: ['left_behind_child'],
      })
    ).body;
    expect(child.isChild).toBe(true);
    const g = await villageA.post(`/api/v1/people/${child.id}/guardians`, {
      guardianId: mother.id,
      relationship: '母亲',
    });
    expect(g.body.guardians).toEqual([{ personId: mother.id, name: '邓丽华', relationship: '母亲' }]);
    const fam = (await villageA.post('/api/v1/families', { orgId: A, name: '邓家', address: '驷马社区3号' })).body;
    await villageA.post(`/api/v1/families/${fam.id}/members`, { personId: mother.id, relationship: 'head' });
    await villageA.post(`/api/v1/families/${fam.id}/members`, { personId: child.id, relationship: 'child' });
    const honoured = await villageA.post(`/api/v1/families/${fam.id}/honours`, {
      honour: 'five_good_family',
      level: 'town',
      year: 2025,
      awardedBy: '汉丰街道妇联',
    });
    expect(honoured.body.members).toHaveLength(2);
    expect(honoured.body.honours[0].honour).toBe('five_good_family');
    expect((await villageB.get(`/api/v1/families/${fam.id}`)).status).toBe(404);
    const tl = await villageA.get(`/api/v1/people/${mother.id}/timeline`);
    const kinds = tl.body.items.map((e: any) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['person.created', 'family.joined', 'family.honour']));
    // every entry speaks both languages: the honour by its dictionary label, not its code
    const honour = tl.body.items.find((e: any) => e.kind === 'family.honour');
    expect(honour.title).toEqual({
      'zh-CN': expect.stringContaining('五好家庭'),
      'en-US': expect.stringContaining('Five-good family'),
    });
  });
});

describe('在外妇女 and the mobile federation', () => {
  it('assigns a woman working in Shanghai to 开州区(上海)流动妇工委, which sees exactly its members', async () => {
    const p = (await villageA.post('/api/v1/people', { orgId: A, name: '黄海燕', phone: '13655556666' })).body;
    const prof = await villageA.request('PUT', `/api/v1/people/${p.id}/migrant-profile`, {
      currentProvince: '上海市',
      currentCity: '上海市',
      employer: '上海某公司',
      industry: '家政服务',
      skills: ['育婴'],
    });
    expect(prof.status).toBe(200);
    expect(prof.body.mobileFederation.code).toBe('500154-SH');
    const other = (await villageA.post('/api/v1/people', { orgId: A, name: '黄小丽' })).body;
    await villageA.request('PUT', `/api/v1/people/${other.id}/migrant-profile`, {
      currentProvince: '广东省',
      currentCity: '东莞市',
      skills: [],
    });

    const list = await mobile.get('/api/v1/people/migrants?limit=200');
    expect(list.status).toBe(200);
    const ids = list.body.items.map((i: any) => i.person.id);
    expect(ids).toContain(p.id);
    expect(ids).not.toContain(other.id);
    expect(list.body.items.every((i: any) => i.profile.currentProvince === '上海市')).toBe(true);
    expect(list.body.items[0].homeDistrict).toBe('开州区妇联');
    const expected = await t.sql<{ n: number }>(
      `select count(*)::int as n from migrant_profiles where mobile_federation_id = (select id from organizations where code = '500154-SH')`,
    );
    expect(list.body.items.length).toBe(expected[0]!.n);
    expect((await mobile.get(`/api/v1/people/${p.id}`)).status).toBe(200);
    expect((await mobile.get(`/api/v1/people/${other.id}`)).status).toBe(404);
    const search = await mobile.get('/api/v1/people?limit=200');
    expect(search.body.items.every((i: any) => ids.includes(i.id))).toBe(true);
    expect((await mobile.patch(`/api/v1/people/${p.id}`, { version: 0, name: '改名' })).status).toBe(404);
    const byDistrict = await kaizhou.get('/api/v1/people/migrants?province=上海市&limit=200');
    expect(byDistrict.body.items.map((i: any) => i.person.id)).toContain(p.id);
  });
});

describe('deduplication', () => {
  it('lists same name + birth date in one town, merges with every link moved, and explains it afterwards', async () => {
    const a = (
      await villageA.post('/api/v1/people', {
        orgId: A,
        name: '孙桂英',
        birthDate: '1960-02-02',
        gender: 'female',
        tags: ['difficult_woman'],
      })
    ).body;
    const b = (
      await kaizhou.post('/api/v1/people', {
        orgId: B,
        name: '孙桂英',
        birthDate: '1960-02-02',
        gender: 'female',
        phone: '13577778888',
        tags: ['volunteer'],
      })
    ).body;
    const dups = await kaizhou.get('/api/v1/people/duplicates');
    const group = dups.body.items.find((g: any) => g.name === '孙桂英');
    expect(group.persons.map((p: any) => p.id).sort()).toEqual([a.id, b.id].sort());
    expect(group.town.code).toBe('500154001');
    const fam = (await kaizhou.post('/api/v1/families', { orgId: B, name: '孙家' })).body;
    await kaizhou.post(`/api/v1/families/${fam.id}/members`, { personId: b.id, relationship: 'head' });

    const merged = await kaizhou.post('/api/v1/people/merge', {
      sourceId: b.id,
      targetId: a.id,
      reason: '同一人重复登记',
    });
    expect(merged.status).toBe(200);
    expect(merged.body.moved.family_members).toBe(1);
    const kept = await kaizhou.get(`/api/v1/people/${a.id}`);
    expect(kept.body.tags.map((t: any) => t.code).sort()).toEqual(['difficult_woman', 'volunteer']);
    expect(kept.body.phone).toBe('135****8888');
    expect((await kaizhou.get(`/api/v1/people/${a.id}/families`)).body.items.map((f: any) => f.name)).toContain('孙家');
    const gone = await kaizhou.get(`/api/v1/people/${b.id}`);
    expect(gone.body.status).toBe('merged');
    expect(gone.body.mergedIntoId).toBe(a.id);
    const why = await kaizhou.get(`/api/v1/people/${a.id}/merges`);
    expect(why.body.items[0]).toMatchObject({
      sourceId: b.id,
      targetId: a.id,
      reason: '同一人重复登记',
      actorName: 'kaizhou.cadre',
    });
    expect(
      (await kaizhou.get('/api/v1/people/duplicates')).body.items.find((g: any) => g.name === '孙桂英'),
    ).toBeUndefined();
    expect(
      (await villageA.post('/api/v1/people/merge', { sourceId: a.id, targetId: b.id, reason: '越权合并' })).status,
    ).toBe(404);
  });
});

describe('demo registry', () => {
  it('loads valid demo people in 汉丰街道 with the tags and the model family', async () => {
    const [{ n }] = (await t.sql<{ n: number }>(
      `select count(*)::int as n from persons where org_path <@ (select path from organizations where code = '500154001')`,
    )) as [{ n: number }];
    expect(n).toBeGreaterThanOrEqual(240);
    const fam = await villageA.get(`/api/v1/families?orgId=${A}`);
    expect(fam.body.items.some((f: any) => f.honours.some((h: any) => h.honour === 'most_beautiful_family'))).toBe(
      true,
    );
  });
});

// The name keys of migrations 0008, 0020 and 0022. The index they served was built with the first definitions; 0022
// replaced them with faster ones that must give the same keys for every input, or the index would no longer find what
// it holds. The first definitions are recreated here as the reference. Since 0048 only jinguo_bigrams indexes anything
// (the long names' GIN); the others stay as they are.
const REFERENCE = `
  select x.d, x.t,
    jinguo_name_keys(x.d, x.t) as keys, jinguo_bigrams(x.t) as grams, jinguo_district_bigrams(x.d, x.t) as district_grams,
    (case when char_length(x.t) < 2 then array[x.t] else array(select substr(x.t, i, 2) from generate_series(1, char_length(x.t) - 1) as i) end) as ref_grams,
    (case when x.d is null then '{}'::text[] else array(select x.d::text || ':' || b from unnest(
      case when char_length(x.t) < 2 then array[x.t] else array(select substr(x.t, i, 2) from generate_series(1, char_length(x.t) - 1) as i) end) as b) end) as ref_district_grams
  from (values ${[
    [null, null],
    [7, null],
    [null, ''],
    [5, ''],
    [5, '王'],
    [null, '王'],
    [37, '王秀英'],
    [null, '王秀'],
    [12, '欧阳娜娜'],
    [3, 'Anna Li'],
    [3, '阿依古丽·买买提'],
  ]
    .map(
      ([d, n]) =>
        `(${d === null ? 'null::bigint' : `${String(d)}::bigint`}, ${n === null ? 'null::text' : `'${String(n)}'::text`})`,
    )
    .join(', ')}) as x(d, t)`;

describe('name keys (migrations 0008, 0020, 0022)', () => {
  it('are the same as the definitions the index was built with, for every kind of name', async () => {
    const rows = await t.sql<{
      keys: string[];
      grams: string[];
      district_grams: string[];
      ref_grams: string[];
      ref_district_grams: string[];
    }>(REFERENCE);
    expect(rows).toHaveLength(11);
    for (const r of rows) {
      expect(r.grams).toEqual(r.ref_grams);
      expect(r.district_grams).toEqual(r.ref_district_grams);
      expect(r.keys).toEqual([...r.ref_grams, ...r.ref_district_grams]);
    }
    const [wang] = await t.sql<{ keys: string[] }>(`select jinguo_name_keys(37, '王秀英') as keys`);
    expect(wang!.keys).toEqual(['王秀', '秀英', '37:王秀', '37:秀英']);
  });

  it('are still the GIN keys of long names (five characters or more: persons_long_name_grams_idx, 0048)', async () => {
    const [long] = await t.sql<{ grams: string[] }>(`select jinguo_bigrams('阿依古丽·买买提') as grams`);
    expect(long!.grams).toEqual(['阿依', '依古', '古丽', '丽·', '·买', '买买', '买提']);
  });
});

// Name fragments are found through one ordered B-tree per bigram position and a GIN of the long names (0048); the LIKE
// decides. Every kind of name and fragment must give exactly LIKE's matches, in (name_pinyin, id) order, across pages.
describe('name fragments (the ordered bigram indexes)', () => {
  const names = [
    '秀英',
    '李秀英',
    '王秀英',
    '欧阳秀英',
    '秀英秀英',
    '英秀',
    '买买提秀英',
    '阿依古丽·买买提',
    'Anna Li',
    '欧阳娜娜',
    '李秀',
  ];
  const fragments = [
    '秀英',
    '李秀英',
    '欧阳秀',
    '阳秀英',
    '欧阳秀英',
    '古丽·买',
    '提秀英',
    '买买提秀英',
    '英秀',
    'a L',
    '秀',
    '娜娜',
  ];

  async function pages(q: string) {
    const found: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const url: string = `/api/v1/people?q=${encodeURIComponent(q)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await kaizhou.get(url);
      expect(r.status, q).toBe(200);
      found.push(...r.body.items.map((p: any) => p.id as number));
      cursor = r.body.nextCursor as string | null;
      if (!cursor) return found;
    }
  }
  const byLike = async (q: string) =>
    (
      await t.sql<{ id: number }>(
        `select id from persons where status = 'active' and name like '%' || $1 || '%'
           and org_path <@ (select o.path from organizations o join users u on u.org_id = o.id where u.username = 'kaizhou.cadre')
         order by name_pinyin, id`,
        [q],
      )
    ).map((r) => Number(r.id));

  it('finds exactly what LIKE finds in the scope, in name order, page after page — also after a rename', async () => {
    const ids: number[] = [];
    for (const name of names) {
      const r = await kaizhou.post('/api/v1/people', { orgId: A, name });
      expect(r.status, name).toBe(201);
      ids.push(r.body.id);
    }
    for (const q of fragments) {
      const expected = await byLike(q);
      expect(expected.length, q).toBeGreaterThan(0);
      expect(await pages(q), q).toEqual(expected);
    }
    // renamed: found by the new name only
    const [renamed] = await t.sql<{ version: number }>('select version from persons where id = $1', [ids[1]]);
    const r = await kaizhou.patch(`/api/v1/people/${ids[1]}`, { version: renamed!.version, name: '李丽娜' });
    expect(r.status).toBe(200);
    expect(await pages('秀英')).not.toContain(ids[1]);
    expect(await pages('丽娜')).toContain(ids[1]);
    for (const q of ['秀英', '丽娜', '李丽']) expect(await pages(q), q).toEqual(await byLike(q));
  });
});
