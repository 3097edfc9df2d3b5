import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, person, signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { rebuildCounters } from '../../platform/stats/index.js';
import { addDays, chinaToday } from '../../platform/time.js';

// 微心愿 claims with a deadline, over a bare platform whose clock the test moves forward: the terms of a claim (the
// wish's days, an earlier day the donor chooses, bad days naming the field), and the job that reminds donors once and
// publishes again the wishes whose claim lapsed unfulfilled — never a fulfilled one, never twice.

const START = chinaToday();
let today = START;
let t: TestPlatform;
let city: Client, village: Client, other: Client, member: Client;
let ids: Record<string, number>;
let child: number;

beforeAll(async () => {
  t = await startTestPlatform({ demo: false, today: () => today });
  ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['district', '500101', '50', '万州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
  ]);
  [city, village, other, member] = await Promise.all([
    signedIn(t, { username: 'city.cadre', orgId: ids['50']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a', orgId: ids['500154001001']!, roles: ['cadre'] }),
    signedIn(t, { username: 'wanzhou.cadre', orgId: ids['500101']!, roles: ['cadre'] }),
    signedIn(t, { username: 'village.member', orgId: ids['500154001001']!, roles: ['executive_member'] }),
  ]);
  child = await person(village, {
    orgId: ids['500154001001']!,
    name: '冉小雨',
    gender: 'female',
    birthDate: '2015-03-03',
    tags: ['left_behind_child'],
  });
});
afterAll(() => t?.close());

const W = '/api/v1/care-programs/wishes';
const sweep = () => t.platform.modules['care-programs'].wishClaimsNow();

/** A wish of the child, published by the village federation; `claimDays` set by the cadre when given. */
async function published(title: string, claimDays?: number): Promise<number> {
  const w = await village.post(W, {
    personId: child,
    title,
    description: '孩子的小心愿',
    amount: 100,
    ...(claimDays ? { claimDays } : {}),
  });
  expect(w.status, JSON.stringify(w.body)).toBe(201);
  expect((await village.post(`${W}/${w.body.id}/review`, { action: 'publish' })).status).toBe(200);
  return Number(w.body.id);
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
  async signIn(phone: string, nickname: string) {
    await this.req('POST', '/auth/code', { phone });
    const r = await this.req('POST', '/auth/login', {
      phone,
      code: await lastCode(`${phone.slice(0, 3)}****${phone.slice(7)}`),
    });
    expect(r.status).toBe(200);
    await this.req('PATCH', '/me', { nickname });
    return this;
  }
}
async function lastCode(masked: string): Promise<string> {
  // what her phone received: the development channel's log (the admin's outbox page blanks the code)
  const m = /验证码是 (\d{6})/.exec(t.smsTo(masked) ?? '');
  if (!m) throw new Error(`no code was sent to ${masked}`);
  return m[1]!;
}
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
async function proof(c: Client, wishId: number) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url: `${W}/${wishId}/proofs?name=${encodeURIComponent('送达照片.png')}`,
    headers: {
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': c.cookies.get('jinguo_csrf') ?? '',
      'content-type': 'image/png',
    },
    payload: PNG,
  });
  expect(res.statusCode, res.body).toBe(201);
}
const wishRow = async (id: number) =>
  (
    await t.sql<{ state: string; claim_deadline: string | null; donor_name: string | null }>(
      `select state, claim_deadline::text, donor_name from care_wishes where id = $1`,
      [id],
    )
  )[0]!;
const proofsOf = async (id: number) =>
  (
    await t.sql<{ n: number }>(
      `select count(*)::int as n from stored_files where owner_type = 'care_wish' and owner_id = $1`,
      [id],
    )
  )[0]!.n;
const notices = (kind: string, id: number) =>
  t.sql<{ recipient_kind: string; recipient_id: number; title_zh: string }>(
    `select recipient_kind, recipient_id, title_zh from notifications where kind = $1 and target_id = $2 order by id`,
    [kind, id],
  );
const lapsedCounter = async () =>
  (
    await t.sql<{ n: number }>(
      `select coalesce(sum(value), 0)::int as n from stat_counters where node_id = $1 and metric = 'care.wish_claims_lapsed' and grain = 'd'`,
      [ids['50']],
    )
  )[0]!.n;

