// Activities: planning for a subtree or a space, the state machine, registration and QR check-in on the portal (signed,
// expiring, activity-bound tokens), capacity, idempotent check-in, attendance linked to registry persons and their
// timeline, live counters against a rebuild, the training record, spaces' figures, attendance Excel, scope and bad
// input.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, person, signedIn } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { rebuildCounters } from '../../platform/stats/index.js';
import { addDays, chinaToday } from '../../platform/time.js';
import { EXTENSIONS } from '../../platform.js';
import { signCheckInToken } from './activities.policy.js';

let t: TestPlatform;
let district: Client, cadreA: Client, cadreB: Client, member: Client;
let DISTRICT: number, A: number, B: number, spaceId: number, personId: number;
let lecture: number;

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const plan = (over: Record<string, unknown> = {}) => ({
  orgId: A,
  kind: 'lecture',
  title: '家庭教育讲座：陪伴孩子度过青春期',
  topic: '青春期亲子沟通',
  audience: '家长',
  spaceId,
  startsAt: inMinutes(30),
  endsAt: inMinutes(120),
  capacity: 3,
  organiser: '驷马社区妇联',
  speakers: ['刘老师'],
  budgetYuan: 800,
  ...over,
});

/** A phone on /h5: its own address and cookies; the portal's CSRF cookie goes back as the header. */
class Phone {
  cookies = new Map<string, string>();
  constructor(readonly ip: string) {}
  async req(method: string, url: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.cookies.get('jinguo_resident_csrf') ?? '';
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await t.platform.http.inject({
      method: method as 'GET',
      url: `/api/v1/portal${url}`,
      headers,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    for (const c of res.cookies) c.value === '' ? this.cookies.delete(c.name) : this.cookies.set(c.name, c.value);
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
  }
}
async function resident(phone: string, ip: string): Promise<Phone> {
  const p = new Phone(ip);
  expect((await p.req('POST', '/auth/code', { phone })).status).toBe(200);
  // what her phone received: the development channel's log (the admin's outbox page blanks the code)
  const code = /验证码是 (\d{6})/.exec(t.smsTo(phone) ?? '')?.[1] ?? '';
  expect((await p.req('POST', '/auth/login', { phone, code })).status).toBe(200);
  expect((await p.req('PATCH', '/me', { nickname: '黄女士' })).status).toBe(200);
  return p;
}
const counts = async (id: number) =>
  (
    await t.sql<{ registered: number; attended: number }>('select registered, attended from activities where id = $1', [
      id,
    ])
  )[0]!;
const attendanceRows = async (id: number) =>
  Number(
    (await t.sql<{ n: number }>('select count(*)::int as n from activity_attendance where activity_id = $1', [id]))[0]!
      .n,
  );
async function upload(c: Client, url: string, body: Buffer) {
  const res = await t.platform.http.inject({
    method: 'POST',
    url,
    payload: body,
    headers: {
      'content-type': 'application/octet-stream',
      cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': c.cookies.get('jinguo_csrf') ?? '',
    },
  });
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return { status: res.statusCode, body: json ? JSON.parse(res.body) : res.rawPayload };
}
async function sheet(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('签到导入');
  ws.addRow(['姓名', '手机号']);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  t = await startTestPlatform({ demo: false });
  const ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
    ['village', '500154001002', '500154001', '安康社区'],
  ]);
  [DISTRICT, A, B] = [ids['500154']!, ids['500154001001']!, ids['500154001002']!];
  [district, cadreA, cadreB, member] = await Promise.all([
    signedIn(t, { username: 'kz.cadre', orgId: DISTRICT, roles: ['cadre'] }),
    signedIn(t, { username: 'sima.cadre', orgId: A, roles: ['cadre'] }),
    signedIn(t, { username: 'ankang.cadre', orgId: B, roles: ['cadre'] }),
    signedIn(t, { username: 'sima.member', orgId: A, roles: ['executive_member'] }),
  ]);
  spaceId = (
    await cadreA.post(`/api/v1/organizations/${A}/spaces`, {
      type: 'parents_school',
      name: '驷马社区家长学校',
      openingHours: '周一至周五 9:00-17:00',
    })
  ).body.id;
  personId = await person(cadreA, { orgId: A, name: '黄晓梅', phone: '13900000001' });
});
afterAll(() => t?.close());

