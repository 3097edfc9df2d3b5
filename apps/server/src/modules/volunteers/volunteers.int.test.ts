import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divisionTree, earlierToday, person, signedIn, user } from '../../../test/factories.js';
import { startTestPlatform, type Client, type TestPlatform } from '../../../test/harness.js';
import { runScoped } from '../../platform/scope.js';
import { rebuildCounters } from '../../platform/stats/index.js';
import { addDays, chinaToday } from '../../platform/time.js';
import { volunteerStatSource } from './volunteers.statistics.js';

// Teams (志愿服务队, 宣讲队), volunteers, the hours ledger (by hand, on a service order, from a call-up), call-ups and
// the live figures, on a bare platform: a street with two villages, their cadres, a volunteer and a 执委.

let t: TestPlatform;
let town: Client, villageA: Client, villageB: Client, vol: Client, exec: Client;
let TOWN: number, A: number, B: number, volUser: number, execUser: number;
let teamId: number, talkTeamId: number, volunteerId: number, personA: number, personA2: number;

const today = chinaToday();
const count = async (table: string) =>
  Number((await t.sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n);
const figures = async (c: Client, orgId: number) =>
  (await c.get(`/api/v1/volunteers/figures?orgId=${orgId}&from=${today.slice(0, 4)}-01-01&to=${today}`)).body.rows[0];

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
  [town, villageA, villageB, volUser, execUser] = await Promise.all([
    signedIn(t, { username: 'town.cadre', orgId: TOWN, roles: ['cadre'] }),
    signedIn(t, { username: 'village.a', orgId: A, roles: ['cadre'] }),
    signedIn(t, { username: 'village.b', orgId: B, roles: ['cadre'] }),
    user(t, { username: 'vol.a', orgId: A, roles: ['volunteer'], displayName: '陈小红' }),
    user(t, { username: 'exec.a', orgId: A, roles: ['executive_member'], displayName: '李执委' }),
  ]);
  [vol, exec] = await Promise.all([t.login('vol.a'), t.login('exec.a')]);
  personA = await person(villageA, { orgId: A, name: '陈小红' });
  personA2 = await person(villageA, { orgId: A, name: '王秀兰' });
});
afterAll(() => t?.close());

describe('teams: 巾帼志愿服务队 and 巾帼宣讲队', () => {
  it('a village founds one of each; the town sees both, a sibling village neither', async () => {
    const r = await villageA.post('/api/v1/volunteers/teams', {
      orgId: A,
      kind: 'volunteer',
      name: '驷马社区巾帼志愿服务队',
      foundedOn: '2025-03-08',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'volunteer', status: 'active', memberCount: 0, org: { id: A } });
    teamId = r.body.id;
    talkTeamId = (
      await villageA.post('/api/v1/volunteers/teams', {
        orgId: A,
        kind: 'talk',
        name: '驷马巾帼宣讲队',
        foundedOn: today,
      })
    ).body.id;
    const listed = (await town.get('/api/v1/volunteers/teams')).body.items.map((x: any) => x.id);
    expect(listed).toEqual(expect.arrayContaining([teamId, talkTeamId]));
    expect((await town.get('/api/v1/volunteers/teams?kind=talk')).body.items.map((x: any) => x.id)).toEqual([
      talkTeamId,
    ]);
    expect((await villageB.get(`/api/v1/volunteers/teams/${teamId}`)).status).toBe(404);
    expect((await villageB.get('/api/v1/volunteers/teams')).body.items).toEqual([]);
    expect((await villageB.patch(`/api/v1/volunteers/teams/${teamId}`, { name: '改名' })).status).toBe(404);
  });

  it('refuses another subtree, a bad kind and a future founding date, writing nothing', async () => {
    const before = await count('volunteer_teams');
    const other = await villageB.post('/api/v1/volunteers/teams', {
      orgId: A,
      kind: 'volunteer',
      name: '越界',
      foundedOn: today,
    });
    expect(other.status).toBe(404);
    expect(other.body.field).toBe('orgId');
    const kind = await villageA.post('/api/v1/volunteers/teams', {
      orgId: A,
      kind: 'choir',
      name: '合唱队',
      foundedOn: today,
    });
    expect(kind.status).toBe(400);
    expect(kind.body.errors?.[0]?.field ?? kind.body.field).toBe('kind');
    const future = await villageA.post('/api/v1/volunteers/teams', {
      orgId: A,
      kind: 'volunteer',
      name: '明日队',
      foundedOn: addDays(today, 3),
    });
    expect(future.status).toBe(400);
    expect(future.body.field).toBe('foundedOn');
    expect(future.body.message['zh-CN']).toContain('成立日期');
    expect(await count('volunteer_teams')).toBe(before);
    // a volunteer account cannot manage teams
    expect(
      (await vol.post('/api/v1/volunteers/teams', { orgId: A, kind: 'volunteer', name: 'x队', foundedOn: today }))
        .status,
    ).toBe(403);
  });
});