describe('the terms of a claim', () => {
  it('bad days name the field, out-of-subtree wishes are not found, and nothing is written', async () => {
    const id = await published('一本字典');
    const url = `${W}/${id}`;
    const bad = async (c: Client, method: 'post' | 'patch', path: string, body: unknown, status: number, f: string) => {
      const r = await c[method](`${url}${path}`, body);
      expect([path, r.status, r.body.field], JSON.stringify(r.body)).toEqual([path, status, f]);
      expect(r.body.detail ?? r.body.title).toBeTruthy();
    };
    await bad(village, 'post', '/claim', { deadline: addDays(today, -1) }, 400, 'deadline');
    await bad(village, 'post', '/claim', { deadline: addDays(today, 15) }, 400, 'deadline');
    await bad(village, 'post', '/claim', { deadline: '2026-02-30' }, 400, 'deadline');
    await bad(village, 'post', '/claim', { deadline: 'next week' }, 400, 'deadline');
    await bad(village, 'patch', '', { claimDays: 0 }, 400, 'claimDays');
    await bad(village, 'patch', '', { claimDays: 61 }, 400, 'claimDays');
    await bad(village, 'patch', '', { claimDays: 2.5 }, 400, 'claimDays');
    // the claim period is set by whoever manages care programs, within her subtree only
    expect((await member.patch(url, { claimDays: 7 })).status).toBe(403);
    const memberSets = await member.post(W, {
      personId: child,
      title: '一盒彩笔',
      description: '画画',
      amount: 30,
      claimDays: 7,
    });
    expect([memberSets.status, memberSets.body.field]).toEqual([403, 'claimDays']);
    await bad(other, 'patch', '', { claimDays: 7 }, 404, 'wishId');
    await bad(other, 'post', '/claim', { deadline: today }, 404, 'wishId');
    // a resident's claim: the same rules
    const donor = await new Resident().signIn('13800000051', '王阿姨');
    for (const deadline of [addDays(today, -1), addDays(today, 15), 'soon']) {
      const r = await donor.req('POST', `/care-programs/wishes/${id}/claim`, { deadline });
      expect([deadline, r.status, r.body.field]).toEqual([deadline, 400, 'deadline']);
    }
    const stray = await donor.req('POST', `/care-programs/wishes/${id}/claim`, { deadline: today, amount: 1 });
    expect(stray.status).toBe(400);
    expect(await wishRow(id)).toEqual({ state: 'published', claim_deadline: null, donor_name: null });
    expect(
      (await t.sql<{ n: number }>(`select count(*)::int as n from care_wishes where title = '一盒彩笔'`))[0]!.n,
    ).toBe(0);
    // the cadre gives this wish's donors a week; a claim then reaches a week at most, an earlier day if she says so
    const set = await village.patch(url, { claimDays: 7 });
    expect(set.body).toMatchObject({ claimDays: 7, claimDeadline: null, daysLeft: null });
    await bad(village, 'post', '/claim', { deadline: addDays(today, 8) }, 400, 'deadline');
    const r = await donor.req('POST', `/care-programs/wishes/${id}/claim`, { deadline: addDays(today, 5) });
    expect(r.body).toMatchObject({ id, state: 'claimed', deadline: addDays(today, 5), daysLeft: 5 });
    const staff = (await city.get(url)).body;
    expect(staff).toMatchObject({ claimDays: 7, claimDeadline: addDays(today, 5), daysLeft: 5, pastClaims: [] });
    expect((await other.get(url)).status).toBe(404);
    // changing the days later is for the next claim: this one keeps its deadline
    expect((await village.patch(url, { claimDays: 30 })).body).toMatchObject({
      claimDays: 30,
      claimDeadline: addDays(today, 5),
    });
    const audit = await t.sql<{ action: string }>(
      `select action from audit_events where target_type = 'care_wish' and target_id = $1 order by id`,
      [String(id)],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'care.wishes.create',
      'care.wishes.publish',
      'care.wishes.settings',
      'care.wishes.claim',
      'care.wishes.settings',
    ]);
    // given up: the claim joins the wish's history
    expect((await donor.req('POST', `/care-programs/wishes/${id}/release`)).status).toBe(200);
    const after = (await village.get(url)).body;
    expect(after).toMatchObject({ state: 'published', donor: null, claimDeadline: null, daysLeft: null });
    expect(after.pastClaims).toEqual([
      expect.objectContaining({
        donor: { kind: 'resident', name: '王阿姨', phone: '138****0051' },
        deadline: addDays(today, 5),
        outcome: 'released',
      }),
    ]);
    expect((await other.get(url)).status).toBe(404);
  });

  it('without a day chosen, a claim runs the wish’s days (14 unless set)', async () => {
    const id = await published('一个书包');
    const claimed = await member.post(`${W}/${id}/claim`, {});
    expect(claimed.body).toMatchObject({
      state: 'claimed',
      claimDays: 14,
      claimDeadline: addDays(today, 14),
      daysLeft: 14,
    });
    const firm = await published('一件校服', 10);
    const outside = await village.post(`${W}/${firm}/claim`, { donorName: '开州爱心企业', deadline: today });
    expect(outside.body).toMatchObject({ claimDays: 10, claimDeadline: today, daysLeft: 0 });
    await village.post(`${W}/${firm}/release`);
    await village.post(`${W}/${id}/release`);
  });
});

