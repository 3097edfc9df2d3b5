import { chinaDate } from '../platform/time.js';
// City-scale rights-protection cases for seed:city and the bench: 200,000 cases at scale 1 over five years, with
// realistic proportions of type, channel, risk, lifecycle state and outcome; one case worker per town (the users the
// bench signs in as), assignments, parties (kept on the case, not in the registry), events and referrals. The
// five-mechanism counters are then rebuilt from the records through the module's registered stat source.
import { scoreRisk, type RiskIndicator } from '@jinguo/contracts';
import { DEMO_PASSWORD } from '../demo/chongqing.js';
import '../modules/cases/index.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { EXTENSIONS } from '../platform.js';
import { rebuildCounters } from '../platform/stats/index.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { DISTRICT_POPULATION, rng, weighted } from './distributions.js';

export const FULL_SCALE_CASES = 200_000;
const YEARS = 5;
const TYPES: [string, number][] = [
  ['domestic_violence', 38],
  ['marriage_family_dispute', 30],
  ['land_property_rights', 9],
  ['personality_rights', 6],
  ['child_rights', 5],
  ['sexual_assault', 4],
  ['employment_discrimination', 3],
  ['trafficking', 0.5],
  ['other', 4.5],
];
const CHANNELS: [string, number][] = [
  ['hotline', 45],
  ['walk_in', 25],
  ['grid_report', 8],
  ['online', 8],
  ['visit', 5],
  ['demand', 4],
  ['mandatory_report', 3],
  ['public_opinion', 2],
];
const OUTCOMES: [string, number][] = [
  ['resolved', 40],
  ['mediated', 20],
  ['referred_done', 12],
  ['protected', 10],
  ['judicial', 6],
  ['withdrawn', 7],
  ['not_accepted', 3],
  ['unreachable', 2],
];
const AGENCY_KINDS = ['police', 'court', 'legal_aid', 'civil_affairs', 'procuratorate', 'education', 'health'];
const INDICATOR_SETS: { p: number; set: RiskIndicator[] }[] = [
  { p: 0.55, set: ['controlling'] },
  { p: 0.13, set: ['recent_separation', 'controlling'] },
  { p: 0.2, set: ['escalating', 'stalking'] },
  { p: 0.12, set: ['threat_to_kill', 'escalating'] },
];
const NARRATIVES = [
  '来电反映家庭矛盾激化',
  '来访求助，夫妻因财产分割发生争执',
  '网格员报告夜间争吵哭喊',
  '当事人反映遭受殴打',
  '反映在就业中受到性别歧视',
  '反映土地承包权益受侵害',
  '学校报告学生疑似遭受体罚',
];

interface Org {
  id: number;
  path: string;
  districtId: number;
  code: string;
}
const q = async <T>(handle: DbHandle, text: string, params: unknown[] = []) =>
  handle.pool
    ? ((await handle.pool.query(text, params)).rows as T[])
    : (await handle.pglite!.query<T>(text, params)).rows;

