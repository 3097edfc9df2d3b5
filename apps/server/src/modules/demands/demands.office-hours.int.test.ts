// Deadlines in office hours (issue 15 item 3): hour-based deadlines count the owning org's office hours on working
// days, emergencies run round the clock, and a deadline counted through a year without a holiday schedule is
// provisional until that year is loaded. The clock of the process is pinned (Date only) where a weekday matters.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '@jinguo/contracts';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let A: number, B: number, TOWN: number;

/** An instant given as China time, `2026-11-27 17:45`. */
const cn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** Pins the process clock (Date only: timers and the database run on) at an instant, moving on from there. */
const pinClock = (at: Date) => vi.useFakeTimers({ toFake: ['Date'], now: at, shouldAdvanceTime: true });

const demand = (orgId: number, over: Record<string, unknown> = {}) => ({
  orgId,
  source: 'hotline_12338',
  category: 'legal_advice',
  urgency: 'ordinary',
  title: '咨询离婚财产分割',
  description: '来电咨询婚后房产如何分割',
  ...over,
});
const signedOnTime = (d: { events: { action: string; data: { counted?: string[] } }[] }) =>
  d.events.find((e) => e.action === 'sign')?.data.counted?.includes('demands.signed_on_time');

beforeAll(async () => {
  t = await startTestPlatform();
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  TOWN = await t.org('500154001');
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t?.close());

describe('the 2-hour sign-for in office hours', () => {
  it('a demand received Friday evening is not late on Saturday: it is due Monday 11:00', async () => {
    // Saturday 28 November 2026, 10:00 China time; the demand came in on Friday at 17:45, after closing
    pinClock(cn('2026-11-28 10:00'));
    const village = await t.login('village.a');
    const r = await village.post('/api/v1/demands', demand(A, { receivedAt: cn('2026-11-27 17:45').toISOString() }));
    expect(r.status).toBe(201);
    expect(r.body.signDueAt).toBe(cn('2026-11-30 11:00').toISOString());
    expect(r.body.signOverdue).toBe(false);
    expect(r.body.deadlinesProvisional).toBe(false);
    // a clock-hours count would have made it late at 19:45 on Friday
    expect(new Date(r.body.signDueAt).getTime()).toBeGreaterThan(cn('2026-11-27 19:45').getTime());
    const listed = (await village.get('/api/v1/demands?view=queue')).body.items.find((d: any) => d.id === r.body.id);
    expect(listed).toMatchObject({ signOverdue: false, deadlinesProvisional: false });
    // signed for on Saturday morning: counted in time (及时签收)
    const signed = await village.post(`/api/v1/demands/${r.body.id}/transitions`, { action: 'sign' });
    expect(signed.status).toBe(200);
    expect(signedOnTime(signed.body)).toBe(true);
  });

  it('an org keeps its own office hours, inherited below it; others cannot set them, bad hours are refused', async () => {
    pinClock(cn('2026-11-28 10:00'));
    const [town, villageA, villageB] = (await Promise.all(
      ['hanfeng.cadre', 'village.a', 'village.b'].map((u) => t.login(u)),
    )) as [Client, Client, Client];
    const hours = [
      { from: '08:30', to: '12:00' },
      { from: '13:30', to: '18:00' },
    ];
    const set = await town.patch(`/api/v1/organizations/${TOWN}`, { officeHours: hours });
    expect(set.status).toBe(200);
    expect(set.body.officeHours).toEqual(hours);
    const seenBelow = (await villageA!.get(`/api/v1/organizations/${A}`)).body;
    expect(seenBelow.officeHours).toBeNull();
    expect(seenBelow.inheritedOfficeHours).toEqual({ hours, from: expect.objectContaining({ id: TOWN }) });
    // Friday 17:45 with hours until 18:00: a quarter of an hour on Friday, an hour and three quarters from 08:30 Monday
    const r = await villageA!.post('/api/v1/demands', demand(A, { receivedAt: cn('2026-11-27 17:45').toISOString() }));
    expect(r.body.signDueAt).toBe(cn('2026-11-30 10:15').toISOString());
    expect(r.body.deadlineClock).toEqual({ kind: 'office_hours', hours });
    const audit = await t.sql<{ after: { officeHours: unknown } }>(
      `select after from audit_events where action = 'org.update' and target_id = $1 order by id desc limit 1`,
      [String(TOWN)],
    );
    expect(audit[0]!.after.officeHours).toEqual(hours);

    expect((await villageB!.patch(`/api/v1/organizations/${A}`, { officeHours: hours })).status).toBe(404);
    const backwards = await villageA!.patch(`/api/v1/organizations/${A}`, {
      officeHours: [{ from: '14:00', to: '09:00' }],
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.field).toBe('officeHours.0.to');
    expect(backwards.body.message['zh-CN']).toContain('结束时间须晚于开始时间');
    const overlapping = await villageA!.patch(`/api/v1/organizations/${A}`, {
      officeHours: [
        { from: '09:00', to: '12:00' },
        { from: '11:00', to: '17:00' },
      ],
    });
    expect(overlapping.body.field).toBe('officeHours.1.from');
    expect(
      (await villageA!.patch(`/api/v1/organizations/${A}`, { officeHours: [{ from: '9:00', to: '12:00' }] })).body
        .field,
    ).toBe('officeHours.0.from');
    expect((await villageA!.get(`/api/v1/organizations/${A}`)).body.officeHours).toBeNull();
    // back to the default for the rest of the file
    expect((await town.patch(`/api/v1/organizations/${TOWN}`, { officeHours: null })).body.officeHours).toBeNull();
    expect((await villageA!.get(`/api/v1/organizations/${A}`)).body.inheritedOfficeHours).toEqual({
      hours: DEFAULT_OFFICE_HOURS,
      from: null,
    });
  });

  it('a round-the-clock category still counts 2 clock hours, and only the top org marks one', async () => {
    const [city, village] = await Promise.all(['city.cadre', 'village.a'].map((u) => t.login(u)));
    const refused = await village!.patch('/api/v1/demands/categories/rights', { roundTheClock: true });
    expect(refused.status).toBe(403);
    expect(refused.body.field).toBe('roundTheClock');
    expect((await city!.patch('/api/v1/demands/categories/rights', { roundTheClock: 'yes' })).body.field).toBe(
      'roundTheClock',
    );
    const unknown = await city!.patch('/api/v1/demands/categories/astrology', { roundTheClock: true });
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([400, 'CATEGORY_UNKNOWN', 'code']);
    const marked = await city!.patch('/api/v1/demands/categories/rights', { roundTheClock: true });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ code: 'rights', roundTheClock: true });
    const created = await city!.post('/api/v1/demands/categories', {
      code: 'life_danger',
      nameZh: '人身安全紧急求助',
      nameEn: 'Life in danger',
      roundTheClock: true,
    });
    expect(created.body).toMatchObject({ code: 'life_danger', roundTheClock: true });
    expect(
      (await t.sql(`select 1 from audit_events where action = 'demand.category.update' and target_id = 'rights'`))
        .length,
    ).toBe(1);

    pinClock(cn('2026-11-28 10:00'));
    const v = await t.login('village.a');
    const friday = cn('2026-11-27 17:45').toISOString();
    const r = await v.post('/api/v1/demands', demand(A, { category: 'rights', urgency: 'urgent', receivedAt: friday }));
    expect(r.body.signDueAt).toBe(cn('2026-11-27 19:45').toISOString());
    expect(r.body.feedbackDueAt).toBe(cn('2026-11-28 17:45').toISOString()); // 24 clock hours
    expect(r.body.deadlineClock).toEqual({ kind: 'round_the_clock' });
    expect(r.body.signOverdue).toBe(true);
    const signed = await v.post(`/api/v1/demands/${r.body.id}/transitions`, { action: 'sign' });
    expect(signedOnTime(signed.body)).toBe(false);
    // an ordinary category at the same moment has until Monday
    const ordinary = await v.post('/api/v1/demands', demand(A, { urgency: 'urgent', receivedAt: friday }));
    expect(ordinary.body.signDueAt).toBe(cn('2026-11-30 11:00').toISOString());
  });
});

