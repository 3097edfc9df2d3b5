// City-scale volunteering over five years: 巾帼志愿服务队 in most villages and every town and district, 巾帼宣讲队 in
// every town and district; 400,000 volunteers and 1,920,000 services at scale 1 (the five-year review counts 192万
// volunteer services), a tenth of them from call-ups (动员下沉, about 24,000 with their invitees and answers); and
// the 执委 (six per village at scale 1), each with her routine visits, for the duty checklist (a city "七个一").
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { chinaDate } from '../platform/time.js';
import { EXTENSIONS } from '../platform.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { rebuildCounters } from '../platform/stats/index.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { rng } from './distributions.js';
import { pastInstant, seedOrgs, seedRows } from './orgs.js';

export const VOLUNTEERS_FULL_SCALE = 400_000;
export const SERVICES_FULL_SCALE = 1_920_000;
export const CALL_UPS_FULL_SCALE = 24_000;
export const MEMBERS_PER_VILLAGE = 6;
const DEMO_PASSWORD = 'Jinguo@2026';

const SKILLS = ['legal', 'psychology', 'family_education', 'mediation', 'health', 'childcare', 'elder_care', 'talks'];
const AVAILABILITY = ['weekday_daytime', 'weekday_evening', 'weekend', 'holidays', 'on_call'];
const SERVICE_NOTES = [
  '助老探访',
  '留守儿童关爱',
  '法律咨询驻点',
  '家庭教育讲座助教',
  '环境整治',
  '防诈宣传',
  '文明劝导',
];
const CALL_UP_TITLES = ['汛期巡查值守', '疫苗接种秩序引导', '森林防火宣传', '社区环境整治', '节日慰问物资分发'];
/** Hours of one service: mostly two, some half days. */
const HOURS = [1, 1.5, 2, 2, 2, 2.5, 3, 4];

