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
});
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
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
/** A raw-body upload with the staff client's session (the harness client sends JSON only). */
async function upload(c: Client, url: string, body: Buffer = PNG, type = 'image/png') {
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
/** A file's bytes as a staff client reads them. */
async function download(c: Client, url: string) {
  const res = await t.platform.http.inject({
    method: 'GET',
    url,
    headers: { cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  return { status: res.statusCode, type: String(res.headers['content-type']), bytes: res.rawPayload };
}
const proofUrl = (id: number, name = '送达照片.png') =>
  `/api/v1/care-programs/wishes/${id}/proofs?name=${encodeURIComponent(name)}`;

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
      ['amount', 'claimDays', 'description', 'district', 'id', 'publicName', 'publishedAt', 'state', 'title'].sort(),
    );
    // an executive member cannot record an outside donor; she claims it herself, then lets it go
    const outside = await member.post(`${url}/claim`, { donorName: '开州爱心企业' });
    expect([outside.status, outside.body.field]).toEqual([403, 'donorName']);
    const mine = await member.post(`${url}/claim`, {});
    expect(mine.body).toMatchObject({ state: 'claimed', donor: { kind: 'account', name: 'village.member' } });
    expect((await member.post(`${url}/claim`, {})).status).toBe(409);
    expect((await member.post(`${url}/release`)).body).toMatchObject({ state: 'published', donor: null });
    // the cadre records an outside donor (phone masked), who fulfils it; a date in the future names the field
    // a proof only while claimed: not before
    const early = await upload(village, proofUrl(w.body.id));
    expect([early.status, early.body.code, early.body.field]).toEqual([409, 'CARE_INVALID_TRANSITION', 'wishId']);
    const firm = await village.post(`${url}/claim`, { donorName: '开州爱心企业', donorPhone: '13688886666' });
    expect(firm.body.donor).toEqual({ kind: 'outside', name: '开州爱心企业', phone: '136****6666' });
    expect(firm.body.proofs).toEqual([]);
    expect((await member.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '已送达' })).status).toBe(403);
    // fulfilled with proof: none yet names the field; bad files are refused naming it; nothing is written
    const noProof = await village.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '已送达' });
    expect([noProof.status, noProof.body.field], JSON.stringify(noProof.body)).toEqual([400, 'proof']);
    expect(noProof.body.detail ?? noProof.body.title).toBeTruthy();
    expect((await upload(member, proofUrl(w.body.id))).status).toBe(403);
    expect((await upload(other, proofUrl(w.body.id))).status).toBe(404);
    const fake = await upload(village, proofUrl(w.body.id, 'photo.png'), Buffer.from('MZ not a photo'), 'image/png');
    expect([fake.status, fake.body.code, fake.body.field]).toEqual([415, 'FILE_TYPE_NOT_ALLOWED', 'file']);
    const huge = await upload(village, proofUrl(w.body.id, 'big.png'), Buffer.concat([PNG, Buffer.alloc(11 << 20)]));
    expect(huge.status).toBe(413);
    const noName = await upload(village, `/api/v1/care-programs/wishes/${w.body.id}/proofs`);
    expect([noName.status, noName.body.field]).toEqual([400, 'querystring.name']);
    expect(await t.sql(`select id from stored_files where owner_type = 'care_wish'`)).toEqual([]);
    const proof = await upload(village, proofUrl(w.body.id));
    expect(proof.status, JSON.stringify(proof.body)).toBe(201);
    expect(proof.body.proofs).toEqual([
      expect.objectContaining({ name: '送达照片.png', mime: 'image/png', size: PNG.length, createdBy: 'village.a' }),
    ]);
    const fileId = proof.body.proofs[0].id;
    // read by staff of the subtree only, and audited; another district gets 404 on every proof route
    const img = await download(village, `${url}/proofs/${fileId}`);
    expect([img.status, img.type, Buffer.compare(img.bytes, PNG)]).toEqual([200, 'image/png', 0]);
    expect((await town.get(`${url}/proofs/${fileId}`)).status).toBe(200);
    expect((await other.get(`${url}/proofs/${fileId}`)).status).toBe(404);
    expect((await other.delete(`${url}/proofs/${fileId}`)).status).toBe(404);
    expect((await village.get(`${url}/proofs/999999`)).status).toBe(404);
    const reads = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'care.wishes.proof.read' and target_id = $1`,
      [String(w.body.id)],
    );
    expect(reads[0]!.n).toBe(2);
    // a second proof, removed again while claimed
    const second = await upload(
      village,
      proofUrl(w.body.id, '收据.pdf'),
      Buffer.from('%PDF-1.4\n%%EOF\n'),
      'application/pdf',
    );
    expect(second.body.proofs.map((f: { mime: string }) => f.mime)).toEqual(['image/png', 'application/pdf']);
    const removed = await village.delete(`${url}/proofs/${second.body.proofs[1].id}`);
    expect(removed.body.proofs.map((f: { id: number }) => f.id)).toEqual([fileId]);
    const future = await village.post(`${url}/fulfil`, { fulfilledOn: addDays(TODAY, 1), note: '已送达' });
    expect([future.status, future.body.field]).toEqual([400, 'fulfilledOn']);
    expect(await counter('care.wishes_fulfilled')).toBe(0);
    const done = await village.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '助听器已送到家中' });
    expect(done.body).toMatchObject({ state: 'fulfilled', fulfilledOn: TODAY, fulfilmentNote: '助听器已送到家中' });
    expect(done.body.proofs.map((f: { id: number }) => f.id)).toEqual([fileId]);
    expect(await counter('care.wishes_fulfilled')).toBe(1);
    // fulfilled: the proofs stand as they are
    const late = await upload(village, proofUrl(w.body.id));
    expect([late.status, late.body.code]).toEqual([409, 'CARE_INVALID_TRANSITION']);
    expect((await village.delete(`${url}/proofs/${fileId}`)).status).toBe(409);
    expect((await village.post(`${url}/fulfil`, { fulfilledOn: TODAY, note: '再次' })).status).toBe(409);
    expect((await city.get('/api/v1/care-programs/wishes?state=fulfilled')).body.items).toHaveLength(1);
    expect(JSON.stringify((await village.get(`/api/v1/people/${woman}/timeline`)).body)).toContain('care.wish');
    const wall = JSON.stringify((await anyone.req('GET', '/care-programs/wishes')).body);
    for (const secret of ['爱心企业', '送达照片', 'proof', `/proofs/${fileId}`]) expect(wall).not.toContain(secret);
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

  it('a donor claims a child’s wish on /h5; fulfilled with a proof that never reaches a public page or API', async () => {
    const published = async (title: string, personId = child) => {
      const w = await village.post('/api/v1/care-programs/wishes', wish({ personId, title, amount: 150 }));
      expect(w.status, JSON.stringify(w.body)).toBe(201);
      expect((await town.post(`/api/v1/care-programs/wishes/${w.body.id}/review`, { action: 'publish' })).status).toBe(
        200,
      );
      return Number(w.body.id);
    };
    const shoes = await published('一双运动鞋');
    const donor = await new Resident().signIn('13800000041');
    await donor.req('PATCH', '/me', { nickname: '李阿姨' });
    const anyone = new Resident();
    // only published wishes are claimed, by a signed-in resident
    expect((await anyone.req('POST', `/care-programs/wishes/${shoes}/claim`)).status).toBe(401);
    const submitted = await village.post('/api/v1/care-programs/wishes', wish({ personId: child, title: '一本字典' }));
    const hidden = await donor.req('POST', `/care-programs/wishes/${submitted.body.id}/claim`);
    expect([hidden.status, hidden.body.field]).toEqual([404, 'wishId']);
    expect((await donor.req('POST', '/care-programs/wishes/999999/claim')).status).toBe(404);
    const bad = await donor.req('POST', '/care-programs/wishes/x/claim');
    expect([bad.status, bad.body.field]).toEqual([400, 'params.wishId']);
    const claim = await donor.req('POST', `/care-programs/wishes/${shoes}/claim`);
    expect(claim.status, JSON.stringify(claim.body)).toBe(200);
    expect(claim.body).toMatchObject({ id: shoes, state: 'claimed', publicName: '冉**', district: '开州区' });
    const again = await new Resident().signIn('13800000042');
    const taken = await again.req('POST', `/care-programs/wishes/${shoes}/claim`);
    expect([taken.status, taken.body.code]).toEqual([409, 'CARE_INVALID_TRANSITION']);
    // the village federation sees her as the donor (phone masked) and is told
    const staff = (await village.get(`/api/v1/care-programs/wishes/${shoes}`)).body;
    expect(staff.donor).toEqual({ kind: 'resident', name: '李阿姨', phone: '138****0041' });
    const told = await t.sql<{ title_zh: string; body_zh: string; link: string }>(
      `select title_zh, body_zh, link from notifications where kind = 'care.wish.claimed' and target_id = $1`,
      [shoes],
    );
    expect(told.length).toBeGreaterThan(0);
    expect(told[0]).toEqual({
      title_zh: '心愿「一双运动鞋」已被认领',
      body_zh: '认领人：李阿姨（138****0041），请联系认领人并跟进圆梦',
      link: `/care-programs/wishes/${shoes}`,
    });
    // at most three open claims; her claims are hers alone; a claim of someone else is not hers to give up
    const more = [await published('一套文具'), await published('一个台灯'), await published('一件羽绒服')];
    expect((await donor.req('POST', `/care-programs/wishes/${more[0]}/claim`)).status).toBe(200);
    expect((await donor.req('POST', `/care-programs/wishes/${more[1]}/claim`)).status).toBe(200);
    const fourth = await donor.req('POST', `/care-programs/wishes/${more[2]}/claim`);
    expect([fourth.status, fourth.body.field]).toEqual([409, 'wishId']);
    expect((await again.req('POST', `/care-programs/wishes/${more[0]}/release`)).status).toBe(404);
    const let_go = await donor.req('POST', `/care-programs/wishes/${more[1]}/release`);
    expect(let_go.body).toMatchObject({ id: more[1], state: 'published' });
    expect((await village.get(`/api/v1/care-programs/wishes/${more[1]}`)).body.donor).toBeNull();
    expect((await again.req('GET', '/care-programs/wishes/claimed')).body.items).toEqual([]);
    expect((await donor.req('GET', '/care-programs/wishes/claimed')).body.items.map((x: any) => x.id).sort()).toEqual(
      [shoes, more[0]].sort(),
    );
    // the cadre fulfils it with a photo that shows the child and her school
    const photo = await upload(village, proofUrl(shoes, '冉小雨在驷马小学领鞋.png'));
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    const fileId = photo.body.proofs[0].id;
    const done = await village.post(`/api/v1/care-programs/wishes/${shoes}/fulfil`, {
      fulfilledOn: TODAY,
      note: '运动鞋已送到孩子手中',
    });
    expect(done.body.state).toBe('fulfilled');
    // no public page or API response identifies the child, names the proof or leads to it
    const responses = [
      await anyone.req('GET', '/care-programs/wishes'),
      await donor.req('GET', '/care-programs/wishes'),
      await donor.req('GET', '/care-programs/wishes/claimed'),
      await donor.req('GET', '/care-programs/wishes/mine'),
    ];
    const fulfilled = responses[2]!.body.items.find((x: any) => x.id === shoes);
    expect(fulfilled).toMatchObject({ state: 'fulfilled', fulfilledOn: TODAY, publicName: '冉**' });
    for (const r of responses) {
      expect(r.status).toBe(200);
      const text = JSON.stringify(r.body);
      for (const secret of ['冉小雨', '小雨', '驷马', '汉丰', '小学', '领鞋', '.png', 'proof', 'image/'])
        expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
    for (const item of responses[0]!.body.items)
      expect(Object.keys(item).sort()).toEqual(
        ['amount', 'claimDays', 'description', 'district', 'id', 'publicName', 'publishedAt', 'state', 'title'].sort(),
      );
    // the proof's route is staff-only: a resident's session reaches nothing; the portal role has no grant on files
    const direct = await t.platform.http.inject({
      method: 'GET',
      url: `/api/v1/care-programs/wishes/${shoes}/proofs/${fileId}`,
      headers: { cookie: [...donor.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(direct.statusCode).toBe(401);
    const grant = await t.sql<{ ok: boolean }>(
      `select has_table_privilege('jinguo_portal', 'stored_files', 'select') as ok`,
    );
    expect(grant[0]!.ok).toBe(false);
    // the staff wish page has it
    expect((await village.get(`/api/v1/care-programs/wishes/${shoes}`)).body.proofs).toEqual([
      expect.objectContaining({ id: fileId, name: '冉小雨在驷马小学领鞋.png' }),
    ]);
  });
});
