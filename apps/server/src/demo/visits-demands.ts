import { sql } from 'drizzle-orm';
import {
  DEFAULT_OFFICE_HOURS,
  maskPhone,
  permissionsOf,
  type DemandTransitionInput,
  type Role,
} from '@jinguo/contracts';
import { createWorkCalendar, readScheduleFiles } from '../platform/calendar/index.js';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { createFiles } from '../platform/files/index.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { createDemandsServices } from '../modules/demands/index.js';
import { serviceItems } from '../modules/demands/demands.tables.js';
import { residents } from '../modules/portal/portal.tables.js';
import { createVisitsServices } from '../modules/visits/index.js';
import { findPerson, personNames } from '../modules/people/index.js';

/** The demo resident of the portal (README): her one-time code appears on the 开发短信 page and in the server log. */
export const DEMO_RESIDENT_PHONE = '13800000001';

const DAY = 86_400_000;

/**
 * Visits and demands for the demo: catalogues of 汉丰街道 and 驷马社区, the district's current 三访 campaign with visits,
 * the demo resident with her orders, and demands in every state of every route — including one left unanswered past
 * its deadline, which the sweeper escalates to 汉丰街道 (督办) as soon as the server starts.
 */
export async function addDemoVisitsAndDemands(
  s: Scoped,
  deps: { handle: DbHandle; crypto: FieldCrypto; today: string },
) {
  const org = async (code: string) =>
    (
      await queryRows<{ id: number; path: string; district_id: number }>(
        s.tx,
        sql`select id, path::text as path, district_id from organizations where code = ${code}`,
      )
    )[0];
  const [simaOrg, yongxingOrg, hanfengOrg, kaizhouOrg] = [
    await org('500154001001'),
    await org('500154001002'),
    await org('500154001'),
    await org('500154'),
  ];
  if (!simaOrg || !hanfengOrg || !kaizhouOrg || !yongxingOrg) return;
  const SIMA = Number(simaOrg.id),
    HANFENG = Number(hanfengOrg.id),
    KAIZHOU = Number(kaizhouOrg.id),
    YONGXING = Number(yongxingOrg.id);
  const calendar = createWorkCalendar(readScheduleFiles());
  const { demands } = createDemandsServices({
    handle: deps.handle,
    crypto: deps.crypto,
    calendar,
    today: () => deps.today,
    people: { findPerson },
  });
  const visitsModule = createVisitsServices({
    handle: deps.handle,
    today: () => deps.today,
    files: createFiles({ crypto: deps.crypto }),
    demands: demands.intake,
    people: { findPerson, personNames },
  });

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
    sql`
    select u.id, u.username, u.display_name, u.roles, u.org_id, u.org_path::text as path, o.type from users u join organizations o on o.id = u.org_id
    where u.username in ('village.a', 'village.a.member', 'village.a.volunteer', 'village.b', 'hanfeng.cadre', 'kaizhou.cadre')`,
  )) {
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
  }
  const actor = (name: string) => actors.get(name)!;
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });

  // 服务清单 of 驷马社区 and 汉丰街道
  const hours = (days: number[], from: string, to: string) => [{ days, from, to }];
  const items = await s.tx
    .insert(serviceItems)
    .values(
      [
        {
          orgId: SIMA,
          category: 'legal_advice',
          name: '婚姻家庭法律咨询',
          description: '律师志愿者每周两次驻点，解答婚姻、继承、抚养等法律问题',
          provider: '驷马社区妇女之家',
          place: '驷马社区党群服务中心二楼',
          openingHours: hours([2, 4], '09:00', '11:30'),
          weeklyCapacity: 10,
        },
        {
          orgId: SIMA,
          category: 'family_education',
          name: '家庭教育指导',
          description: '家长学校老师一对一指导亲子沟通、学习习惯',
          provider: '驷马社区家长学校',
          place: '驷马社区家长学校',
          openingHours: hours([6], '14:00', '17:00'),
          weeklyCapacity: 20,
        },
        {
          orgId: SIMA,
          category: 'skills_training',
          name: '巾帼家政技能培训报名',
          description: '育婴、养老护理、收纳整理培训，结业推荐就业',
          provider: '巴渝大姐家政服务站',
          place: '驷马社区妇女之家',
          openingHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
          weeklyCapacity: 30,
        },
        {
          orgId: SIMA,
          category: 'childcare',
          name: '托育信息咨询',
          description: '辖区普惠托育机构名额、收费与补贴政策',
          provider: '驷马社区妇联',
          place: null,
          openingHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
          weeklyCapacity: null,
        },
        {
          orgId: HANFENG,
          category: 'psychological',
          name: '心理疏导预约',
          description: '专业心理咨询师面谈，保护隐私',
          provider: '汉丰街道妇女儿童维权站',
          place: '汉丰街道综治中心',
          openingHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
          weeklyCapacity: 15,
        },
        {
          orgId: HANFENG,
          category: 'marriage_mediation',
          name: '婚姻家庭纠纷调解',
          description: '婚调员上门或到站调解家庭矛盾',
          provider: '汉丰街道婚姻家庭纠纷调解室',
          place: '汉丰街道综治中心',
          openingHours: hours([1, 2, 3, 4, 5], '09:00', '17:00'),
          weeklyCapacity: 10,
        },
        {
          orgId: HANFENG,
          category: 'employment',
          name: '就业推荐',
          description: '对接辖区企业岗位，优先推荐困难妇女',
          provider: '汉丰街道妇联',
          place: null,
          openingHours: [],
          weeklyCapacity: null,
        },
        {
          orgId: HANFENG,
          category: 'rights',
          name: '妇女儿童维权咨询',
          description: '反家暴、人身安全保护令申请指引',
          provider: '汉丰街道妇女儿童维权站',
          place: '汉丰街道综治中心',
          openingHours: hours([1, 2, 3, 4, 5], '08:30', '17:30'),
          weeklyCapacity: null,
        },
      ].map((i) => ({
        ...i,
        orgPath: i.orgId === SIMA ? simaOrg.path : hanfengOrg.path,
        districtId: Number(simaOrg.district_id),
      })),
    )
    .returning({ id: serviceItems.id, name: serviceItems.name, category: serviceItems.category });
  const item = (name: string) => items.find((i) => i.name === name)!;

  // the district's current 三访 campaign
  const dayAgo = (n: number) => new Date(Date.parse(`${deps.today}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
  const campaign = await visitsModule.campaigns.launchIn(as(actor('kaizhou.cadre')), actor('kaizhou.cadre'), {
    orgId: KAIZHOU,
    name: '冬春"大下访、大走访、大询访"活动',
    startsOn: dayAgo(28),
    endsOn: dayAgo(-120),
    description:
      '区妇联干部走访受助对象和先进典型，镇街、村社妇联干部和执委走访困难妇女、新婚新育家庭和困境儿童，了解需求、解决问题。',
    targets: [
      {
        level: 'district',
        targetGroups: ['受助对象', '先进典型', '基层妇联干部'],
        visitorRoles: ['cadre'],
        plannedPerOrg: 10,
        plannedPerVisitor: 3,
      },
      {
        level: 'town',
        targetGroups: ['困难妇女', '新领域组织'],
        visitorRoles: ['cadre'],
        plannedPerOrg: 8,
        plannedPerVisitor: 4,
      },
      {
        level: 'village',
        targetGroups: ['困难妇女', '新婚新育家庭', '留守儿童', '困境儿童'],
        visitorRoles: ['cadre', 'executive_member'],
        plannedPerOrg: 12,
        plannedPerVisitor: 4,
      },
    ],
  });

  const people = await queryRows<{ id: number; name: string }>(
    s.tx,
    sql`select id, name from persons where org_id = ${SIMA} and status = 'active' and gender = 'female' order by id limit 8`,
  );
  const p = (i: number) => Number(people[i % Math.max(1, people.length)]?.id);
  if (!people.length) return;
  const visit = (who: string, input: Parameters<typeof visitsModule.visits.createIn>[2]) =>
    visitsModule.visits.createIn(as(actor(who)), actor(who), input);
  await visit('village.a', {
    orgId: SIMA,
    campaignId: campaign.id,
    kind: 'campaign',
    visitedOn: dayAgo(20),
    place: '驷马社区3组',
    visitorUserIds: [],
    personIds: [p(0)],
    familyIds: [],
    orgIds: [],
    situation: '丈夫去年病故，独自抚养两个孩子，靠打零工维持生活，孩子上学开支压力大。',
    needs: [
      {
        category: 'hardship_aid',
        urgency: 'ordinary',
        title: '申请困难帮扶',
        description: '希望帮忙申请临时救助和春蕾计划',
        toDemand: true,
      },
    ],
    followUpOn: dayAgo(-10),
  });
  await visit('village.a', {
    orgId: SIMA,
    campaignId: campaign.id,
    kind: 'campaign',
    visitedOn: dayAgo(12),
    place: '驷马社区8栋',
    visitorUserIds: [],
    personIds: [p(1)],
    familyIds: [],
    orgIds: [],
    situation: '新婚不久，计划生育二孩，关心托育和产后就业。',
    needs: [],
    followUpOn: null,
  });
  await visit('village.a', {
    orgId: SIMA,
    campaignId: campaign.id,
    kind: 'campaign',
    visitedOn: dayAgo(5),
    place: '驷马社区留守儿童之家',
    visitorUserIds: [],
    personIds: [p(2), p(3)],
    familyIds: [],
    orgIds: [],
    situation: '祖孙二人生活，孩子成绩下滑，老人身体不好。',
    needs: [
      {
        category: 'family_education',
        urgency: 'ordinary',
        title: '孩子课业辅导',
        description: '希望安排大学生志愿者周末辅导',
        toDemand: true,
      },
    ],
    followUpOn: dayAgo(-20),
  });
  await visit('village.a.member', {
    orgId: SIMA,
    campaignId: campaign.id,
    kind: 'campaign',
    visitedOn: dayAgo(3),
    place: '第2网格 联系户',
    visitorUserIds: [],
    personIds: [p(4)],
    familyIds: [],
    orgIds: [],
    situation: '执委"七个一"每月联系：家庭和睦，丈夫在外务工，本人想学电商。',
    needs: [
      {
        category: 'skills_training',
        urgency: 'ordinary',
        title: '电商直播培训',
        description: '想参加网姐直播带货培训',
        toDemand: true,
      },
    ],
    followUpOn: null,
  });
  await visit('hanfeng.cadre', {
    orgId: SIMA,
    campaignId: campaign.id,
    kind: 'campaign',
    visitedOn: dayAgo(8),
    place: '驷马社区妇女之家',
    visitorUserIds: [],
    personIds: [],
    familyIds: [],
    orgIds: [SIMA],
    situation: '检查妇女之家活动开展情况，家长学校课程安排合理。',
    needs: [],
    followUpOn: null,
  });

  // the demo resident of the portal
  const [resident] = await s.tx
    .insert(residents)
    .values({
      phoneEnc: deps.crypto.encrypt(DEMO_RESIDENT_PHONE),
      phoneHash: deps.crypto.lookupHash(DEMO_RESIDENT_PHONE),
      phoneMasked: maskPhone(DEMO_RESIDENT_PHONE),
      nickname: '王女士',
      orgId: SIMA,
      orgPath: simaOrg.path,
      districtId: Number(simaOrg.district_id),
    })
    .returning();
  const byResident = {
    kind: 'resident' as const,
    residentId: resident!.id,
    name: `群众 ${maskPhone(DEMO_RESIDENT_PHONE)}`,
  };

  // demands in every state of every route
  const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
  const open = (
    who: string,
    input: Omit<Parameters<typeof demands.intake.openDemand>[1], 'orgId'> & { orgId?: number },
  ) => demands.intake.openDemand(as(actor(who)), { orgId: SIMA, ...input });
  /*
   * Staff act in office hours: the first step half an office hour after the demand came in (signed for in time, as
   * most are), the next ones half a day, a day and a day and a half of office time later — never later than now.
   * `stepLate` takes a busy morning: signed for three office hours after it came in, past the 2-hour deadline.
   */
  const stepAfter =
    (officeHours: number[]) =>
    async (who: string, d: { id: number; receivedAt: Date }, ...inputs: DemandTransitionInput[]) => {
      for (const [k, input] of inputs.entries()) {
        const planned = calendar.addOfficeHours(d.receivedAt, officeHours[k]!, DEFAULT_OFFICE_HOURS).at;
        const at = new Date(Math.min(planned.getTime(), Date.now() - (inputs.length - k) * 60_000));
        await demands.applyTransition(as(actor(who)), actor(who), d.id, input, { at });
      }
    };
  const step = stepAfter([0.5, 3.5, 7, 10.5]);
  const stepLate = stepAfter([3, 6.5, 10]);
  const phone = (n: number) => `1390000${String(1000 + n)}`;

  await open('village.a', {
    source: 'online',
    category: 'legal_advice',
    urgency: 'ordinary',
    title: '婚姻家庭法律咨询',
    description: '想咨询婚后购房的产权登记问题',
    residentId: resident!.id,
    requesterName: '王女士',
    contactPhone: DEMO_RESIDENT_PHONE,
    serviceItemId: item('婚姻家庭法律咨询').id,
    receivedAt: hoursAgo(1),
    by: byResident,
  });
  const replied = await open('village.a', {
    source: 'online',
    category: 'family_education',
    urgency: 'ordinary',
    title: '家庭教育指导',
    description: '孩子沉迷手机，不知道怎么沟通',
    residentId: resident!.id,
    requesterName: '王女士',
    contactPhone: DEMO_RESIDENT_PHONE,
    serviceItemId: item('家庭教育指导').id,
    receivedAt: hoursAgo(50),
    by: byResident,
  });
  await step(
    'village.a',
    replied,
    { action: 'accept' },
    { action: 'reply', reply: '已为您预约本周六下午家长学校一对一指导，请带孩子一同参加。' },
  );
  const closed = await open('village.a', {
    source: 'online',
    category: 'skills_training',
    urgency: 'ordinary',
    title: '巾帼家政技能培训报名',
    description: '想报名育婴师培训',
    residentId: resident!.id,
    requesterName: '王女士',
    contactPhone: DEMO_RESIDENT_PHONE,
    serviceItemId: item('巾帼家政技能培训报名').id,
    receivedAt: hoursAgo(240),
    by: byResident,
  });
  await step(
    'village.a',
    closed,
    { action: 'accept' },
    { action: 'reply', reply: '已报名 12 月育婴师培训班。' },
    { action: 'rate', rating: 'satisfied', comment: '回访：很满意' },
  );

  const signed = await open('village.a', {
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0001',
    category: 'marriage_mediation',
    urgency: 'ordinary',
    title: '夫妻长期争吵要求调解',
    description: '来电人称与丈夫因赡养老人问题长期争吵',
    requesterName: '刘女士',
    contactPhone: phone(1),
    receivedAt: hoursAgo(5),
  });
  await step('village.a', signed, { action: 'sign', note: '已回电约定上门时间' });
  const dispatched = await open('village.a', {
    source: 'walk_in',
    category: 'hardship_aid',
    urgency: 'urgent',
    title: '独居老人家中漏雨',
    description: '孙女来访反映奶奶家屋顶漏雨，需要帮忙联系维修',
    requesterName: '陈女士',
    contactPhone: phone(2),
    receivedAt: hoursAgo(3),
  });
  await step('village.a', dispatched, {
    action: 'dispatch',
    assigneeUserId: actor('village.a.volunteer').userId,
    note: '请志愿者先上门查看',
  });
  const accepted = await open('village.a', {
    source: 'grid_report',
    category: 'rights',
    urgency: 'urgent',
    title: '网格员发现疑似家庭暴力',
    description: '网格员入户时发现当事人面部有伤，当事人不愿多谈',
    requesterName: '网格员 周某',
    receivedAt: hoursAgo(6),
  });
  await step('village.a', accepted, { action: 'accept', note: '已联系维权站，当日回访' });
  const transferred = await open('village.a', {
    source: 'walk_in',
    category: 'employment',
    urgency: 'ordinary',
    title: '失业保险金申领',
    description: '企业关停后失业，不清楚如何申领失业保险金',
    requesterName: '黄女士',
    contactPhone: phone(3),
    receivedAt: hoursAgo(30),
  });
  await step('village.a', transferred, {
    action: 'transfer',
    department: '开州区人力资源和社会保障局',
    departmentContact: '就业服务中心 窗口 3',
    answerDueOn: dayAgo(-5),
  });
  const answered = await open('village.a', {
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0002',
    category: 'policy',
    urgency: 'ordinary',
    title: '两癌救助申请条件',
    description: '低保户查出乳腺癌，咨询救助条件',
    requesterName: '吴女士',
    contactPhone: phone(4),
    receivedAt: hoursAgo(72),
  });
  await stepLate(
    'village.a',
    answered,
    { action: 'transfer', department: '开州区民政局' },
    { action: 'answer', answer: '符合条件，可在户籍地社区提交诊断证明和低保证明，由妇联初审。' },
  );
  const suggested = await open('village.a', {
    source: 'deliberation',
    category: 'childcare',
    urgency: 'complex',
    title: '社区缺少普惠托育点',
    description: '妇女议事会提出：双职工家庭 3 岁以下婴幼儿无处托管',
    receivedAt: hoursAgo(120),
  });
  await step('village.a', suggested, {
    action: 'suggest',
    suggestion: '建议在驷马社区党群服务中心增设普惠性托育点，由街道统筹场地和运营补贴。',
  });
  const reopened = await open('village.a', {
    source: 'visit',
    category: 'hardship_aid',
    urgency: 'ordinary',
    title: '残疾妇女就业帮扶',
    description: '走访发现肢体残疾妇女希望居家就业',
    requesterName: '谭女士',
    receivedAt: hoursAgo(200),
  });
  await step(
    'village.a',
    reopened,
    { action: 'accept' },
    { action: 'reply', reply: '已推荐手工编织居家就业项目' },
    { action: 'rate', rating: 'unsatisfied', comment: '回访：项目收入太低，希望另找' },
  );
  const cancelled = await open('village.a', {
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0003',
    category: 'other',
    urgency: 'ordinary',
    title: '重复来电',
    description: '与 12338-KZ-0001 为同一事项',
    receivedAt: hoursAgo(4),
  });
  await step('village.a', cancelled, { action: 'cancel', note: '重复登记，已并入前一工单' });
  await open('village.a', {
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0004',
    category: 'psychological',
    urgency: 'ordinary',
    title: '产后情绪低落求助',
    description: '来电人产后三个月，经常失眠哭泣',
    requesterName: '杨女士',
    contactPhone: phone(5),
    receivedAt: hoursAgo(0.5),
  });
  // left unanswered past its 7-working-day deadline: the sweeper escalates it to 汉丰街道 (督办) at start
  await open('village.a', {
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0005',
    category: 'hardship_aid',
    urgency: 'ordinary',
    title: '困难家庭冬季取暖',
    description: '来电人家中无取暖设备，孩子冬天常感冒',
    requesterName: '李女士',
    contactPhone: phone(6),
    receivedAt: new Date(Date.now() - 16 * DAY),
  });
  await open('village.b', {
    orgId: YONGXING,
    source: 'walk_in',
    category: 'legal_advice',
    urgency: 'ordinary',
    title: '土地承包权益咨询',
    description: '出嫁后娘家村里收回承包地，咨询权益',
    requesterName: '何女士',
    contactPhone: phone(7),
    receivedAt: hoursAgo(26),
  });
  await open('hanfeng.cadre', {
    orgId: HANFENG,
    source: 'hotline_12338',
    sourceRef: '12338-KZ-0006',
    category: 'rights',
    urgency: 'emergency',
    title: '遭受家暴紧急求助',
    description: '来电人称正遭受丈夫殴打，已报警',
    requesterName: '匿名来电',
    receivedAt: hoursAgo(0.2),
  });
}
