import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, person, signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { addDays, chinaToday } from '../../platform/time.js';

// 爱心妈妈 pairings and 微心愿 over a bare platform: a city, two districts, a town, a village. Pairings flagged when
// behind on contacts, on the child's timeline and in the live figures; wishes reviewed, published on /h5 with a
// masked name only, claimed and fulfilled; a resident's own wish; out-of-subtree 404s and bad input naming the field.

const TODAY = chinaToday();
let t: TestPlatform;
let city: Client, town: Client, village: Client, other: Client, member: Client;
let ids: Record<string, number>;
let child: number, woman: number;

beforeAll(async () => {
  t = await startTestPlatform({ demo: false });
  ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['district', '500101', '50', '万州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
  ]);
  [city, town, village, other, member] = await Promise.all([
    signedIn(t, { username: 'city.cadre', orgId: ids['50']!, roles: ['cadre'] }),
    signedIn(t, { username: 'hanfeng.cadre', orgId: ids['500154001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a', orgId: ids['500154001001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'wanzhou.cadre', orgId: ids['500101']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.member', orgId: ids['500154001001']!, roles: ['executive_member'] }),
  ]);
  const A = ids['500154001001']!;
  child = await person(village, {
    orgId: A,
    name: '冉小雨',
    gender: 'female',
    birthDate: '2015-03-03',
    tags: ['left_behind_child'],
  });
  woman = await person(village, { orgId: A, name: '谭秀英', gender: 'female', birthDate: '1975-04-02' });
}, 60_000);
afterAll(() => t?.close());

const count = async (table: string) => (await t.sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
const counter = async (metric: string) =>
  (
    await t.sql<{ n: number }>(
      `select coalesce(sum(value), 0)::int as n from stat_counters where node_id = $1 and metric = $2 and grain = 'd'`,
      [ids['50'], metric],
    )
  )[0]!.n;
const pairing = (over: Record<string, unknown> = {}) => ({
  orgId: ids['500154001001'],
  childPersonId: child,
  motherKind: 'cadre',
  motherName: '周春梅',
  motherPhone: '13912345678',
  startsOn: addDays(TODAY, -60),
  contactEveryDays: 30,
  ...over,
});

describe('爱心妈妈 pairings', () => {
  it('refuse bad input naming the field and out-of-subtree orgs and children, writing nothing', async () => {
    const bad = async (c: Client, body: Record<string, unknown>, status: number, field: string) => {
      const r = await c.post('/api/v1/care-programs/pairings', body);
      expect([r.status, r.body.field], JSON.stringify(r.body)).toEqual([status, field]);
      expect(r.body.detail ?? r.body.title).toBeTruthy();
    };
    await bad(village, pairing({ motherName: '' }), 400, 'motherName');
    await bad(village, pairing({ contactEveryDays: 0 }), 400, 'contactEveryDays');
    await bad(village, pairing({ endsOn: addDays(TODAY, -90) }), 400, 'endsOn');
    await bad(village, pairing({ childPersonId: woman }), 400, 'childPersonId');
    await bad(other, pairing({ orgId: ids['500101'] }), 404, 'childPersonId');
    await bad(other, pairing(), 404, 'orgId');
    expect(await count('care_pairings')).toBe(0);
  });

  it('flag a pairing behind on contacts, record contacts, show on the timeline and in the figures', async () => {
    const p = await village.post('/api/v1/care-programs/pairings', pairing());
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    expect(p.body).toMatchObject({ state: 'active', overdue: true, motherPhone: '139****5678', child: { id: child } });
    expect(JSON.stringify(p.body)).not.toContain('13912345678');
    expect(await counter('care.pairings_active')).toBe(1);
    const again = await village.post('/api/v1/care-programs/pairings', pairing());
    expect([again.status, again.body.field]).toEqual([409, 'childPersonId']);
    // the town lists it among the overdue; another district sees nothing and gets 404 by id
    const overdue = await town.get('/api/v1/care-programs/pairings?overdue=true');
    expect(overdue.body.items.map((x: { id: number }) => x.id)).toEqual([p.body.id]);
    expect((await city.get('/api/v1/care-programs/pairings')).body.items).toHaveLength(1);
    expect((await other.get('/api/v1/care-programs/pairings')).body.items).toEqual([]);
    expect((await other.get(`/api/v1/care-programs/pairings/${p.body.id}`)).status).toBe(404);
    const url = `/api/v1/care-programs/pairings/${p.body.id}`;
    const out = await other.post(`${url}/contacts`, { contactedOn: TODAY, way: 'phone', note: '电话问候' });
    expect(out.status).toBe(404);
    expect((await other.post(`${url}/end`, { endedOn: TODAY, reason: '孩子随父母外出' })).status).toBe(404);
    // bad contacts name the field and write nothing
    const future = await member.post(`${url}/contacts`, { contactedOn: addDays(TODAY, 1), way: 'phone', note: '电话' });
    expect([future.status, future.body.field]).toEqual([400, 'contactedOn']);
    const way = await member.post(`${url}/contacts`, { contactedOn: TODAY, way: 'pigeon', note: '飞鸽传书' });
    expect([way.status, way.body.field]).toEqual([400, 'way']);
    expect(await count('care_pairing_contacts')).toBe(0);
    // an executive member records a contact: no longer overdue
    const c = await member.post(`${url}/contacts`, { contactedOn: TODAY, way: 'visit', note: '上门辅导作业' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ overdue: false, lastContactOn: TODAY, nextContactDue: addDays(TODAY, 30) });
    expect(c.body.contacts).toHaveLength(1);
    expect((await town.get('/api/v1/care-programs/pairings?overdue=true')).body.items).toEqual([]);
    // the child's timeline
    const tl = await village.get(`/api/v1/people/${child}/timeline`);
    expect(JSON.stringify(tl.body)).toContain('care.pairing');
    expect(JSON.stringify(tl.body)).toContain('上门辅导作业');
    // ended: out of the active figure, no more contacts
    const bad = await village.post(`${url}/end`, { endedOn: addDays(TODAY, -61), reason: '孩子随父母外出' });
    expect([bad.status, bad.body.field]).toEqual([400, 'endedOn']);
    const end = await village.post(`${url}/end`, { endedOn: TODAY, reason: '孩子随父母外出' });
    expect(end.body).toMatchObject({ state: 'ended', overdue: false });
    expect(await counter('care.pairings_active')).toBe(0);
    const late = await village.post(`${url}/contacts`, { contactedOn: TODAY, way: 'phone', note: '电话问候' });
    expect([late.status, late.body.code]).toEqual([409, 'CARE_INVALID_TRANSITION']);
  });
});

async function lastCode(masked: string): Promise<string> {
  // what her phone received: the development channel's log (the admin's outbox page blanks the code)
  const m = /验证码是 (\d{6})/.exec(t.smsTo(masked) ?? '');
  if (!m) throw new Error(`no code was sent to ${masked}`);
  return m[1]!;
}
class Resident {
  cookies = new Map<string, string>();
  async req(method: string, url: string, body?: unknown) {
    const headers: Record<string, string> = { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('jinguo_resident_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.platform.http.inject({
      method: method as 'GET',
      url: `/api/v1/portal${url}`,
      headers,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies) if (c.value) this.cookies.set(c.name, c.value);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  }
  async signIn(phone: string) {
    await this.req('POST', '/auth/code', { phone });
    const r = await this.req('POST', '/auth/login', {
      phone,
      code: await lastCode(`${phone.slice(0, 3)}****${phone.slice(7)}`),
    });
    expect(r.status).toBe(200);
    return this;
  }
}
const wish = (over: Record<string, unknown> = {}) => ({
  personId: woman,
  title: '一台助听器',
  description: '听力下降，想要一台助听器',
  amount: 800,
  ...over,
});

describe('微心愿', () => {
  it('refuse bad input naming the field and persons out of the subtree, writing nothing', async () => {
    for (const [body, field] of [
      [wish({ amount: -5 }), 'amount'],
      [wish({ amount: 0 }), 'amount'],
      [wish({ title: '' }), 'title'],
      [wish({ personId: 'x' }), 'personId'],
    ] as const) {
      const r = await village.post('/api/v1/care-programs/wishes', body);
      expect([r.status, r.body.field], JSON.stringify(r.body)).toEqual([400, field]);
    }
    const out = await other.post('/api/v1/care-programs/wishes', wish());
    expect([out.status, out.body.field]).toEqual([404, 'personId']);
    expect(await count('care_wishes')).toBe(0);
  });

  it('go from review to /h5 with a masked name only, claimed by a donor and fulfilled', async () => {
    const w = await village.post('/api/v1/care-programs/wishes', wish());
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect(w.body).toMatchObject({ state: 'submitted', publicName: '谭**', person: { id: woman, name: '谭秀英' } });
    const url = `/api/v1/care-programs/wishes/${w.body.id}`;
    const anyone = new Resident();
    expect((await anyone.req('GET', '/care-programs/wishes')).body.items).toEqual([]);
    // out of the subtree: 404 on every action, nothing changes
    for (const [path, body] of [
      ['', undefined],
      ['/review', { action: 'publish' }],
      ['/claim', {}],
      ['/release', undefined],
      ['/fulfil', { fulfilledOn: TODAY, note: '已送达' }],
      ['/withdraw', undefined],
    ] as const) {
      const r = path === '' ? await other.get(url) : await other.post(`${url}${path}`, body);
      expect([path, r.status]).toEqual([path, 404]);
    }
    expect((await member.post(`${url}/claim`, {})).body.code).toBe('CARE_INVALID_TRANSITION');
    const noReason = await town.post(`${url}/review`, { action: 'refuse' });
    expect([noReason.status, noReason.body.field]).toEqual([400, 'note']);
    const badAction = await town.post(`${url}/review`, { action: 'approve' });
    expect([badAction.status, badAction.body.field]).toEqual([400, 'action']);
    expect((await town.post(`${url}/review`, { action: 'publish', note: '情况属实' })).body.state).toBe('published');
    // the public page: the masked name and the district, never her name or her village
    const pub = await anyone.req('GET', '/care-programs/wishes');
    expect(pub.body.items).toEqual([
      expect.objectContaining({
        id: w.body.id,
        publicName: '谭**',
        district: '开州区',
        state: 'published',
        amount: 800,
      }),
    ]);
    for (const secret of ['谭秀英', '驷马', '汉丰']) expect(JSON.stringify(pub.body)).not.toContain(secret);
    expect(Object.keys(pub.body.items[0]).sort()).toEqual(
      ['amount', 'description', 'district', 'id', 'publicName', 'publishedAt', 'state', 'title'].sort(),
    );
    // an executive member cannot record an outside donor; she claims it herself, then lets it go
    const outside = await member.post(`${url}/claim`, { donorName: '开州爱心企业' });
    expect([outside.status, outside.body.field]).toEqual([403, 'donorName']);
    const mine = await member.post(`${url}/claim`, {});
    expect(mine.body).toMatchObject({ state: 'claimed', donor: { kind: 'account', name: 'village.member' } });
    expect((await member.post(`${url}/claim`, {})).status).toBe(409);
    expect((await member.post(`${url}/release`)).body).toMatchObject({ state: 'published', donor: null });
    // the cadre records an outside donor (phone masked), who fulfils it; a date in the future names the field
    const firm = await village.post(`${url}/claim`, { donorName: '开州爱心企业', donorPhone: '13688886666' });
    expect(firm.body.donor).toEqual({ kind: 'outside', name: '开州爱心企业', phone: '136****6666' });
    expect((await member.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '已送达' })).status).toBe(403);
    const future = await village.post(`${url}/fulfil`, { fulfilledOn: addDays(TODAY, 1), note: '已送达' });
    expect([future.status, future.body.field]).toEqual([400, 'fulfilledOn']);
    expect(await counter('care.wishes_fulfilled')).toBe(0);
    const done = await village.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '助听器已送到家中' });
    expect(done.body).toMatchObject({ state: 'fulfilled', fulfilledOn: TODAY, fulfilmentNote: '助听器已送到家中' });
    expect(await counter('care.wishes_fulfilled')).toBe(1);
    expect((await city.get('/api/v1/care-programs/wishes?state=fulfilled')).body.items).toHaveLength(1);
    expect(JSON.stringify((await village.get(`/api/v1/people/${woman}/timeline`)).body)).toContain('care.wish');
    expect(JSON.stringify((await anyone.req('GET', '/care-programs/wishes')).body)).not.toContain('爱心企业');
  });

  it('a resident submits her own wish on /h5 and follows it; nobody else sees it before it is published', async () => {
    const r = await new Resident().signIn('13800000031');
    const noVillage = await r.req('POST', '/care-programs/wishes', {
      title: '一套校服',
      description: '孩子上学要校服',
      amount: 120,
    });
    expect([noVillage.status, noVillage.body.field]).toEqual([409, 'villageId']);
    await r.req('PATCH', '/me', { villageId: ids['500154001001'] });
    const bad = await r.req('POST', '/care-programs/wishes', {
      title: '一套校服',
      description: '孩子上学要校服',
      amount: 0,
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'amount']);
    const before = await count('care_wishes');
    const w = await r.req('POST', '/care-programs/wishes', {
      title: '一套校服',
      description: '孩子上学要校服',
      amount: 120,
    });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect(w.body).toMatchObject({ state: 'submitted', district: '开州区' });
    expect(await count('care_wishes')).toBe(before + 1);
    const stranger = await new Resident().signIn('13800000032');
    expect((await stranger.req('GET', '/care-programs/wishes/mine')).body.items).toEqual([]);
    expect(JSON.stringify((await stranger.req('GET', '/care-programs/wishes')).body)).not.toContain('一套校服');
    // the town sees it in its queue and refuses it with a reason she reads
    const queue = await town.get('/api/v1/care-programs/wishes?state=submitted');
    expect(queue.body.items).toEqual([expect.objectContaining({ id: w.body.id, source: 'resident', person: null })]);
    await town.post(`/api/v1/care-programs/wishes/${w.body.id}/review`, { action: 'refuse', note: '已由学校统一发放' });
    expect((await r.req('GET', '/care-programs/wishes/mine')).body.items).toEqual([
      expect.objectContaining({ id: w.body.id, state: 'refused', reviewNote: '已由学校统一发放' }),
    ]);
  });
});