describe('planning and scope', () => {
  it('plans a lecture at a space; bad input names the field and writes nothing; other subtrees get 404', async () => {
    const before = Number((await t.sql<{ n: number }>('select count(*)::int as n from activities'))[0]!.n);
    const bad = [
      [{ endsAt: inMinutes(10) }, 'endsAt'],
      [{ spaceId: null, address: null }, 'address'],
      [{ kind: 'party' }, 'kind'],
      [{ capacity: 0 }, 'capacity'],
      [{ speakerPersonIds: [999999] }, 'speakerPersonIds.0'],
    ] as const;
    for (const [over, field] of bad) {
      const r = await cadreA.post('/api/v1/activities', plan(over));
      expect(r.status, field).toBeGreaterThanOrEqual(400);
      expect(r.status, field).toBeLessThan(500);
      expect(JSON.stringify(r.body), field).toContain(field);
    }
    expect((await cadreB.post('/api/v1/activities', plan())).status).toBe(404);
    expect((await cadreB.post('/api/v1/activities', plan({ orgId: B }))).body.field).toBe('spaceId');
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from activities'))[0]!.n)).toBe(before);

    const r = await cadreA.post('/api/v1/activities', plan({ speakerPersonIds: [personId] }));
    expect(r.status).toBe(201);
    lecture = r.body.id;
    expect(r.body).toMatchObject({
      status: 'planned',
      space: { name: '驷马社区家长学校' },
      actions: ['open', 'hold', 'cancel'],
    });
    expect(r.body.speakerPersons).toEqual([{ id: personId, name: '黄晓梅' }]);
    // the district sees it in its list; the other community does not
    expect((await district.get(`/api/v1/activities?orgId=${A}`)).body.items.map((x: { id: number }) => x.id)).toContain(
      lecture,
    );
    expect((await cadreB.get('/api/v1/activities')).body.items).toEqual([]);
    for (const [method, url] of [
      ['GET', `/api/v1/activities/${lecture}`],
      ['PATCH', `/api/v1/activities/${lecture}`],
      ['POST', `/api/v1/activities/${lecture}/open`],
      ['GET', `/api/v1/activities/${lecture}/qr`],
      ['GET', `/api/v1/activities/${lecture}/attendance`],
      ['GET', `/api/v1/activities/${lecture}/registrations`],
      ['GET', `/api/v1/activities/${lecture}/attendance.xlsx`],
      ['GET', `/api/v1/activities/trainings/${personId}`],
      ['GET', `/api/v1/activities/spaces?orgId=${A}`],
      ['GET', `/api/v1/activities/figures?orgId=${A}&from=2026-01-01&to=2026-12-31`],
    ] as const)
      expect((await cadreB.request(method, url, method === 'GET' ? undefined : {})).status, url).toBe(404);
    // an executive member reads but does not plan
    expect((await member.get(`/api/v1/activities/${lecture}`)).status).toBe(200);
    expect((await member.post('/api/v1/activities', plan())).status).toBe(403);
  });
});

