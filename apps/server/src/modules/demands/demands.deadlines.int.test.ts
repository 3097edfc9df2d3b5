import { chinaToday } from '../../platform/time.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildCounters } from '../../platform/stats/index.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';

let t: TestPlatform;
let villageA: Client, villageB: Client, town: Client, district: Client, otherTown: Client;
let A: number, B: number, TOWN: number, DISTRICT: number;

const create = async (c: Client, orgId: number, over: Record<string, unknown> = {}) =>
  (
    await c.post('/api/v1/demands', {
      orgId,
      source: 'walk_in',
      category: 'hardship_aid',
      urgency: 'ordinary',
      title: '生活困难求助',
      description: '丈夫病故，独自抚养两个孩子',
      ...over,
    })
  ).body;
const act = (c: Client, id: number, body: Record<string, unknown>) => c.post(`/api/v1/demands/${id}/transitions`, body);
/** Makes a demand's feedback deadline lie in the past, as if nobody had answered it in time. */
const makeOverdue = (id: number, hoursAgo = 1) =>
  t.sql(
    `update demands set feedback_due_at = now() - make_interval(hours => $2), next_escalation_at = now() - make_interval(hours => $2), warn_at = now() - make_interval(hours => $2 + 5) where id = $1`,
    [id, hoursAgo],
  );
const kinds = async (c: Client) =>
  (await c.get('/api/v1/notifications?limit=100')).body.items as { kind: string; target: { id: number } | null }[];

beforeAll(async () => {
  t = await startTestPlatform();
  [villageA, villageB, town, district, otherTown] = (await Promise.all(
    ['village.a', 'village.b', 'hanfeng.cadre', 'kaizhou.cadre', 'kaizhou.cadre'].map((u) => t.login(u)),
  )) as Client[] as [Client, Client, Client, Client, Client];
  A = await t.org('500154001001');
  B = await t.org('500154001002');
  TOWN = await t.org('500154001');
  DISTRICT = await t.org('500154');
  // the district cadre acting as a sibling town of 汉丰街道 (org switcher)
  const [sibling] = await t.sql<{ id: number }>(
    `select id from organizations where parent_id = $1 and id <> $2 and type = 'town_federation' order by code limit 1`,
    [DISTRICT, TOWN],
  );
  otherTown.actingOrg = Number(sibling!.id);
});
afterAll(() => t?.close());

