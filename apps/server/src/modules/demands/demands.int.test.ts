import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '@jinguo/contracts';
import { queryRows } from '../../platform/db/client.js';
import { runScoped } from '../../platform/scope.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, town: Client, volunteer: Client, member: Client, admin: Client, auditor: Client;
let A: number, B: number, TOWN: number, volunteerId: number;

const demand = (over: Record<string, unknown> = {}) => ({
  orgId: A,
  source: 'hotline_12338',
  category: 'legal_advice',
  urgency: 'ordinary',
  title: '咨询离婚财产分割',
  description: '来电咨询婚后房产如何分割',
  sourceRef: '12338-20261129-001',
  ...over,
});
const office = { officeHours: DEFAULT_OFFICE_HOURS };
const act = (c: Client, id: number, body: Record<string, unknown>) => c.post(`/api/v1/demands/${id}/transitions`, body);

beforeAll(async () => {
  t = await startTestPlatform();
  [villageA, villageB, town, volunteer, member, admin, auditor] = (await Promise.all(
    ['village.a', 'village.b', 'hanfeng.cadre', 'village.a.volunteer', 'village.a.member', 'admin', 'auditor'].map(
      (u) => t.login(u),
    ),
  )) as [Client, Client, Client, Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  TOWN = await t.org('500154001');
  volunteerId = Number(
    (await t.sql<{ id: number }>(`select id from users where username = 'village.a.volunteer'`))[0]!.id,
  );
});
afterAll(() => t?.close());

describe('one queue for every source', () => {
  it("takes a hotline call sheet, a walk-in of a registry person and a grid report into the org's queue, with deadlines of its tier", async () => {
    const person = (await villageA.post('/api/v1/people', { orgId: A, name: '刘春梅', phone: '13800001234' })).body;
    const hotline = await villageA.post('/api/v1/demands', demand());
    expect(hotline.status).toBe(201);
    expect(hotline.body.code).toMatch(/^SQ\d{8}-\d{6}$/);
    expect(hotline.body.state).toBe('received');
    expect(hotline.body.sourceRef).toBe('12338-20261129-001');
    const received = new Date(hotline.body.receivedAt);
    // sign for within 2 office hours (the default hours: 驷马社区 and those above it set none)
    expect(hotline.body.signDueAt).toBe(
      t.platform.calendar.deadline(received, { amount: 2, unit: 'hours' }, office).toISOString(),
    );
    expect(hotline.body.deadlinesProvisional).toBe(false);
    expect(hotline.body.deadlineClock).toEqual({ kind: 'office_hours', hours: DEFAULT_OFFICE_HOURS });
    // ordinary: the end of the 7th working day after the China date of receipt
    expect(hotline.body.feedbackDueAt).toBe(
      t.platform.calendar.deadline(received, { amount: 7, unit: 'workdays' }).toISOString(),
    );
    const walkIn = await villageA.post(
      '/api/v1/demands',
      demand({
        source: 'walk_in',
        category: 'hardship_aid',
        urgency: 'urgent',
        title: '家中困难申请帮扶',
        requester: { personId: person.id },
        sourceRef: null,
      }),
    );
    expect(walkIn.body.requester).toMatchObject({
      kind: 'person',
      personId: person.id,
      personName: '刘春梅',
      name: '刘春梅',
    });
    // urgent: 24 office hours
    expect(walkIn.body.feedbackDueAt).toBe(
      t.platform.calendar
        .deadline(new Date(walkIn.body.receivedAt), { amount: 24, unit: 'hours' }, office)
        .toISOString(),
    );
    const grid = await villageA.post(
      '/api/v1/demands',
      demand({
        source: 'grid_report',
        category: 'rights',
        urgency: 'emergency',
        title: '网格员报告疑似家暴',
        requester: { name: '王女士', phone: '13912345678' },
      }),
    );
    expect(grid.body.requester.phone).toBe('139****5678');
    // an emergency (life or property at risk) runs round the clock: 2 clock hours
    expect(new Date(grid.body.feedbackDueAt).getTime() - new Date(grid.body.receivedAt).getTime()).toBe(2 * 3_600_000);
    expect(new Date(grid.body.signDueAt).getTime() - new Date(grid.body.receivedAt).getTime()).toBe(2 * 3_600_000);
    expect(grid.body.deadlineClock).toEqual({ kind: 'round_the_clock' });
    const [row] = await t.sql<{ contact_phone_enc: string }>('select contact_phone_enc from demands where id = $1', [
      grid.body.id,
    ]);
    expect(row!.contact_phone_enc).toMatch(/^v1:/);

    const queue = (await villageA.get('/api/v1/demands?view=queue')).body.items.map((d: any) => d.id);
    expect(queue).toEqual(expect.arrayContaining([hotline.body.id, walkIn.body.id, grid.body.id]));
    // ordered by the deadline that comes first: the emergency leads
    expect(queue.indexOf(grid.body.id)).toBeLessThan(queue.indexOf(hotline.body.id));
    const timeline = (await villageA.get(`/api/v1/people/${person.id}/timeline`)).body.items;
    expect(timeline.some((e: any) => e.source === 'demands' && e.link === `/demands/${walkIn.body.id}`)).toBe(true);
    const [audit] = await t.sql<any>(
      `select actor_name, after from audit_events where action = 'demand.create' and target_id = $1`,
      [String(grid.body.id)],
    );
    expect(audit.actor_name).toBe('village.a');
    expect(JSON.stringify(audit.after)).not.toContain('13912345678');
  });

  it('lets a call sheet entered afterwards count its deadlines from the call, within 30 days back', async () => {
    // a fortnight back holds more than two office hours whatever the holidays
    const at = new Date(Date.now() - 15 * 86_400_000).toISOString();
    const r = await villageA.post('/api/v1/demands', demand({ receivedAt: at }));
    expect(r.body.receivedAt).toBe(at);
    expect(r.body.signDueAt).toBe(
      t.platform.calendar.deadline(new Date(at), { amount: 2, unit: 'hours' }, office).toISOString(),
    );
    expect(r.body.signOverdue).toBe(true);
    expect(
      (await villageA.post('/api/v1/demands', demand({ receivedAt: new Date(Date.now() + 86_400_000).toISOString() })))
        .body.field,
    ).toBe('receivedAt');
    expect(
      (
        await villageA.post(
          '/api/v1/demands',
          demand({ receivedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }),
        )
      ).body.field,
    ).toBe('receivedAt');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = Number((await t.sql<{ n: number }>('select count(*)::int as n from demands'))[0]!.n);
    const unknown = await villageA.post('/api/v1/demands', demand({ category: 'astrology' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('CATEGORY_UNKNOWN');
    expect(unknown.body.field).toBe('category');
    expect((await villageA.post('/api/v1/demands', demand({ source: 'pigeon' }))).body.field).toBe('source');
    expect((await villageA.post('/api/v1/demands', demand({ title: '' }))).body.field).toBe('title');
    expect((await villageA.post('/api/v1/demands', demand({ requester: { phone: '123' } }))).body.field).toBe(
      'requester.phone',
    );
    expect((await villageA.post('/api/v1/demands', demand({ secret: 1 }))).body.field).toBe('secret');
    const outside = await villageA.post('/api/v1/demands', demand({ orgId: B }));
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('ORG_NOT_FOUND');
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from demands'))[0]!.n)).toBe(before);
  });
});

describe('办理: sign, dispatch to a volunteer, she takes the order and replies, the requester rates', () => {
  it('walks the whole route with every transition recorded (who, when, why)', async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ source: 'walk_in', title: '想参加家政培训' }))).body;
    expect(d.allowedActions).toEqual(
      expect.arrayContaining(['sign', 'dispatch', 'accept', 'transfer', 'suggest', 'cancel']),
    );
    expect((await act(villageA, d.id, { action: 'sign', note: '已电话联系' })).body.state).toBe('signed');
    // the volunteer sees nothing before it is dispatched to her
    expect((await volunteer.get(`/api/v1/demands/${d.id}`)).status).toBe(404);
    const dispatched = await act(villageA, d.id, { action: 'dispatch', assigneeUserId: volunteerId });
    expect(dispatched.body.state).toBe('dispatched');
    expect(dispatched.body.assignee.id).toBe(volunteerId);
    const hers = await volunteer.get(`/api/v1/demands/${d.id}`);
    expect(hers.status).toBe(200);
    expect(hers.body.allowedActions).toEqual(['accept', 'decline']);
    const notices = (await volunteer.get('/api/v1/notifications')).body.items;
    expect(notices.some((n: any) => n.kind === 'demand.dispatched' && n.target?.id === d.id)).toBe(true);
    expect((await act(volunteer, d.id, { action: 'accept' })).body.state).toBe('accepted');
    expect((await act(volunteer, d.id, { action: 'transfer', department: '人社局' })).status).toBe(403);
    const replied = await act(volunteer, d.id, { action: 'reply', reply: '已报名下周家政培训班' });
    expect(replied.body.state).toBe('replied');
    expect(replied.body.reply).toBe('已报名下周家政培训班');
    const closed = await act(villageA, d.id, { action: 'rate', rating: 'satisfied', comment: '电话回访：满意' });
    expect(closed.body.state).toBe('closed');
    expect(closed.body.rating).toBe('satisfied');
    expect(closed.body.events.map((e: any) => e.action)).toEqual([
      'create',
      'sign',
      'dispatch',
      'accept',
      'reply',
      'rate',
    ]);
    const sign = closed.body.events[1];
    expect(sign).toMatchObject({
      fromState: 'received',
      toState: 'signed',
      actorName: '驷马社区妇联 王主席',
      note: '已电话联系',
    });
    expect(closed.body.events[3].actorName).toBe('驷马社区 巾帼志愿者');
    const audits = await t.sql<{ action: string }>(
      `select action from audit_events where target_type = 'demand' and target_id = $1 order by id`,
      [String(d.id)],
    );
    expect(audits.map((a) => a.action)).toEqual([
      'demand.create',
      'demand.sign',
      'demand.dispatch',
      'demand.accept',
      'demand.reply',
      'demand.rate',
    ]);
  });

  it('a volunteer declines an order she cannot take; it returns to the org', async () => {
    const d = (await villageA.post('/api/v1/demands', demand())).body;
    await act(villageA, d.id, { action: 'dispatch', assigneeUserId: volunteerId });
    const back = await act(volunteer, d.id, { action: 'decline', note: '本周不在社区' });
    expect(back.status).toBe(200);
    expect(back.body.state).toBe('signed');
    expect((await volunteer.get(`/api/v1/demands/${d.id}`)).status).toBe(404);
    expect((await act(villageA, d.id, { action: 'dispatch', assigneeUserId: 999999 })).body.code).toBe(
      'ASSIGNEE_INVALID',
    );
  });
});

