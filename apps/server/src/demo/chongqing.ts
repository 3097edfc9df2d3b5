import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { maskPhone, type OrgType, type Role } from '@jinguo/contracts';
import { appendAudit } from '../platform/audit/audit.service.js';
import { users } from '../platform/auth/auth.tables.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { REPO_ROOT } from '../platform/config.js';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { runAsSystem, systemActor, type Scoped } from '../platform/scope.js';
import { readSetting, writeSetting } from '../platform/settings.repository.js';
import { orgLoading as orgs, readDivisionFile } from '../modules/organizations/index.js';
import { DIVISIONS_AS_OF, importChongqing, LIANGJIANG_CODE } from '../provinces/chongqing.js';
import { orgOfficers } from '../modules/organizations/organizations.tables.js';
import { addDemoActivities } from './activities.js';
import { addDemoCarePrograms } from './care-programs.js';
import { addDemoCases } from './cases.js';
import { addDemoPeople } from './people.js';
import { addDemoTasks } from './tasks.js';
import { addDemoVisitsAndDemands } from './visits-demands.js';
import { addDemoVolunteersAndDuties } from './volunteers.js';

export { DIVISIONS_AS_OF, LIANGJIANG_CODE } from '../provinces/chongqing.js';
export const DEMO_PASSWORD = 'Jinguo@2026';
export const DIVISIONS_FILE = resolve(REPO_ROOT, 'apps/server/data/divisions/50.tsv');

async function byCode(s: Scoped, code: string) {
  const rows = await queryRows<{ id: number }>(s.tx, sql`select id from organizations where code = ${code}`);
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`demo data: no organization with code ${code}`);
  return (await orgs.findOrg(s, Number(id)))!;
}

/** Loads the whole demo once, in one transaction: a crash half-way leaves nothing behind and the next start retries. */
export async function loadDemoData(
  handle: DbHandle,
  deps: { crypto: FieldCrypto; today: () => string; log?: (msg: string) => void; divisionsFile?: string },
) {
  if (await readSetting(handle.db, 'demo_data')) return { loaded: false };
  // Demo accounts share a public password: they must never reach a database initialised for production.
  if (await readSetting(handle.db, 'production_initialised')) {
    throw new Error(
      'this database was initialised for production (jinguo init --production): start it with JINGUO_MODE=production; demo data is never loaded into it',
    );
  }
  const log = deps.log ?? (() => {});
  const started = Date.now();
  const phases: string[] = [];
  let mark = Date.now();
  const step = async <T>(name: string, work: Promise<T>): Promise<T> => {
    const r = await work;
    phases.push(`${name} ${((Date.now() - mark) / 1000).toFixed(1)}`);
    mark = Date.now();
    return r;
  };
  await runAsSystem(handle, systemActor('demo'), async (s) => {
    // today's structure (functional zones, the 2025 reorganization): the same import as a production init of province
    // 50
    const imported = await step(
      'organizations',
      importChongqing(s, deps, readDivisionFile(deps.divisionsFile ?? DIVISIONS_FILE), DIVISIONS_AS_OF),
    );
    log(`demo: imported ${imported.created} organizations`);
    const today = deps.today();
    const ctx = { handle, crypto: deps.crypto, today };
    await step('demo organizations', addDemoOrganizations(s, deps));
    await step('facts', addDemoFacts(s, deps.crypto));
    await step('people', addDemoPeople(s, deps.crypto, today));
    await step('users', addDemoUsers(s, deps.crypto));
    await step('visits and demands', addDemoVisitsAndDemands(s, ctx));
    await step('cases', addDemoCases(s, deps.crypto, today));
    await step('activities', addDemoActivities(s, ctx));
    await step('volunteers', addDemoVolunteersAndDuties(s, ctx));
    await step('tasks', addDemoTasks(s, ctx));
    await step('care programs', addDemoCarePrograms(s, ctx));
    await writeSetting(s.tx, 'demo_data', { loadedAt: new Date().toISOString(), divisionsAsOf: DIVISIONS_AS_OF });
    await appendAudit(s.tx, s.actor, { action: 'system.demo.load', after: { organizations: imported.created } });
  });
  await step('analyze', handle.exec('analyze')); // fresh statistics, or the planner misjudges subtree predicates on the new rows
  log(`demo: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s (${phases.join(', ')})`);
  return { loaded: true };
}

