import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, earlierToday, person, signedIn, user } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { chinaToday } from '../../platform/time.js';

// The 执委 duty checklist: configured by the street for the year, counted from visits, demands and led projects of
// each executive member; her own page and the street's table of who is behind. A bare platform with factories.

let t: TestPlatform;
let town: Client, villageA: Client, villageB: Client, exec: Client, exec2: Client;
let TOWN: number, A: number, B: number, execUser: number, exec2User: number, personId: number;

const today = chinaToday();
const year = Number(today.slice(0, 4));
const items = [
  { kind: 'visits.made', label: '走访 2 次', target: 2 },
  { kind: 'visits.households', label: '联系 1 户家庭', target: 1 },
  { kind: 'demands.handled', label: '办理 1 件诉求', target: 1 },
  { kind: 'duties.projects_led', label: '领办 1 个项目', target: 1 },
  { kind: 'volunteers.call_ups', label: '参加 1 次动员下沉', target: 1 },
];
const put = (c: Client, url: string, body: unknown) => c.request('PUT', url, body);
const doneOf = (p: any, kind: string) => p.items.find((i: any) => i.kind === kind).done;

beforeAll(async () => {
  t = await startTestPlatform({ demo: false });
  const ids = await divisionTree(t, [
    ['province', '50', '', '重庆市'],
    ['district', '500154', '50', '开州区'],
    ['town', '500154001', '500154', '汉丰街道'],
    ['village', '500154001001', '500154001', '驷马社区'],
    ['village', '500154001002', '500154001', '安康社区'],
  ]);
  [TOWN, A, B] = [ids['500154001']!, ids['500154001001']!, ids['500154001002']!];
  // the first 执委 also answers service orders as a volunteer
  [town, villageA, villageB, execUser, exec2User] = await Promise.all([
    signedIn(t, { username: 'town.cadre', orgId: TOWN, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a', orgId: A, roles: ['cadre'] }),
    signedIn(t, { username: 'village.b', orgId: B, roles: ['cadre'] }),
    user(t, { username: 'exec.a', orgId: A, roles: ['executive_member', 'volunteer'], displayName: '李执委' }),
    user(t, { username: 'exec.b', orgId: B, roles: ['executive_member'], displayName: '张执委' }),
  ]);
  [exec, exec2] = await Promise.all([t.login('exec.a'), t.login('exec.b')]);
  personId = await person(villageA, { orgId: A, name: '谭秀英' });
});
afterAll(() => t?.close());

describe('the yearly checklist', () => {
  it('lists the duty kinds every module declares', async () => {
    const kinds = (await town.get('/api/v1/duties/kinds')).body.items.map((k: any) => k.code);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'visits.made',
        'visits.households',
        'demands.handled',
        'volunteers.call_ups',
        'duties.projects_led',
        'duties.people_served',
        'activities.talks_given',
        'activities.trainings_attended',
      ]),
    );
  });

  it('the street configures it; its villages follow it; a village cannot configure another', async () => {
    const r = await put(town, '/api/v1/duties/checklist', { orgId: TOWN, year, name: '七个一', items });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: '七个一', inherited: false, canEdit: true });
    expect(r.body.items[0].kindLabel['zh-CN']).toBe('走访次数');
    const inherited = (await villageA.get(`/api/v1/duties/checklist?orgId=${A}&year=${year}`)).body;
    expect(inherited).toMatchObject({ id: r.body.id, inherited: true, canEdit: false });
    const other = await put(villageB, '/api/v1/duties/checklist', { orgId: A, year, name: 'x', items });
    expect([other.status, other.body.field]).toEqual([404, 'orgId']);
    expect((await villageB.get(`/api/v1/duties/checklist?orgId=${A}`)).status).toBe(404);
    expect((await put(exec, '/api/v1/duties/checklist', { orgId: A, year, name: 'x', items })).status).toBe(403);
  });

  it('refuses an unknown kind, a kind twice, a bad target, writing nothing', async () => {
    const unknown = await put(villageA, '/api/v1/duties/checklist', {
      orgId: A,
      year,
      name: '1+10+N',
      items: [{ kind: 'pairings.calls', label: '每月通话', target: 12 }],
    });
    expect([unknown.status, unknown.body.field]).toEqual([400, 'items.0.kind']);
    const twice = await put(villageA, '/api/v1/duties/checklist', {
      orgId: A,
      year,
      name: 'x',
      items: [items[0], items[0]],
    });
    expect([twice.status, twice.body.field]).toEqual([400, 'items.1.kind']);
    const target = await put(villageA, '/api/v1/duties/checklist', {
      orgId: A,
      year,
      name: 'x',
      items: [{ ...items[0], target: 0 }],
    });
    expect(target.status).toBe(400);
    expect(JSON.stringify(target.body)).toContain('target');
    expect(Number((await t.sql<{ n: number }>('select count(*)::int as n from duty_checklists'))[0]!.n)).toBe(1);
  });
});