describe('协调转办 and 建议', () => {
  it('transfers to a department, tracks its answer, reopens when the requester is not satisfied', async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ category: 'employment', title: '失业登记咨询' }))).body;
    const transferred = await act(villageA, d.id, {
      action: 'transfer',
      department: '开州区人力资源和社会保障局',
      departmentContact: '就业科 023-5222xxxx',
      answerDueOn: '2026-12-10',
    });
    expect(transferred.body).toMatchObject({
      state: 'transferred',
      route: 'transfer',
      department: '开州区人力资源和社会保障局',
      departmentAnswerDueOn: '2026-12-10',
    });
    expect(transferred.body.signedAt).not.toBeNull(); // routing signs for it
    expect((await act(villageA, d.id, { action: 'reply', reply: '太早' })).status).toBe(409);
    expect((await act(villageA, d.id, { action: 'answer', answer: '可到区就业服务中心办理失业登记' })).body.state).toBe(
      'answered',
    );
    await act(villageA, d.id, { action: 'reply', reply: '人社局答复：可到区就业服务中心办理' });
    const reopened = await act(villageA, d.id, { action: 'rate', rating: 'unsatisfied', comment: '希望有人陪同办理' });
    expect(reopened.body).toMatchObject({ state: 'reopened', reopenCount: 1, route: null, rating: 'unsatisfied' });
    // a new feedback deadline runs from the reopening (here the same day, so the same end of the 7th working day)
    expect(reopened.body.feedbackDueAt).toBe(
      t.platform.calendar
        .deadline(new Date(reopened.body.events.at(-1).at), { amount: 7, unit: 'workdays' })
        .toISOString(),
    );
    await act(villageA, d.id, { action: 'accept' });
    await act(villageA, d.id, { action: 'reply', reply: '已安排执委陪同办理' });
    expect((await act(villageA, d.id, { action: 'rate', rating: 'basically_satisfied' })).body.state).toBe('closed');
  });

  it('raises a policy suggestion into the list handed to deputies', async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ category: 'childcare', title: '社区缺少普惠托育点' })))
      .body;
    await act(villageA, d.id, { action: 'suggest', suggestion: '建议在驷马社区增设普惠性托育点' });
    const list = (await town.get('/api/v1/demands/suggestions?handed=false')).body.items;
    expect(list.map((x: any) => x.demandId)).toContain(d.id);
    const handed = await town.post('/api/v1/demands/suggestions/hand-over', {
      demandIds: [d.id],
      handedTo: '区人大代表 张某某',
    });
    expect(handed.body.handed).toBe(1);
    expect((await villageA.get(`/api/v1/demands/${d.id}`)).body.suggestionHandedTo).toBe('区人大代表 张某某');
    expect(
      (await villageB.post('/api/v1/demands/suggestions/hand-over', { demandIds: [d.id], handedTo: 'x' })).status,
    ).toBe(404);
    expect((await act(villageA, d.id, { action: 'reply', reply: '您的建议已转交区人大代表' })).body.state).toBe(
      'replied',
    );
  });
});