export async function seedVolunteers(
  handle: DbHandle,
  _crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 7);
  const now = Date.now();
  const total = Math.round(VOLUNTEERS_FULL_SCALE * opts.scale);
  if (total === 0) return {};
  const orgs = await seedOrgs(handle);
  const counts: Record<string, number> = {};

  // teams: a service team in 80% of villages and every town and district, a talk team in every town and district
  const teamW = bulkWriter(handle, 'volunteer_teams', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'kind',
    'name',
    'founded_on',
    'created_by',
  ]);
  const teamOf = new Map<number, number>();
  const talkTeamOf = new Map<number, number>();
  const withTeams = [...orgs.villages.filter(() => r.chance(0.8)), ...orgs.towns, ...orgs.districts];
  const upper = [...orgs.towns, ...orgs.districts];
  let teamId = await reserveIds(handle, 'volunteer_teams', withTeams.length + upper.length);
  for (const o of withTeams) {
    teamOf.set(o.id, teamId);
    await teamW.write([
      teamId++,
      o.id,
      o.path,
      o.districtId,
      'volunteer',
      `${o.name.replace(/妇联$/, '')}巾帼志愿服务队`,
      chinaDate(pastInstant(r.next, now, 8)),
      '系统生成',
    ]);
  }
  for (const o of upper) {
    talkTeamOf.set(o.id, teamId);
    await teamW.write([
      teamId++,
      o.id,
      o.path,
      o.districtId,
      'talk',
      `${o.name.replace(/妇联$/, '')}巾帼宣讲队`,
      chinaDate(pastInstant(r.next, now, 8)),
      '系统生成',
    ]);
  }
  counts.volunteer_teams = await teamW.close();

  // volunteers: registry women of the villages, each once; in her village's team (else her town's), a few in talks
  const persons = await seedRows<{ id: number; org_id: number; path: string; district_id: number }>(
    handle,
    `select id, org_id, org_path::text as path, district_id from persons
     where status = 'active' and gender = 'female' and district_id is not null order by hashtext(id::text) limit ${total}`,
  );
  const rebuildIndexes =
    opts.scale >= 0.05
      ? await suspendIndexes(handle, ['volunteers', 'volunteer_team_members', 'volunteer_hours', 'call_up_invitees'])
      : async () => {};
  const firstVolunteer = await reserveIds(handle, 'volunteers', persons.length);
  const vW = bulkWriter(handle, 'volunteers', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'person_id',
    'skills',
    'availability',
    'joined_on',
    'created_by',
  ]);
  const mW = bulkWriter(handle, 'volunteer_team_members', ['team_id', 'volunteer_id', 'org_path', 'joined_on']);
  const vols: { id: number; orgId: number; path: string; districtId: number; joined: string }[] = [];
  const bySubtree = new Map<number, number[]>();
  for (const [i, p] of persons.entries()) {
    const id = firstVolunteer + i;
    const joined = chinaDate(pastInstant(r.next, now, 6));
    const v = { id, orgId: Number(p.org_id), path: p.path, districtId: Number(p.district_id), joined };
    vols.push(v);
    const labels = p.path.split('.').map(Number);
    for (const l of labels.slice(1)) {
      const list = bySubtree.get(l);
      if (list) list.push(i);
      else bySubtree.set(l, [i]);
    }
    await vW.write([
      id,
      v.orgId,
      p.path,
      v.districtId,
      Number(p.id),
      [r.pick(SKILLS), r.pick(SKILLS)].filter((s, k, a) => a.indexOf(s) === k),
      [r.pick(AVAILABILITY)],
      joined,
      '系统生成',
    ]);
    const team = [...labels]
      .reverse()
      .map((l) => teamOf.get(l))
      .find((x) => x !== undefined);
    if (team) await mW.write([team, id, p.path, joined]);
    const talk = labels[2] !== undefined ? talkTeamOf.get(labels[2]) : undefined;
    if (talk && r.chance(0.1)) await mW.write([talk, id, p.path, joined]);
  }
  counts.volunteers = await vW.close();
  counts.volunteer_team_members = await mW.close();
  log(`seed: ${counts.volunteers} volunteers in ${counts.volunteer_teams} teams`);

  // call-ups of towns (and some villages) to their volunteers: most answer, most who accept come, each comes for hours
  const hW = bulkWriter(handle, 'volunteer_hours', [
    'volunteer_id',
    'org_id',
    'org_path',
    'district_id',
    'served_on',
    'minutes',
    'source',
    'source_id',
    'note',
    'recorded_by',
  ]);
  const callUps = Math.round(CALL_UPS_FULL_SCALE * opts.scale);
  const firstCallUp = await reserveIds(handle, 'call_ups', callUps);
  const cW = bulkWriter(handle, 'call_ups', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'title',
    'place',
    'starts_at',
    'ends_at',
    'needed',
    'state',
    'created_by',
    'closed_at',
  ]);
  const iW = bulkWriter(handle, 'call_up_invitees', [
    'id',
    'call_up_id',
    'org_path',
    'volunteer_id',
    'name',
    'response',
    'responded_at',
    'attended',
    'minutes',
  ]);
  let inviteeId = await reserveIds(handle, 'call_up_invitees', callUps * 20);
  const inviteeLimit = inviteeId + callUps * 20;
  let fromCallUps = 0;
  for (let c = 0; c < callUps; c++) {
    const org = orgs.pick(r.next(), r.next(), { village: 0.3, town: 0.7 });
    const pool = bySubtree.get(org.id) ?? [];
    const start = pastInstant(r.next, now);
    const end = new Date(start.getTime() + 3 * 3_600_000);
    const held = end.getTime() < now;
    const asked = Math.min(pool.length, 5 + r.int(15), inviteeLimit - inviteeId);
    const title = r.pick(CALL_UP_TITLES);
    await cW.write([
      firstCallUp + c,
      org.id,
      org.path,
      org.districtId,
      title,
      `${org.name.replace(/妇联$/, '')}`,
      start,
      end,
      Math.max(1, Math.round(asked * 0.6)),
      held ? 'closed' : 'open',
      '系统生成',
      held ? end : null,
    ]);
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < asked && tries < asked * 3; tries++) chosen.add(pool[r.int(pool.length)]!);
    for (const index of chosen) {
      const v = vols[index]!;
      const response = r.chance(0.7) ? 'accepted' : r.chance(0.6) ? 'declined' : 'pending';
      const came = held && response === 'accepted' && r.chance(0.85);
      const minutes = came ? 180 : null;
      await iW.write([
        inviteeId,
        firstCallUp + c,
        org.path,
        v.id,
        '志愿者',
        response,
        response === 'pending' ? null : start,
        held ? came : null,
        minutes,
      ]);
      if (came) {
        await hW.write([
          v.id,
          org.id,
          org.path,
          org.districtId,
          chinaDate(start),
          180,
          'call_up',
          inviteeId,
          title,
          '系统生成',
        ]);
        fromCallUps++;
      }
      inviteeId++;
    }
  }
  counts.call_ups = await cW.close();
  counts.call_up_invitees = await iW.close();

  // the rest of the services, recorded by the volunteers' orgs
  const services = Math.max(0, Math.round(SERVICES_FULL_SCALE * opts.scale) - fromCallUps);
  for (let i = 0; i < services; i++) {
    const v = vols[r.int(vols.length)]!;
    let day = chinaDate(pastInstant(r.next, now));
    if (day < v.joined) day = v.joined;
    await hW.write([
      v.id,
      v.orgId,
      v.path,
      v.districtId,
      day,
      Math.round(r.pick(HOURS) * 60),
      'other',
      null,
      r.pick(SERVICE_NOTES),
      '系统生成',
    ]);
    if (i > 0 && i % 500_000 === 0) log(`seed: ${i} volunteer services…`);
  }
  counts.volunteer_hours = await hW.close();
  await rebuildIndexes();
  log(`seed: ${counts.volunteer_hours} volunteer services (${fromCallUps} from call-ups)`);

  counts.executive_members = await seedExecutiveMembers(handle, orgs.villages, opts);
  await handle.exec(
    'analyze volunteers; analyze volunteer_hours; analyze volunteer_team_members; analyze call_ups; analyze call_up_invitees; analyze users; analyze visits',
  );
  await rebuildCounters(handle, EXTENSIONS.statistics, ['volunteers']);
  await handle.exec('analyze stat_counters');
  return counts;
}