describe('the claims job', () => {
  it('reminds once, republishes a lapsed claim after its last day, and never touches a fulfilled one', async () => {
    today = START;
    const donor = await new Resident().signIn('13800000061', '李阿姨');
    const shoes = await published('一双运动鞋');
    const lamp = await published('一个台灯');
    const coat = await published('一件羽绒服');
    // a resident claims the shoes (14 days), the member the lamp (until day 5), the cadre records an outside donor
    expect((await donor.req('POST', `/care-programs/wishes/${shoes}/claim`)).body).toMatchObject({
      deadline: addDays(START, 14),
      daysLeft: 14,
    });
    const residentId = Number(
      (await t.sql<{ id: number }>(`select donor_resident_id as id from care_wishes where id = $1`, [shoes]))[0]!.id,
    );
    expect((await member.post(`${W}/${lamp}/claim`, { deadline: addDays(START, 5) })).status).toBe(200);
    expect((await village.post(`${W}/${coat}/claim`, { donorName: '开州爱心企业' })).status).toBe(200);
    await proof(village, shoes);
    await proof(member, lamp);
    await proof(village, coat);
    // the day of the claim: nothing is due
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 0 });

    // day 2: the lamp's reminder (three days before day 5), once however many runs
    today = addDays(START, 2);
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 1 });
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 0 });
    const lampUser = (await t.sql<{ id: number }>(`select id from users where username = 'village.member'`))[0]!.id;
    expect(await notices('care.wish.claim_reminder', lamp)).toEqual([
      {
        recipient_kind: 'user',
        recipient_id: lampUser,
        title_zh: `您认领的心愿「一个台灯」3 天后到期（${addDays(START, 5)}）`,
      },
    ]);

    // the lamp is fulfilled on its last day; the shoes and the coat are not, and day 5 itself lapses nothing
    today = addDays(START, 5);
    const done = await member.post(`${W}/${lamp}/fulfil`, { fulfilledOn: today, note: '台灯已送到家中' });
    expect(done.body.state, JSON.stringify(done.body)).toBe('fulfilled');
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 0 });

    // day 11: the shoes' and the coat's reminders (the coat's outside donor: the cadres are told, who reach her)
    today = addDays(START, 11);
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 2 });
    expect((await notices('care.wish.claim_reminder', shoes)).map((n) => n.recipient_kind)).toEqual(['resident']);
    expect(Number((await notices('care.wish.claim_reminder', shoes))[0]!.recipient_id)).toBe(residentId);
    const coatReminder = await notices('care.wish.claim_reminder', coat);
    expect(coatReminder.length).toBeGreaterThan(0);
    expect(coatReminder.every((n) => n.recipient_kind === 'user')).toBe(true);
    expect(coatReminder[0]!.title_zh).toContain('开州爱心企业认领的心愿「一件羽绒服」3 天后到期');
    const mine = (await donor.req('GET', '/care-programs/wishes/claimed')).body.items;
    expect(mine.find((x: { id: number }) => x.id === shoes)).toMatchObject({
      deadline: addDays(START, 14),
      daysLeft: 3,
    });

    // day 14, the last day: still hers
    today = addDays(START, 14);
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 0 });
    expect((await wishRow(shoes)).state).toBe('claimed');

    // day 15: two claims lapse — both runs at once, each wish republished once
    today = addDays(START, 15);
    const lapsedBefore = await lapsedCounter();
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.lapsed + b.lapsed).toBe(2);
    expect(await sweep()).toEqual({ lapsed: 0, reminded: 0 });
    expect(await lapsedCounter()).toBe(lapsedBefore + 2);
    for (const id of [shoes, coat]) {
      expect(await wishRow(id)).toEqual({ state: 'published', claim_deadline: null, donor_name: null });
      expect(await proofsOf(id)).toBe(0);
    }
    // the fulfilled lamp is as it was, with its proof
    expect(await wishRow(lamp)).toMatchObject({ state: 'fulfilled', claim_deadline: addDays(START, 5) });
    expect(await proofsOf(lamp)).toBe(1);
    expect((await t.sql(`select id from care_wish_claims where wish_id = $1`, [lamp])).length).toBe(0);
    // the wish's history, on the staff page
    const page = (await village.get(`${W}/${shoes}`)).body;
    expect(page).toMatchObject({ state: 'published', donor: null, proofs: [], daysLeft: null });
    expect(page.pastClaims).toEqual([
      expect.objectContaining({
        donor: { kind: 'resident', name: '李阿姨', phone: '138****0061' },
        deadline: addDays(START, 14),
        outcome: 'expired',
        endedBy: 'system:care-programs.wish-claims',
      }),
    ]);
    expect((await other.get(`${W}/${shoes}`)).status).toBe(404);
    // told: the donor (and by SMS), the cadres of the wish's org
    const told = await notices('care.wish.claim_lapsed', shoes);
    expect(told.filter((n) => n.recipient_kind === 'resident')).toEqual([
      {
        recipient_kind: 'resident',
        recipient_id: residentId,
        title_zh: '您认领的心愿「一双运动鞋」已过期限，已重新发布',
      },
    ]);
    const villageUser = (await t.sql<{ id: number }>(`select id from users where username = 'village.a'`))[0]!.id;
    expect(told.some((n) => n.recipient_kind === 'user' && Number(n.recipient_id) === Number(villageUser))).toBe(true);
    const coatTold = await notices('care.wish.claim_lapsed', coat);
    expect(coatTold.every((n) => n.recipient_kind === 'user')).toBe(true);
    expect(coatTold.length).toBeGreaterThan(0);
    // audited as the job, once a wish
    const audit = await t.sql<{ target_id: string; actor_name: string }>(
      `select target_id, actor_name from audit_events where action = 'care.wishes.claim_lapsed' order by id`,
    );
    expect(audit.map((r) => [Number(r.target_id), r.actor_name]).sort()).toEqual(
      [
        [shoes, 'system:care-programs.wish-claims'],
        [coat, 'system:care-programs.wish-claims'],
      ].sort(),
    );
    // her list no longer holds it; it is on the wall for the next donor, who gets a fresh window
    const claims = (await donor.req('GET', '/care-programs/wishes/claimed')).body.items;
    expect(claims.map((x: { id: number }) => x.id)).not.toContain(shoes);
    const wall = (await donor.req('GET', '/care-programs/wishes')).body.items;
    expect(wall.find((x: { id: number }) => x.id === shoes)).toMatchObject({ state: 'published' });
    const next = await member.post(`${W}/${shoes}/claim`, {});
    expect(next.body).toMatchObject({ state: 'claimed', claimDeadline: addDays(today, 14), daysLeft: 14 });
    // the live figure is what a rebuild from the history finds
    const live = await t.sql<{ metric: string; day: string; value: number }>(
      `select metric, day::text, value::int from stat_counters where metric = 'care.wish_claims_lapsed' and grain = 'd' order by node_id, day`,
    );
    await rebuildCounters(t.platform.handle, t.platform.extensions.statistics, ['care-programs.kindness']);
    const rebuilt = await t.sql<{ metric: string; day: string; value: number }>(
      `select metric, day::text, value::int from stat_counters where metric = 'care.wish_claims_lapsed' and grain = 'd' order by node_id, day`,
    );
    expect(rebuilt).toEqual(live);
    expect(live.length).toBeGreaterThan(0);
    today = START;
  });

  it('runs as a periodic job registered with the platform runner', async () => {
    await t.platform.jobs.ready();
    const rows = await t.sql<{ name: string }>(
      `select name from pgboss.queue where name = 'care-programs.wish-claims'`,
    );
    expect(rows).toHaveLength(1);
  });
});