describe('illegal transitions are refused', () => {
  it('409 with a stable code for what the state machine does not allow; 403 for who may not; nothing changes', async () => {
    const d = (await villageA.post('/api/v1/demands', demand())).body;
    const early = await act(villageA, d.id, { action: 'reply', reply: '提前答复' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('DEMAND_INVALID_TRANSITION');
    expect(early.body.message['zh-CN']).toContain('reply');
    expect((await act(villageA, d.id, { action: 'rate', rating: 'satisfied' })).status).toBe(409);
    expect((await act(villageA, d.id, { action: 'bogus' })).status).toBe(400);
    // the town watches its villages' demands but does not handle them before they are escalated
    const townTry = await act(town, d.id, { action: 'accept' });
    expect(townTry.status).toBe(403);
    expect(townTry.body.code).toBe('DEMAND_ACTION_FORBIDDEN');
    expect(
      (await town.post(`/api/v1/demands/${d.id}/supervision`, { action: 'urge', note: '请尽快办理' })).body.code,
    ).toBe('DEMAND_NOT_ESCALATED');
    await act(villageA, d.id, { action: 'cancel', note: '重复登记' });
    expect((await act(villageA, d.id, { action: 'accept' })).status).toBe(409);
    const after = (await villageA.get(`/api/v1/demands/${d.id}`)).body;
    expect(after.state).toBe('cancelled');
    expect(after.events.map((e: any) => e.action)).toEqual(['create', 'cancel']);
  });
});

describe('scope', () => {
  it('orgs see their subtree; siblings, volunteers of others, admins and 执委 do not', async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ title: '范围测试' }))).body;
    expect((await town.get(`/api/v1/demands/${d.id}`)).status).toBe(200);
    expect((await town.get(`/api/v1/demands?view=all&orgId=${TOWN}`)).body.items.map((x: any) => x.id)).toContain(d.id);
    const sibling = await villageB.get(`/api/v1/demands/${d.id}`);
    expect(sibling.status).toBe(404);
    expect(sibling.body.code).toBe('DEMAND_NOT_FOUND');
    expect((await villageB.get('/api/v1/demands?view=all')).body.items.map((x: any) => x.id)).not.toContain(d.id);
    expect((await villageB.get(`/api/v1/demands?view=queue&orgId=${A}`)).status).toBe(404);
    expect((await act(villageB, d.id, { action: 'sign' })).status).toBe(404);
    // volunteers: only what was dispatched to them, whatever view they ask for
    const mine = (await volunteer.get('/api/v1/demands?view=all')).body.items;
    expect(mine.every((x: any) => x.assignee?.id === volunteerId)).toBe(true);
    expect((await volunteer.get(`/api/v1/demands/${d.id}`)).status).toBe(404);
    for (const c of [admin, auditor, member]) expect((await c.get(`/api/v1/demands/${d.id}`)).status).toBe(403);
    expect((await t.anonymous().get(`/api/v1/demands/${d.id}`)).status).toBe(401);
  });

  it('row-level security holds even if a query forgot its predicate', async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ title: 'RLS 测试' }))).body;
    const actorB = await t.actor('village.b');
    const rows = await runScoped(t.platform.handle, actorB, (s) =>
      queryRows(s.tx, sql`select id from demands where id = ${d.id}`),
    );
    expect(rows).toHaveLength(0);
    const vol = await t.actor('village.a.volunteer');
    const seen = await runScoped(t.platform.handle, vol, async (s) => {
      await s.tx.execute(sql`select set_config('jinguo.only_own_demands', 'on', true)`);
      return queryRows<{ id: number }>(s.tx, sql`select id from demands`);
    });
    const assigned = await t.sql<{ id: number }>('select id from demands where assignee_user_id = $1', [volunteerId]);
    expect(seen.map((r) => Number(r.id)).sort()).toEqual(assigned.map((r) => Number(r.id)).sort());
  });
});