async function addDemoOrganizations(s: Scoped, deps: { crypto: FieldCrypto; today: () => string }) {
  const date = '2024-03-08';
  const city = await byCode(s, '50');
  const c = await orgs.beginReorganization(
    s,
    deps,
    'create',
    { effectiveDate: date, reason: '演示数据：新领域、流动妇联、妇女微家和妇女小组' },
    '新建演示组织',
    [city],
  );
  const add = async (parentCode: string, code: string, name: string, type: OrgType) =>
    orgs.createOrgAt(c, await byCode(s, parentCode), { name, code, type }, date);
  await add('50', '50-DSZB', '重庆市电商直播行业妇联', 'new_sector_federation');
  await add('50-DSZB', '50-DSZB-WJ1', '渝中电商产业园妇女微家', 'micro_home');
  await add('50', '50-JGFGW', '重庆市级机关妇工委', 'institution_committee');
  await add('500106', '500106-CQU', '重庆大学妇联', 'university_federation');
  await add('500154', '500154-SH', '开州区(上海)流动妇工委', 'mobile_federation');
  await add('500101', '500101-SZ', '万州区(深圳)流动妇联', 'mobile_federation');
  await add('500154001', '500154001-WJ1', '汉丰街道快递驿站妇女微家', 'micro_home');
  await s.tx.execute(
    sql`update organizations set host_province = '上海市', host_city = '上海市', host_codes = '{31}' where code = '500154-SH'`,
  );
  await s.tx.execute(
    sql`update organizations set host_province = '广东省', host_city = '深圳市', host_codes = '{4403}' where code = '500101-SZ'`,
  );
  await add('500154001001', '500154001001-G1', '驷马社区第一网格妇女小组', 'womens_group');
  await add('500154001001', '500154001001-G2', '驷马社区第二网格妇女小组', 'womens_group');
  await add('500154001002', '500154001002-G1', '永兴社区1号楼栋妇女小组', 'womens_group');
  await add('500101001001', '500101001001-G1', '东方广场社区妇女小组', 'womens_group');
}

/** Spaces, founding dates and terms, spread deterministically (hash of the code) so every start shows the same demo. */
async function addDemoFacts(s: Scoped, crypto: FieldCrypto) {
  const h = (salt: string) => sql.raw(`(abs(hashtext(code || '${salt}')) % 1000)`);
  await s.tx.execute(
    sql`update organizations set founded_on = date '2016-01-01' + ${h('f')}::int * 2 where type = 'village_federation' and ${h('x')} < 975`,
  );
  await s.tx.execute(
    sql`update organizations set founded_on = date '1990-03-08' + ${h('f')}::int * 5 where type in ('town_federation', 'district_federation')`,
  );
  const space = (type: string, suffix: string, rate: number, levelType: string) => sql`
    insert into org_spaces (org_id, org_path, district_id, type, name, opening_hours, services, opened_on, activity_count)
    select id, path, district_id, ${type}, regexp_replace(name, '妇联$', '') || ${suffix}, '周一至周五 9:00-17:00',
      array['政策宣讲', '法律咨询', '家庭教育指导'], date '2017-03-08' + ${h(type)}::int, ${h(type + 'n')}::int % 40
    from organizations where type = ${levelType} and status = 'active' and ${h(type)} < ${rate}`;
  await s.tx.execute(space('womens_home', '妇女之家', 880, 'village_federation'));
  await s.tx.execute(space('childrens_home', '儿童之家', 620, 'village_federation'));
  await s.tx.execute(space('parents_school', '家长学校', 510, 'village_federation'));
  await s.tx.execute(space('rights_station', '妇女儿童维权站', 300, 'village_federation'));
  await s.tx.execute(space('family_education_center', '家庭教育指导中心', 450, 'town_federation'));
  await s.tx.execute(space('yuhao_space', '渝好空间', 150, 'town_federation'));
  // Village and town federations elected their current (2nd) committees between 2021 and 2023; five-year terms.
  await s.tx.execute(sql`
    insert into org_terms (org_id, org_path, district_id, number, state, starts_on, due_on, is_current, history)
    select id, path, district_id, 2, 'filed', d, d + interval '5 years', true,
      jsonb_build_array(jsonb_build_object('from', null, 'to', 'planned', 'at', d - 60, 'note', null), jsonb_build_object('from', 'elected', 'to', 'filed', 'at', d + 10, 'note', '已报上级妇联备案'))
    from (select id, path, district_id, date '2021-09-01' + ${h('t')}::int as d from organizations where type in ('village_federation', 'town_federation') and status = 'active') t`);
  // Officers of 汉丰街道's communities: a chair and two part-time 执委 each, phones encrypted like every personal field.
  const hanfeng = await queryRows<{ id: number; path: string; district_id: number; code: string }>(
    s.tx,
    sql`select id, path::text as path, district_id, code from organizations where parent_id = (select id from organizations where code = '500154001') and type = 'village_federation'`,
  );
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '周', '吴', '谭'];
  const given = ['秀英', '晓梅', '丽', '芳', '敏', '静', '红梅', '小燕', '春兰', '玉兰'];
  let n = 0;
  for (const v of hanfeng) {
    for (const position of ['chair', 'executive_member', 'executive_member'] as const) {
      n++;
      await s.tx.insert(orgOfficers).values({
        orgId: Number(v.id),
        orgPath: v.path,
        districtId: Number(v.district_id),
        name: `${surnames[n % 10]}${given[(n * 7) % 10]}`,
        position,
        phoneEnc: crypto.encrypt(`139${String(23000000 + n * 7919).padStart(8, '0')}`),
        isPartTime: position !== 'chair',
        contactPoint: position === 'executive_member' ? `第${(n % 6) + 1}网格` : null,
        startedOn: '2022-04-15',
        changeKind: 'elected',
      });
    }
  }
}

