import { maskName } from '@jinguo/contracts';
import { sql } from 'drizzle-orm';
import { addDays, chinaDate as chinaDay } from '../platform/time.js';
import { maskPhone, scoreRisk, type CaseState, type RiskIndicator } from '@jinguo/contracts';
import { bumpCounters } from '../platform/stats/index.js';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows } from '../platform/db/client.js';
import type { Scoped } from '../platform/scope.js';
import {
  agencyUsers,
  caseAssessments,
  caseAssignments,
  caseDetails,
  caseEvents,
  caseFollowUps,
  caseInstruments,
  caseMediations,
  caseNilReports,
  caseNumberCounters,
  caseParties,
  caseReferrals,
  cases,
  caseScreenings,
  caseServices,
  mediators,
  partnerAgencies,
} from '../modules/cases/cases.tables.js';

const DAY = 86_400_000;
const mask = maskName;

/** The agencies of 开州区 and their demo users (kaizhou.police, kaizhou.court, kaizhou.legalaid). */
export const DEMO_AGENCIES = [
  { name: '开州区公安局', kind: 'police', user: 'kaizhou.police' },
  { name: '开州区人民法院', kind: 'court', user: 'kaizhou.court' },
  { name: '开州区法律援助中心', kind: 'legal_aid', user: 'kaizhou.legalaid' },
  { name: '开州区人民检察院', kind: 'procuratorate', user: null },
  { name: '开州区民政局救助管理站', kind: 'civil_affairs', user: null },
  { name: '开州区教育委员会', kind: 'education', user: null },
  { name: '开州区卫生健康委员会', kind: 'health', user: null },
] as const;

/**
 * Rights-protection demo for 开州区/汉丰街道: partner agencies with their users, the mediator roster, and cases in every
 * state — a high-risk domestic-violence case referred to the police with a protection order, a mediation with an
 * agreement in its judicial-confirmation window, a mandatory report concerning a child, follow-ups — plus screenings
 * and a nil report, all counted in the five-mechanism figures.
 */