describe('every endpoint keeps to the scope', () => {
  it("refuses another village's handlers, catalogue, suggestions and residents with 404, and dictionary writes without the permission", async () => {
    const item = (
      await villageA.post('/api/v1/catalogue', { orgId: A, category: 'legal_advice', name: '范围测试服务' })
    ).body;
    const outside = [
      await villageB.get(`/api/v1/demands/handlers?orgId=${A}`),
      await villageB.get(`/api/v1/catalogue?orgId=${A}`),
      await villageB.get(`/api/v1/catalogue/${item.id}`),
      await villageB.post('/api/v1/catalogue', { orgId: A, category: 'legal_advice', name: '越界' }),
      await villageB.get(`/api/v1/demands/suggestions?orgId=${A}`),
      await villageB.get(`/api/v1/demands/indicators?orgId=${A}`),
      await villageB.get(`/api/v1/demands?view=all&orgId=${A}`),
    ];
    expect(outside.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404]);
    expect(
      (await volunteer.post('/api/v1/demands/categories', { code: 'new_cat', nameZh: '新类别', nameEn: 'New' })).status,
    ).toBe(403);
    const cat = await villageA.post('/api/v1/demands/categories', {
      code: 'elder_care',
      nameZh: '养老照护',
      nameEn: 'Elder care',
      deadlines: { ordinary: { amount: 5, unit: 'workdays' } },
    });
    expect(cat.status).toBe(201);
    const d = (await villageA.post('/api/v1/demands', demand({ category: 'elder_care' }))).body;
    expect(d.feedbackDueAt).toBe(
      t.platform.calendar.deadline(new Date(d.receivedAt), { amount: 5, unit: 'workdays' }).toISOString(),
    );
    expect(
      (await villageA.post('/api/v1/demands/categories', { code: 'elder_care', nameZh: '重复', nameEn: 'Dup' })).status,
    ).toBe(409);
  });
});

