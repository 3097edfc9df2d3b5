// The residents' portal: sign-in by phone and one-time code, her catalogue, orders (点单), help requests (anonymous
// with a tracking code), following and rating — and strangers reading nothing of anyone else's.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../platform/db/client.js';
import { deliverPending } from '../../platform/notifications/index.js';
import { runAsPortal } from '../../platform/scope.js';
import { Client, startTestPlatform, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, town: Client;
let A: number, B: number, TOWN: number;
let her: Portal, stranger: Portal;

let nextIp = 1;
/** A phone on the portal: its own address and cookies, the portal's CSRF cookie sent back as the header. */
class Portal {
  readonly ip = `10.0.${Math.floor(nextIp / 250)}.${(nextIp++ % 250) + 1}`;
  constructor(
    readonly c: Client,
    readonly phone: string,
  ) {}
  async req(method: string, url: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (this.c.cookies.size) headers.cookie = [...this.c.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.c.cookies.get('jinguo_resident_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.platform.http.inject({
      method: method as 'GET',
      url: `/api/v1/portal${url}`,
      headers,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies) {
      if (c.value === '') this.c.cookies.delete(c.name);
      else this.c.cookies.set(c.name, c.value);
    }
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  }
  get(url: string) {
    return this.req('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.req('POST', url, body);
  }
  patch(url: string, body?: unknown) {
    return this.req('PATCH', url, body);
  }
}

async function lastCode(phone: string): Promise<string> {
  // what her phone received: the development channel's log (the admin's outbox page blanks the code)
  const m = /验证码是 (\d{6})/.exec(t.smsTo(phone) ?? '');
  if (!m) throw new Error(`no code was sent to ${phone}`);
  return m[1]!;
}

async function signIn(phone: string, villageId: number | null): Promise<Portal> {
  const p = new Portal(t.anonymous(), phone);
  const sent = await p.post('/auth/code', { phone });
  expect(sent.status).toBe(200);
  const code = await lastCode(phone);
  expect((await p.post('/auth/login', { phone, code })).status).toBe(200);
  if (villageId !== null) expect((await p.patch('/me', { villageId, nickname: '王女士' })).status).toBe(200);
  return p;
}

const act = (c: Client, id: number, body: Record<string, unknown>) => c.post(`/api/v1/demands/${id}/transitions`, body);

beforeAll(async () => {
  t = await startTestPlatform();
  [villageA, villageB, town] = (await Promise.all(
    ['village.a', 'village.b', 'hanfeng.cadre'].map((u) => t.login(u)),
  )) as [Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  TOWN = await t.org('500154001');
  her = await signIn('13800000011', A);
  stranger = await signIn('13800000022', B);
});
afterAll(() => t?.close());

describe('sign-in with phone and one-time code', () => {
  it('sends the code through the SMS adapter (the development channel here), keeps only a hash, and signs her in', async () => {
    const p = new Portal(t.anonymous(), '13800000033');
    const sent = await p.post('/auth/code', { phone: '13800000033' });
    expect(sent.body).toMatchObject({ sentTo: '138****0033', channel: 'development', expiresInSeconds: 300 });
    const code = await lastCode('13800000033');
    const [stored] = await t.sql<any>(`select * from resident_login_codes order by id desc limit 1`);
    expect(JSON.stringify(stored)).not.toContain(code);
    expect((await p.post('/auth/code', { phone: '13800000033' })).body.code).toBe('LOGIN_CODE_TOO_SOON');
    const wrong = await p.post('/auth/login', { phone: '13800000033', code: code === '000000' ? '111111' : '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'LOGIN_CODE_INVALID']);
    const ok = await p.post('/auth/login', { phone: '13800000033', code });
    expect(ok.body).toMatchObject({ phone: '138****0033', village: null });
    expect((await p.post('/auth/login', { phone: '13800000033', code })).status).toBe(401); // a code works once
    expect((await p.get('/me')).status).toBe(200);
    expect((await p.post('/auth/code', { phone: '12345' })).body.field).toBe('phone');
  });

  it('a code dies after five wrong tries, even for the right digits', async () => {
    const p = new Portal(t.anonymous(), '13800000044');
    await p.post('/auth/code', { phone: '13800000044' });
    const code = await lastCode('13800000044');
    const wrong = code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++)
      expect((await p.post('/auth/login', { phone: '13800000044', code: wrong })).status).toBe(401);
    expect((await p.post('/auth/login', { phone: '13800000044', code })).status).toBe(401);
    const failures = await t.sql<{ n: number }>(
      `select count(*)::int as n from audit_events where action = 'resident.login' and result = 'failure'`,
    );
    expect(Number(failures[0]!.n)).toBeGreaterThanOrEqual(5);
  });

  it('keeps staff and resident sessions apart: neither cookie opens the other side', async () => {
    const residentToken = her.c.cookies.get('jinguo_resident')!;
    const staffToken = villageA.cookies.get('jinguo_session')!;
    const asStaff = new Client(t.platform);
    asStaff.cookies.set('jinguo_session', residentToken);
    expect((await asStaff.get('/api/v1/auth/me')).status).toBe(401);
    expect((await asStaff.get('/api/v1/demands')).status).toBe(401);
    const plain = new Client(t.platform);
    plain.cookies.set('jinguo_resident', residentToken);
    expect((await plain.get('/api/v1/demands')).status).toBe(401);
    const asResident = new Portal(new Client(t.platform), 'x');
    asResident.c.cookies.set('jinguo_resident', staffToken);
    expect((await asResident.get('/me')).status).toBe(401);
    expect((await new Portal(villageA, 'x').get('/me')).status).toBe(401);
    // a resident's write without the portal's CSRF header is refused
    const noToken = await t.platform.http.inject({
      method: 'PATCH',
      url: '/api/v1/portal/me',
      payload: { nickname: '无令牌' },
      headers: { cookie: `jinguo_resident=${residentToken}` },
    });
    expect(JSON.parse(noToken.body).code).toBe('CSRF_FAILED');
  });
});

describe('her catalogue, orders and requests', () => {
  let villageItem: number, townItem: number, fullItem: number, otherItem: number;

  beforeAll(async () => {
    villageItem = (
      await villageA.post('/api/v1/catalogue', {
        orgId: A,
        category: 'legal_advice',
        name: '婚姻家庭法律咨询',
        openingHours: [{ days: [1, 2, 3, 4, 5], from: '09:00', to: '17:00' }],
        weeklyCapacity: 50,
      })
    ).body.id;
    townItem = (
      await town.post('/api/v1/catalogue', {
        orgId: TOWN,
        category: 'psychological',
        name: '心理疏导预约',
        provider: '汉丰街道妇女儿童维权站',
      })
    ).body.id;
    fullItem = (
      await villageA.post('/api/v1/catalogue', {
        orgId: A,
        category: 'skills_training',
        name: '面点培训（每周 1 名）',
        weeklyCapacity: 1,
      })
    ).body.id;
    otherItem = (
      await villageB.post('/api/v1/catalogue', { orgId: B, category: 'employment', name: '永兴社区就业推荐' })
    ).body.id;
  });

  it('shows the services of her village and its town only', async () => {
    const cat = (await her.get('/catalogue')).body;
    expect(cat.village.id).toBe(A);
    expect(cat.town.id).toBe(TOWN);
    const ids = cat.items.map((i: any) => i.id);
    expect(ids).toEqual(expect.arrayContaining([villageItem, townItem, fullItem]));
    expect(ids).not.toContain(otherItem);
    const places = (await her.get(`/places?parentId=${TOWN}`)).body.items;
    expect(places.map((p: any) => p.id)).toEqual(expect.arrayContaining([A, B]));
  });

  it('orders legal advice; the village accepts, handles and replies; she is told and rates it', async () => {
    const order = await her.post('/orders', {
      serviceItemId: villageItem,
      description: '想咨询离婚后孩子抚养权的问题',
    });
    expect(order.status).toBe(201);
    expect(order.body).toMatchObject({
      state: 'received',
      serviceItem: { id: villageItem },
      org: { id: A },
      canCancel: true,
      canRate: false,
    });
    const id = order.body.id;
    const staff = (await villageA.get(`/api/v1/demands/${id}`)).body;
    expect(staff).toMatchObject({
      source: 'online',
      requester: { kind: 'resident', name: '王女士', phone: '138****0011' },
      serviceItem: { id: villageItem },
    });
    expect(
      (await villageA.get('/api/v1/notifications')).body.items.some(
        (n: any) => n.kind === 'demand.ordered' && n.target?.id === id,
      ),
    ).toBe(true);
    await act(villageA, id, { action: 'accept', note: '内部备注：安排律师' });
    await act(villageA, id, { action: 'reply', reply: '已约好周三上午律师当面咨询' });
    const notices = (await her.get('/notifications')).body.items;
    expect(notices.some((n: any) => n.kind === 'demand.replied' && n.link === `/h5/requests/${id}`)).toBe(true);
    // and by SMS, through the platform's outbox and the SMS adapter (the development channel here)
    await deliverPending(t.platform.handle, t.platform.sms);
    await t.platform.sms.flush(); // the development channel records its messages just after sending
    const sms = await t.sql<{ text: string }>(
      `select text from dev_outbox where to_masked = '138****0011' and purpose = 'demand.replied'`,
    );
    expect(sms.some((m) => m.text.includes('您的诉求已答复'))).toBe(true);
    const seen = (await her.get(`/requests/${id}`)).body;
    expect(seen).toMatchObject({ state: 'replied', reply: '已约好周三上午律师当面咨询', canRate: true });
    expect(JSON.stringify(seen)).not.toContain('内部备注');
    expect(JSON.stringify(seen)).not.toContain('王主席');
    expect(seen.progress.map((p: any) => p.state)).toEqual(['received', 'signed', 'accepted', 'replied']);
    const rated = await her.post(`/requests/${id}/rate`, { rating: 'satisfied', comment: '律师很耐心' });
    expect(rated.body).toMatchObject({ state: 'closed', rating: 'satisfied', canRate: false });
    expect((await villageA.get(`/api/v1/demands/${id}`)).body.events.at(-1)).toMatchObject({
      action: 'rate',
      actorName: '群众 138****0011',
    });
    expect((await her.post(`/requests/${id}/rate`, { rating: 'unsatisfied' })).status).toBe(409);
    expect((await her.get('/requests')).body.items.map((d: any) => d.id)).toContain(id);
  });

  it("不满意 reopens the request in the village's queue", async () => {
    const id = (await her.post('/orders', { serviceItemId: townItem, description: '最近情绪低落' })).body.id;
    await act(town, id, { action: 'accept' });
    await act(town, id, { action: 'reply', reply: '已电话疏导' });
    const r = await her.post(`/requests/${id}/rate`, { rating: 'unsatisfied', comment: '希望面谈' });
    expect(r.body.state).toBe('reopened');
    expect((await town.get('/api/v1/demands?view=queue')).body.items.map((d: any) => d.id)).toContain(id);
  });

  it('checks the opening days, the weekly capacity and that the service is hers to order', async () => {
    const sunday = (() => {
      const d = new Date(Date.now() + 8 * 3_600_000);
      d.setUTCDate(d.getUTCDate() + ((7 - d.getUTCDay()) % 7 || 7));
      return d.toISOString().slice(0, 10);
    })();
    const closed = await her.post('/orders', {
      serviceItemId: villageItem,
      description: '周日可以吗',
      preferredDate: sunday,
    });
    expect([closed.status, closed.body.code, closed.body.field]).toEqual([400, 'SERVICE_CLOSED', 'preferredDate']);
    expect((await her.post('/orders', { serviceItemId: fullItem, description: '想学面点' })).status).toBe(201);
    const full = await her.post('/orders', { serviceItemId: fullItem, description: '再报一次' });
    expect([full.status, full.body.code]).toEqual([409, 'SERVICE_FULL']);
    expect((await her.post('/orders', { serviceItemId: otherItem, description: '别的社区' })).body.code).toBe(
      'SERVICE_ITEM_NOT_FOUND',
    );
    expect((await her.post('/orders', { serviceItemId: villageItem, description: '' })).body.field).toBe('description');
  });

  it('she withdraws a request not yet taken up', async () => {
    const id = (await her.post('/orders', { serviceItemId: villageItem, description: '先撤回' })).body.id;
    expect((await her.post(`/requests/${id}/cancel`, { note: '问题已自行解决' })).body.state).toBe('cancelled');
  });
});

describe('anonymous help with a tracking code', () => {
  it('creates a request tied to no account; only the code leads back to it', async () => {
    const anon = new Portal(t.anonymous(), 'none');
    const r = await anon.post('/help', {
      orgId: A,
      category: 'rights',
      urgency: 'urgent',
      description: '邻居家经常传出打骂声，担心孩子安全',
      anonymous: true,
    });
    expect(r.status).toBe(201);
    expect(r.body.trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const code = r.body.trackingCode;
    const [row] = await t.sql<any>('select resident_id, anonymous, tracking_hash from demands where id = $1', [
      r.body.demand.id,
    ]);
    expect(row).toMatchObject({ resident_id: null, anonymous: true });
    expect(row.tracking_hash).not.toContain(code.replaceAll('-', ''));
    const staff = (await villageA.get(`/api/v1/demands/${r.body.demand.id}`)).body;
    expect(staff.requester).toMatchObject({ kind: 'anonymous', name: null, phone: null });
    expect((await anon.get(`/track/${code}`)).body).toMatchObject({ id: r.body.demand.id, state: 'received' });
    expect((await anon.get(`/track/${code.toLowerCase()}`)).status).toBe(400);
    await act(villageA, r.body.demand.id, { action: 'accept' });
    await act(villageA, r.body.demand.id, { action: 'reply', reply: '已联系社区民警上门了解' });
    expect((await anon.post(`/track/${code}/rate`, { rating: 'basically_satisfied' })).body.state).toBe('closed');
    // signed in, she may still ask anonymously: it does not appear among her requests
    const mine = await her.post('/help', {
      orgId: A,
      category: 'psychological',
      description: '不想让人知道',
      anonymous: true,
    });
    expect((await her.get('/requests')).body.items.map((d: any) => d.id)).not.toContain(mine.body.demand.id);
    const named = await her.post('/help', {
      orgId: A,
      category: 'hardship_aid',
      description: '申请临时救助',
      anonymous: false,
    });
    expect(named.body.trackingCode).toBeNull();
    expect((await her.get('/requests')).body.items.map((d: any) => d.id)).toContain(named.body.demand.id);
  });
});

describe("strangers cannot read anyone else's requests", () => {
  it('by guessing ids, by guessing codes, or underneath in the database', async () => {
    const id = (await her.post('/help', { orgId: A, category: 'hardship_aid', description: '只给我自己看' })).body
      .demand.id;
    for (const url of [`/requests/${id}`, `/requests/${id + 1}`, `/requests/${id - 1}`])
      expect((await stranger.get(url)).status).toBe(404);
    expect((await stranger.post(`/requests/${id}/rate`, { rating: 'unsatisfied' })).status).toBe(404);
    expect((await stranger.post(`/requests/${id}/cancel`, { note: '捣乱' })).status).toBe(404);
    expect((await stranger.get('/requests')).body.items.map((d: any) => d.id)).not.toContain(id);
    expect((await new Portal(t.anonymous(), 'x').get(`/requests/${id}`)).status).toBe(401);
    expect((await new Portal(t.anonymous(), 'x').get('/track/ABCD-EFGH-JKLM-NPQR')).status).toBe(404);
    // the portal's database role sees only the caller's rows, and nothing of the registry
    const strangerId = Number((await stranger.get('/me')).body.id);
    const info = { ip: null, userAgent: null, requestId: null };
    const rows = await runAsPortal(
      t.platform.handle,
      { residentId: strangerId, trackingHash: null, request: info },
      (s) => queryRows<{ resident_id: number }>(s.tx, sql`select resident_id from demands`),
    );
    expect(rows.every((r) => Number(r.resident_id) === strangerId)).toBe(true);
    const denied = await runAsPortal(
      t.platform.handle,
      { residentId: strangerId, trackingHash: null, request: info },
      (s) => queryRows(s.tx, sql`select id from persons limit 1`),
    ).catch((e: unknown) => e as Error & { cause?: Error });
    expect(String((denied as { cause?: Error }).cause?.message ?? denied)).toMatch(/permission denied/);
  });
});

describe('staff and residents', () => {
  it("a cadre links a resident to the registry person she confirmed; her requests join the person's timeline; the portal shows nothing of it", async () => {
    const residentId = Number((await her.get('/me')).body.id);
    const seen = await villageA.get(`/api/v1/residents/${residentId}`);
    expect(seen.body).toMatchObject({ phone: '138****0011', person: null });
    expect((await villageB.get(`/api/v1/residents/${residentId}`)).status).toBe(404);
    expect(
      (await villageB.post(`/api/v1/residents/${residentId}/link`, { personId: 1, reason: '越界关联' })).status,
    ).toBe(404);
    const person = (await villageA.post('/api/v1/people', { orgId: A, name: '王秀兰', phone: '13800000011' })).body;
    expect((await villageA.post(`/api/v1/residents/${residentId}/link`, { personId: person.id })).body.field).toBe(
      'reason',
    );
    const linked = await villageA.post(`/api/v1/residents/${residentId}/link`, {
      personId: person.id,
      reason: '本人持身份证到社区核实',
    });
    expect(linked.body.person).toEqual({ id: person.id, name: '王秀兰' });
    expect(
      (await villageA.post(`/api/v1/residents/${residentId}/link`, { personId: person.id, reason: '再次关联' })).body
        .code,
    ).toBe('RESIDENT_ALREADY_LINKED');
    const timeline = (await villageA.get(`/api/v1/people/${person.id}/timeline`)).body.items;
    expect(timeline.filter((e: any) => e.source === 'demands').length).toBeGreaterThan(0);
    const portalMe = (await her.get('/me')).body;
    expect(JSON.stringify(portalMe)).not.toContain('王秀兰');
    expect(JSON.stringify((await her.get('/requests')).body)).not.toContain('王秀兰');
  });
});

describe('rate limits on guessing', () => {
  it('tracking codes: after ten tries a minute, only 429s', async () => {
    const guesser = new Portal(t.anonymous(), 'x');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await guesser.get(`/track/AAAA-BBBB-CCCC-${String(2222 + i).replace(/[01]/g, '2')}`)).status);
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('sign-in codes: after ten tries a minute, only 429s', async () => {
    const guesser = new Portal(t.anonymous(), 'x');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await guesser.post('/auth/login', { phone: '13800000055', code: String(100000 + i) })).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
    expect(statuses.slice(-1)).toEqual([429]);
  });
});
