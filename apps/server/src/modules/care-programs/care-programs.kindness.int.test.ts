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