describe('volunteers: registry persons with their volunteer account, skills, availability, teams', () => {
  it('registers one; she shows in her teams and in the filters; the sibling village cannot see her', async () => {
    const r = await villageA.post('/api/v1/volunteers', {
      orgId: A,
      personId: personA,
      userId: volUser,
      skills: ['legal', 'family_education'],
      availability: ['weekend'],
      joinedOn: '2025-04-01',
      teamIds: [teamId, talkTeamId],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      person: { id: personA, name: '陈小红' },
      user: { id: volUser, displayName: '陈小红' },
      skills: ['legal', 'family_education'],
      hoursTotal: 0,
    });
    expect(r.body.teams.map((x: any) => x.id).sort()).toEqual([teamId, talkTeamId].sort());
    volunteerId = r.body.id;
    expect((await town.get(`/api/v1/volunteers/teams/${teamId}`)).body.memberCount).toBe(1);
    expect((await town.get('/api/v1/volunteers?skill=legal')).body.items.map((x: any) => x.id)).toEqual([volunteerId]);
    expect((await town.get('/api/v1/volunteers?skill=health')).body.items).toEqual([]);
    expect((await town.get(`/api/v1/volunteers?teamId=${talkTeamId}&q=小红`)).body.items).toHaveLength(1);
    expect((await villageB.get(`/api/v1/volunteers/${volunteerId}`)).status).toBe(404);
    expect((await villageB.patch(`/api/v1/volunteers/${volunteerId}`, { skills: [] })).status).toBe(404);
    expect((await villageB.get(`/api/v1/volunteers?teamId=${teamId}`)).status).toBe(404);
  });

  it('refuses a person twice, an account without the volunteer role, an unknown skill, a foreign team', async () => {
    const before = await count('volunteers');
    const twice = await villageA.post('/api/v1/volunteers', { orgId: A, personId: personA, joinedOn: today });
    expect([twice.status, twice.body.field]).toEqual([409, 'personId']);
    const role = await villageA.post('/api/v1/volunteers', {
      orgId: A,
      personId: personA2,
      userId: execUser,
      joinedOn: today,
    });
    expect([role.status, role.body.field]).toEqual([400, 'userId']);
    const skill = await villageA.post('/api/v1/volunteers', {
      orgId: A,
      personId: personA2,
      skills: ['magic'],
      joinedOn: today,
    });
    expect(skill.status).toBe(400);
    expect(JSON.stringify(skill.body)).toContain('skills');
    const team = await villageA.post('/api/v1/volunteers', {
      orgId: A,
      personId: personA2,
      joinedOn: today,
      teamIds: [999999],
    });
    expect([team.status, team.body.field]).toEqual([404, 'teamIds.0']);
    const person = await villageB.post('/api/v1/volunteers', { orgId: B, personId: personA2, joinedOn: today });
    expect([person.status, person.body.field]).toEqual([404, 'personId']);
    expect(await count('volunteers')).toBe(before);
    expect(await count('volunteer_team_members')).toBe(2);
  });
});