export async function addDemoCases(s: Scoped, crypto: FieldCrypto, today: string) {
  const [district] = await queryRows<{ id: number; path: string; district_id: number | null }>(
    s.tx,
    sql`select id, path::text as path, district_id from organizations where code = '500154'`,
  );
  const villages = await queryRows<{ id: number; path: string; district_id: number; name: string }>(
    s.tx,
    sql`
    select id, path::text as path, district_id, name from organizations where parent_id = (select id from organizations where code = '500154001') and type = 'village_federation' order by code limit 3`,
  );
  if (!district || villages.length < 3) return;
  const userId = async (username: string) =>
    Number((await queryRows<{ id: number }>(s.tx, sql`select id from users where username = ${username}`))[0]?.id ?? 0);
  const agencyIds = new Map<string, number>();
  for (const a of DEMO_AGENCIES) {
    const [row] = await s.tx
      .insert(partnerAgencies)
      .values({
        orgId: Number(district.id),
        orgPath: district.path,
        districtId: Number(district.district_id ?? district.id),
        name: a.name,
        kind: a.kind,
      })
      .returning();
    agencyIds.set(a.kind, row!.id);
    if (a.user) {
      const uid = await userId(a.user);
      if (uid) await s.tx.insert(agencyUsers).values({ userId: uid, agencyId: row!.id });
    }
  }
  const hanfengPath = villages[0]!.path.split('.').slice(0, -1).join('.');
  const hanfengId = Number(hanfengPath.split('.').pop());
  const mediatorUser = await userId('hanfeng.mediator');
  const [roster] = await s.tx
    .insert(mediators)
    .values([
      {
        orgId: hanfengId,
        orgPath: hanfengPath,
        districtId: villages[0]!.district_id,
        name: '汉丰街道 婚调员',
        userId: mediatorUser || null,
        specialty: '婚姻家庭纠纷',
      },
      {
        orgId: hanfengId,
        orgPath: hanfengPath,
        districtId: villages[0]!.district_id,
        name: '刘秀珍',
        userId: null,
        specialty: '家庭财产、赡养纠纷',
      },
    ])
    .returning();
  const worker = await userId('kaizhou.caseworker');
  const counsellor = await userId('hanfeng.counsellor');
  const women = await queryRows<{
    id: number;
    name: string;
    org_id: number;
    phone_masked: string | null;
    birth_date: string | null;
  }>(
    s.tx,
    sql`
    select id, name, org_id, phone_masked, birth_date from persons where org_id in (${villages[0]!.id}, ${villages[1]!.id}) and gender = 'female' and birth_date < '2000-01-01' order by id limit 12`,
  );
  const children = await queryRows<{ id: number; name: string; org_id: number }>(
    s.tx,
    sql`
    select id, name, org_id from persons where org_id in (${villages[0]!.id}, ${villages[1]!.id}) and birth_date > '2010-01-01' order by id limit 4`,
  );
  let seq = 0;
  const now = Date.now();

  async function addCase(spec: {
    village: number;
    type: string;
    channel: string;
    status: CaseState;
    daysAgo: number;
    narrative: string;
    indicators?: RiskIndicator[];
    victim: number | null;
    child?: number;
    intake?: Record<string, unknown>;
    callback?: string;
    outcome?: string;
    assignees: [number, string][];
  }) {
    const v = villages[spec.village]!;
    const opened = new Date(now - spec.daysAgo * DAY);
    const closedAt = spec.status === 'closed' ? new Date(now - Math.max(1, spec.daysAgo - 30) * DAY) : null;
    seq++;
    const [c] = await s.tx
      .insert(cases)
      .values({
        caseNo: `WQ500154${today.slice(0, 4)}${String(seq).padStart(6, '0')}`,
        orgId: v.id,
        orgPath: v.path,
        districtId: v.district_id,
        caseType: spec.type,
        status: spec.status,
        openedAt: opened,
        closedAt,
      })
      .returning();
    const id = c!.id;
    const scoped = { caseId: id, orgPath: v.path, districtId: v.district_id };
    for (const [u, role] of spec.assignees)
      if (u)
        await s.tx
          .insert(caseAssignments)
          .values({ ...scoped, userId: u, role, assignedBy: 'system:demo', assignedAt: opened });
    const victim = spec.victim === null ? null : women[spec.victim % women.length]!;
    const risk = spec.indicators ? scoreRisk(spec.indicators) : null;
    await s.tx.insert(caseDetails).values({
      ...scoped,
      channel: spec.channel,
      narrativeEnc: crypto.encrypt(spec.narrative),
      involvesMinor: spec.child !== undefined,
      intake: spec.intake ?? {},
      callbackPhoneEnc: spec.callback ? crypto.encrypt(spec.callback) : null,
      callbackPhoneMasked: spec.callback ? maskPhone(spec.callback) : null,
      victimDisplay: victim ? mask(victim.name) : '匿名',
      riskLevel: risk?.level ?? null,
      riskScore: risk?.score ?? null,
      contactDueAt: risk?.level === 'high' ? new Date(opened.getTime() + 24 * 3_600_000) : null,
      contactedAt: risk?.level === 'high' ? new Date(opened.getTime() + 3 * 3_600_000) : null,
      outcome: spec.outcome ?? null,
    });
    if (victim)
      await s.tx.insert(caseParties).values({
        ...scoped,
        role: 'victim',
        personId: victim.id,
        nameEnc: crypto.encrypt(victim.name),
        nameMasked: mask(victim.name),
        phoneMasked: victim.phone_masked,
        gender: 'female',
      });
    else await s.tx.insert(caseParties).values({ ...scoped, role: 'victim', personId: null, gender: 'female' });
    await s.tx.insert(caseParties).values({
      ...scoped,
      role: 'respondent',
      personId: null,
      nameEnc: crypto.encrypt('某男'),
      nameMasked: '某*',
      gender: 'male',
      relationship: spec.type === 'domestic_violence' ? '丈夫' : '配偶',
    });
    if (spec.child !== undefined) {
      const ch = children[spec.child % Math.max(1, children.length)];
      if (ch)
        await s.tx.insert(caseParties).values({
          ...scoped,
          role: 'child',
          personId: ch.id,
          nameEnc: crypto.encrypt(ch.name),
          nameMasked: mask(ch.name),
          minor: true,
        });
    }
    const path: CaseState[] = ['intake', 'assessment', 'handling', 'follow_up', 'closed'];
    const reached = path.slice(0, path.indexOf(spec.status) + 1);
    let prev: CaseState | null = null;
    for (const [i, st] of reached.entries()) {
      await s.tx.insert(caseEvents).values({
        ...scoped,
        kind: 'transition',
        fromStatus: prev,
        toStatus: st,
        actorName: 'kaizhou.caseworker',
        at: st === 'closed' && closedAt ? closedAt : new Date(opened.getTime() + i * 2 * DAY),
        detail: st === 'closed' && spec.outcome ? { outcome: spec.outcome } : null,
      });
      prev = st;
    }
    if (risk) {
      await s.tx.insert(caseAssessments).values({
        ...scoped,
        indicators: spec.indicators!,
        score: risk.score,
        level: risk.level,
        assessedBy: 'kaizhou.caseworker',
        assessedAt: new Date(opened.getTime() + 3_600_000),
      });
      await s.tx.insert(caseEvents).values({
        ...scoped,
        kind: 'assessment',
        actorName: 'kaizhou.caseworker',
        at: new Date(opened.getTime() + 3_600_000),
        detail: { level: risk.level, score: risk.score },
      });
    }
    const deltas: Record<string, number> = { 'cases.reports': 1, [`cases.type.${spec.type}`]: 1 };
    await bumpCounters(s.tx, { orgPath: v.path, day: chinaDay(opened), deltas });
    // by risk level, and high risk, at the first assessment (an hour after the report, maybe the next day), as the case
    // service counts them and a rebuild recounts them from the assessment (cases.kinds.statistics.ts)
    if (risk) {
      const assessed = chinaDay(new Date(opened.getTime() + 3_600_000));
      await bumpCounters(s.tx, {
        orgPath: v.path,
        day: assessed,
        deltas: { [`cases.risk.${risk.level}`]: 1, ...(risk.level === 'high' ? { 'cases.high_risk': 1 } : {}) },
      });
    }
    // counted on the day the case closed, as the case service counts it and a rebuild recounts it from the event
    if (closedAt)
      await bumpCounters(s.tx, {
        orgPath: v.path,
        day: chinaDay(closedAt),
        deltas: { 'cases.closed': 1, ...(spec.outcome ? { [`cases.outcome.${spec.outcome}`]: 1 } : {}) },
      });
    return { id, scoped, opened, v };
  }

  const ref = async (
    k: { scoped: { caseId: number; orgPath: string; districtId: number }; opened: Date; v: { path: string } },
    kind: string,
    request: string,
    answered: boolean,
  ) => {
    const sent = new Date(k.opened.getTime() + DAY);
    const accepted = new Date(sent.getTime() + 5 * 3_600_000);
    const answeredAt = answered ? new Date(sent.getTime() + 3 * DAY) : null;
    await s.tx.insert(caseReferrals).values({
      ...k.scoped,
      agencyId: agencyIds.get(kind)!,
      status: answered ? 'answered' : 'accepted',
      requestEnc: crypto.encrypt(request),
      urgent: kind === 'police',
      sentAt: sent,
      sentBy: 'kaizhou.caseworker',
      acceptedAt: accepted,
      answeredAt,
      reports: [
        {
          at: new Date(accepted.getTime() + DAY).toISOString(),
          by: `${DEMO_AGENCIES.find((a) => a.kind === kind)!.name} 联络员`,
          textEnc: crypto.encrypt(
            kind === 'police' ? '已出警并对施暴人出具家庭暴力告诫书。' : '已指派律师提供法律援助。',
          ),
          final: answered,
        },
      ],
    });
    await bumpCounters(s.tx, { orgPath: k.v.path, day: chinaDay(sent), deltas: { 'cases.referrals': 1 } });
    if (answeredAt)
      await bumpCounters(s.tx, {
        orgPath: k.v.path,
        day: chinaDay(answeredAt),
        deltas: { 'cases.referrals_answered': 1 },
      });
  };
  const service = async (
    k: { scoped: { caseId: number; orgPath: string; districtId: number }; opened: Date; v: { path: string } },
    kind: string,
    provider: string,
    detail: string,
  ) => {
    const day = chinaDay(new Date(k.opened.getTime() + 2 * DAY));
    await s.tx.insert(caseServices).values({
      ...k.scoped,
      kind,
      provider,
      providedOn: day,
      detailEnc: crypto.encrypt(detail),
      recordedBy: 'kaizhou.caseworker',
    });
    await bumpCounters(s.tx, { orgPath: k.v.path, day, deltas: { 'cases.services': 1 } });
  };

  await addCase({
    village: 0,
    type: 'domestic_violence',
    channel: 'hotline',
    status: 'intake',
    daysAgo: 0,
    victim: null,
    narrative: '匿名来电：邻居家中夜间常有争吵和哭喊声，担心女方遭受家暴。',
    intake: {
      hotline: {
        calledAt: new Date(now - 2 * 3_600_000).toISOString(),
        anonymous: true,
        operator: '12338 热线 接线员',
      },
    },
    callback: '13800138000',
    assignees: [[worker, 'worker']],
  });
  await addCase({
    village: 1,
    type: 'marriage_family_dispute',
    channel: 'walk_in',
    status: 'assessment',
    daysAgo: 3,
    victim: 1,
    indicators: ['recent_separation', 'controlling'],
    narrative: '来访：夫妻因离婚财产分割发生争执，女方要求妇联协助。',
    assignees: [[worker, 'worker']],
  });
  const high = await addCase({
    village: 0,
    type: 'domestic_violence',
    channel: 'hotline',
    status: 'handling',
    daysAgo: 12,
    victim: 2,
    child: 0,
    indicators: ['threat_to_kill', 'escalating', 'injury_requiring_care', 'child_harmed'],
    narrative: '本人来电：丈夫酒后多次殴打，近期扬言要杀了她，孩子也被打伤，目前暂住娘家。',
    intake: {
      hotline: { calledAt: new Date(now - 12 * DAY).toISOString(), anonymous: false, operator: '12338 热线 接线员' },
    },
    callback: '13912345678',
    assignees: [
      [worker, 'worker'],
      [counsellor, 'counsellor'],
    ],
  });
  await ref(high, 'police', '请公安机关依法出警处置并出具家庭暴力告诫书。', true);
  await ref(high, 'legal_aid', '请为当事人申请人身安全保护令提供法律援助。', false);
  await s.tx.insert(caseInstruments).values([
    {
      ...high.scoped,
      kind: 'warning_letter',
      status: 'issued',
      issuer: '开州区公安局汉丰派出所',
      documentNo: '开公(汉)告字〔2026〕18号',
      issuedAt: new Date(high.opened.getTime() + 2 * DAY),
    },
    {
      ...high.scoped,
      kind: 'protection_order',
      status: 'issued',
      issuer: '开州区人民法院',
      documentNo: '(2026)渝0154民保令3号',
      urgent: true,
      appliedAt: new Date(high.opened.getTime() + 3 * DAY),
      decisionDueAt: new Date(high.opened.getTime() + 4 * DAY),
      issuedAt: new Date(high.opened.getTime() + 3.5 * DAY),
      validUntil: addDays(today, 12),
      remindOn: addDays(today, -2),
    },
  ]);
  await s.tx.execute(
    sql`update case_details set safety_plan_enc = ${crypto.encrypt(JSON.stringify({ text: '暂住娘家，手机设置紧急联系人；如遇危险立即拨打 110。', items: ['紧急联系人：社区妇联主席', '证件和常用物品放在娘家', '孩子上下学由外婆接送'] }))}, safety_plan_updated_at = now(), safety_plan_updated_by = 'kaizhou.caseworker' where case_id = ${high.id}`,
  );
  await service(high, 'counselling', '汉丰街道 心理咨询师', '第 1 次心理疏导，评估创伤反应，约定每周一次。');
  await service(high, 'shelter', '开州区民政局救助管理站', '临时庇护 5 天。');
  const med = await addCase({
    village: 1,
    type: 'marriage_family_dispute',
    channel: 'grid_report',
    status: 'handling',
    daysAgo: 20,
    victim: 3,
    indicators: ['recent_separation'],
    narrative: '网格员报告：婆媳矛盾激化，女方被要求搬离住所。',
    intake: { gridReport: { gridName: '永兴社区第3网格', reporterName: '网格员 周敏' } },
    assignees: [
      [worker, 'worker'],
      [mediatorUser, 'mediator'],
    ],
  });
  const agreement = new Date(now - 5 * DAY);
  const mediationStarted = new Date(med.opened.getTime() + 2 * DAY);
  await bumpCounters(s.tx, { orgPath: med.v.path, day: chinaDay(mediationStarted), deltas: { 'cases.mediations': 1 } });
  await s.tx.insert(caseMediations).values({
    ...med.scoped,
    mediatorId: roster!.id,
    mediatorName: roster!.name,
    status: 'agreement',
    startedAt: mediationStarted,
    sessions: [
      {
        id: 1,
        heldAt: new Date(med.opened.getTime() + 3 * DAY).toISOString(),
        place: '永兴社区妇女之家',
        summaryEnc: crypto.encrypt('双方陈述，约定下次带房产材料。'),
      },
      { id: 2, heldAt: agreement.toISOString(), place: '永兴社区妇女之家', summaryEnc: crypto.encrypt('达成协议。') },
    ],
    agreementAt: agreement,
    termsEnc: crypto.encrypt('女方继续居住原住所，男方每月支付生活费 1500 元。'),
    obligationsEnc: crypto.encrypt('男方每月 5 日前支付。'),
    performanceDue: addDays(today, 25),
    signedBy: ['女方', '男方', '调解员'],
    confirmationDue: addDays(chinaDay(agreement), 30),
  });
  const follow = await addCase({
    village: 0,
    type: 'domestic_violence',
    channel: 'walk_in',
    status: 'follow_up',
    daysAgo: 40,
    victim: 4,
    indicators: ['controlling', 'stalking'],
    narrative: '来访：前夫持续跟踪骚扰，已协调派出所训诫。',
    assignees: [[worker, 'worker']],
  });
  await s.tx.insert(caseFollowUps).values({ ...follow.scoped, dueOn: addDays(today, 3), reason: 'follow_up_phase' });
  await service(follow, 'legal_aid', '开州区法律援助中心', '提供法律咨询，告知申请保护令的条件。');
  const minor = await addCase({
    village: 1,
    type: 'child_rights',
    channel: 'mandatory_report',
    status: 'closed',
    daysAgo: 75,
    victim: 5,
    child: 1,
    indicators: ['child_harmed'],
    outcome: 'protected',
    narrative: '学校强制报告：学生身上多处伤痕，疑似遭受家长体罚。',
    intake: {
      mandatoryReport: {
        reporterOrg: '开州区汉丰第一小学',
        policeReportedAt: new Date(now - 75 * DAY).toISOString(),
        policeReceiptNo: 'KZ-JJ-2026-0412',
      },
    },
    assignees: [[worker, 'worker']],
  });
  await s.tx.insert(caseFollowUps).values([
    {
      ...minor.scoped,
      dueOn: addDays(today, -10),
      reason: 'after_closure',
      status: 'done',
      doneAt: new Date(now - 10 * DAY),
      doneBy: 'kaizhou.caseworker',
      noteEnc: crypto.encrypt('入户回访，孩子情况良好。'),
    },
    { ...minor.scoped, dueOn: addDays(today, 30), reason: 'after_closure' },
  ]);
  await ref(minor, 'education', '请学校持续关注学生在校情况。', true);
  await addCase({
    village: 0,
    type: 'personality_rights',
    channel: 'public_opinion',
    status: 'closed',
    daysAgo: 90,
    victim: 6,
    outcome: 'resolved',
    narrative: '舆情：网络平台出现对当事人的侮辱性帖子，已协调平台删除。',
    intake: { publicOpinion: { platform: '本地论坛', discoveredAt: new Date(now - 90 * DAY).toISOString() } },
    assignees: [[worker, 'worker']],
  });
  await s.tx
    .insert(caseNumberCounters)
    .values({ districtId: villages[0]!.district_id, year: Number(today.slice(0, 4)), last: seq })
    .onConflictDoNothing();

  for (const [i, v] of villages.slice(0, 2).entries()) {
    for (let m = 1; m <= 3; m++) {
      const day = addDays(today, -30 * m + i);
      await s.tx.insert(caseScreenings).values({
        orgId: v.id,
        orgPath: v.path,
        districtId: v.district_id,
        visitedOn: day,
        households: 40 + 7 * m + i,
        disputesFound: (m + i) % 3,
        recordedBy: 'system:demo',
      });
      await bumpCounters(s.tx, { orgPath: v.path, day, deltas: { 'cases.screening_visits': 40 + 7 * m + i } });
    }
  }
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1);
  // The third community had nothing to report last month: a nil report (零报告).
  await s.tx.insert(caseNilReports).values({
    orgId: villages[2]!.id,
    orgPath: villages[2]!.path,
    districtId: villages[2]!.district_id,
    period: lastMonth.slice(0, 7),
    reportedBy: 'system:demo',
  });
  await bumpCounters(s.tx, { orgPath: villages[2]!.path, day: lastMonth, deltas: { 'cases.nil_reports': 1 } });
}
