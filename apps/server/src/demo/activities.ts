import { sql } from 'drizzle-orm';
import { permissionsOf, type ActivityInput, type Role } from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { createFiles } from '../platform/files/index.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { createActivitiesServices, type Attendee } from '../modules/activities/index.js';
import { activityAttendance, trainingRecords } from '../modules/activities/activities.tables.js';
import * as spaces from '../modules/organizations/organizations.tables.js';
import { findPerson, personByPhoneHash } from '../modules/people/index.js';
import { DEMO_RESIDENT_PHONE } from './visits-demands.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Activities for the demo, in 驷马社区 and 汉丰街道, one in every state: a lecture planned, a talk open for registration
 * (the demo resident registered), a children's programme today whose QR check-in is open now, a volunteer service held
 * yesterday, a job fair summarised last month, a contest cancelled, and a 领头雁 training of the street's 执委 with
 * hours on their training records. Attendees are registry women of 驷马社区 (their phones), so their timelines show it.
 */
export async function addDemoActivities(s: Scoped, deps: { handle: DbHandle; crypto: FieldCrypto; today: string }) {
  const org = async (code: string) =>
    (await queryRows<{ id: number }>(s.tx, sql`select id from organizations where code = ${code}`))[0]?.id;
  const [SIMA, HANFENG] = [await org('500154001001'), await org('500154001')];
  if (!SIMA || !HANFENG) return;
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
    sql`select u.id, u.username, u.display_name, u.roles, u.org_id, u.org_path::text as path, o.type from users u
      join organizations o on o.id = u.org_id where u.username in ('village.a', 'hanfeng.cadre')`,
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
  const sima = actors.get('village.a');
  const hanfeng = actors.get('hanfeng.cadre');
  if (!sima || !hanfeng) return;
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });
  const services = createActivitiesServices({
    handle: deps.handle,
    crypto: deps.crypto,
    files: createFiles({ crypto: deps.crypto }),
    today: () => deps.today,
    now: () => new Date(),
    organizations: { findSpace: orgRepositorySpace, spacesWithin: async () => [], findPublicOrg: async () => null },
    people: { findPerson, personByPhoneHash },
    portal: { residentContact: async () => null },
    // the demo summarises no volunteer service (its volunteer hours are the volunteers loader's)
    volunteers: { recordActivityHours: async () => null },
  });

  // Registry women of 驷马社区 with a phone: the attendees.
  const women = (
    await queryRows<{ id: number; name: string; phone_enc: string }>(
      s.tx,
      sql`select id, name, phone_enc from persons where org_id = ${SIMA} and phone_enc is not null and gender = 'female' order by id limit 40`,
    )
  ).map((p): Attendee => ({
    name: p.name,
    phone: deps.crypto.decrypt(p.phone_enc),
    personId: Number(p.id),
    residentId: null,
    source: 'cadre',
  }));
  const spaceOf = async (orgId: number, type: string) =>
    (
      await s.tx
        .select({ id: spaces.orgSpaces.id })
        .from(spaces.orgSpaces)
        .where(sql`${spaces.orgSpaces.orgId} = ${orgId} and ${spaces.orgSpaces.type} = ${type}`)
    )[0]?.id ?? null;
  const home = await spaceOf(SIMA, 'womens_home');
  const school = await spaceOf(SIMA, 'parents_school');
  const now = Date.now();
  const at = (ms: number) => new Date(Math.floor((now + ms) / (5 * 60_000)) * 5 * 60_000).toISOString();
  const base = (a: UserActor, over: Partial<ActivityInput> & Pick<ActivityInput, 'kind' | 'title'>): ActivityInput => ({
    orgId: a.scope.orgId,
    topic: '',
    audience: '辖区妇女群众',
    spaceId: null,
    address: '驷马社区党群服务中心',
    startsAt: at(DAY),
    endsAt: at(DAY + 2 * HOUR),
    organiser: a.displayName.split(' ')[0]!,
    speakers: [],
    speakerPersonIds: [],
    partnerOrgIds: [],
    partners: '',
    ...over,
  });
  const plan = (a: UserActor, over: Parameters<typeof base>[1]) => services.activities.planIn(as(a), a, base(a, over));
  const checkIn = async (a: UserActor, id: number, who: Attendee[], atMs?: number) => {
    const row = await services.activities.requireActivityIn(as(a), id);
    for (const w of who) await services.checkIns.recordCheckIn(as(a), row, w);
    if (atMs !== undefined)
      await s.tx
        .update(activityAttendance)
        .set({ checkedInAt: new Date(now + atMs) })
        .where(sql`activity_id = ${id}`);
  };

  // planned
  await plan(sima, {
    kind: 'lecture',
    title: '家庭教育讲座：如何陪伴孩子度过青春期',
    topic: '青春期亲子沟通与情绪管理',
    audience: '辖区家长',
    spaceId: school,
    startsAt: at(10 * DAY),
    endsAt: at(10 * DAY + 2 * HOUR),
    capacity: 60,
    speakers: ['开州区家庭教育指导中心 刘老师'],
    budgetYuan: 800,
  });
  // open for registration, the demo resident registered
  const talk = await plan(sima, {
    kind: 'talk',
    title: '巾帼宣讲：学习贯彻党的二十届四中全会精神',
    topic: '二十届四中全会精神进社区',
    spaceId: home,
    startsAt: at(5 * DAY),
    endsAt: at(5 * DAY + 90 * 60_000),
    capacity: 80,
    speakers: ['汉丰街道巾帼宣讲队 李红'],
  });
  await services.activities.transition(as(sima), sima, talk, 'open');
  const openTalk = await services.activities.requireActivityIn(as(sima), talk.id);
  for (const w of [
    { name: '黄女士', phone: DEMO_RESIDENT_PHONE, personId: null, residentId: null, source: 'cadre' as const },
    ...women.slice(0, 5),
  ])
    await services.checkIns.recordRegistration(as(sima), openTalk, w, sima.username);
  // today, check-in open now: the QR code works at once
  const today = await plan(sima, {
    kind: 'children',
    title: '渝苗合唱团 · 周末童声课堂',
    audience: '6-12 岁儿童及家长',
    spaceId: home,
    startsAt: at(30 * 60_000),
    endsAt: at(150 * 60_000),
    capacity: 40,
    partners: '开州区文化馆',
  });
  await services.activities.transition(as(sima), sima, today, 'open');
  const openToday = await services.activities.requireActivityIn(as(sima), today.id);
  for (const w of women.slice(5, 12)) await services.checkIns.recordRegistration(as(sima), openToday, w, sima.username);
  // held yesterday
  const service = await plan(sima, {
    kind: 'volunteer_service',
    title: '巾帼志愿者进小区：义诊与法律咨询',
    startsAt: at(-DAY),
    endsAt: at(-DAY + 3 * HOUR),
    partners: '开州区人民医院、开州区律师协会',
  });
  await checkIn(sima, service.id, women.slice(0, 12), -DAY + HOUR);
  // summarised last month
  const fair = await plan(hanfeng, {
    kind: 'job_fair',
    title: '春风行动 · 巾帼专场招聘会',
    address: '汉丰街道文化广场',
    startsAt: at(-30 * DAY),
    endsAt: at(-30 * DAY + 4 * HOUR),
    postsOffered: 120,
    budgetYuan: 5000,
    partners: '开州区人力资源和社会保障局',
  });
  await checkIn(hanfeng, fair.id, women.slice(10, 35), -30 * DAY + HOUR);
  await services.activities.summariseIn(as(hanfeng), hanfeng, fair.id, {
    summary: '32 家企业提供家政、电商、制造等岗位 120 个，现场达成就业意向 41 人，线上直播观看 300 余人次。',
    extraReached: 300,
  });
  // cancelled
  const contest = await plan(sima, {
    kind: 'contest',
    title: '巧手巾帼 · 手工编织技能赛',
    startsAt: at(3 * DAY),
    endsAt: at(3 * DAY + 3 * HOUR),
  });
  await services.activities.transition(as(sima), sima, contest, 'cancel');
  await s.tx.execute(
    sql`update activities set cancel_reason = '与社区防汛演练时间冲突，改期另行通知' where id = ${contest.id}`,
  );
  // a 领头雁 training of the street, with hours, and an external training on record
  const training = await plan(hanfeng, {
    kind: 'training',
    title: '"领头雁"执委履职能力培训',
    audience: '村（社区）妇联执委',
    address: '汉丰街道党群服务中心三楼会议室',
    startsAt: at(-14 * DAY),
    endsAt: at(-14 * DAY + 6 * HOUR),
    hours: 6,
    credits: 1,
    speakers: ['开州区妇联 陈部长'],
  });
  await checkIn(hanfeng, training.id, women.slice(0, 8), -14 * DAY + HOUR);
  for (const w of women.slice(0, 3)) {
    const p = (await findPerson(as(sima), w.personId!))!;
    await s.tx.insert(trainingRecords).values({
      personId: p.id,
      orgPath: p.orgPath,
      districtId: p.districtId,
      title: '重庆市妇联基层执委网络培训班',
      provider: '重庆市妇联',
      heldOn: new Date(now - 60 * DAY).toISOString().slice(0, 10),
      hours: 12,
      credits: 2,
      createdBy: sima.displayName,
    });
  }
}

const orgRepositorySpace = async (s: Scoped, id: number) => {
  const rows = await s.tx
    .select()
    .from(spaces.orgSpaces)
    .where(sql`${spaces.orgSpaces.id} = ${id}`);
  return rows[0] ?? null;
};