describe('escalation (督办) of overdue demands by the sweeper', () => {
  it('the demo holds demands in every state but "case", and one left unanswered that the first sweep escalates to 汉丰街道', async () => {
    const states = (await t.sql<{ state: string }>('select distinct state from demands')).map((r) => r.state).sort();
    expect(states).toEqual([
      'accepted',
      'answered',
      'cancelled',
      'closed',
      'dispatched',
      'received',
      'reopened',
      'replied',
      'signed',
      'suggested',
      'transferred',
    ]);
    const [overdue] = await t.sql<{ id: number }>(`select id from demands where source_ref = '12338-KZ-0005'`);
    expect((await villageA.get(`/api/v1/demands/${overdue!.id}`)).body).toMatchObject({
      overdue: true,
      escalationLevel: 0,
    });
    await t.platform.modules.demands.sweepNow();
    expect((await town.get('/api/v1/demands?view=supervised')).body.items.map((d: any) => d.id)).toContain(
      Number(overdue!.id),
    );
  });

  it('escalates to the town, which sees it in its supervision queue and may urge, comment and reassign; a sibling town sees nothing', async () => {
    const d = await create(villageA, A);
    await makeOverdue(d.id);
    const pass = await t.platform.modules.demands.sweepNow();
    expect(pass.escalated).toBeGreaterThanOrEqual(1);
    const seen = (await villageA.get(`/api/v1/demands/${d.id}`)).body;
    expect(seen).toMatchObject({ overdue: true, escalationLevel: 1, escalatedTo: { id: TOWN } });
    expect(seen.escalations).toEqual([
      expect.objectContaining({ level: 1, toOrg: expect.objectContaining({ id: TOWN }), missed: 'feedback' }),
    ]);
    const escalate = seen.events.find((e: any) => e.action === 'escalate');
    expect(escalate.actorName).toBe('system:demands-sweeper');
    // a second period later it would go to the district: the same tier counted from the missed deadline
    const [row] = await t.sql<{ next: Date; due: Date }>(
      'select next_escalation_at as next, feedback_due_at as due from demands where id = $1',
      [d.id],
    );
    expect(new Date(row!.next).toISOString()).toBe(
      t.platform.calendar.deadline(new Date(row!.due), { amount: 7, unit: 'workdays' }).toISOString(),
    );

    const supervised = (await town.get('/api/v1/demands?view=supervised')).body.items.map((x: any) => x.id);
    expect(supervised).toContain(d.id);
    expect((await town.get('/api/v1/demands?view=queue')).body.items.map((x: any) => x.id)).not.toContain(d.id); // still the village's
    expect((await town.get(`/api/v1/demands/${d.id}`)).body.allowedActions).toEqual([
      'convert_to_case',
      'comment',
      'urge',
      'reassign',
    ]);
    expect((await kinds(town)).some((n) => n.kind === 'demand.escalated' && n.target?.id === d.id)).toBe(true);
    expect((await kinds(villageA)).some((n) => n.kind === 'demand.escalated_owner' && n.target?.id === d.id)).toBe(
      true,
    );

    const urged = await town.post(`/api/v1/demands/${d.id}/supervision`, { action: 'urge', note: '请于明日前答复' });
    expect(urged.status).toBe(200);
    expect((await kinds(villageA)).some((n) => n.kind === 'demand.urged' && n.target?.id === d.id)).toBe(true);
    expect(
      (await town.post(`/api/v1/demands/${d.id}/supervision`, { action: 'comment', note: '已电话督促' })).status,
    ).toBe(200);
    expect(
      (await villageA.post(`/api/v1/demands/${d.id}/supervision`, { action: 'urge', note: '自己催自己' })).body.code,
    ).toBe('DEMAND_ACTION_FORBIDDEN');
    expect(
      (await town.post(`/api/v1/demands/${d.id}/transitions`, { action: 'reply', reply: '越权答复' })).status,
    ).toBe(403);
    expect(
      (
        await town.post(`/api/v1/demands/${d.id}/supervision`, {
          action: 'reassign',
          orgId: DISTRICT,
          note: '向上改派',
        })
      ).status,
    ).toBe(404);
    expect((await otherTown.get(`/api/v1/demands/${d.id}`)).status).toBe(404);
    expect((await otherTown.post(`/api/v1/demands/${d.id}/supervision`, { action: 'urge', note: '越界' })).status).toBe(
      404,
    );
    expect((await villageB.get('/api/v1/demands?view=supervised')).body.items).toEqual([]);
  });

  it('escalates again to the grandparent when still unanswered one period later, and records each escalation', async () => {
    const d = await create(villageA, A, { urgency: 'urgent' });
    await makeOverdue(d.id, 30);
    await t.platform.modules.demands.sweepNow();
    await t.sql("update demands set next_escalation_at = now() - interval '1 minute' where id = $1", [d.id]);
    await t.platform.modules.demands.sweepNow();
    const seen = (await district.get(`/api/v1/demands/${d.id}`)).body;
    expect(seen).toMatchObject({ escalationLevel: 2, escalatedTo: { id: DISTRICT } });
    expect(seen.escalations.map((e: any) => [e.level, e.toOrg.id])).toEqual([
      [1, TOWN],
      [2, DISTRICT],
    ]);
    expect((await district.get('/api/v1/demands?view=supervised')).body.items.map((x: any) => x.id)).toContain(d.id);
    expect(seen.allowedActions).toContain('urge');
    // nothing above the district for a village's demand: the sweeper stops there
    const [row] = await t.sql<{ next: Date | null }>('select next_escalation_at as next from demands where id = $1', [
      d.id,
    ]);
    expect(row!.next).toBeNull();
    expect((await t.platform.modules.demands.sweepNow()).escalated).toBe(0);
  });

  it('a reply in time stops the clock: nothing is escalated', async () => {
    const d = await create(villageA, A);
    await act(villageA, d.id, { action: 'accept' });
    await act(villageA, d.id, { action: 'reply', reply: '已协调低保申请' });
    await t.sql("update demands set feedback_due_at = now() - interval '1 hour' where id = $1", [d.id]);
    await t.platform.modules.demands.sweepNow();
    expect((await villageA.get(`/api/v1/demands/${d.id}`)).body).toMatchObject({ escalationLevel: 0, overdue: false });
  });

  it('the supervising town reassigns to another village: the new owner gets the whole story and fresh deadlines', async () => {
    const d = await create(villageA, A, { title: '改派测试' });
    await makeOverdue(d.id);
    await t.platform.modules.demands.sweepNow();
    const moved = await town.post(`/api/v1/demands/${d.id}/supervision`, {
      action: 'reassign',
      orgId: B,
      note: '户籍在永兴社区，改由永兴社区办理',
    });
    expect(moved.body).toMatchObject({
      state: 'received',
      org: { id: B },
      escalationLevel: 0,
      escalatedTo: null,
      overdue: false,
    });
    expect((await villageA.get(`/api/v1/demands/${d.id}`)).status).toBe(404);
    const atB = (await villageB.get(`/api/v1/demands/${d.id}`)).body;
    expect(atB.events.map((e: any) => e.action)).toEqual(['create', 'escalate', 'reassign']);
    expect(atB.escalations).toHaveLength(1);
    expect((await kinds(villageB)).some((n) => n.kind === 'demand.reassigned' && n.target?.id === d.id)).toBe(true);
    // no longer overdue nor escalated: the town's supervision ends there
    expect((await town.post(`/api/v1/demands/${d.id}/supervision`, { action: 'urge', note: '再催' })).body.code).toBe(
      'DEMAND_NOT_ESCALATED',
    );
  });
});

