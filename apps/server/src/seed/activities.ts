// City-scale activities (300,000 at scale 1) over five years, in the proportions of a federation's year: many 宣讲
// talks and volunteer services, family-education lectures, trainings, children's programmes, a few job fairs and
// contests; most summarised, some held without a summary yet, a few cancelled, the next weeks planned or open.
// Attendance: about six named check-ins an activity (QR or desk, half of them registry women), the rest of the people
// reached counted in the summary (`extra_reached`), as sign-in sheets are in practice.
import { maskPhone } from '@jinguo/contracts';
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { rebuildCounters } from '../platform/stats/index.js';
import { chinaDate } from '../platform/time.js';
import { EXTENSIONS } from '../platform.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { rng } from './distributions.js';
import { pastInstant, personsByOrg, seedOrgs } from './orgs.js';

export const ACTIVITIES_FULL_SCALE = 300_000;

/** kind, share, mean people reached, topics */
const KINDS: [string, number, number, string[]][] = [
  ['talk', 0.34, 45, ['巾帼宣讲：党的创新理论进万家', '反家暴法宣讲', '民法典进社区', '防范电信诈骗宣讲']],
  ['lecture', 0.2, 35, ['家庭教育讲座：亲子沟通', '家长学校：青春期心理', '好家风好家训分享会']],
  ['volunteer_service', 0.2, 25, ['巾帼志愿者义诊', '关爱留守儿童志愿服务', '敬老院慰问', '环境整治志愿服务']],
  ['training', 0.1, 30, ['"领头雁"执委培训', '巾帼家政技能培训', '电商直播技能培训', '妇联干部业务培训']],
  ['children', 0.09, 30, ['渝苗合唱团', '暑期儿童托管', '儿童之家四点半课堂', '儿童安全教育']],
  ['contest', 0.04, 40, ['巧手编织技能赛', '家政技能比武', '最美家庭故事会']],
  ['job_fair', 0.03, 200, ['春风行动巾帼专场招聘会', '就业援助月招聘会']],
];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '谭', '冉', '向'];
const GIVEN = ['秀英', '桂英', '玉兰', '晓梅', '丽', '静', '敏', '燕', '红', '芳', '婷', '霞', '琴', '娟'];
const PHONE_POOL = 4000;

export async function seedActivities(
  handle: DbHandle,
  crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 12);
  const now = Date.now();
  const total = Math.round(ACTIVITIES_FULL_SCALE * opts.scale);
  if (total === 0) return {};
  const orgs = await seedOrgs(handle);
  const persons = await personsByOrg(handle);
  // a pool of attendees' phones, encrypted once (the generator must not spend its time in AES)
  const pool = Array.from({ length: PHONE_POOL }, (_, i) => {
    const phone = `139${String(10_000_000 + i * 2_477).padStart(8, '0')}`;
    return { enc: crypto.encrypt(phone), hash: crypto.lookupHash(phone), masked: maskPhone(phone) };
  });
  const rebuildIndexes =
    opts.scale >= 0.05 ? await suspendIndexes(handle, ['activities', 'activity_attendance']) : async () => {};
  const first = await reserveIds(handle, 'activities', total);
  const aW = bulkWriter(handle, 'activities', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'kind',
    'title',
    'topic',
    'audience',
    'address',
    'starts_at',
    'ends_at',
    'starts_on',
    'capacity',
    'organiser',
    'status',
    'registered',
    'attended',
    'extra_reached',
    'summary',
    'hours',
    'posts_offered',
    'held_at',
    'created_by',
    'created_at',
  ]);
  const tW = bulkWriter(handle, 'activity_attendance', [
    'activity_id',
    'org_path',
    'district_id',
    'person_id',
    'name',
    'phone_enc',
    'phone_hash',
    'phone_masked',
    'source',
    'checked_in_at',
  ]);
  const cumulative = KINDS.reduce<number[]>((acc, k) => [...acc, (acc.at(-1) ?? 0) + k[1]], []);
  for (let i = 0; i < total; i++) {
    const id = first + i;
    const u = r.next();
    const k = KINDS[cumulative.findIndex((c) => u < c)] ?? KINDS[0]!;
    const [kind, , mean, titles] = k;
    const org = orgs.pick(r.next(), r.next(), { village: 0.7, town: 0.22 });
    // 2 % in the coming four weeks; the rest in the last five years
    const future = r.chance(0.02);
    const start = future
      ? new Date(now + (1 + r.int(28)) * 86_400_000 + r.int(10) * 3_600_000)
      : pastInstant(r.next, now - 3 * 3_600_000);
    const end = new Date(start.getTime() + (1 + r.int(3)) * 3_600_000);
    const status = future
      ? r.chance(0.5)
        ? 'planned'
        : 'open'
      : r.chance(0.04)
        ? 'cancelled'
        : r.chance(0.75)
          ? 'summarised'
          : 'held';
    const took = status === 'held' || status === 'summarised';
    const named = took ? Math.min(PHONE_POOL, 1 + r.int(11)) : 0;
    const reached = took ? Math.max(named, Math.round(mean * (0.4 + r.next() * 1.2))) : 0;
    const extra = status === 'summarised' ? reached - named : 0;
    const title = r.pick(titles);
    await aW.write([
      id,
      org.id,
      org.path,
      org.districtId,
      kind,
      title,
      title,
      kind === 'children' ? '儿童及家长' : '辖区妇女群众',
      `${org.name.replace(/妇联$/, '')}党群服务中心`,
      start,
      end,
      chinaDate(start),
      kind === 'job_fair' ? null : 30 + r.int(8) * 10,
      org.name,
      status,
      0, // registrations are not generated: the count follows the rows
      named,
      extra,
      status === 'summarised' ? `${title}顺利开展，参与群众反响良好。` : null,
      kind === 'training' ? 2 + r.int(3) * 2 : null,
      kind === 'job_fair' ? 50 + r.int(200) : null,
      took ? end : null,
      '系统生成',
      start,
    ]);
    const people = persons.get(org.id) ?? [];
    const from = r.int(PHONE_POOL - named);
    for (let j = 0; j < named; j++) {
      const p = pool[from + j]!;
      const person = people.length && r.chance(0.5) ? r.pick(people) : null;
      await tW.write([
        id,
        org.path,
        org.districtId,
        person,
        `${r.pick(SURNAMES)}${r.pick(GIVEN)}`,
        p.enc,
        p.hash,
        p.masked,
        r.chance(0.6) ? 'resident' : r.chance(0.5) ? 'walk_in' : 'cadre',
        new Date(start.getTime() + r.int(40) * 60_000),
      ]);
    }
    if (i > 0 && i % 100_000 === 0) log(`seed: ${i} activities…`);
  }
  const counts = { activities: await aW.close(), activity_attendance: await tW.close() };
  log(`seed: ${counts.activities} activities, ${counts.activity_attendance} check-ins`);
  await rebuildIndexes();
  await handle.exec('analyze activities; analyze activity_attendance');
  await rebuildCounters(handle, EXTENSIONS.statistics, ['activities']);
  await handle.exec('analyze stat_counters');
  return counts;
}