describe('progress counted from the records', () => {
  it('her page starts empty, then counts her visit, her answered order and her project', async () => {
    const first = (await exec.get('/api/v1/duties/me')).body;
    expect(first.checklist.name).toBe('七个一');
    expect(first.progress.items.every((i: any) => i.done === 0)).toBe(true);

    const visit = await exec.post('/api/v1/visits', {
      orgId: A,
      kind: 'routine',
      visitedOn: today,
      place: '驷马社区8栋',
      personIds: [personId],
      situation: '独自照顾老人和孩子',
    });
    expect(visit.status).toBe(201);
    const afterVisit = (await exec.get('/api/v1/duties/me')).body.progress;
    expect(doneOf(afterVisit, 'visits.made')).toBe(1);
    expect(doneOf(afterVisit, 'visits.households')).toBe(1);
    expect(afterVisit.items.find((i: any) => i.kind === 'visits.households').status).toBe('done');

    const d = (
      await villageA.post('/api/v1/demands', {
        orgId: A,
        source: 'walk_in',
        category: 'legal_advice',
        urgency: 'ordinary',
        title: '咨询赡养费',
        description: '老人咨询子女赡养义务',
      })
    ).body;
    const act = (c: Client, body: object) => c.post(`/api/v1/demands/${d.id}/transitions`, body);
    expect((await act(villageA, { action: 'dispatch', assigneeUserId: execUser })).status).toBe(200);
    expect((await act(exec, { action: 'accept' })).status).toBe(200);
    expect(doneOf((await exec.get('/api/v1/duties/me')).body.progress, 'demands.handled')).toBe(0);
    expect((await act(exec, { action: 'reply', reply: '已讲解' })).status).toBe(200);
    expect(doneOf((await exec.get('/api/v1/duties/me')).body.progress, 'demands.handled')).toBe(1);

    const project = await exec.post('/api/v1/duties/projects', {
      orgId: A,
      name: '驷马社区留守儿童四点半课堂',
      startedOn: today,
      peopleServed: 24,
    });
    expect(project.status).toBe(201);
    expect(project.body).toMatchObject({ leader: { id: execUser }, status: 'ongoing', canEdit: true });
    const mine = (await exec.get('/api/v1/duties/me')).body;
    expect(doneOf(mine.progress, 'duties.projects_led')).toBe(1);
    expect(mine.projects.map((p: any) => p.id)).toEqual([project.body.id]);
    expect(mine.progress.itemsDone).toBe(3);

    // the street calls her up; she comes; her org records it
    const { startsAt: start, endsAt: end } = earlierToday(4, 3);
    const c = (
      await town.post('/api/v1/call-ups', {
        orgId: TOWN,
        title: '防汛值守',
        place: '驷马社区河堤',
        startsAt: start,
        endsAt: end,
        needed: 2,
        userIds: [execUser],
      })
    ).body;
    expect((await exec.post(`/api/v1/call-ups/${c.id}/answer`, { response: 'accepted' })).status).toBe(200);
    expect(doneOf((await exec.get('/api/v1/duties/me')).body.progress, 'volunteers.call_ups')).toBe(0);
    const closed = await town.post(`/api/v1/call-ups/${c.id}/attendance`, {
      attended: [{ inviteeId: c.invitees[0].id, hours: 3 }],
    });
    expect(closed.body.attended).toBe(1);
    const after = (await exec.get('/api/v1/duties/me')).body.progress;
    expect(doneOf(after, 'volunteers.call_ups')).toBe(1);
    expect(after.itemsDone).toBe(4);
  });

  it("the street's table shows each 执委 with who is behind first; a village sees only its own", async () => {
    const table = (await town.get(`/api/v1/duties/table?orgId=${TOWN}`)).body;
    expect(table.members.map((m: any) => m.user.id).sort()).toEqual([execUser, exec2User].sort());
    const a = table.members.find((m: any) => m.user.id === execUser);
    const b = table.members.find((m: any) => m.user.id === exec2User);
    expect(a.itemsDone).toBe(4);
    expect(b.itemsDone).toBe(0);
    expect(table.members.indexOf(b)).toBeLessThan(table.members.indexOf(a));
    expect(table.behind).toBe(table.members.filter((m: any) => m.status === 'behind').length);
    const onlyB = (await villageB.get('/api/v1/duties/table')).body.members.map((m: any) => m.user.id);
    expect(onlyB).toEqual([exec2User]);
    expect((await villageB.get(`/api/v1/duties/table?orgId=${A}`)).status).toBe(404);
    expect((await exec.get('/api/v1/duties/table')).status).toBe(403);
  });
});

