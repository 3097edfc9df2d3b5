// City-scale demands (300,000 at scale 1) over five years, in realistic proportions: sources, categories, urgencies,
// routes, states, on-time shares and ratings; with the events that counted them and the escalations of the overdue.
import { DEFAULT_FEEDBACK_DEADLINES, DEFAULT_OFFICE_HOURS, type DemandState, type Urgency } from '@jinguo/contracts';
import { createWorkCalendar, readScheduleFiles } from '../platform/calendar/index.js';
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { EXTENSIONS } from '../platform.js';
import { rebuildCounters } from '../platform/stats/index.js';
// the module registers the 'demands' counter source the rebuild below uses
import {
  DEMAND_METRICS,
  deadlinesFor,
  escalationTargetPath,
  isRoundTheClock,
  secondEscalationAt,
  type DeadlineRule,
} from '../modules/demands/index.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { rng, SURNAME_WEIGHTS, weighted } from './distributions.js';
import { pastInstant, personsByOrg, seedOrgs } from './orgs.js';

export const DEMANDS_FULL_SCALE = 300_000;

const SOURCES: [string, number][] = [
  ['online', 35],
  ['walk_in', 18],
  ['visit', 20],
  ['hotline_12338', 15],
  ['grid_report', 10],
  ['deliberation', 2],
];
const CATEGORIES: [string, number, string[]][] = [
  ['legal_advice', 15, ['婚姻家庭法律咨询', '离婚财产分割咨询', '抚养费追索咨询', '劳动合同纠纷咨询']],
  ['psychological', 8, ['产后情绪低落', '家庭矛盾心理疏导', '青春期孩子沟通困难']],
  ['family_education', 10, ['孩子沉迷手机', '留守儿童课业辅导', '亲子沟通指导']],
  ['marriage_mediation', 12, ['夫妻长期争吵要求调解', '婆媳矛盾调解', '赡养老人纠纷']],
  ['employment', 12, ['求职就业推荐', '失业登记咨询', '灵活就业岗位']],
  ['skills_training', 10, ['家政技能培训报名', '电商直播培训', '育婴师培训']],
  ['childcare', 5, ['普惠托育名额', '托育补贴政策']],
  ['hardship_aid', 15, ['困难家庭临时救助', '冬季取暖困难', '孩子学费困难']],
  ['health', 4, ['两癌筛查预约', '两癌救助申请']],
  ['rights', 5, ['遭受家庭暴力求助', '人身安全保护令申请指引', '就业性别歧视']],
  ['policy', 3, ['生育补贴政策咨询', '低保政策咨询']],
  ['other', 1, ['其他事项']],
];
const URGENCY: [Urgency, number][] = [
  ['ordinary', 70],
  ['urgent', 18],
  ['complex', 9],
  ['emergency', 3],
];
const DEPARTMENTS = [
  '区人力资源和社会保障局',
  '区民政局',
  '区卫生健康委',
  '区教委',
  '区司法局',
  '区公安分局',
  '街道社区事务受理中心',
];
const H = 3_600_000;