describe('hours: by hand and on a service order, counted live', () => {
  it('books hours by hand; the town figures move in the same request', async () => {
    const before = await figures(town, TOWN);
    const r = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 2.5,
      note: '社区普法宣传',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ hours: 2.5, source: 'other', volunteer: { name: '陈小红' } });
    const after = await figures(town, TOWN);
    expect(after.hours - before.hours).toBe(2.5);
    expect(after.services - before.services).toBe(1);
    // the service team was founded last year, the talk team this year
    expect(after).toMatchObject({ teamsFounded: 0, talkTeamsFounded: 1, volunteersJoined: 0 });
    expect((await villageA.get(`/api/v1/volunteers/${volunteerId}`)).body.hoursThisYear).toBe(2.5);
    // the cockpit's indicators (数她说) read the same counters, minutes shown as hours
    const cockpit = await town.get(
      `/api/v1/dashboards/cockpit?orgId=${TOWN}&from=${today.slice(0, 4)}-01-01&to=${today}&indicators=volunteers.hours,volunteers.services,volunteers.talk_teams`,
    );
    expect(cockpit.status).toBe(200);
    expect(cockpit.body.total.values).toEqual({
      'volunteers.hours': after.hours,
      'volunteers.services': after.services,
      'volunteers.talk_teams': 1,
    });
    // by child: the village's row carries it, the sibling's none
    const byChild = (
      await town.get(`/api/v1/volunteers/figures?orgId=${TOWN}&by=children&from=${today.slice(0, 4)}-01-01`)
    ).body.rows;
    expect(byChild.find((x: any) => x.org.id === A).hours).toBe(after.hours);
    expect(byChild.find((x: any) => x.org.id === B).hours).toBe(0);
    expect((await villageB.get(`/api/v1/volunteers/figures?orgId=${A}`)).status).toBe(404);
  });

  it('refuses odd hours, a future day, another subtree, writing nothing', async () => {
    const before = await count('volunteer_hours');
    const odd = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 0.3,
      note: 'x',
    });
    expect(odd.status).toBe(400);
    expect(JSON.stringify(odd.body)).toContain('hours');
    const future = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: addDays(today, 1),
      hours: 1,
      note: 'x',
    });
    expect([future.status, future.body.field]).toEqual([400, 'servedOn']);
    const other = await villageB.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 1,
      note: 'x',
    });
    expect([other.status, other.body.field]).toEqual([404, 'volunteerId']);
    expect(await count('volunteer_hours')).toBe(before);
    expect((await villageB.get(`/api/v1/volunteers/hours?volunteerId=${volunteerId}`)).status).toBe(404);
    expect((await villageB.get(`/api/v1/volunteers/${volunteerId}/orders`)).status).toBe(404);
  });

  it('books the hours of a service order dispatched to her account and answered, once', async () => {
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
    // not yet hers: refused, naming the order
    const early = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 1,
      demandId: d.id,
      note: 'x',
    });
    expect([early.status, early.body.field]).toEqual([400, 'demandId']);
    expect((await act(villageA, { action: 'dispatch', assigneeUserId: volUser })).status).toBe(200);
    expect((await act(vol, { action: 'accept' })).status).toBe(200);
    const unanswered = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 1,
      demandId: d.id,
      note: 'x',
    });
    expect([unanswered.status, unanswered.body.field]).toEqual([400, 'demandId']);
    expect((await act(vol, { action: 'reply', reply: '已上门讲解赡养义务' })).status).toBe(200);
    const booked = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 1.5,
      demandId: d.id,
      note: '上门法律咨询',
    });
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ source: 'demand', sourceId: d.id, hours: 1.5 });
    const again = await villageA.post('/api/v1/volunteers/hours', {
      volunteerId,
      servedOn: today,
      hours: 1,
      demandId: d.id,
      note: 'x',
    });
    expect([again.status, again.body.field]).toEqual([409, 'demandId']);
    const orders = (await villageA.get(`/api/v1/volunteers/${volunteerId}/orders`)).body.items;
    expect(orders).toEqual([expect.objectContaining({ demandId: d.id, hoursRecorded: 1.5 })]);
    const ledger = (await town.get(`/api/v1/volunteers/hours?volunteerId=${volunteerId}`)).body.items;
    expect(ledger.map((h: any) => h.source).sort()).toEqual(['demand', 'other']);
  });
});

describe('hours from activities (the api the activities module calls in its transaction)', () => {
  it('books a volunteer’s service at an activity once per record; a person who is no volunteer gets nothing', async () => {
    const actor = await t.actor('village.a');
    const book = (personId: number, sourceId: number) =>
      runScoped(t.platform.handle, actor, (s) =>
        t.platform.modules.volunteers.recordActivityHours(s, '活动签到', {
          personId,
          orgId: A,
          servedOn: today,
          minutes: 90,
          sourceId,
          note: '家庭教育讲座志愿服务',
        }),
      );
    const before = await figures(town, TOWN);
    expect(await book(personA, 7001)).toBeGreaterThan(0);
    expect(await book(personA, 7001)).toBeNull();
    expect(await book(personA2, 7002)).toBeNull();
    const after = await figures(town, TOWN);
    expect(after.hours - before.hours).toBe(1.5);
    const ledger = (await town.get(`/api/v1/volunteers/hours?volunteerId=${volunteerId}`)).body.items;
    expect(ledger.filter((h: any) => h.source === 'activity')).toEqual([
      expect.objectContaining({ hours: 1.5, sourceId: 7001 }),
    ]);
  });
});