describe('执委领办项目', () => {
  it('a 执委 records only her own; staff record for a 执委 of their subtree; others get 404', async () => {
    const forOther = await exec.post('/api/v1/duties/projects', {
      orgId: A,
      leaderUserId: exec2User,
      name: '代登记',
      startedOn: today,
    });
    expect([forOther.status, forOther.body.field]).toEqual([400, 'leaderUserId']);
    const wrongOrg = await villageA.post('/api/v1/duties/projects', {
      orgId: A,
      leaderUserId: exec2User,
      name: '安康项目',
      startedOn: today,
    });
    expect([wrongOrg.status, wrongOrg.body.field]).toEqual([404, 'leaderUserId']);
    const ok = await villageB.post('/api/v1/duties/projects', {
      orgId: B,
      leaderUserId: exec2User,
      name: '安康社区巾帼家政培训',
      startedOn: today,
    });
    expect(ok.status).toBe(201);
    expect((await villageA.patch(`/api/v1/duties/projects/${ok.body.id}`, { peopleServed: 3 })).status).toBe(404);
    expect((await exec.patch(`/api/v1/duties/projects/${ok.body.id}`, { peopleServed: 3 })).status).toBe(404);
    const completed = await exec2.patch(`/api/v1/duties/projects/${ok.body.id}`, {
      peopleServed: 30,
      completedOn: today,
    });
    expect(completed.body).toMatchObject({ status: 'completed', peopleServed: 30 });
    const again = await exec2.patch(`/api/v1/duties/projects/${ok.body.id}`, { completedOn: today });
    expect([again.status, again.body.field]).toEqual([409, 'completedOn']);
    const badDate = await villageB.post('/api/v1/duties/projects', {
      orgId: B,
      leaderUserId: exec2User,
      name: '未来项目',
      startedOn: '2999-01-01',
    });
    expect([badDate.status, badDate.body.field]).toEqual([400, 'startedOn']);
    expect((await town.get('/api/v1/duties/projects')).body.items).toHaveLength(2);
    expect((await exec2.get('/api/v1/duties/projects')).body.items.map((p: any) => p.id)).toEqual([ok.body.id]);
  });
});

describe('talks and trainings, counted by activities', () => {
  it('counts a held talk she spoke at (her volunteer account names her person) or organised, and her trainings', async () => {
    const withTalks = [
      ...items,
      { kind: 'activities.talks_given', label: '开展 1 次宣讲', target: 1 },
      { kind: 'activities.trainings_attended', label: '参加 2 次培训', target: 2 },
    ];
    const r = await put(town, '/api/v1/duties/checklist', { orgId: TOWN, year, name: '七个一', items: withTalks });
    expect(r.status).toBe(200);
    expect(r.body.items.find((i: any) => i.kind === 'activities.talks_given').kindLabel).toEqual({
      'zh-CN': '开展宣讲/讲座',
      'en-US': 'Talks given',
    });
    const talksOf = async (c: Client) =>
      doneOf((await c.get('/api/v1/duties/me')).body.progress, 'activities.talks_given');
    expect(await talksOf(exec)).toBe(0);

    // her registry person, linked to her account as a volunteer (宣讲队)
    const herself = await person(villageA, { orgId: A, name: '李执委', phone: '13900000021' });
    const v = await villageA.post('/api/v1/volunteers', {
      orgId: A,
      personId: herself,
      userId: execUser,
      joinedOn: today,
    });
    expect(v.status).toBe(201);
    const at = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const talk = (c: Client, orgId: number, over: object = {}) =>
      c.post('/api/v1/activities', {
        orgId,
        kind: 'talk',
        title: '宣讲：妇女权益保障法',
        address: '社区活动室',
        startsAt: at(-180),
        endsAt: at(-120),
        organiser: '社区妇联',
        ...over,
      });
    const planned = (await talk(villageA, A, { speakerPersonIds: [herself] })).body.id;
    expect(await talksOf(exec)).toBe(0); // planned, not given yet
    expect((await villageA.post(`/api/v1/activities/${planned}/hold`, {})).status).toBe(200);
    expect(await talksOf(exec)).toBe(1);
    // a talk she neither spoke at nor organised does not count
    await villageA.post(`/api/v1/activities/${(await talk(villageA, A)).body.id}/hold`, {});
    expect(await talksOf(exec)).toBe(1);
    expect(await talksOf(exec2)).toBe(0);

    // a cadre who is also a 执委 organises a lecture herself: her account planned it
    await user(t, { username: 'cadre.exec', orgId: B, roles: ['cadre', 'executive_member'], displayName: '王执委' });
    const cadreExec = await t.login('cadre.exec');
    const lecture = (await talk(cadreExec, B, { kind: 'lecture', title: '家庭教育讲座' })).body.id;
    expect((await cadreExec.post(`/api/v1/activities/${lecture}/hold`, {})).status).toBe(200);
    expect(await talksOf(cadreExec)).toBe(1);

    // a training she checked in at, and one recorded from outside
    const training = (
      await talk(villageA, A, { kind: 'training', title: '执委履职培训', startsAt: at(30), endsAt: at(90) })
    ).body.id;
    const ci = await villageA.post(`/api/v1/activities/${training}/attendance`, {
      name: '李执委',
      phone: '13900000021',
      personId: herself,
    });
    expect(ci.body.created).toBe(true);
    const ext = await villageA.post('/api/v1/activities/trainings', {
      personId: herself,
      title: '市妇联执委培训',
      provider: '重庆市妇联',
      heldOn: today,
      hours: 8,
    });
    expect(ext.status).toBe(201);
    const mine = (await exec.get('/api/v1/duties/me')).body.progress;
    expect(doneOf(mine, 'activities.trainings_attended')).toBe(2);
    expect(mine.items.find((i: any) => i.kind === 'activities.talks_given').status).toBe('done');
  });
});
