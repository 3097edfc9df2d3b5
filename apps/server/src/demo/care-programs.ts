import { sql } from 'drizzle-orm';
import { permissionsOf, type ProgramInput, type Role } from '@jinguo/contracts';
import { createWorkCalendar, readScheduleFiles } from '../platform/calendar/index.js';
import type { FieldCrypto } from '../platform/crypto.js';
import { queryRows, type DbHandle } from '../platform/db/client.js';
import { createFiles } from '../platform/files/index.js';
import type { Scoped, UserActor } from '../platform/scope.js';
import { createCareServices } from '../modules/care-programs/index.js';
import { findPerson, registryReads } from '../modules/people/index.js';
import { demoPrograms } from './care-programs.definitions.js';
import { addDemoCareKindness } from './care-programs.kindness.js';

/** A one-pixel PNG: the demo's scanned materials. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const MATERIALS = [
  { code: 'id_card', name: '身份证' },
  { code: 'diagnosis', name: '诊断证明' },
  { code: 'category_proof', name: '困难类别证明' },
  { code: 'household_register', name: '户口簿' },
  { code: 'bank_card', name: '银行卡' },
];
const CONSULTED = (on: string) => [
  { agency: 'health' as const, consultedOn: on, opinion: '经区卫健委核实，诊断属实' },
  { agency: 'medical_insurance' as const, consultedOn: on, opinion: '已参加城乡居民医保，报销后自付部分较高' },
  { agency: 'civil_affairs' as const, consultedOn: on, opinion: '经区民政局核实，为低保对象' },
];

/**
 * Care programs for the demo: the 两癌 program as published with applications at every level in 开州区 (draft, each
 * review step, returned, refused, approved, paid), 春蕾计划, emergency aid, a 母亲邮包 batch passed down to 驷马社区
 * with deliveries and feedback cards, and a Spring Festival greetings list of 汉丰街道 built from tags.
 */