describe('registration and check-in', () => {
  let her: Phone;
  let token: string;
  it('residents register on /h5 once each, within capacity; cadres register others', async () => {
    her = await resident('13800000011', '10.1.0.1');
    // not open yet: the portal does not show it
    expect((await her.req('POST', `/activities/${lecture}/registration`, {})).status).toBe(404);
    expect((await cadreA.post(`/api/v1/activities/${lecture}/open`)).body.status).toBe('open');
    expect((await her.req('GET', `/activities/${lecture}`)).body).toMatchObject({
      status: 'open',
      mine: { registered: false },
    });
    // the portal lists it around its village, not around the neighbouring community
    const around = async (v: number) =>
      (await her.req('GET', `/activities?villageId=${v}`)).body.items.map((x: { id: number }) => x.id);
    expect(await around(A)).toContain(lecture);
    expect(await around(B)).not.toContain(lecture);
    expect((await her.req('POST', `/activities/${lecture}/registration`, {})).status).toBe(201);
    const dup = await her.req('POST', `/activities/${lecture}/registration`, {});
    expect([dup.status, dup.body.code, dup.body.field]).toEqual([409, 'ACTIVITY_ALREADY_REGISTERED', 'phone']);
    const badPhone = await cadreA.post(`/api/v1/activities/${lecture}/registrations`, {
      name: '周某',
      phone: '1380000',
    });
    expect([badPhone.status, badPhone.body.field]).toEqual([400, 'phone']);
    expect(
      (await cadreA.post(`/api/v1/activities/${lecture}/registrations`, { name: '李某', phone: '13800000012' })).status,
    ).toBe(201);
    expect(
      (await cadreA.post(`/api/v1/activities/${lecture}/registrations`, { name: '陈某', phone: '13800000013' })).status,
    ).toBe(201);
    const full = await cadreA.post(`/api/v1/activities/${lecture}/registrations`, {
      name: '王某',
      phone: '13800000014',
    });
    expect([full.status, full.body.code, full.body.field]).toEqual([409, 'ACTIVITY_FULL', 'capacity']);
    expect(await counts(lecture)).toEqual({ registered: 3, attended: 0 });
    expect((await her.req('GET', `/activities/${lecture}`)).body.mine).toEqual({ registered: true, checkedIn: false });
  });

  it('the QR code is a real PNG of a signed link; forged, foreign and expired tokens are refused and write nothing', async () => {
    const qr = (await cadreA.get(`/api/v1/activities/${lecture}/qr`)).body;
    expect(qr.image).toMatch(/^data:image\/png;base64,/);
    expect(Buffer.from(qr.image.split(',')[1], 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(qr.url).toContain(`/h5/checkin/${lecture}?t=`);
    token = qr.token;
    const other = (await cadreA.post('/api/v1/activities', plan({ title: '另一场讲座' }))).body.id;
    const foreign = (await cadreA.get(`/api/v1/activities/${other}/qr`)).body.token;
    const [id, exp, sig] = token.split('.');
    const forged = `${id}.${Number(exp) + 3600}.${sig}`;
    const mac = (m: string) => t.platform.crypto.lookupHash(m);
    const expired = signCheckInToken(mac, lecture, new Date(Date.now() - 60_000));
    const walkIn = { name: '路人', phone: '13800000099' };
    for (const bad of [forged, foreign, expired, 'nonsense', `${id}.${exp}.${'x'.repeat(43)}`]) {
      const r = await new Phone('10.1.0.9').req('POST', `/activities/${lecture}/checkin`, { token: bad, ...walkIn });
      expect([r.status, r.body.code, r.body.field], bad).toEqual([400, 'CHECKIN_TOKEN_INVALID', 'token']);
    }
    const malformed = await new Phone('10.1.0.9').req('POST', `/activities/${lecture}/checkin`, {
      token,
      name: '路人',
      phone: '12345',
    });
    expect([malformed.status, malformed.body.field]).toEqual([400, 'phone']);
    const noName = await new Phone('10.1.0.9').req('POST', `/activities/${lecture}/checkin`, {
      token,
      phone: '13800000099',
    });
    expect([noName.status, noName.body.field]).toEqual([400, 'name']);
    expect(await attendanceRows(lecture)).toBe(0);
    expect((await cadreA.get(`/api/v1/activities/${lecture}`)).body.status).toBe('open');
  });

  it('a signed-in resident checks in with one tap, once; the first check-in marks it held; the live list shows it', async () => {
    const first = await her.req('POST', `/activities/${lecture}/checkin`, { token });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: true, name: '黄女士' });
    const again = await her.req('POST', `/activities/${lecture}/checkin`, { token });
    expect(again.body.created).toBe(false);
    const live = (await cadreA.get(`/api/v1/activities/${lecture}/attendance`)).body;
    expect(live).toMatchObject({ status: 'held', registered: 3, attended: 1 });
    expect(live.items[0]).toMatchObject({ name: '黄女士', phone: '138****0011', source: 'resident' });
    const newer = (await cadreA.get(`/api/v1/activities/${lecture}/attendance?afterId=${live.lastId}`)).body;
    expect(newer.items).toEqual([]);
  });

  it('a walk-in is linked to her registry record by phone and the activity shows on her timeline', async () => {
    const r = await new Phone('10.1.0.2').req('POST', `/activities/${lecture}/checkin`, {
      token,
      name: '黄晓梅',
      phone: '13900000001',
    });
    expect(r.body.created).toBe(true);
    const live = (await cadreA.get(`/api/v1/activities/${lecture}/attendance`)).body;
    expect(live.items.find((x: { name: string }) => x.name === '黄晓梅').person).toEqual({
      id: personId,
      name: '黄晓梅',
    });
    const timeline = (await cadreA.get(`/api/v1/people/${personId}/timeline`)).body;
    expect(JSON.stringify(timeline)).toContain('陪伴孩子度过青春期');
    // registered ones always get in; an unregistered walk-in beyond capacity does not
    await cadreA.post(`/api/v1/activities/${lecture}/attendance`, { name: '李某', phone: '13800000012' });
    expect((await counts(lecture)).attended).toBe(3);
    const over = await new Phone('10.1.0.3').req('POST', `/activities/${lecture}/checkin`, {
      token,
      name: '赵某',
      phone: '13800000077',
    });
    expect([over.status, over.body.code, over.body.field]).toEqual([409, 'ACTIVITY_FULL', 'capacity']);
    expect(await attendanceRows(lecture)).toBe(3);
  });

  it('check-in is refused before its window opens and after it closes', async () => {
    const later = (await cadreA.post('/api/v1/activities', plan({ startsAt: inMinutes(180), endsAt: inMinutes(240) })))
      .body.id;
    // a QR code printed for today, then the activity moved to yesterday: the token is genuine, the window is not
    const past = (await cadreA.post('/api/v1/activities', plan())).body.id;
    const printed = (await cadreA.get(`/api/v1/activities/${past}/qr`)).body.token;
    const moved = await cadreA.patch(`/api/v1/activities/${past}`, {
      startsAt: inMinutes(-600),
      endsAt: inMinutes(-300),
    });
    expect(moved.status).toBe(200);
    for (const [id, field] of [
      [later, 'startsAt'],
      [past, 'endsAt'],
    ] as const) {
      const tk = id === past ? printed : (await cadreA.get(`/api/v1/activities/${id}/qr`)).body.token;
      const r = await new Phone('10.1.0.4').req('POST', `/activities/${id}/checkin`, {
        token: tk,
        name: '路人',
        phone: '13800000088',
      });
      expect([r.status, r.body.code, r.body.field]).toEqual([409, 'CHECKIN_CLOSED', field]);
      expect(await attendanceRows(id)).toBe(0);
    }
  });
});

