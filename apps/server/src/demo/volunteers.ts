import { sql } from 'drizzle-orm';
import { DEFAULT_OFFICE_HOURS, permissionsOf, type Role } from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { createFiles } from '../platform/files/index.js';
import { createWorkCalendar, readScheduleFiles } from '../platform/calendar/index.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { addDays } from '../platform/time.js';
import { answeredOrdersOf, assignedOrder, createDemandsServices } from '../modules/demands/index.js';
import { createDutiesServices } from '../modules/duties/index.js';
import { findPerson, personNames } from '../modules/people/index.js';
import { createVisitsServices } from '../modules/visits/index.js';
import { createVolunteersServices } from '../modules/volunteers/index.js';
import { EXTENSIONS } from '../platform.js';

/**
 * Volunteers and 执委 duties for the demo, through the modules' own use cases: 驷马社区's 巾帼志愿服务队 and 汉丰街道's
 * 巾帼宣讲队 with their volunteers and hours (by hand, on the service order the demo volunteer answered, from a call-up),
 * a closed and an open call-up of 汉丰街道, and 汉丰街道's "七个一" checklist with 驷马社区's 执委 half-way through it.
 */
export async function addDemoVolunteersAndDuties(
  s: Scoped,
  deps: { handle: DbHandle; crypto: FieldCrypto; today: string },
) {
  const today = () => deps.today;
  const ago = (n: number) => addDays(deps.today, -n);
  const actors = new Map<string, UserActor>();
  for (const u of await queryRows<{
    id: number;
    username: string;
    display_name: string;
    roles: Role[];
    org_id: number;
    path: string;
    type: string;
  }>(
    s.tx,
    sql`select u.id, u.username, u.display_name, u.roles, u.org_id, u.org_path::text as path, o.type
      from users u join organizations o on o.id = u.org_id
      where u.username in ('village.a', 'village.a.member', 'village.a.volunteer', 'hanfeng.cadre')`,
  ))
    actors.set(u.username, {
      kind: 'user',
      userId: Number(u.id),
      username: u.username,
      displayName: u.display_name,
      roles: u.roles,
      permissions: new Set(permissionsOf(u.roles)),
      homeOrgId: Number(u.org_id),
      homePath: u.path,
      scope: { orgId: Number(u.org_id), path: u.path, orgType: u.type },
      request: { ip: null, userAgent: 'demo data', requestId: 'demo-data' },
      session: { tokenHash: '', csrfToken: '' },
    });
  if (actors.size < 4) return;
  const actor = (name: string) => actors.get(name)!;
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });
  const [village, town, member, volunteerUser] = [
    actor('village.a'),
    actor('hanfeng.cadre'),
    actor('village.a.member'),
    actor('village.a.volunteer'),
  ];
  const SIMA = village.homeOrgId;
  const HANFENG = town.homeOrgId;
  const m = createVolunteersServices({
    handle: deps.handle,
    today,
    people: { findPerson },
    orders: { assignedOrder, answeredOrdersOf },
  });

  const serviceTeam = await m.volunteers.createTeamIn(as(village), village, {
    orgId: SIMA,
    kind: 'volunteer',
    name: '驷马社区巾帼志愿服务队',
    description: '法律咨询、家庭教育、助老助残，每周六驻点妇女之家',
    foundedOn: '2023-03-05',
  });
  const talkTeam = await m.volunteers.createTeamIn(as(town), town, {
    orgId: HANFENG,
    kind: 'talk',
    name: '汉丰街道巾帼宣讲队',
    description: '宣讲党的创新理论、妇女儿童权益保障法、家庭家教家风',
    foundedOn: '2022-05-04',
  });
  const persons = await queryRows<{ id: number }>(
    s.tx,
    sql`select id from persons where org_id = ${SIMA} and status = 'active' and gender = 'female' order by id desc limit 5`,
  );
  const skills = [
    ['legal', 'mediation'],
    ['family_education', 'talks'],
    ['elder_care', 'health'],
    ['childcare'],
    ['ecommerce', 'talks'],
  ] as const;
  const registered = [];
  for (const [i, p] of persons.entries())
    registered.push(
      // registered by the street: its 宣讲队 takes members from its villages
      await m.volunteers.registerIn(as(town), town, {
        orgId: SIMA,
        personId: Number(p.id),
        userId: i === 0 ? volunteerUser.userId : null,
        skills: [...skills[i % skills.length]!],
        availability: i % 2 ? ['weekend', 'holidays'] : ['weekday_evening', 'weekend'],
        joinedOn: ago(400 - i * 30),
        teamIds: skills[i % skills.length]!.includes('talks' as never)
          ? [serviceTeam.id, talkTeam.id]
          : [serviceTeam.id],
      }),
    );
  const notes = [
    '妇女之家法律咨询驻点',
    '留守儿童周末课业辅导',
    '独居老人探访',
    '社区家庭教育讲座助教',
    '电商直播公益培训',
  ];
  for (const [i, v] of registered.entries())
    for (let k = 0; k < 3; k++)
      await m.hours.recordIn(as(village), village, {
        volunteerId: v.id,
        servedOn: ago(7 + k * 21 + i * 3),
        hours: [2, 3, 1.5, 4][(i + k) % 4]!,
        note: notes[(i + k) % notes.length]!,
      });

  // a service order of 驷马社区 sent to the demo volunteer last week: she went, answered, and the village books her hours
  // (the order visits-demands sends her stays dispatched: the demo keeps a demand in every state)
  const calendar = createWorkCalendar(readScheduleFiles());
  const { demands } = createDemandsServices({
    handle: deps.handle,
    crypto: deps.crypto,
    calendar,
    today,
    people: { findPerson },
  });
  const order = await demands.intake.createDemand(as(village), {
    orgId: SIMA,
    source: 'walk_in',
    category: 'family_education',
    urgency: 'ordinary',
    title: '孩子周末作业辅导',
    description: '双职工家庭，希望志愿者周末辅导孩子作业',
    requesterName: '刘女士',
    receivedAt: new Date(Date.parse(`${ago(8)}T10:00:00+08:00`)),
  });
  if (registered[0]) {
    // dispatched within the hour, taken up that day, answered after the visit (never later than now)
    const received = new Date(order.receivedAt);
    const at = (officeHours: number, k: number) =>
      new Date(
        Math.min(
          calendar.addOfficeHours(received, officeHours, DEFAULT_OFFICE_HOURS).at.getTime(),
          Date.now() - (3 - k) * 60_000,
        ),
      );
    await demands.applyTransition(
      as(village),
      village,
      order.id,
      { action: 'dispatch', assigneeUserId: volunteerUser.userId, note: '请志愿者周六上门' },
      { at: at(0.5, 0) },
    );
    await demands.applyTransition(as(volunteerUser), volunteerUser, order.id, { action: 'accept' }, { at: at(3, 1) });
    await demands.applyTransition(
      as(volunteerUser),
      volunteerUser,
      order.id,
      { action: 'reply', reply: '已上门辅导两小时，约好每周六继续' },
      { at: at(13, 2) },
    );
    await m.hours.recordIn(as(village), village, {
      volunteerId: registered[0].id,
      servedOn: deps.today,
      hours: 2,
      demandId: order.id,
      note: '周末作业辅导',
    });
  }

  // call-ups of 汉丰街道: last week's flood watch (held, who came recorded) and next week's (answers coming in)
  const at = (day: string, hour: number) =>
    new Date(Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
  const held = await m.callUps.createIn(as(town), town, {
    orgId: HANFENG,
    title: '汛期河堤巡查值守',
    description: '汉丰湖沿岸社区巡查，劝离亲水游客，协助转移低洼住户',
    place: '驷马社区滨湖段',
    startsAt: at(ago(6), 8),
    endsAt: at(ago(6), 12),
    needed: 4,
    teamIds: [serviceTeam.id],
    volunteerIds: [],
    userIds: [member.userId],
  });
  // the 执委 and three volunteers said yes; she and two of them came
  const theMember = held.invitees.find((inv) => inv.userId === member.userId)!;
  const yes = [theMember, ...held.invitees.filter((inv) => inv !== theMember).slice(0, 3)];
  for (const inv of yes) await m.callUps.answerIn(as(town), town, held.id, { response: 'accepted', inviteeId: inv.id });
  await m.callUps.recordAttendanceIn(as(town), town, held.id, {
    attended: yes.slice(0, 3).map((inv) => ({ inviteeId: inv.id, hours: 4 })),
  });
  const next = await m.callUps.createIn(as(town), town, {
    orgId: HANFENG,
    title: '社区疫苗接种秩序引导',
    description: '协助卫生院引导老人和儿童有序接种',
    place: '汉丰街道社区卫生服务中心',
    startsAt: at(addDays(deps.today, 5), 9),
    endsAt: at(addDays(deps.today, 5), 12),
    needed: 6,
    teamIds: [serviceTeam.id],
    volunteerIds: [],
    userIds: [member.userId],
  });
  await m.callUps.answerIn(as(volunteerUser), volunteerUser, next.id, { response: 'accepted' });

  // 汉丰街道's "七个一" for the year, and 驷马社区's 执委 about half-way: her visits, one project, one call-up
  const year = Number(deps.today.slice(0, 4));
  const d = createDutiesServices({ handle: deps.handle, today, extensions: EXTENSIONS });
  await d.duties.saveChecklistIn(as(town), town, {
    orgId: HANFENG,
    year,
    name: '七个一',
    items: [
      { kind: 'visits.made', label: '每年走访 8 次', target: 8 },
      { kind: 'visits.households', label: '联系 6 户家庭', target: 6 },
      { kind: 'duties.projects_led', label: '领办 1 个项目', target: 1 },
      { kind: 'duties.people_served', label: '项目服务 50 人', target: 50 },
      { kind: 'volunteers.call_ups', label: '参加 2 次动员下沉', target: 2 },
    ],
  });
  const visits = createVisitsServices({
    handle: deps.handle,
    today,
    files: createFiles({ crypto: deps.crypto }),
    demands: demands.intake,
    people: { findPerson, personNames },
  });
  const contacts = persons.slice(1, 4);
  for (const [i, p] of contacts.entries())
    await visits.visits.createIn(as(member), member, {
      orgId: SIMA,
      kind: 'routine',
      visitedOn: ago(20 + i * 25),
      place: `第${i + 1}网格 联系户`,
      visitorUserIds: [],
      personIds: [Number(p.id)],
      familyIds: [],
      orgIds: [],
      situation: [
        '家庭和睦，孩子在外读书，本人身体尚好。',
        '丈夫外出务工，关心孩子暑期托管。',
        '想参加巾帼家政培训，已告知报名方式。',
      ][i]!,
      needs: [],
      followUpOn: null,
    });
  await d.projects.createIn(as(member), member, {
    orgId: SIMA,
    name: '驷马社区"四点半课堂"',
    description: '放学后为双职工和留守家庭孩子提供作业辅导和安全看护',
    startedOn: ago(90),
    peopleServed: 28,
  });
}
