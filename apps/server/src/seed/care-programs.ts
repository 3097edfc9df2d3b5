// City-scale care programs for seed:city and the bench, over five years, in the proportions Chongqing's programs run
// at (scale 1): about 2,000 两癌 aid applications a year (three in four paid 10,000 yuan, one in ten refused, the rest
// under review), 4,000 春蕾 girls a school year (1,000 yuan), 2,000 emergency aids a year (1,000–2,000 yuan) and 10,000
// mother parcels a year (100 or 200 yuan). Applications go to the demo's programs (loaded before the seed); the
// counters are rebuilt from the records through the module's declared stat source.
import type { FieldCrypto } from '../platform/crypto.js';
import type { DbHandle } from '../platform/db/client.js';
import { EXTENSIONS } from '../platform.js';
import { rebuildCounters } from '../platform/stats/index.js';
import { chinaDate } from '../platform/time.js';
import { bulkWriter, reserveIds } from './bulk.js';
import { rng } from './distributions.js';
import { pastInstant, personsByOrg, seedOrgs, seedRows } from './orgs.js';

const YEARS = 5;
const PER_YEAR = { aid: 2_000, school_aid: 4_000, emergency: 2_000, parcel: 10_000 };

export async function seedCarePrograms(
  handle: DbHandle,
  crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<Record<string, number>> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed + 14);
  const now = Date.now();
  const programs = await seedRows<{ id: number; kind: string; amount: string; steps: number; period: string }>(
    handle,
    `select id, kind, (benefit->>'amount') as amount, jsonb_array_length(review_chain) as steps, period
     from care_programs where kind in ('aid', 'school_aid', 'emergency', 'parcel') order by id`,
  );
  const byKind = (k: string) => programs.find((p) => p.kind === k);
  if (!programs.length) return {};
  const orgs = await seedOrgs(handle);
  const persons = await personsByOrg(handle);
  const villages = orgs.villages.filter((v) => persons.has(v.id));
  if (!villages.length) return {};
  const aW = bulkWriter(handle, 'care_applications', [
    'id',
    'program_id',
    'person_id',
    'org_id',
    'org_path',
    'district_id',
    'state',
    'step',
    'step_levels',
    'step_deadline',
    'period_key',
    'amount_fen',
    'civil_category_enc',
    'diagnosis_enc',
    'bank_account_enc',
    'bank_account_masked',
    'source',
    'submitted_at',
    'decided_at',
    'created_by',
    'created_at',
  ]);
  const dW = bulkWriter(handle, 'care_disbursements', [
    'program_id',
    'application_id',
    'person_id',
    'org_id',
    'org_path',
    'district_id',
    'amount_fen',
    'paid_on',
    'channel',
    'reference',
    'created_by',
  ]);
  const used = new Set<string>();
  const most = (['aid', 'school_aid', 'emergency'] as const).reduce(
    (n, k) => n + Math.round(PER_YEAR[k] * YEARS * opts.scale),
    0,
  );
  let next = await reserveIds(handle, 'care_applications', Math.max(1, most));
  const total: Record<string, number> = {};
  const categories = ['dibao', 'tekun', 'fanpin_risk', 'expenditure_hardship'];
  for (const kind of ['aid', 'school_aid', 'emergency'] as const) {
    const p = byKind(kind);
    if (!p) continue;
    const n = Math.round(PER_YEAR[kind] * YEARS * opts.scale);
    for (let i = 0; i < n; i++) {
      const village = villages[r.int(villages.length)]!;
      const list = persons.get(village.id)!;
      const personId = list[r.int(list.length)]!;
      const at = pastInstant(r.next, now, YEARS);
      const day = chinaDate(at);
      const y = Number(day.slice(0, 4));
      const period =
        p.period === 'lifetime'
          ? 'lifetime'
          : p.period === 'school_year'
            ? `${day.slice(5) >= '09-01' ? y : y - 1}-${day.slice(5) >= '09-01' ? y + 1 : y}`
            : p.period === 'year'
              ? String(y)
              : `each:${next}`;
      const key = `${p.id}:${personId}:${period}`;
      if (used.has(key)) continue;
      used.add(key);
      const u = r.next();
      const recent = now - at.getTime() < 60 * 86_400_000;
      // recent applications are still moving up the levels; older ones are decided
      const state = recent && u < 0.5 ? 'in_review' : u < 0.1 ? 'refused' : u < 0.13 ? 'withdrawn' : 'paid';
      const amountFen = kind === 'emergency' ? (1000 + 500 * r.int(3)) * 100 : Math.round(Number(p.amount) * 100);
      const step = state === 'in_review' ? r.int(Number(p.steps)) : Number(p.steps) - 1;
      const id = next++;
      const account = `62284800${String(1_000_000_000 + r.int(8_999_999_999)).slice(0, 10)}`;
      await aW.write([
        id,
        p.id,
        personId,
        village.id,
        village.path,
        village.districtId,
        state,
        step,
        state === 'in_review' ? (step === 0 ? ['village', 'town'] : step === 1 ? ['district'] : ['city']) : [],
        state === 'in_review' ? new Date(at.getTime() + 14 * 86_400_000) : null,
        period,
        amountFen,
        kind === 'aid' ? crypto.encrypt(categories[r.int(4)]!) : null,
        kind === 'aid'
          ? crypto.encrypt(
              JSON.stringify({
                disease: r.chance(0.55) ? 'cervical_cancer' : 'breast_cancer',
                invasive: true,
                stage: r.pick(['IIB', 'IIIA', 'IIIB', 'IVA']),
                hospital: '区县人民医院',
                diagnosedOn: day,
                note: '',
              }),
            )
          : null,
        crypto.encrypt(JSON.stringify({ bankName: '重庆农村商业银行', accountNumber: account, accountHolder: '本人' })),
        `${account.slice(0, 4)} **** **** ${account.slice(-4)}`,
        r.chance(0.15) ? 'resident' : 'cadre',
        at,
        state === 'in_review' ? null : new Date(at.getTime() + 30 * 86_400_000),
        '系统生成',
        at,
      ]);
      if (state === 'paid') {
        const paid = new Date(Math.min(now, at.getTime() + 40 * 86_400_000));
        await dW.write([
          p.id,
          id,
          personId,
          village.id,
          village.path,
          village.districtId,
          amountFen,
          chinaDate(paid),
          kind === 'school_aid' ? 'social_security_card' : 'bank_transfer',
          `SEED${id}`,
          '系统生成',
        ]);
      }
      total[kind] = (total[kind] ?? 0) + 1;
    }
  }
  const counts: Record<string, number> = {
    care_applications: await aW.close(),
    care_disbursements: await dW.close(),
  };

  // 母亲邮包: one city batch a year, delivered in the villages
  const parcel = byKind('parcel');
  const city = (
    await seedRows<{ id: number; path: string }>(
      handle,
      `select id, path::text as path from organizations where type = 'city_federation' and status = 'active' order by id limit 1`,
    )
  )[0];
  if (parcel && city) {
    const perYear = Math.round(PER_YEAR.parcel * opts.scale);
    const year = Number(chinaDate(new Date(now)).slice(0, 4));
    const pW = bulkWriter(handle, 'care_parcel_deliveries', [
      'allocation_id',
      'batch_id',
      'person_id',
      'org_path',
      'district_id',
      'delivered_on',
      'verified_by',
      'feedback_on',
      'feedback_satisfaction',
      'feedback_message',
    ]);
    for (let y = year - YEARS + 1; y <= year; y++) {
      const [b] = await seedRows<{ id: number }>(
        handle,
        `insert into care_parcel_batches (program_id, org_id, org_path, name, tier, quantity, created_by)
         values ($1, $2, $3::ltree, $4, $5, $6, '系统生成') returning id`,
        [parcel.id, city.id, city.path, `${y}年母亲邮包（生成数据）`, y % 2 ? 100 : 200, perYear],
      );
      const [a] = await seedRows<{ id: number }>(
        handle,
        `insert into care_parcel_allocations (batch_id, org_id, org_path, quantity, delivered)
         values ($1, $2, $3::ltree, $4, 0) returning id`,
        [b!.id, city.id, city.path, perYear],
      );
      const given = new Set<number>();
      for (let i = 0; i < perYear; i++) {
        const village = villages[r.int(villages.length)]!;
        const list = persons.get(village.id)!;
        const personId = list[r.int(list.length)]!;
        if (given.has(personId)) continue;
        given.add(personId);
        const day = `${y}-${String(3 + r.int(9)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
        if (day > chinaDate(new Date(now))) continue;
        const back = r.chance(0.8);
        await pW.write([
          a!.id,
          b!.id,
          personId,
          village.path,
          village.districtId,
          day,
          '系统生成',
          back ? day : null,
          back ? r.pick(['satisfied', 'satisfied', 'fair']) : null,
          back ? '感谢妇联的关心' : null,
        ]);
      }
      await seedRows(
        handle,
        `update care_parcel_allocations set delivered = (select count(*) from care_parcel_deliveries where allocation_id = $1), feedback = (select count(*) from care_parcel_deliveries where allocation_id = $1 and feedback_on is not null) where id = $1`,
        [a!.id],
      );
    }
    counts.care_parcel_deliveries = await pW.close();
  }
  // the quotas' use follows the records of their program
  await handle.exec(`
    update care_quotas q set approved_count = x.n, approved_fen = x.fen, paid_count = x.paid, paid_fen = x.paid_fen from (
      select a.program_id, a.district_id, count(*) filter (where a.state in ('approved', 'paid'))::int as n,
        coalesce(sum(a.amount_fen) filter (where a.state in ('approved', 'paid')), 0) as fen,
        count(d.id)::int as paid, coalesce(sum(d.amount_fen), 0) as paid_fen
      from care_applications a left join care_disbursements d on d.application_id = a.id group by 1, 2) x
    where q.program_id = x.program_id and q.org_id = x.district_id;
    analyze care_applications; analyze care_disbursements; analyze care_parcel_deliveries`);
  await rebuildCounters(handle, EXTENSIONS.statistics, ['care-programs']);
  log(`seed: care programs ${JSON.stringify(total)}, ${counts.care_parcel_deliveries ?? 0} parcels`);
  return counts;
}
