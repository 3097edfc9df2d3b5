import { addDays, chinaToday } from '../../platform/time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let district: Client,
  town: Client,
  villageA: Client,
  villageB: Client,
  member: Client,
  volunteer: Client,
  admin: Client;
let DISTRICT: number, TOWN: number, A: number, B: number, villageAUser: number, memberUser: number;
let campaignId: number;
let personId: number, familyId: number;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const today = chinaToday;
const daysFromToday = (n: number) => addDays(chinaToday(), n);

/** A raw-body upload with the client's session (the harness client sends JSON only). */
async function upload(c: Client, url: string, body: Buffer, type: string) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': type,
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': c.cookies.get('jinguo_csrf') ?? '',
    },
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
}

const visit = (over: Record<string, unknown> = {}) => ({
  orgId: A,
  kind: 'other',
  visitedOn: today(),
  place: '驷马社区8栋',
  personIds: [personId],
  situation: '丈夫长期在外务工，独自照顾老人和孩子',
  ...over,
});

beforeAll(async () => {
  t = await startTestPlatform();
  [district, town, villageA, villageB, member, volunteer, admin] = (await Promise.all(
    [
      'kaizhou.cadre',
      'hanfeng.cadre',
      'village.a',
      'village.b',
      'village.a.member',
      'village.a.volunteer',
      'admin',
    ].map((u) => t.login(u)),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  DISTRICT = await t.org('500154');
  TOWN = await t.org('500154001');
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  const ids = await t.sql<{ username: string; id: number }>(
    `select username, id from users where username in ('village.a', 'village.a.member')`,
  );
  villageAUser = Number(ids.find((u) => u.username === 'village.a')!.id);
  memberUser = Number(ids.find((u) => u.username === 'village.a.member')!.id);
  personId = (await villageA.post('/api/v1/people', { orgId: A, name: '谭秀英', tags: ['left_behind_woman'] })).body.id;
  familyId = (await villageA.post('/api/v1/families', { orgId: A, name: '谭秀英家' })).body.id;
});
afterAll(() => t?.close());

describe('三访 campaigns', () => {
  it('the district launches one for its subtree; towns and villages see their part with planned figures rolled up', async () => {
    const r = await district.post('/api/v1/visits/campaigns', {
      orgId: DISTRICT,
      name: '2026年冬春"大下访、大走访、大询访"',
      description: '走访困难妇女、新婚新育家庭、留守儿童',
      startsOn: daysFromToday(-10),
      endsOn: daysFromToday(100),
      targets: [
        {
          level: 'district',
          targetGroups: ['受助对象', '先进典型'],
          visitorRoles: ['cadre'],
          plannedPerOrg: 5,
          plannedPerVisitor: 2,
        },
        { level: 'town', targetGroups: ['基层妇联干部'], visitorRoles: ['cadre'], plannedPerOrg: 10 },
        {
          level: 'village',
          targetGroups: ['困难妇女', '新婚新育家庭', '留守儿童'],
          visitorRoles: ['cadre', 'executive_member'],
          plannedPerOrg: 20,
          plannedPerVisitor: 5,
        },
      ],
    });
    expect(r.status).toBe(201);
    campaignId = r.body.id;
    const [{ towns, villages }] = await t.sql<any>(
      `select count(*) filter (where type = 'town_federation')::int as towns, count(*) filter (where type = 'village_federation')::int as villages
      from organizations where path <@ (select path from organizations where id = $1) and status = 'active'`,
      [DISTRICT],
    );
    expect(r.body).toMatchObject({ status: 'active', planned: 5 + 10 * towns + 20 * villages, done: 0 });
    const seenByVillage = (await villageA.get('/api/v1/visits/campaigns')).body.items.find(
      (c: any) => c.id === campaignId,
    );
    expect(seenByVillage).toMatchObject({ planned: 20, done: 0, canClose: false });
    const townPart = (await town.get(`/api/v1/visits/campaigns/${campaignId}`)).body;
    const townVillages = Number(
      (
        await t.sql<{ n: number }>(
          `select count(*)::int as n from organizations where parent_id = $1 and type = 'village_federation' and status = 'active'`,
          [TOWN],
        )
      )[0]!.n,
    );
    expect(townPart.planned).toBe(10 + 20 * townVillages);
  });

  it('refuses targets above the launching org, a period that ends before it starts, and strangers', async () => {
    const bad = await villageA.post('/api/v1/visits/campaigns', {
      orgId: A,
      name: '越级',
      startsOn: today(),
      endsOn: today(),
      targets: [{ level: 'town', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('targets.0.level');
    const dates = await villageA.post('/api/v1/visits/campaigns', {
      orgId: A,
      name: '日期',
      startsOn: today(),
      endsOn: daysFromToday(-1),
      targets: [{ level: 'village', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
    });
    expect(dates.body.field).toBe('endsOn');
    expect(
      (
        await villageA.post('/api/v1/visits/campaigns', {
          orgId: TOWN,
          name: '上级',
          startsOn: today(),
          endsOn: today(),
          targets: [{ level: 'village', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await member.post('/api/v1/visits/campaigns', {
          orgId: A,
          name: '执委',
          startsOn: today(),
          endsOn: today(),
          targets: [{ level: 'village', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
        })
      ).status,
    ).toBe(403);
    expect((await villageA.post(`/api/v1/visits/campaigns/${campaignId}/close`)).status).toBe(403);
  });
});

describe('visit records', () => {
  it('records a campaign visit: registry links, needs become demands in one step, photos, progress per org and per cadre', async () => {
    const r = await villageA.post(
      '/api/v1/visits',
      visit({
        campaignId,
        kind: 'campaign',
        familyIds: [familyId],
        companions: '网格员 李某',
        followUpOn: daysFromToday(14),
        needs: [
          {
            category: 'hardship_aid',
            urgency: 'urgent',
            title: '冬季取暖困难',
            description: '家中缺少取暖设备',
            toDemand: true,
          },
          { category: 'childcare', title: '孩子放学无人照看', description: '希望有课后托管', toDemand: false },
        ],
      }),
    );
    expect(r.status).toBe(201);
    const v = r.body;
    expect(v).toMatchObject({
      kind: 'campaign',
      campaign: { id: campaignId },
      persons: [{ id: personId, name: '谭秀英' }],
      families: [{ id: familyId }],
      visitors: [{ id: villageAUser }],
    });
    const [asDemand, noted] = v.needs;
    expect(asDemand.demandId).not.toBeNull();
    expect(asDemand.demandState).toBe('received');
    expect(noted.demandId).toBeNull();
    const demand = (await villageA.get(`/api/v1/demands/${asDemand.demandId}`)).body;
    expect(demand).toMatchObject({
      source: 'visit',
      visitId: v.id,
      urgency: 'urgent',
      requester: { kind: 'person', personId },
    });
    const converted = await villageA.post(`/api/v1/visits/${v.id}/needs/${noted.id}/demand`);
    expect(converted.body.needs[1].demandId).not.toBeNull();
    expect((await villageA.post(`/api/v1/visits/${v.id}/needs/${noted.id}/demand`)).status).toBe(409);

    const photo = await upload(
      villageA,
      `/api/v1/visits/${v.id}/photos?name=${encodeURIComponent('入户照片.png')}`,
      PNG,
      'image/png',
    );
    expect(photo.status).toBe(201);
    expect(photo.body.photos).toEqual([
      expect.objectContaining({ name: '入户照片.png', mime: 'image/png', size: PNG.length }),
    ]);
    const fake = await upload(
      villageA,
      `/api/v1/visits/${v.id}/photos?name=photo.png`,
      Buffer.from('not an image at all'),
      'image/png',
    );
    expect([fake.status, fake.body.code, fake.body.field]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED', 'file']);
    const huge = await upload(
      villageA,
      `/api/v1/visits/${v.id}/photos?name=big.png`,
      Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]),
      'image/png',
    );
    expect(huge.status).toBe(413);
    expect((await upload(villageB, `/api/v1/visits/${v.id}/photos?name=x.png`, PNG, 'image/png')).status).toBe(404);
    const fileId = photo.body.photos[0].id;
    const img = await t.platform.http.inject({
      method: 'GET',
      url: `/api/v1/visits/${v.id}/photos/${fileId}`,
      headers: { cookie: [...villageA.cookies].map(([k, x]) => `${k}=${x}`).join('; ') },
    });
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.headers['cache-control']).toBe('no-store'); // a photo of a home visit is kept by no cache
    expect(Buffer.compare(img.rawPayload, PNG)).toBe(0);
    expect((await villageB.get(`/api/v1/visits/${v.id}/photos/${fileId}`)).status).toBe(404);

    // the list reads a page's names, campaigns, demands and photos together: each visit shows its own
    const other = await villageA.post('/api/v1/visits', visit()); // not for the campaign: its progress stays
    expect(other.status).toBe(201);
    const listed = (await villageA.get('/api/v1/visits?mine=true&limit=50')).body.items as any[];
    const mine = listed.find((x) => x.id === v.id);
    const bare = listed.find((x) => x.id === other.body.id);
    expect(mine).toMatchObject({ campaign: { id: campaignId, name: v.campaign.name }, needCount: 2, photoCount: 1 });
    expect(mine.subjects).toContain('谭秀英');
    expect(bare).toMatchObject({ campaign: null, needCount: 0, photoCount: 0 });
    const read = (await villageA.get(`/api/v1/visits/${v.id}`)).body;
    expect(read.needs.map((n: any) => n.demandState)).toEqual(['received', 'received']);

    const progress = (await town.get(`/api/v1/visits/campaigns/${campaignId}/progress`)).body;
    expect(progress.self.done).toBe(1);
    expect(progress.children.find((c: any) => c.org.id === A)).toMatchObject({ planned: 20, done: 1, rate: 0.05 });
    expect(progress.children.find((c: any) => c.org.id === B)).toMatchObject({ planned: 20, done: 0 });
    const villageProgress = (await villageA.get(`/api/v1/visits/campaigns/${campaignId}/progress`)).body;
    expect(villageProgress.visitors).toEqual(
      expect.arrayContaining([
        { user: { id: villageAUser, displayName: '驷马社区妇联 王主席' }, planned: 5, done: 1 },
        { user: { id: memberUser, displayName: '驷马社区 执委 张晓梅' }, planned: 5, done: 0 },
      ]),
    );
    expect((await district.get(`/api/v1/visits/campaigns/${campaignId}`)).body.done).toBe(1);
    const counters = await t.sql<{ n: number }>(
      `select coalesce(sum(value), 0)::int as n from stat_counters where node_id = $1 and metric = 'visits.done'`,
      [DISTRICT],
    );
    expect(Number(counters[0]!.n)).toBeGreaterThanOrEqual(1);

    const timeline = (await villageA.get(`/api/v1/people/${personId}/timeline`)).body.items;
    expect(timeline.some((e: any) => e.source === 'visits' && e.link === `/visits/${v.id}`)).toBe(true);
    expect(timeline.filter((e: any) => e.source === 'demands')).toHaveLength(2);
  });

  it('refuses visits outside the campaign, its period, or the future; names nobody visited; writes nothing', async () => {
    const before = Number((await t.sql<{ n: number }>('select count(*)::int as n from visits'))[0]!.n);
    expect(
      (await villageA.post('/api/v1/visits', visit({ campaignId, visitedOn: daysFromToday(-30) }))).body.field,
    ).toBe('visitedOn');
    expect((await villageA.post('/api/v1/visits', visit({ visitedOn: daysFromToday(2) }))).body.field).toBe(
      'visitedOn',
    );
    expect((await villageA.post('/api/v1/visits', visit({ personIds: [] }))).body.field).toBe('personIds');
    expect((await villageA.post('/api/v1/visits', visit({ kind: 'campaign' }))).body.field).toBe('campaignId');
    expect(
      (
        await villageA.post(
          '/api/v1/visits',
          visit({ needs: [{ category: 'nonsense', title: 'x', description: 'y' }] }),
        )
      ).body.code,
    ).toBe('CATEGORY_UNKNOWN');
    const foreign = await villageB.post('/api/v1/visits', visit({ orgId: B }));
    expect([foreign.status, foreign.body.field]).toEqual([404, 'personIds.0']);
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from visits'))[0]!.n)).toBe(before);
    const other = await villageB.post('/api/v1/visits/campaigns', {
      orgId: B,
      name: '永兴社区走访',
      startsOn: today(),
      endsOn: today(),
      targets: [{ level: 'village', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
    });
    expect((await villageA.post('/api/v1/visits', visit({ campaignId: other.body.id }))).status).toBe(404);
    await villageB.post(`/api/v1/visits/campaigns/${other.body.id}/close`);
    const p2 = (await villageB.post('/api/v1/people', { orgId: B, name: '陈丽' })).body.id;
    expect(
      (await villageB.post('/api/v1/visits', visit({ orgId: B, personIds: [p2], campaignId: other.body.id }))).body
        .code,
    ).toBe('CAMPAIGN_CLOSED');
  });
});

describe('执委 routine contact visits', () => {
  it('an executive member records her own visits and sees only those', async () => {
    const own = await member.post(
      '/api/v1/visits',
      visit({ kind: 'routine', place: '第3网格 联系户', situation: '"七个一"每月联系' }),
    );
    expect(own.status).toBe(201);
    expect(own.body.visitors.map((u: any) => u.id)).toEqual([memberUser]);
    const others = await member.post('/api/v1/visits', visit({ visitorUserIds: [villageAUser] }));
    expect(others.status).toBe(201); // she is always one of the visitors of what she records
    expect(others.body.visitors.map((u: any) => u.id).sort()).toEqual([villageAUser, memberUser].sort());
    const listed = (await member.get('/api/v1/visits')).body.items;
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((v: any) => v.visitors.some((u: any) => u.id === memberUser))).toBe(true);
    const cadreOnly = (await villageA.post('/api/v1/visits', visit({ place: '仅主席走访' }))).body;
    expect((await member.get(`/api/v1/visits/${cadreOnly.id}`)).status).toBe(404);
    expect((await villageA.get(`/api/v1/visits/${own.body.id}`)).status).toBe(200);
    expect((await upload(member, `/api/v1/visits/${own.body.id}/photos?name=a.png`, PNG, 'image/png')).status).toBe(
      201,
    );
  });
});

describe('scope', () => {
  it('siblings, volunteers and admins do not see visit records', async () => {
    const v = (await villageA.post('/api/v1/visits', visit({ place: '范围测试' }))).body;
    expect((await town.get(`/api/v1/visits/${v.id}`)).status).toBe(200);
    expect((await villageB.get(`/api/v1/visits/${v.id}`)).status).toBe(404);
    expect((await villageB.get('/api/v1/visits')).body.items.map((x: any) => x.id)).not.toContain(v.id);
    expect((await villageB.get(`/api/v1/visits?orgId=${A}`)).status).toBe(404);
    expect((await villageB.get(`/api/v1/visits/campaigns/${campaignId}/progress?orgId=${A}`)).status).toBe(404);
    for (const c of [volunteer, admin]) expect((await c.get(`/api/v1/visits/${v.id}`)).status).toBe(403);
    const withNeed = (
      await villageA.post(
        '/api/v1/visits',
        visit({ needs: [{ category: 'other', title: '记下', description: '仅记录', toDemand: false }] }),
      )
    ).body;
    expect((await villageB.post(`/api/v1/visits/${withNeed.id}/needs/${withNeed.needs[0].id}/demand`)).status).toBe(
      404,
    );
    const photo = await upload(villageA, `/api/v1/visits/${withNeed.id}/photos?name=a.png`, PNG, 'image/png');
    expect((await villageB.delete(`/api/v1/visits/${withNeed.id}/photos/${photo.body.photos[0].id}`)).status).toBe(404);
    expect((await member.delete(`/api/v1/visits/${withNeed.id}/photos/${photo.body.photos[0].id}`)).status).toBe(404);
    const bCampaign = (
      await villageB.post('/api/v1/visits/campaigns', {
        orgId: B,
        name: '永兴自办',
        startsOn: today(),
        endsOn: today(),
        targets: [{ level: 'village', targetGroups: ['x'], visitorRoles: ['cadre'], plannedPerOrg: 1 }],
      })
    ).body;
    expect((await villageA.get(`/api/v1/visits/campaigns/${bCampaign.id}`)).status).toBe(404);
    expect((await villageA.get(`/api/v1/visits/campaigns/${bCampaign.id}/progress`)).status).toBe(404);
    expect((await villageA.get('/api/v1/visits/campaigns')).body.items.map((c: any) => c.id)).not.toContain(
      bCampaign.id,
    );
    expect((await town.get(`/api/v1/visits/campaigns/${bCampaign.id}`)).status).toBe(200);
    expect((await t.anonymous().get('/api/v1/visits')).status).toBe(401);
  });
});