export async function seedCases(
  handle: DbHandle,
  crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 5);
  const total = Math.round(FULL_SCALE_CASES * opts.scale);
  const villages = (
    await q<{ id: number; path: string; district_id: number; division_code: string }>(
      handle,
      `select id, path::text as path, district_id, division_code from organizations where type = 'village_federation' and status = 'active' and division_code is not null order by id`,
    )
  ).map((v) => ({ id: Number(v.id), path: v.path, districtId: Number(v.district_id), code: v.division_code }) as Org);
  if (!villages.length) throw new Error('no villages: load the organization network first');
  const perDistrict = new Map<string, number>();
  for (const v of villages) perDistrict.set(v.code.slice(0, 6), (perDistrict.get(v.code.slice(0, 6)) ?? 0) + 1);
  const pickVillage = weighted(
    villages,
    villages.map((v) => (DISTRICT_POPULATION[v.code.slice(0, 6)] ?? 50) / perDistrict.get(v.code.slice(0, 6))!),
  );
  const pickType = weighted(
    TYPES.map((t) => t[0]),
    TYPES.map((t) => t[1]),
  );
  const pickChannel = weighted(
    CHANNELS.map((t) => t[0]),
    CHANNELS.map((t) => t[1]),
  );
  const pickOutcome = weighted(
    OUTCOMES.map((t) => t[0]),
    OUTCOMES.map((t) => t[1]),
  );
  const districtCode = new Map(
    (
      await q<{ id: number; code: string }>(
        handle,
        `select id, coalesce(division_code, code) as code from organizations where depth = 1`,
      )
    ).map((d) => [Number(d.id), d.code]),
  );

  // One case worker per town (seed.cw.<town id>), and each district's partner agencies.
  const towns = await q<{ id: number; path: string; district_id: number }>(
    handle,
    `select id, path::text as path, district_id from organizations where type = 'town_federation' and status = 'active' order by id`,
  );
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const firstUser = await reserveIds(handle, 'users', towns.length);
  const userW = bulkWriter(handle, 'users', [
    'id',
    'username',
    'display_name',
    'org_id',
    'org_path',
    'roles',
    'password_hash',
    'must_change_password',
  ]);
  const workerOfTown = new Map<number, number>();
  for (const [i, t] of towns.entries()) {
    await userW.write([
      firstUser + i,
      `seed.cw.${t.id}`,
      `维权专员 ${t.id}`,
      t.id,
      t.path,
      ['case_worker'],
      passwordHash,
      false,
    ]);
    workerOfTown.set(Number(t.id), firstUser + i);
  }
  await userW.close();
  const districts = await q<{ id: number; path: string; name: string }>(
    handle,
    `select id, path::text as path, name from organizations where depth = 1 and status = 'active'`,
  );
  const firstAgency = await reserveIds(handle, 'partner_agencies', districts.length * AGENCY_KINDS.length);
  const agencyW = bulkWriter(handle, 'partner_agencies', ['id', 'org_id', 'org_path', 'district_id', 'name', 'kind']);
  const agencyOf = new Map<string, number>();
  let a = firstAgency;
  for (const d of districts) {
    for (const kind of AGENCY_KINDS) {
      await agencyW.write([a, d.id, d.path, d.id, `${d.name.replace(/妇联$/, '')}${kind}`, kind]);
      agencyOf.set(`${d.id}:${kind}`, a++);
    }
  }
  await agencyW.close();

  const tables = [
    'cases',
    'case_details',
    'case_assignments',
    'case_parties',
    'case_events',
    'case_assessments',
    'case_referrals',
  ];
  const rebuild = opts.scale >= 0.05 ? await suspendIndexes(handle, tables) : async () => {};
  const first = await reserveIds(handle, 'cases', total);
  const caseW = bulkWriter(handle, 'cases', [
    'id',
    'case_no',
    'org_id',
    'org_path',
    'district_id',
    'case_type',
    'status',
    'opened_at',
    'closed_at',
    'updated_at',
  ]);
  const detW = bulkWriter(handle, 'case_details', [
    'case_id',
    'org_path',
    'district_id',
    'channel',
    'narrative_enc',
    'involves_minor',
    'victim_display',
    'risk_level',
    'risk_score',
    'contact_due_at',
    'contacted_at',
    'supervised',
    'supervised_at',
    'outcome',
  ]);
  const asgW = bulkWriter(handle, 'case_assignments', [
    'case_id',
    'org_path',
    'district_id',
    'user_id',
    'role',
    'assigned_by',
    'assigned_at',
  ]);
  const partyW = bulkWriter(handle, 'case_parties', [
    'case_id',
    'org_path',
    'district_id',
    'role',
    'name_enc',
    'name_masked',
    'gender',
    'minor',
  ]);
  const evW = bulkWriter(handle, 'case_events', [
    'case_id',
    'org_path',
    'district_id',
    'kind',
    'from_status',
    'to_status',
    'actor_name',
    'at',
  ]);
  const assW = bulkWriter(handle, 'case_assessments', [
    'case_id',
    'org_path',
    'district_id',
    'indicators',
    'score',
    'level',
    'assessed_by',
    'assessed_at',
  ]);
  const refW = bulkWriter(handle, 'case_referrals', [
    'case_id',
    'org_path',
    'district_id',
    'agency_id',
    'status',
    'request_enc',
    'urgent',
    'sent_at',
    'sent_by',
    'accepted_at',
    'answered_at',
  ]);
  const seqs = new Map<string, number>();
  const nowMs = Date.now();
  const span = YEARS * 365 * 86_400_000;
  const encNarratives = NARRATIVES.map((n) => crypto.encrypt(n));
  const encRequest = crypto.encrypt('请依职责协助处置');
  const encName = crypto.encrypt('当事人');
  const order = ['intake', 'assessment', 'handling', 'follow_up', 'closed'];
  for (let i = 0; i < total; i++) {
    const id = first + i;
    const v = pickVillage(r.next());
    const opened = new Date(nowMs - Math.floor(r.next() * span));
    const ageDays = (nowMs - opened.getTime()) / 86_400_000;
    const status =
      ageDays > 90
        ? r.chance(0.92)
          ? 'closed'
          : r.pick(['handling', 'follow_up'])
        : ageDays > 30
          ? r.pick(['handling', 'follow_up', 'closed', 'closed'])
          : r.pick(['intake', 'assessment', 'handling', 'handling', 'follow_up']);
    const type = pickType(r.next());
    const channel = type === 'child_rights' && r.chance(0.5) ? 'mandatory_report' : pickChannel(r.next());
    const year = Number(chinaDate(opened).slice(0, 4));
    const key = `${v.districtId}:${year}`;
    const seq = (seqs.get(key) ?? 0) + 1;
    seqs.set(key, seq);
    const closedAt =
      status === 'closed' ? new Date(Math.min(nowMs, opened.getTime() + (7 + r.int(80)) * 86_400_000)) : null;
    await caseW.write([
      id,
      `WQ${districtCode.get(v.districtId) ?? '50'}${year}S${String(seq).padStart(6, '0')}`,
      v.id,
      v.path,
      v.districtId,
      type,
      status,
      opened,
      closedAt,
      closedAt ?? opened,
    ]);
    const u = r.next();
    let acc = 0;
    const set = INDICATOR_SETS.find((s) => (acc += s.p) >= u) ?? INDICATOR_SETS[0]!;
    const risk = status === 'intake' && r.chance(0.5) ? null : scoreRisk(set.set);
    const minor = channel === 'mandatory_report' || type === 'child_rights';
    const supervised = r.chance(0.04);
    await detW.write([
      id,
      v.path,
      v.districtId,
      channel,
      r.pick(encNarratives),
      minor,
      r.pick(['王*英', '李*', '张*梅', '刘*芳', '陈*', '匿名']),
      risk?.level ?? null,
      risk?.score ?? null,
      risk?.level === 'high' ? new Date(opened.getTime() + 24 * 3_600_000) : null,
      risk?.level === 'high' ? new Date(opened.getTime() + (2 + r.int(30)) * 3_600_000) : null,
      supervised,
      supervised ? new Date(opened.getTime() + 5 * 86_400_000) : null,
      status === 'closed' ? pickOutcome(r.next()) : null,
    ]);
    const townId = Number(v.path.split('.')[2]);
    const worker = workerOfTown.get(townId);
    if (worker) await asgW.write([id, v.path, v.districtId, worker, 'worker', 'system:seed', opened]);
    await partyW.write([id, v.path, v.districtId, 'victim', encName, '当*人', 'female', minor]);
    await partyW.write([id, v.path, v.districtId, 'respondent', null, null, 'male', false]);
    if (risk)
      await assW.write([
        id,
        v.path,
        v.districtId,
        set.set,
        risk.score,
        risk.level,
        'system:seed',
        new Date(opened.getTime() + 3_600_000),
      ]);
    let prev: string | null = null;
    for (const [k, st] of order.slice(0, order.indexOf(status) + 1).entries()) {
      await evW.write([
        id,
        v.path,
        v.districtId,
        'transition',
        prev,
        st,
        'system:seed',
        new Date(opened.getTime() + k * 86_400_000),
      ]);
      prev = st;
    }
    if (status !== 'intake' && status !== 'assessment' && r.chance(0.3)) {
      const kind = minor ? 'education' : r.pick(['police', 'police', 'legal_aid', 'court', 'civil_affairs']);
      const sent = new Date(opened.getTime() + 86_400_000);
      const answered = r.chance(0.8) ? new Date(sent.getTime() + (1 + r.int(10)) * 86_400_000) : null;
      await refW.write([
        id,
        v.path,
        v.districtId,
        agencyOf.get(`${v.districtId}:${kind}`) ?? firstAgency,
        answered ? 'answered' : 'accepted',
        encRequest,
        kind === 'police',
        sent,
        'system:seed',
        new Date(sent.getTime() + 6 * 3_600_000),
        answered,
      ]);
    }
    if (i > 0 && i % 50_000 === 0) log(`seed: ${i} cases…`);
  }
  const counts: Record<string, number> = {
    cases: await caseW.close(),
    case_details: await detW.close(),
    case_assignments: await asgW.close(),
    case_parties: await partyW.close(),
    case_events: await evW.close(),
    case_assessments: await assW.close(),
    case_referrals: await refW.close(),
    case_workers: towns.length,
  };
  for (const [key, last] of seqs) {
    const [districtId, year] = key.split(':');
    await q(
      handle,
      `insert into case_number_counters (district_id, year, last) values ($1, $2, $3) on conflict (district_id, year) do update set last = greatest(case_number_counters.last, excluded.last)`,
      [Number(districtId), Number(year), last],
    );
  }
  await rebuild();
  log(`seed: ${counts.cases} cases; rebuilding the five-mechanism counters…`);
  const report = await rebuildCounters(handle, EXTENSIONS.statistics, ['cases', 'case_kinds']);
  counts.stat_counters = report[0]?.rows ?? 0;
  return counts;
}