export async function seedDemands(
  handle: DbHandle,
  _crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 4);
  const now = Date.now();
  const total = Math.round(DEMANDS_FULL_SCALE * opts.scale);
  if (total === 0) return {};
  const orgs = await seedOrgs(handle);
  const persons = await personsByOrg(handle);
  const calendar = createWorkCalendar(readScheduleFiles());
  const orgByPath = new Map([...orgs.villages, ...orgs.towns, ...orgs.districts].map((o) => [o.path, o]));
  const pickSource = weighted(
    SOURCES.map((s) => s[0]),
    SOURCES.map((s) => s[1]),
  );
  const pickCategory = weighted(
    CATEGORIES,
    CATEGORIES.map((c) => c[1]),
  );
  const pickUrgency = weighted(
    URGENCY.map((u) => u[0]),
    URGENCY.map((u) => u[1]),
  );
  const pickSurname = weighted(
    SURNAME_WEIGHTS.map((s) => s[0]),
    SURNAME_WEIGHTS.map((s) => s[1]),
  );

  const rebuildIndexes =
    opts.scale >= 0.05
      ? await suspendIndexes(handle, ['demands', 'demand_events', 'demand_escalations'])
      : async () => {};
  const first = await reserveIds(handle, 'demands', total);
  const dW = bulkWriter(handle, 'demands', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'source',
    'source_ref',
    'category',
    'urgency',
    'title',
    'description',
    'person_id',
    'requester_name',
    'anonymous',
    'state',
    'route',
    'received_at',
    'sign_due_at',
    'signed_at',
    'feedback_due_at',
    'warn_at',
    'warned_at',
    'replied_at',
    'closed_at',
    'escalation_level',
    'escalated_to_org_id',
    'next_escalation_at',
    'deadlines_provisional',
    'department',
    'department_answer',
    'department_answered_at',
    'suggestion',
    'suggested_at',
    'reply',
    'rating',
    'rated_at',
    'updated_at',
    'version',
  ]);
  const eW = bulkWriter(handle, 'demand_events', [
    'demand_id',
    'org_path',
    'district_id',
    'at',
    'actor_kind',
    'actor_name',
    'action',
    'from_state',
    'to_state',
    'note',
    'data',
    'public',
  ]);
  const xW = bulkWriter(handle, 'demand_escalations', [
    'demand_id',
    'org_path',
    'district_id',
    'level',
    'to_org_id',
    'missed',
    'deadline_at',
    'at',
  ]);

  for (let i = 0; i < total; i++) {
    const id = first + i;
    const org = orgs.pick(r.next(), r.next(), { village: 0.85, town: 0.12 });
    const source = pickSource(r.next());
    const [category, , titles] = pickCategory(r.next());
    const urgency = pickUrgency(r.next());
    const title = r.pick(titles);
    const received = pastInstant(r.next, now);
    const rule: DeadlineRule = {
      spec: DEFAULT_FEEDBACK_DEADLINES[urgency],
      roundTheClock: isRoundTheClock(urgency, false),
      officeHours: DEFAULT_OFFICE_HOURS,
    };
    const dl = deadlinesFor(calendar, received, rule);
    const people = persons.get(org.id);
    const personId = people && r.chance(0.3) ? r.pick(people) : null;
    const anonymous = source === 'online' && category === 'rights' && r.chance(0.4);
    const requesterName = anonymous ? null : `${pickSurname(r.next())}女士`;
    const route = r.chance(0.8) ? 'handle' : r.chance(0.7) ? 'transfer' : 'suggest';

    const events: {
      at: Date;
      action: string;
      from: DemandState | null;
      to: DemandState | null;
      counted: string[];
      data?: Record<string, unknown>;
      note?: string;
    }[] = [];
    const ev = (
      at: number,
      action: string,
      from: DemandState | null,
      to: DemandState | null,
      counted: string[] = [],
      data?: Record<string, unknown>,
    ) => events.push({ at: new Date(Math.min(at, now - 1000)), action, from, to, counted, ...(data ? { data } : {}) });
    ev(received.getTime(), 'create', null, 'received', ['demands.received'], { source });

    let state: DemandState = 'received';
    let signedAt: number | null = null,
      repliedAt: number | null = null,
      closedAt: number | null = null,
      ratedAt: number | null = null;
    let rating: string | null = null;
    let level = 0,
      escalatedTo: number | null = null,
      nextEscalation: Date | null = dl.feedbackDueAt;
    let department: string | null = null,
      answer: string | null = null,
      answeredAt: number | null = null,
      suggestion: string | null = null,
      suggestedAt: number | null = null;
    const sign = (at: number) => {
      signedAt = at;
      ev(at, 'sign', 'received', 'signed', [
        'demands.signed',
        ...(at <= dl.signDueAt.getTime() ? ['demands.signed_on_time'] : []),
      ]);
      state = 'signed';
    };
    const routeOn = (at: number) => {
      if (route === 'handle') {
        ev(at, 'accept', state, 'accepted');
        state = 'accepted';
      } else if (route === 'transfer') {
        department = r.pick(DEPARTMENTS);
        ev(at, 'transfer', state, 'transferred', [], { department });
        state = 'transferred';
      } else {
        suggestion = `建议有关部门研究解决：${title}`;
        suggestedAt = at;
        ev(at, 'suggest', state, 'suggested');
        state = 'suggested';
      }
    };
    const reply = (at: number) => {
      if (state === 'transferred') {
        answer = '部门已答复办理意见';
        answeredAt = at - 0.5 * H;
        ev(answeredAt, 'answer', 'transferred', 'answered');
        state = 'answered';
      }
      repliedAt = at;
      ev(at, 'reply', state, 'replied', [
        'demands.replied',
        ...(at <= dl.feedbackDueAt.getTime() ? ['demands.replied_on_time'] : []),
      ]);
      state = 'replied';
      nextEscalation = null;
    };
    const window = dl.feedbackDueAt.getTime() - received.getTime();
    // signed for in the hours the deadline counts (office hours on working days unless an emergency): 92% in time
    const signAfter = r.chance(0.92) ? 0.1 + r.next() * 1.8 : 2.5 + r.next() * 30;
    const signAt = rule.roundTheClock
      ? received.getTime() + signAfter * H
      : calendar.addOfficeHours(received, signAfter, rule.officeHours).at.getTime();

    if (dl.feedbackDueAt.getTime() < now) {
      // the deadline has passed: most were answered (88% in time), a few are still open and escalated
      const fate = r.next();
      if (fate < 0.05) {
        ev(signAt, 'cancel', 'received', 'cancelled');
        state = 'cancelled';
        closedAt = signAt;
        nextEscalation = null;
      } else {
        sign(Math.min(signAt, now - 2000));
        routeOn(signedAt! + 0.2 * H);
        if (fate < 0.07) {
          // still unanswered: escalated to the parent, and to the grandparent one period later
          const parent = escalationTargetPath(org.path, 1);
          const second = secondEscalationAt(calendar, dl.feedbackDueAt, rule);
          level = 1;
          escalatedTo = parent ? (orgByPath.get(parent)?.id ?? null) : null;
          if (escalatedTo !== null) {
            ev(dl.feedbackDueAt.getTime() + 60_000, 'escalate', state, state, ['demands.escalated'], {
              level: 1,
              toOrgId: escalatedTo,
            });
            await xW.write([
              id,
              org.path,
              org.districtId,
              1,
              escalatedTo,
              'feedback',
              dl.feedbackDueAt,
              new Date(dl.feedbackDueAt.getTime() + 60_000),
            ]);
            const grand = escalationTargetPath(org.path, 2);
            const grandId = grand ? (orgByPath.get(grand)?.id ?? null) : null;
            if (second.getTime() < now && grandId !== null) {
              level = 2;
              escalatedTo = grandId;
              ev(second.getTime() + 60_000, 'escalate', state, state, [], { level: 2, toOrgId: grandId });
              await xW.write([
                id,
                org.path,
                org.districtId,
                2,
                grandId,
                'feedback',
                second,
                new Date(second.getTime() + 60_000),
              ]);
              nextEscalation = null;
            } else nextEscalation = grandId !== null ? second : null;
          } else {
            level = 0;
            nextEscalation = null;
          }
        } else {
          const at = r.chance(0.88)
            ? signedAt! + (0.3 + r.next() * 0.7) * (dl.feedbackDueAt.getTime() - signedAt!)
            : dl.feedbackDueAt.getTime() + r.next() * 5 * 24 * H;
          reply(Math.min(at, now - 1000));
          if (r.chance(0.9)) {
            ratedAt = repliedAt! + r.next() * 72 * H;
            const u = r.next();
            rating = u < 0.82 ? 'satisfied' : u < 0.95 ? 'basically_satisfied' : 'unsatisfied';
            ev(ratedAt, 'rate', 'replied', 'closed', ['demands.rated', `demands.${rating}`, 'demands.closed'], {
              rating,
            });
            state = 'closed';
            closedAt = ratedAt;
          } else if (now - repliedAt! > 15 * 24 * H) {
            closedAt = repliedAt! + 15 * 24 * H;
            ev(closedAt, 'close', 'replied', 'closed', ['demands.closed']);
            state = 'closed';
          }
        }
      }
    } else {
      // still within its time: somewhere along its route
      if (now < dl.signDueAt.getTime() && r.chance(0.6)) state = 'received';
      else {
        sign(Math.min(signAt, now - 2000));
        const u = r.next();
        if (u < 0.15) state = 'signed';
        else {
          routeOn(Math.min(signedAt! + 0.2 * H, now - 1500));
          if (u > 0.75) reply(Math.min(signedAt! + r.next() * window * 0.5, now - 1000));
        }
      }
    }
    state = state as DemandState; // assigned inside the helpers above as well
    const open = !['closed', 'cancelled', 'case'].includes(state);
    await dW.write([
      id,
      org.id,
      org.path,
      org.districtId,
      source,
      source === 'hotline_12338' ? `12338-${id}` : null,
      category,
      urgency,
      title,
      `${title}（生成数据）`,
      personId,
      requesterName,
      anonymous,
      state,
      state === 'received' || state === 'cancelled' ? null : route,
      received,
      dl.signDueAt,
      signedAt === null ? null : new Date(signedAt),
      dl.feedbackDueAt,
      dl.warnAt,
      !open || dl.warnAt.getTime() < now ? dl.warnAt : null,
      repliedAt === null ? null : new Date(repliedAt),
      closedAt === null ? null : new Date(closedAt),
      level,
      escalatedTo,
      open && (state as DemandState) !== 'replied' ? nextEscalation : null,
      dl.provisional,
      department,
      answer,
      answeredAt === null ? null : new Date(answeredAt),
      suggestion,
      suggestedAt === null ? null : new Date(suggestedAt),
      repliedAt === null ? null : '已按政策答复并办理',
      rating,
      ratedAt === null ? null : new Date(ratedAt),
      new Date(now),
      events.length,
    ]);
    for (const e of events) {
      await eW.write([
        id,
        org.path,
        org.districtId,
        e.at,
        e.action === 'escalate' ? 'system' : 'user',
        e.action === 'escalate' ? 'system:demands-sweeper' : '系统生成',
        e.action,
        e.from,
        e.to,
        e.note ?? null,
        JSON.stringify({ ...(e.data ?? {}), ...(e.counted.length ? { counted: e.counted } : {}) }),
        e.action !== 'escalate',
      ]);
    }
    if (i > 0 && i % 100_000 === 0) log(`seed: ${i} demands…`);
  }
  const counts = { demands: await dW.close(), demand_events: await eW.close(), demand_escalations: await xW.close() };
  log(`seed: ${counts.demands} demands, ${counts.demand_events} events, ${counts.demand_escalations} escalations`);
  await rebuildIndexes();
  await handle.exec('analyze demands; analyze demand_events; analyze demand_escalations');
  const rebuilt = await rebuildCounters(handle, EXTENSIONS.statistics, ['demands']);
  await handle.exec('analyze stat_counters'); // fresh statistics, or the planner walks a whole metric's index for one org's figures
  log(`seed: ${DEMAND_METRICS.length} demand counters rebuilt (${rebuilt.map((x) => `${x.rows} rows`).join(', ')})`);
  return counts;
}