export const DEMO_USERS: { username: string; displayName: string; orgCode: string; roles: Role[] }[] = [
  { username: 'admin', displayName: '系统管理员', orgCode: '50', roles: ['system_admin'] },
  { username: 'security', displayName: '安全管理员', orgCode: '50', roles: ['security_officer'] },
  { username: 'auditor', displayName: '审计管理员', orgCode: '50', roles: ['auditor'] },
  { username: 'city.cadre', displayName: '市妇联 刘干事', orgCode: '50', roles: ['cadre'] },
  { username: 'kaizhou.cadre', displayName: '开州区妇联 陈部长', orgCode: '500154', roles: ['cadre'] },
  { username: 'kaizhou.caseworker', displayName: '开州区妇联 维权专员', orgCode: '500154', roles: ['case_worker'] },
  { username: 'kaizhou.police', displayName: '开州区公安局 联络员', orgCode: '500154', roles: ['partner_agency'] },
  { username: 'kaizhou.court', displayName: '开州区人民法院 联络员', orgCode: '500154', roles: ['partner_agency'] },
  {
    username: 'kaizhou.legalaid',
    displayName: '开州区法律援助中心 联络员',
    orgCode: '500154',
    roles: ['partner_agency'],
  },
  {
    username: 'kaizhou.supervisor',
    displayName: '开州区妇联 维权督导 孙主任',
    orgCode: '500154',
    roles: ['case_supervisor'],
  },
  { username: 'hanfeng.caseworker', displayName: '汉丰街道 维权专员', orgCode: '500154001', roles: ['case_worker'] },
  { username: 'liangjiang.cadre', displayName: '两江新区妇联 何干事', orgCode: LIANGJIANG_CODE, roles: ['cadre'] },
  { username: 'hanfeng.cadre', displayName: '汉丰街道妇联 周主席', orgCode: '500154001', roles: ['cadre'] },
  { username: 'hanfeng.mediator', displayName: '汉丰街道 婚调员', orgCode: '500154001', roles: ['mediator'] },
  { username: 'hanfeng.counsellor', displayName: '汉丰街道 心理咨询师', orgCode: '500154001', roles: ['counsellor'] },
  { username: 'village.a', displayName: '驷马社区妇联 王主席', orgCode: '500154001001', roles: ['cadre'] },
  { username: 'village.b', displayName: '永兴社区妇联 李主席', orgCode: '500154001002', roles: ['cadre'] },
  {
    username: 'village.a.member',
    displayName: '驷马社区 执委 张晓梅',
    orgCode: '500154001001',
    roles: ['executive_member'],
  },
  { username: 'shanghai.mobile', displayName: '开州区(上海)流动妇工委 主任', orgCode: '500154-SH', roles: ['cadre'] },
  {
    username: 'village.a.volunteer',
    displayName: '驷马社区 巾帼志愿者',
    orgCode: '500154001001',
    roles: ['volunteer'],
  },
];

/** The demo account's own (made-up) phone, where a reset one-time password goes: 199 0000 0001, 0002, … */
const demoUserPhone = (index: number) => `1990000${String(index + 1).padStart(4, '0')}`;

/** Demo accounts share one known password (README); they exist only in demo mode. */
async function addDemoUsers(s: Scoped, crypto: FieldCrypto) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const codes = await queryRows<{ code: string; id: number; path: string }>(
    s.tx,
    sql`select code, id, path::text as path from organizations where code in ${sql.raw(`(${DEMO_USERS.map((u) => `'${u.orgCode}'`).join(',')})`)}`,
  );
  const byCodeMap = new Map(codes.map((c) => [c.code, c]));
  const rows = DEMO_USERS.flatMap((u, i) => {
    const org = byCodeMap.get(u.orgCode);
    if (!org) return [];
    const phone = demoUserPhone(i);
    return {
      phoneEnc: crypto.encrypt(phone),
      phoneHash: crypto.lookupHash(phone),
      phoneMasked: maskPhone(phone),
      username: u.username,
      displayName: u.displayName,
      orgId: Number(org.id),
      orgPath: org.path,
      roles: u.roles,
      passwordHash,
      mustChangePassword: false,
    };
  });
  if (rows.length) await s.tx.insert(users).values(rows);
}