describe('provisional deadlines in a year without a holiday schedule', () => {
  it('marks them provisional, refuses a schedule lacking statutory holidays, and counts them again on loading', async () => {
    // the first year the platform has no schedule for (2027 while 2020–2026 ship), on its first Monday from the 4th
    const year = [...Array(100).keys()].map((k) => 2020 + k).find((y) => !t.platform.calendar.coversYear(y))!;
    const monday = 4 + ((8 - new Date(Date.UTC(year, 0, 4)).getUTCDay()) % 7);
    const now = cn(`${year}-01-${String(monday).padStart(2, '0')} 10:00`);
    pinClock(now);
    const [village, admin, town, villageB] = await Promise.all(
      ['village.a', 'admin', 'hanfeng.cadre', 'village.b'].map((u) => t.login(u)),
    );
    // PostgreSQL's clock is not pinned: the sessions' last activity is put on the pinned clock, or they would idle out
    await t.sql('update sessions set last_seen_at = $1', [new Date()]);
    const r = await village!.post('/api/v1/demands', demand(A, { receivedAt: now.toISOString() }));
    expect(r.status).toBe(201);
    expect(r.body.deadlinesProvisional).toBe(true);
    const before = r.body.feedbackDueAt as string;
    expect(before).toBe(t.platform.calendar.deadline(now, { amount: 7, unit: 'workdays' }).toISOString());
    expect(
      (await village!.get('/api/v1/demands?view=queue')).body.items.find((d: any) => d.id === r.body.id)
        .deadlinesProvisional,
    ).toBe(true);
    // round the clock: nothing of the calendar is counted, nothing is provisional
    const emergency = await village!.post('/api/v1/demands', demand(A, { urgency: 'emergency' }));
    expect(emergency.body.deadlinesProvisional).toBe(false);
    // a demand of 永兴社区 (a sibling) that is provisional too: counted again as well, unseen by 驷马社区
    const other = await villageB!.post('/api/v1/demands', demand(B));
    expect(other.body.deadlinesProvisional).toBe(true);
    expect((await village!.get(`/api/v1/demands/${other.body.id}`)).status).toBe(404);

    // the notice puts the Spring Festival on Tuesday to Saturday of the demand's week: four working days fewer
    const days = (from: number, n: number, name: string) =>
      Array.from({ length: n }, (_, k) => ({ date: `${year}-01-${String(from + k).padStart(2, '0')}`, name }));
    const schedule = {
      year,
      source: '测试：国务院办公厅关于部分节假日安排的通知',
      holidays: [
        { date: `${year}-01-01`, name: '元旦' },
        ...days(monday + 1, 5, '春节'),
        { date: `${year}-04-05`, name: '清明节' },
        { date: `${year}-05-01`, name: '劳动节' },
        { date: `${year}-06-09`, name: '端午节' },
        { date: `${year}-09-15`, name: '中秋节' },
        { date: `${year}-10-01`, name: '国庆节' },
      ],
      workdays: [],
    };
    // a sweep before the year is loaded counts them again to no effect: nothing written, no event
    expect((await t.platform.modules.demands.sweepNow(now)).recomputed).toBe(0);
    expect(
      (await village!.get(`/api/v1/demands/${r.body.id}`)).body.events.map((e: { action: string }) => e.action),
    ).toEqual(['create']);

    const lacking = await admin!.request('PUT', `/api/v1/calendar/years/${year}`, {
      ...schedule,
      holidays: schedule.holidays.filter((h) => h.name !== '清明节' && h.name !== '端午节'),
    });
    expect(lacking.status).toBe(400);
    expect(lacking.body).toMatchObject({ code: 'CALENDAR_INVALID', field: 'holidays' });
    expect(lacking.body.message['zh-CN']).toContain('清明节、端午节');
    expect(lacking.body.message['en-US']).toContain('Qingming Festival (清明节), Dragon Boat Festival (端午节)');
    expect(t.platform.calendar.coversYear(year)).toBe(false);
    expect((await village!.get(`/api/v1/demands/${r.body.id}`)).body.deadlinesProvisional).toBe(true);

    const loaded = await admin!.request('PUT', `/api/v1/calendar/years/${year}`, schedule);
    expect(loaded.status).toBe(200);
    const after = (await village!.get(`/api/v1/demands/${r.body.id}`)).body;
    expect(after.deadlinesProvisional).toBe(false);
    expect(after.feedbackDueAt).toBe(t.platform.calendar.deadline(now, { amount: 7, unit: 'workdays' }).toISOString());
    // seven working days from Monday: the Wednesday a week later; with Tuesday to Friday off, the Tuesday after that
    expect(new Date(after.feedbackDueAt).getTime() - new Date(before).getTime()).toBe(6 * 86_400_000);
    // the sign-for deadline (10:00–12:00 that Monday) was not touched by the holidays
    expect(after.signDueAt).toBe(cn(`${year}-01-${String(monday).padStart(2, '0')} 12:00`).toISOString());
    const recomputed = after.events.find((e: any) => e.action === 'recompute_deadlines');
    expect(recomputed.data).toMatchObject({ before: { feedbackDueAt: before }, provisional: false });
    expect(recomputed.actorName).toBe('system:demands-sweeper');
    expect((await town!.get(`/api/v1/demands/${other.body.id}`)).body.deadlinesProvisional).toBe(false);
    // nothing left for a later sweep to count again
    expect((await t.platform.modules.demands.sweepNow(now)).recomputed).toBe(0);
    expect(
      (
        await t.sql(`select id from demands where deadlines_provisional and state = 'received' and id = any($1)`, [
          [r.body.id, other.body.id],
        ])
      ).length,
    ).toBe(0);
  });
});