export async function addDemoCarePrograms(s: Scoped, deps: { handle: DbHandle; crypto: FieldCrypto; today: string }) {
  const orgs = await queryRows<{ id: number; code: string; path: string; type: string }>(
    s.tx,
    sql`select id, code, path::text as path, type from organizations where code in ('50', '500154', '500101', '500154001', '500154001001')`,
  );
  const org = (code: string) => orgs.find((o) => o.code === code);
  const [CITY, KAIZHOU, HANFENG, SIMA] = [org('50'), org('500154'), org('500154001'), org('500154001001')];
  if (!CITY || !KAIZHOU || !HANFENG || !SIMA) return;
  const services = createCareServices({
    handle: deps.handle,
    crypto: deps.crypto,
    calendar: createWorkCalendar(readScheduleFiles()),
    files: createFiles({ crypto: deps.crypto }),
    today: () => deps.today,
    people: { findPerson, ...registryReads(() => deps.today) },
  });
  const users = await queryRows<{ id: number; username: string; display_name: string; roles: Role[]; org_id: number }>(
    s.tx,
    sql`select id, username, display_name, roles, org_id from users
        where username in ('city.cadre', 'kaizhou.cadre', 'hanfeng.cadre', 'village.a')`,
  );
  const actor = (username: string): UserActor => {
    const u = users.find((x) => x.username === username)!;
    const o = orgs.find((x) => Number(x.id) === Number(u.org_id))!;
    return {
      kind: 'user',
      userId: Number(u.id),
      username: u.username,
      displayName: u.display_name,
      roles: u.roles,
      permissions: new Set(permissionsOf(u.roles)),
      homeOrgId: Number(o.id),
      homePath: o.path,
      scope: { orgId: Number(o.id), path: o.path, orgType: o.type },
      request: { ip: null, userAgent: 'demo data', requestId: 'demo-data' },
      session: { tokenHash: '', csrfToken: '' },
    };
  };
  const [city, district, town, village] = ['city.cadre', 'kaizhou.cadre', 'hanfeng.cadre', 'village.a'].map(actor) as [
    UserActor,
    UserActor,
    UserActor,
    UserActor,
  ];
  const as = (a: UserActor): Scoped => ({ tx: s.tx, actor: a, scopePath: a.scope.path, mobileOrgId: null });
  const year = deps.today.slice(0, 4);
  const defs = demoPrograms(
    year,
    { city: Number(CITY.id), kaizhou: Number(KAIZHOU.id) },
    orgs
      .filter((o) => o.path.split('.').length === 2)
      .map((o) => ({
        orgId: Number(o.id),
        quota: o.code === '500154' ? 40 : 20,
        budget: o.code === '500154' ? 400_000 : 200_000,
      })),
    MATERIALS,
  );
  const define = (d: { by: 'city' | 'district'; input: ProgramInput }) =>
    services.programs.createIn(
      as(d.by === 'city' ? city : district),
      d.by === 'city' ? city : district,
      d.input,
      'system:demo',
    );
  const liangAi = await define(defs.liangAi);
  await define(defs.chunlei);
  await define(defs.emergency);
  const parcel = await define(defs.parcel);
  const greeting = await define(defs.greeting);

  // women of 汉丰街道 who are in difficulty (the demo registry tags them)
  const women = await queryRows<{ id: number; name: string }>(
    s.tx,
    sql`select p.id, p.name from persons p
        where p.org_path <@ ${HANFENG.path}::ltree and p.gender = 'female' and p.birth_date < '1995-01-01'
          and p.status = 'active'
          and exists (select 1 from person_tags t where t.person_id = p.id and t.tag = 'difficult_woman' and t.removed_at is null)
        order by p.id limit 12`,
  );
  const app = async (
    i: number,
    where: 'draft' | 'initial' | 'second' | 'city_check' | 'approval' | 'returned' | 'refused' | 'approved' | 'paid',
  ) => {
    const w = women[i];
    if (!w) return;
    const a = await services.applications.fileIn(
      as(town),
      { name: town.username, user: town, residentId: null },
      {
        programId: liangAi.id,
        personId: Number(w.id),
        civilCategory: i % 2 ? 'dibao' : 'expenditure_hardship',
        diagnosis:
          i % 3
            ? {
                disease: 'cervical_cancer',
                invasive: true,
                stage: 'IIIA',
                hospital: '开州区人民医院',
                diagnosedOn: `${year}-03-1${i % 9}`,
                note: '',
              }
            : {
                disease: 'breast_cancer',
                invasive: true,
                stage: null,
                hospital: '重庆大学附属肿瘤医院',
                diagnosedOn: `${year}-02-2${i % 9}`,
                note: '',
              },
        bankAccount: {
          bankName: '重庆农村商业银行开州支行',
          accountNumber: `62284800${String(1_000_000_000 + i * 7919)}`,
          accountHolder: w.name,
        },
        note: '',
      },
      HANFENG.path,
    );
    if (where === 'draft') return;
    for (const m of MATERIALS)
      await services.applications.addMaterialIn(
        as(town),
        { name: town.username, user: town, residentId: null },
        a.id,
        m.code,
        `${m.name}.png`,
        PNG,
      );
    await services.applications.submitIn(as(town), { name: town.username, user: town, residentId: null }, a.id);
    if (where === 'initial') return;
    const review = (who: UserActor, input: Parameters<typeof services.reviews.reviewIn>[3]) =>
      services.reviews.reviewIn(as(who), who, a.id, input);
    await review(town, { action: 'pass', opinion: '经入户核实，家庭困难情况属实，材料齐全', consultations: [] });
    if (where === 'second') {
      await review(district, {
        action: 'comment',
        opinion: '已函询区卫健委',
        consultations: CONSULTED(deps.today).slice(0, 1),
      });
      return;
    }
    await review(district, {
      action: 'pass',
      opinion: '经征求卫健、医保、民政部门意见，同意上报',
      consultations: CONSULTED(deps.today),
    });
    if (where === 'city_check') return;
    await review(city, { action: 'pass', opinion: '材料审核通过', consultations: [] });
    if (where === 'approval') return;
    if (where === 'returned') {
      await review(city, { action: 'return', opinion: '请补充病理诊断报告复印件', consultations: [] });
      return;
    }
    if (where === 'refused') {
      await review(city, { action: 'refuse', opinion: '经核实，诊断分期为 IIA 期，不符合救助条件', consultations: [] });
      return;
    }
    await review(city, { action: 'pass', opinion: '同意救助 10000 元', consultations: [] });
    if (where === 'approved') return;
    await services.payments.payIn(as(district), district, a.id, {
      amount: 10000,
      paidOn: deps.today,
      channel: 'bank_transfer',
      reference: `KZ${deps.today.replaceAll('-', '')}${String(a.id).padStart(4, '0')}`,
      proofFileId: null,
    });
  };
  const stages = [
    'draft',
    'initial',
    'second',
    'city_check',
    'approval',
    'returned',
    'refused',
    'approved',
    'paid',
    'paid',
  ] as const;
  for (const [i, st] of stages.entries()) await app(i, st);

  // 母亲邮包: a city batch passed down to 驷马社区, delivered to three mothers, two feedback cards back
  const batch = await services.parcels.createIn(as(city), city, {
    programId: parcel.id,
    orgId: Number(CITY.id),
    name: `${year}年第一批母亲邮包`,
    tier: 100,
    quantity: 500,
  });
  await services.parcels.allocateIn(as(city), city, batch.id, { items: [{ orgId: Number(KAIZHOU.id), quantity: 60 }] });
  await services.parcels.allocateIn(as(district), district, batch.id, {
    items: [{ orgId: Number(HANFENG.id), quantity: 20 }],
  });
  await services.parcels.allocateIn(as(town), town, batch.id, { items: [{ orgId: Number(SIMA.id), quantity: 8 }] });
  const mothers = await queryRows<{ id: number }>(
    s.tx,
    sql`select p.id from persons p where p.org_path <@ ${SIMA.path}::ltree and p.gender = 'female' and p.status = 'active'
          and exists (select 1 from person_tags t where t.person_id = p.id and t.tag = 'difficult_woman' and t.removed_at is null)
        order by p.id limit 3`,
  );
  for (const [i, m] of mothers.entries()) {
    const d = await services.parcels.deliverIn(as(village), village, batch.id, {
      personId: Number(m.id),
      deliveredOn: deps.today,
      verified: true,
    });
    if (i < 2)
      await services.parcels.feedbackIn(as(village), village, d.id, {
        receivedOn: deps.today,
        satisfaction: 'satisfied',
        message: i ? '邮包里的生活用品很实用，谢谢娘家人' : '感谢妇联的关心，孩子很喜欢书包',
      });
  }

  // 节日慰问: 汉丰街道's Spring Festival list from tags
  // (as the platform: the registry's tag search lifts row-level security for its index walk, and the loader's
  // transaction must keep its own role)
  await services.greetings.createIn({ tx: s.tx, actor: town, scopePath: null, mobileOrgId: null }, town, {
    programId: greeting.id,
    orgId: Number(HANFENG.id),
    name: `${Number(year) + 1}年春节困难妇女和在外务工妇女慰问名单`,
    festival: '春节',
    tagsAny: ['difficult_woman', 'migrant_worker'],
    greetOn: `${Number(year) + 1}-01-20`,
  });
  await addDemoCareKindness(s, services, {
    town,
    hanfengPath: HANFENG.path,
    today: deps.today,
  });
}