describe('deadline warnings', () => {
  it('warns the handler once before the deadline', async () => {
    const d = await create(villageA, A, { title: '预警测试' });
    await t.sql("update demands set warn_at = now() - interval '1 minute' where id = $1", [d.id]);
    await t.platform.modules.demands.sweepNow();
    await t.platform.modules.demands.sweepNow();
    const warnings = (await kinds(villageA)).filter(
      (n) => n.kind === 'demand.deadline_warning' && n.target?.id === d.id,
    );
    expect(warnings).toHaveLength(1);
    expect(
      (await villageA.get(`/api/v1/demands/${d.id}`)).body.events.filter((e: any) => e.action === 'warn'),
    ).toHaveLength(1);
  });
});

describe('indicators: 及时签收率, 按时办结率, 回访满意率 from live counters', () => {
  it('counts per org and per child in the same transaction as the change, and a rebuild from the records agrees', async () => {
    const day = chinaToday();
    const q = `from=${day}&to=${day}`;
    const base = (await villageB.get(`/api/v1/demands/indicators?orgId=${B}&${q}`)).body.rows[0];
    // five years are read as whole years, months and days of separate counter grains: they must move the same way
    const long = `from=${Number(day.slice(0, 4)) - 5}${day.slice(4)}&to=${day}`;
    const baseLong = (await villageB.get(`/api/v1/demands/indicators?orgId=${B}&${long}`)).body.rows[0];
    // on time: signed and answered at once, rated satisfied
    const good = await create(villageB, B);
    await act(villageB, good.id, { action: 'accept' });
    await act(villageB, good.id, { action: 'reply', reply: '已办理' });
    await act(villageB, good.id, { action: 'rate', rating: 'satisfied' });
    // late: signed for after its sign-for deadline, answered after the feedback deadline, not satisfied
    const late = await create(villageB, B);
    await t.sql("update demands set sign_due_at = now() - interval '1 minute' where id = $1", [late.id]);
    await act(villageB, late.id, { action: 'sign' });
    await t.sql("update demands set feedback_due_at = now() - interval '1 minute' where id = $1", [late.id]);
    await act(villageB, late.id, { action: 'accept' });
    await act(villageB, late.id, { action: 'reply', reply: '已答复' });
    await act(villageB, late.id, { action: 'rate', rating: 'unsatisfied' });
    const now = (await villageB.get(`/api/v1/demands/indicators?orgId=${B}&${q}`)).body.rows[0];
    const diff = (k: string) => now[k] - base[k];
    expect([
      diff('received'),
      diff('signed'),
      diff('signedOnTime'),
      diff('replied'),
      diff('repliedOnTime'),
      diff('rated'),
      diff('satisfied'),
      diff('unsatisfied'),
    ]).toEqual([2, 2, 1, 2, 1, 2, 1, 1]);
    expect(now.timelySignRate).toBeCloseTo(now.signedOnTime / now.signed, 4);
    const nowLong = (await villageB.get(`/api/v1/demands/indicators?orgId=${B}&${long}`)).body.rows[0];
    for (const k of [
      'received',
      'signed',
      'signedOnTime',
      'replied',
      'repliedOnTime',
      'rated',
      'satisfied',
      'unsatisfied',
    ])
      expect(nowLong[k] - baseLong[k], k).toBe(diff(k));
    expect(now.satisfactionRate).toBeCloseTo((now.satisfied + now.basicallySatisfied) / now.rated, 4);

    const children = (await town.get(`/api/v1/demands/indicators?orgId=${TOWN}&by=children&${q}`)).body.rows;
    expect(children.find((r: any) => r.org.id === B)).toEqual(now);
    const townSelf = (await town.get(`/api/v1/demands/indicators?orgId=${TOWN}&${q}`)).body.rows[0];
    expect(townSelf.received).toBeGreaterThanOrEqual(children.reduce((n: number, r: any) => n + r.received, 0));

    const read = async () =>
      JSON.stringify([
        (await town.get(`/api/v1/demands/indicators?orgId=${TOWN}&by=children&${q}`)).body.rows,
        (await town.get(`/api/v1/demands/indicators?orgId=${TOWN}&by=children&${long}`)).body.rows,
      ]);
    const before = await read();
    await rebuildCounters(t.platform.handle, t.platform.extensions.statistics, ['demands']);
    expect(await read()).toBe(before);

    expect((await villageB.get(`/api/v1/demands/indicators?orgId=${A}`)).status).toBe(404);
    expect((await villageB.get(`/api/v1/demands/indicators?orgId=${B}&from=2026-12-31&to=2026-01-01`)).body.field).toBe(
      'from',
    );
  });
});