/**
 * The 执委 of the villages (seed.ec.<village>.<n>), the routine visits of each village handed to them (so the checklist
 * counts them) and a city "七个一" for the current year.
 */
async function seedExecutiveMembers(
  handle: DbHandle,
  villages: { id: number; path: string }[],
  opts: { scale: number },
): Promise<number> {
  const perVillage = Math.max(1, Math.round(MEMBERS_PER_VILLAGE * Math.min(1, opts.scale * 10)));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const first = await reserveIds(handle, 'users', villages.length * perVillage);
  const uW = bulkWriter(handle, 'users', [
    'id',
    'username',
    'display_name',
    'org_id',
    'org_path',
    'roles',
    'password_hash',
    'must_change_password',
  ]);
  let n = 0;
  for (const v of villages)
    for (let k = 1; k <= perVillage; k++)
      await uW.write([
        first + n++,
        `seed.ec.${v.id}.${k}`,
        `执委 ${v.id}-${k}`,
        v.id,
        v.path,
        ['executive_member'],
        passwordHash,
        false,
      ]);
  const written = await uW.close();
  // routine visits of a village were made by one of its 执委 (by the visit's id, so each member has her share)
  await handle.exec(`update visits v set visitor_user_ids = array[u.id]
    from users u where v.kind = 'routine' and u.org_id = v.org_id
      and u.username = 'seed.ec.' || v.org_id || '.' || (1 + v.id % ${perVillage})`);
  const year = Number(chinaDate(new Date()).slice(0, 4));
  const [city] = await seedRows<{ id: number; path: string }>(
    handle,
    `select id, path::text as path from organizations where type = 'city_federation' and status = 'active' order by id limit 1`,
  );
  if (city)
    await seedRows(
      handle,
      `insert into duty_checklists (org_id, org_path, year, name, items, updated_by) values ($1, $2::ltree, $3, '七个一', $4::jsonb, '系统生成')
       on conflict (org_id, year) do nothing`,
      [
        city.id,
        city.path,
        year,
        JSON.stringify([
          { kind: 'visits.made', label: '每年走访 12 次', target: 12 },
          { kind: 'visits.households', label: '联系 10 户家庭', target: 10 },
          { kind: 'demands.handled', label: '办理 2 件诉求', target: 2 },
          { kind: 'duties.projects_led', label: '领办 1 个项目', target: 1 },
          { kind: 'volunteers.call_ups', label: '参加 2 次动员下沉', target: 2 },
        ]),
      ],
    );
  return written;
}
