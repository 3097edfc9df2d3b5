import { chinaDate } from '../platform/time.js';
// City-scale visits (1,000,000 at scale 1) over five years: a city "三访" campaign each winter (1 Nov – 31 Mar) with
// per-level targets, campaign visits in season, routine contact visits of 执委 and other visits the year round.
import type { CampaignTarget } from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { runAsSystem, systemActor } from '../platform/scope.js';
import { EXTENSIONS } from '../platform.js';
import { rebuildCounters } from '../platform/stats/index.js';
import { campaignProgressRows } from '../modules/visits/index.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { rng } from './distributions.js';
import { pastInstant, personsByOrg, seedOrgs, seedRows } from './orgs.js';

export const VISITS_FULL_SCALE = 1_000_000;

const SITUATIONS = [
  '家庭和睦，生活稳定',
  '丈夫在外务工，独自照顾老人孩子',
  '身体不好，医药费负担重',
  '孩子学习成绩下滑，亲子沟通少',
  '新婚不久，关心托育和就业',
  '想学手艺居家就业',
  '邻里关系紧张',
  '老人独居，需要定期看望',
];
const NEEDS: [string, string][] = [
  ['hardship_aid', '申请困难帮扶'],
  ['employment', '希望推荐工作'],
  ['skills_training', '想参加技能培训'],
  ['family_education', '孩子课业辅导'],
  ['legal_advice', '法律问题咨询'],
  ['psychological', '心理疏导'],
];
const TARGETS = (scale: number): CampaignTarget[] => [
  {
    level: 'district',
    targetGroups: ['受助对象', '先进典型'],
    visitorRoles: ['cadre'],
    plannedPerOrg: Math.max(1, Math.round(30 * scale)),
    plannedPerVisitor: null,
  },
  {
    level: 'town',
    targetGroups: ['困难妇女', '新领域组织'],
    visitorRoles: ['cadre'],
    plannedPerOrg: Math.max(1, Math.round(15 * scale)),
    plannedPerVisitor: null,
  },
  {
    level: 'village',
    targetGroups: ['困难妇女', '新婚新育家庭', '留守儿童'],
    visitorRoles: ['cadre', 'executive_member'],
    plannedPerOrg: Math.max(1, Math.round(6 * scale)),
    plannedPerVisitor: null,
  },
];

export async function seedVisits(
  handle: DbHandle,
  _crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 3);
  const now = Date.now();
  const total = Math.round(VISITS_FULL_SCALE * opts.scale);
  if (total === 0) return {};
  const orgs = await seedOrgs(handle);
  const persons = await personsByOrg(handle);
  const [city] = await seedRows<{ id: number; path: string; district_id: number | null }>(
    handle,
    `select id, path::text as path, district_id from organizations where type = 'city_federation' and status = 'active' order by id limit 1`,
  );
  if (!city) throw new Error('no city federation');

  // one campaign each winter of the last five years, launched by the city
  const year = Number(chinaDate(new Date(now)).slice(0, 4));
  const seasons: { id: number; from: string; to: string }[] = [];
  for (let y = year - 5; y < year + 1; y++) {
    const from = `${y}-11-01`;
    const to = `${y + 1}-03-31`;
    if (Date.parse(`${from}T00:00:00Z`) > now) continue;
    const [c] = await seedRows<{ id: number }>(
      handle,
      `insert into visit_campaigns (org_id, org_path, district_id, name, description, starts_on, ends_on, targets, created_by)
      values ($1, $2::ltree, $3, $4, $5, $6, $7, $8::jsonb, '系统生成') returning id`,
      [
        city.id,
        city.path,
        city.district_id,
        `${y}—${y + 1}年冬春"大下访、大走访、大询访"活动`,
        '生成数据',
        from,
        to,
        JSON.stringify(TARGETS(opts.scale)),
      ],
    );
    seasons.push({ id: Number(c!.id), from, to });
    await runAsSystem(handle, systemActor('seed'), (s) =>
      campaignProgressRows(s, Number(c!.id), city.path, TARGETS(opts.scale)),
    );
  }
  const seasonOf = (day: string) => seasons.find((s) => day >= s.from && day <= s.to) ?? null;

  const rebuildIndexes =
    opts.scale >= 0.05 ? await suspendIndexes(handle, ['visits', 'visit_subjects', 'visit_needs']) : async () => {};
  const first = await reserveIds(handle, 'visits', total);
  const vW = bulkWriter(handle, 'visits', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'campaign_id',
    'kind',
    'visited_on',
    'place',
    'visitor_user_ids',
    'situation',
    'follow_up_on',
    'created_by',
    'created_at',
  ]);
  const sW = bulkWriter(handle, 'visit_subjects', [
    'visit_id',
    'org_path',
    'district_id',
    'person_id',
    'subject_org_id',
  ]);
  const nW = bulkWriter(handle, 'visit_needs', [
    'visit_id',
    'org_path',
    'district_id',
    'category',
    'urgency',
    'title',
    'description',
  ]);
  for (let i = 0; i < total; i++) {
    const id = first + i;
    const org = orgs.pick(r.next(), r.next(), { village: 0.8, town: 0.15 });
    const at = pastInstant(r.next, now);
    const day = chinaDate(at);
    const season = seasonOf(day);
    const campaign = season && r.chance(0.8) ? season.id : null;
    const kind = campaign ? 'campaign' : r.chance(0.45) ? 'routine' : 'other';
    await vW.write([
      id,
      org.id,
      org.path,
      org.districtId,
      campaign,
      kind,
      day,
      `${org.name.replace(/妇联$/, '')}${1 + r.int(30)}组`,
      [],
      r.pick(SITUATIONS),
      r.chance(0.2) ? chinaDate(new Date(at.getTime() + (7 + r.int(30)) * 86_400_000)) : null,
      '系统生成',
      at,
    ]);
    const people = persons.get(org.id);
    if (people && r.chance(0.85)) await sW.write([id, org.path, org.districtId, r.pick(people), null]);
    else await sW.write([id, org.path, org.districtId, null, org.id]);
    if (r.chance(0.12)) {
      const [category, title] = r.pick(NEEDS);
      await nW.write([
        id,
        org.path,
        org.districtId,
        category,
        r.chance(0.85) ? 'ordinary' : 'urgent',
        title,
        `${title}（生成数据）`,
      ]);
    }
    if (i > 0 && i % 200_000 === 0) log(`seed: ${i} visits…`);
  }
  const counts = {
    visits: await vW.close(),
    visit_subjects: await sW.close(),
    visit_needs: await nW.close(),
    visit_campaigns: seasons.length,
  };
  log(`seed: ${counts.visits} visits in ${seasons.length} campaigns`);
  await rebuildIndexes();
  // each campaign's done figures over the subtree of every node: the visit counted at its org and each ancestor
  await handle.exec(`
    update campaign_progress p set done = x.n from (
      select v.campaign_id, subpath(v.org_path, 0, k) as node, count(*)::int as n
      from visits v cross join lateral generate_series(1, nlevel(v.org_path)) as k
      where v.campaign_id is not null group by 1, 2) x
    where p.campaign_id = x.campaign_id and p.org_path = x.node;
    analyze visits; analyze visit_subjects; analyze visit_needs; analyze campaign_progress`);
  await rebuildCounters(handle, EXTENSIONS.statistics, ['visits']);
  await handle.exec('analyze stat_counters');
  return counts;
}