describe('call-ups (动员/下沉)', () => {
  let callUpId: number;
  const { startsAt: start, endsAt: end } = earlierToday(3, 2);

  it('the town asks a team and a 执委; each is told and answers on the web; a sibling village sees nothing', async () => {
    const r = await town.post('/api/v1/call-ups', {
      orgId: TOWN,
      title: '汛期转移群众',
      place: '驷马社区河堤',
      startsAt: start,
      endsAt: end,
      needed: 5,
      teamIds: [teamId],
      userIds: [execUser],
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ state: 'open', pending: 2, accepted: 0, canManage: true });
    expect(r.body.invitees.map((i: any) => i.name).sort()).toEqual(['李执委', '陈小红'].sort());
    callUpId = r.body.id;
    for (const c of [vol, exec]) {
      const notices = (await c.get('/api/v1/notifications')).body.items;
      expect(notices.some((n: any) => n.kind === 'volunteer.call_up' && n.target?.id === callUpId)).toBe(true);
    }
    const mine = (await vol.get('/api/v1/call-ups?mine=true')).body.items;
    expect(mine.map((c: any) => c.id)).toEqual([callUpId]);
    expect(mine[0].myInvitation.response).toBe('pending');
    expect(
      (await vol.post(`/api/v1/call-ups/${callUpId}/answer`, { response: 'accepted' })).body.myInvitation.response,
    ).toBe('accepted');
    expect((await exec.post(`/api/v1/call-ups/${callUpId}/answer`, { response: 'declined' })).status).toBe(200);
    const seen = (await town.get(`/api/v1/call-ups/${callUpId}`)).body;
    expect(seen).toMatchObject({ accepted: 1, declined: 1, pending: 0 });
    expect((await villageB.get(`/api/v1/call-ups/${callUpId}`)).status).toBe(404);
    expect((await villageB.post(`/api/v1/call-ups/${callUpId}/cancel`)).status).toBe(404);
    // someone not asked cannot answer; a volunteer cannot record attendance
    expect((await town.post(`/api/v1/call-ups/${callUpId}/answer`, { response: 'accepted' })).status).toBe(400);
    expect((await villageA.get(`/api/v1/call-ups/${callUpId}`)).status).toBe(404);
    expect((await vol.post(`/api/v1/call-ups/${callUpId}/attendance`, { attended: [] })).status).toBe(403);
  });

  it('refuses an end before the start and nobody to ask, writing nothing', async () => {
    const before = await count('call_ups');
    const base = { orgId: TOWN, title: '测试动员', place: '社区', needed: 2, teamIds: [teamId] };
    const backwards = await town.post('/api/v1/call-ups', { ...base, startsAt: end, endsAt: start });
    expect([backwards.status, backwards.body.field]).toEqual([400, 'endsAt']);
    const nobody = await town.post('/api/v1/call-ups', { ...base, teamIds: [], startsAt: start, endsAt: end });
    expect([nobody.status, nobody.body.field]).toEqual([400, 'teamIds']);
    const outside = await villageB.post('/api/v1/call-ups', { ...base, orgId: B, startsAt: start, endsAt: end });
    expect([outside.status, outside.body.field]).toEqual([404, 'teamIds.0']);
    expect(await count('call_ups')).toBe(before);
  });

  it('records who came: the volunteer gets the hours, the call-up closes, answers are then refused', async () => {
    const c = (await town.get(`/api/v1/call-ups/${callUpId}`)).body;
    const hers = c.invitees.find((i: any) => i.volunteerId === volunteerId);
    const bad = await town.post(`/api/v1/call-ups/${callUpId}/attendance`, {
      attended: [{ inviteeId: 999999, hours: 2 }],
    });
    expect([bad.status, bad.body.field]).toEqual([404, 'attended.0.inviteeId']);
    const before = await figures(town, TOWN);
    const closed = await town.post(`/api/v1/call-ups/${callUpId}/attendance`, {
      attended: [{ inviteeId: hers.id, hours: 2 }],
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ state: 'closed', attended: 1 });
    const after = await figures(town, TOWN);
    expect(after.hours - before.hours).toBe(2);
    const ledger = (await town.get(`/api/v1/volunteers/hours?volunteerId=${volunteerId}`)).body.items;
    expect(ledger.find((h: any) => h.source === 'call_up')).toMatchObject({ hours: 2, note: '汛期转移群众' });
    expect((await town.post(`/api/v1/call-ups/${callUpId}/attendance`, { attended: [] })).status).toBe(409);
    expect((await vol.post(`/api/v1/call-ups/${callUpId}/answer`, { response: 'declined' })).status).toBe(409);
    expect((await town.post(`/api/v1/call-ups/${callUpId}/cancel`)).status).toBe(409);
  });

  it('the counters rebuilt from the records equal the live ones', async () => {
    const live = await t.sql(
      `select node_id, metric, grain, day::text, value from stat_counters where metric like 'volunteers.%' order by 1, 2, 3, 4`,
    );
    await rebuildCounters(t.platform.handle, [volunteerStatSource]);
    const rebuilt = await t.sql(
      `select node_id, metric, grain, day::text, value from stat_counters where metric like 'volunteers.%' order by 1, 2, 3, 4`,
    );
    expect(rebuilt).toEqual(live);
  });
});