describe('figures, trainings, spaces, Excel', () => {
  it('live counters follow check-ins and the summary, and equal a rebuild from the records', async () => {
    const day = chinaToday();
    const q = `/api/v1/activities/figures?orgId=${DISTRICT}&from=${addDays(day, -1)}&to=${addDays(day, 1)}`;
    const live = (await district.get(q)).body.rows[0].figures;
    expect(live).toMatchObject({
      'activities.held': 1,
      'activities.lectures': 1,
      'activities.attendance': 3,
      'activities.reached': 3,
    });
    const s = await cadreA.post(`/api/v1/activities/${lecture}/summary`, { summary: '家长反响热烈', extraReached: 40 });
    expect(s.body).toMatchObject({ status: 'summarised', reached: 43 });
    const after = (await district.get(q)).body.rows[0].figures;
    expect(after['activities.reached']).toBe(43);
    await rebuildCounters(t.platform.handle, EXTENSIONS.statistics, ['activities']);
    expect((await district.get(q)).body.rows[0].figures).toEqual(after);
    const byChild = (await district.get(`${q}&by=children`)).body.rows;
    expect(byChild.map((r: { org: { name: string } }) => r.org.name)).toEqual(['汉丰街道妇联']);
  });

  it("a training's attendance gives hours; external trainings add to the person's record", async () => {
    const training = (
      await cadreA.post(
        '/api/v1/activities',
        plan({ kind: 'training', title: '领头雁培训', hours: 4, credits: 1, capacity: null }),
      )
    ).body.id;
    const ci = await cadreA.post(`/api/v1/activities/${training}/attendance`, {
      name: '黄晓梅',
      phone: '13900000001',
      personId,
    });
    expect(ci.body.created).toBe(true);
    expect(
      (
        await cadreA.post('/api/v1/activities/trainings', {
          personId,
          title: '市妇联执委履职培训',
          provider: '重庆市妇联',
          heldOn: '2026-03-08',
          hours: 8,
        })
      ).status,
    ).toBe(201);
    const bad = await cadreA.post('/api/v1/activities/trainings', {
      personId,
      title: '培训',
      provider: 'x',
      heldOn: '2026-13-01',
    });
    expect([bad.status, bad.body.field]).toEqual([400, 'heldOn']);
    const sheetView = (await member.get(`/api/v1/activities/trainings/${personId}`)).body;
    expect(sheetView).toMatchObject({ person: { name: '黄晓梅' }, totalHours: 12, totalCredits: 1 });
    expect(sheetView.items.map((i: { source: string }) => i.source).sort()).toEqual(['activity', 'external']);
    // what the other modules ask of activities
    const api = t.platform.modules.activities;
    const { runAsSystem, systemActor } = await import('../../platform/scope.js');
    const [attended, led] = await runAsSystem(t.platform.handle, systemActor('test'), async (s) => [
      await api.attendanceOfPerson(s, personId),
      await api.activitiesLedBy(s, personId),
    ]);
    expect(attended.map((a) => a.kind).sort()).toEqual(['lecture', 'training']);
    expect(led.map((a) => a.activityId)).toEqual([lecture]);
  });

  it('spaces show opening hours and activity counts; an activity held there makes the space active', async () => {
    // the organizations module's coverage counts the active spaces through the published space_activities
    expect((await district.get(`/api/v1/organizations/${DISTRICT}/coverage`)).body.activeSpaces).toBe(1);
    expect((await cadreB.get(`/api/v1/organizations/${B}/coverage`)).body.activeSpaces).toBe(0);
    const items = (await cadreA.get(`/api/v1/activities/spaces?orgId=${A}`)).body.items;
    expect(items).toEqual([
      expect.objectContaining({
        name: '驷马社区家长学校',
        openingHours: '周一至周五 9:00-17:00',
        activities: 2,
        active: true,
      }),
    ]);
  });

  it('exports the attendance list; imports a past activity from a sheet with row errors, idempotently', async () => {
    const xlsx = await cadreA.request('GET', `/api/v1/activities/${lecture}/attendance.xlsx`);
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.body, 'binary') as unknown as ArrayBuffer).catch(async () => {
      const raw = await t.platform.http.inject({
        method: 'GET',
        url: `/api/v1/activities/${lecture}/attendance.xlsx`,
        headers: { cookie: [...cadreA.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      await wb.xlsx.load(raw.rawPayload as unknown as ArrayBuffer);
    });
    expect(wb.worksheets[0]!.rowCount).toBe(2 + 3);

    const pastTalk = (
      await cadreA.post(
        '/api/v1/activities',
        plan({
          kind: 'talk',
          title: '宣讲：新时代女性',
          startsAt: inMinutes(-2880),
          endsAt: inMinutes(-2820),
          capacity: null,
        }),
      )
    ).body.id;
    const file = await sheet([
      ['张一', '13700000001'],
      ['张二', '1370000'],
      ['', '13700000003'],
      ['张四', '13700000001'],
      ['黄晓梅', '13900000001'],
    ]);
    const preview = await upload(cadreA, `/api/v1/activities/${pastTalk}/attendance/import?dryRun=true`, file);
    expect(preview.body).toMatchObject({ dryRun: true, rows: 5, valid: 2, imported: 0 });
    expect(preview.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual([
      '3:phone',
      '4:name',
      '5:phone',
    ]);
    expect(await attendanceRows(pastTalk)).toBe(0);
    const errs = await upload(cadreA, '/api/v1/activities/attendance/errors.xlsx', file);
    const ew = new ExcelJS.Workbook();
    await ew.xlsx.load(errs.body as unknown as ArrayBuffer);
    expect(String(ew.worksheets[0]!.getRow(3).getCell(3).value)).toContain('手机号');
    const done = await upload(cadreA, `/api/v1/activities/${pastTalk}/attendance/import?dryRun=false`, file);
    expect(done.body).toMatchObject({ imported: 2, duplicates: 0 });
    expect((await cadreA.get(`/api/v1/activities/${pastTalk}`)).body).toMatchObject({ status: 'held', attended: 2 });
    expect(
      (await upload(cadreA, `/api/v1/activities/${pastTalk}/attendance/import?dryRun=false`, file)).body,
    ).toMatchObject({ imported: 0, duplicates: 2 });
    const notSheet = await upload(
      cadreA,
      `/api/v1/activities/${pastTalk}/attendance/import?dryRun=true`,
      Buffer.from('hello'),
    );
    expect([notSheet.status, notSheet.body.field]).toEqual([400, 'file']);
    expect((await upload(cadreB, `/api/v1/activities/${pastTalk}/attendance/import?dryRun=false`, file)).status).toBe(
      404,
    );
  });

  it('cancels only before it is held, with a reason', async () => {
    const p = (await cadreA.post('/api/v1/activities', plan({ title: '取消的讲座' }))).body.id;
    expect((await cadreA.post(`/api/v1/activities/${p}/cancel`, {})).body.field).toBe('reason');
    expect((await cadreA.post(`/api/v1/activities/${p}/cancel`, { reason: '暴雨' })).body.status).toBe('cancelled');
    const again = await cadreA.post(`/api/v1/activities/${lecture}/cancel`, { reason: 'x' });
    expect([again.status, again.body.code]).toEqual([409, 'ACTIVITY_INVALID_TRANSITION']);
  });
});

describe('volunteer services book hours', () => {
  it("the summary books each attending volunteer's hours once; non-volunteers and a second summary book nothing", async () => {
    const v = await cadreA.post('/api/v1/volunteers', { orgId: A, personId, joinedOn: chinaToday() });
    expect(v.status).toBe(201);
    const other = await person(cadreA, { orgId: A, name: '周敏', phone: '13900000031' });
    const service = (
      await cadreA.post(
        '/api/v1/activities',
        plan({ kind: 'volunteer_service', title: '巾帼志愿者关爱空巢老人', spaceId: null, address: '驷马社区养老院' }),
      )
    ).body.id;
    for (const [name, phone, pid] of [
      ['黄晓梅', '13900000001', personId],
      ['周敏', '13900000031', other],
      ['过路人', '13900000032', null],
    ] as const)
      expect(
        (await cadreA.post(`/api/v1/activities/${service}/attendance`, { name, phone, personId: pid })).status,
      ).toBe(200);
    const hoursOf = async () => (await cadreA.get(`/api/v1/volunteers/${v.body.id}`)).body.hoursTotal;
    expect(await hoursOf()).toBe(0); // held, not yet summarised
    const s = await cadreA.post(`/api/v1/activities/${service}/summary`, { summary: '陪伴老人', extraReached: 0 });
    expect(s.body.status).toBe('summarised');
    expect(await hoursOf()).toBe(1.5); // its 90 minutes
    const ledger = await t.sql<{ source: string; minutes: number; org_id: number }>(
      'select source, minutes, org_id from volunteer_hours',
    );
    expect(ledger).toEqual([{ source: 'activity', minutes: 90, org_id: A }]);
    await cadreA.post(`/api/v1/activities/${service}/summary`, { summary: '陪伴老人（更正）', extraReached: 2 });
    expect(await hoursOf()).toBe(1.5);
    // a lecture she attended books no hours
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from volunteer_hours'))[0]!.n)).toBe(1);
  });
});