describe('service catalogue 服务清单', () => {
  it('an org offers services with opening hours and a weekly capacity; others cannot edit them', async () => {
    const r = await villageA.post('/api/v1/catalogue', {
      orgId: A,
      category: 'legal_advice',
      name: '婚姻家庭法律咨询',
      provider: '驷马社区妇女之家',
      openingHours: [{ days: [2, 4], from: '09:00', to: '11:30' }],
      weeklyCapacity: 10,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: '婚姻家庭法律咨询', weeklyCapacity: 10, orderedThisWeek: 0, active: true });
    expect((await villageA.get('/api/v1/catalogue')).body.items.map((i: any) => i.id)).toContain(r.body.id);
    expect((await villageB.patch(`/api/v1/catalogue/${r.body.id}`, { weeklyCapacity: 1 })).status).toBe(404);
    expect(
      (
        await villageA.post('/api/v1/catalogue', {
          orgId: A,
          category: 'legal_advice',
          name: 'x',
          openingHours: [{ days: [1], from: '12:00', to: '09:00' }],
        })
      ).body.field,
    ).toBe('openingHours.0.to');
    expect(
      (
        await villageA.post('/api/v1/catalogue', {
          orgId: A,
          category: 'legal_advice',
          name: 'x',
          openingHours: [{ days: [8], from: '09:00', to: '10:00' }],
        })
      ).status,
    ).toBe(400);
    expect((await volunteer.post('/api/v1/catalogue', { orgId: A, category: 'legal_advice', name: 'x' })).status).toBe(
      403,
    );
    const off = await villageA.patch(`/api/v1/catalogue/${r.body.id}`, { active: false });
    expect(off.body.active).toBe(false);
    expect((await villageA.get('/api/v1/catalogue')).body.items.map((i: any) => i.id)).not.toContain(r.body.id);
  });
});

describe('for other modules', () => {
  it("links a demand to the rights case it became, and reads its summary, in the caller's transaction", async () => {
    const d = (await villageA.post('/api/v1/demands', demand({ category: 'rights', title: '遭受家庭暴力求助' }))).body;
    const worker = await t.actor('kaizhou.caseworker');
    const summary = await runScoped(t.platform.handle, worker, (s) =>
      t.platform.modules.demands.intake.demandSummary(s, d.id),
    );
    expect(summary).toMatchObject({
      id: d.id,
      code: d.code,
      title: '遭受家庭暴力求助',
      state: 'received',
      caseId: null,
    });
    const linked = await runScoped(t.platform.handle, worker, (s) =>
      t.platform.modules.demands.intake.linkDemandToCase(s, d.id, 4242),
    );
    expect(linked).toMatchObject({ state: 'case', caseId: 4242 });
    const view = (await villageA.get(`/api/v1/demands/${d.id}`)).body;
    expect(view.caseId).toBe(4242);
    expect(view.allowedActions).not.toContain('reply');
    const otherVillage = await t.actor('village.b');
    expect(
      await runScoped(t.platform.handle, otherVillage, (s) => t.platform.modules.demands.intake.demandSummary(s, d.id)),
    ).toBeNull();
  });
});
