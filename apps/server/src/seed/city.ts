#!/usr/bin/env tsx
// npm run seed:city -- --scale 0.01 --seed 42   (DATABASE_URL for PostgreSQL; otherwise the embedded database)
// Generates Chongqing-scale data on the real hierarchy: women's groups, persons, tags, migrant women, families, and the
// records of each module with a generator (cases, visits, demands) over five years. Prints rows, seconds and rows/s per
// module and table, then the report as JSON; leaves a marker (system_settings 'seed_city') the bench reads.
import { parseArgs } from 'node:util';
import { checkCharacter, maskIdNumber, maskPhone } from '@jinguo/contracts';
import { useAuditKeyOf } from '../platform/audit/audit.service.js';
import { loadDemoData } from '../demo/chongqing.js';
import { pinyinKeys } from '../platform/pinyin.js';
import { parsePlace, placeData, type PlaceCodes } from '../platform/places/index.js';
import { loadConfig } from '../platform/config.js';
import { createFieldCrypto, loadDataKey, type FieldCrypto } from '../platform/crypto.js';
import { openDatabase, type DbHandle } from '../platform/db/client.js';
import { applyMigrations } from '../platform/db/migrate.js';
import { writeSetting } from '../platform/settings.repository.js';
import { chinaToday } from '../platform.js';
import { bulkWriter, reserveIds, suspendIndexes } from './bulk.js';
import { seedDemands } from './demands.js';
import { seedVisits } from './visits.js';
import { seedCarePrograms } from './care-programs.js';
import { seedCases } from './cases.js';
import { seedActivities } from './activities.js';
import { seedVolunteers } from './volunteers.js';
import {
  BOY_NAMES,
  DISTRICT_POPULATION,
  GIVEN_BY_DECADE,
  INDUSTRIES,
  MIGRANT_DESTINATIONS,
  rng,
  SURNAME_WEIGHTS,
  TAG_RATES,
  weighted,
} from './distributions.js';

export const FULL_SCALE = { womensGroups: 77_000, persons: 2_000_000, families: 500_000, migrants: 200_000 };

interface Village {
  id: number;
  path: string;
  districtId: number;
  divisionCode: string;
  name: string;
}

async function rows<T>(handle: DbHandle, text: string): Promise<T[]> {
  return handle.pool ? ((await handle.pool.query(text)).rows as T[]) : (await handle.pglite!.query<T>(text)).rows;
}

/**
 * One step of the load: the module it generates, the rows it wrote per table, and its wall time (index rebuilds and
 * counters included).
 */
export interface SeedPhase {
  module: string;
  rows: Record<string, number>;
  seconds: number;
  rowsPerSecond: number;
}
export interface SeedReport {
  scale: number;
  seed: number;
  seconds: number;
  rows: Record<string, number>;
  rowsPerSecond: number;
  phases: SeedPhase[];
}

/**
 * Written to system_settings (key SEED_MARKER_KEY) as the last step of seedCity, so a complete seed can be told from a
 * partial or running one: the bench reads it to know the scale and seed of the data it measures.
 */
export interface SeedMarker {
  scale: number;
  seed: number;
  finishedAt: string;
  report: SeedReport;
}
export const SEED_MARKER_KEY = 'seed_city';

/** Rows of a phase and its time, as the report lists them. */
function phaseOf(module: string, rows: Record<string, number>, startedMs: number): SeedPhase {
  const seconds = (Date.now() - startedMs) / 1000;
  const total = Object.values(rows).reduce((a, b) => a + b, 0);
  return {
    module,
    rows,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: seconds > 0 ? Math.round(total / seconds) : 0,
  };
}

/** The seed report as a table: one line per table, with the time and rate of the phase that wrote it. */
export function formatSeedReport(report: SeedReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[][] = [['module', 'table', 'rows', 'seconds', 'rows/s']];
  for (const p of report.phases) {
    const tables = Object.entries(p.rows);
    if (!tables.length) lines.push([p.module, '—', '0', p.seconds.toFixed(1), '—']);
    tables.forEach(([table, rows], i) =>
      lines.push(
        i === 0 ? [p.module, table, n(rows), p.seconds.toFixed(1), n(p.rowsPerSecond)] : ['', table, n(rows), '', ''],
      ),
    );
  }
  lines.push([
    'total',
    '',
    n(Object.values(report.rows).reduce((a, b) => a + b, 0)),
    report.seconds.toFixed(1),
    n(report.rowsPerSecond),
  ]);
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => [...l[i]!].length)));
  const fmt = (l: string[]) =>
    l
      .map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(lines[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.slice(1).map(fmt)].join('\n');
}

export async function seedCity(
  handle: DbHandle,
  crypto: FieldCrypto,
  opts: { scale: number; seed: number; log?: (m: string) => void },
): Promise<SeedReport> {
  const log = opts.log ?? (() => {});
  const r = rng(opts.seed);
  const started = Date.now();
  const counts: Record<string, number> = {};
  const phases: SeedPhase[] = [];
  let phaseStart = Date.now();
  const villages = (
    await rows<{ id: number; path: string; district_id: number; division_code: string; name: string }>(
      handle,
      `select id, path::text as path, district_id, division_code, name from organizations where type = 'village_federation' and status = 'active' and division_code is not null order by id`,
    )
  ).map(
    (v) =>
      ({
        id: Number(v.id),
        path: v.path,
        districtId: Number(v.district_id),
        divisionCode: v.division_code,
        name: v.name,
      }) as Village,
  );
  if (!villages.length) throw new Error('no villages: load the organization network first');
  const perDistrict = new Map<string, number>();
  for (const v of villages)
    perDistrict.set(v.divisionCode.slice(0, 6), (perDistrict.get(v.divisionCode.slice(0, 6)) ?? 0) + 1);
  const pickVillage = weighted(
    villages,
    villages.map(
      (v) => (DISTRICT_POPULATION[v.divisionCode.slice(0, 6)] ?? 50) / perDistrict.get(v.divisionCode.slice(0, 6))!,
    ),
  );
  const pickSurname = weighted(
    SURNAME_WEIGHTS.map((s) => s[0]),
    SURNAME_WEIGHTS.map((s) => s[1]),
  );
  const pickDestination = weighted(
    MIGRANT_DESTINATIONS,
    MIGRANT_DESTINATIONS.map((d) => d[2]),
  );
  const today = chinaToday();
  const year = Number(today.slice(0, 4));

  // Women's groups under villages (by grid / building / villagers' group).
  const groups = Math.round(FULL_SCALE.womensGroups * opts.scale);
  const firstGroup = await reserveIds(handle, 'organizations', groups);
  const orgW = bulkWriter(handle, 'organizations', [
    'id',
    'code',
    'name',
    'type',
    'status',
    'parent_id',
    'path',
    'depth',
    'district_id',
    'valid_from',
    'founded_on',
    'name_pinyin',
    'name_initials',
  ]);
  const verW = bulkWriter(handle, 'organization_versions', [
    'org_id',
    'name',
    'code',
    'type',
    'status',
    'parent_id',
    'valid_from',
  ]);
  const perVillage = new Map<number, number>();
  for (let i = 0; i < groups; i++) {
    const v = villages[r.int(villages.length)]!;
    const n = (perVillage.get(v.id) ?? 0) + 1;
    perVillage.set(v.id, n);
    const id = firstGroup + i;
    const name = `${v.name.replace(/妇联$/, '')}第${n}网格妇女小组`;
    const founded = `${2017 + r.int(8)}-0${1 + r.int(9)}-1${r.int(9)}`;
    await orgW.write([
      id,
      `${v.divisionCode}-W${n}`,
      name,
      'womens_group',
      'active',
      v.id,
      `${v.path}.${id}`,
      v.path.split('.').length,
      v.districtId,
      founded,
      founded,
      ...Object.values(pinyinKeys(name)),
    ]);
    await verW.write([id, name, `${v.divisionCode}-W${n}`, 'womens_group', 'active', v.id, founded]);
  }
  counts.womens_groups = await orgW.close();
  const versions = await verW.close();
  phases.push(
    phaseOf('womens_groups', { organizations: counts.womens_groups, organization_versions: versions }, phaseStart),
  );
  log(`seed: ${counts.womens_groups} women's groups`);
  phaseStart = Date.now();

  // Secondary indexes are rebuilt once after the load: far faster than maintaining them row by row.
  const rebuildIndexes =
    opts.scale >= 0.05
      ? await suspendIndexes(handle, [
          'persons',
          'person_tags',
          'migrant_profiles',
          'families',
          'family_members',
          'family_honours',
        ])
      : async () => {};

  // Persons: women (and their children), valid ID numbers, spread by district population.
  const total = Math.round(FULL_SCALE.persons * opts.scale);
  const firstPerson = await reserveIds(handle, 'persons', total);
  const personW = bulkWriter(handle, 'persons', [
    'id',
    'org_id',
    'org_path',
    'district_id',
    'name',
    'name_pinyin',
    'name_initials',
    'gender',
    'birth_date',
    'id_number_enc',
    'id_number_hash',
    'id_number_masked',
    'phone_enc',
    'phone_hash',
    'phone_masked',
    'household_address_enc',
    'residence_address_enc',
    'ethnicity',
    'education',
    'occupation',
    'status',
    'version',
    'created_at',
    'updated_at',
  ]);
  const tagW = bulkWriter(handle, 'person_tags', [
    'person_id',
    'org_path',
    'district_id',
    'tag',
    'added_at',
    'added_by',
  ]);
  const pinyinCache = new Map<string, { namePinyin: string; nameInitials: string }>();
  const sequences = new Map<string, number>();
  const adults: { id: number; v: Village }[] = [];
  let personTags = 0;
  const educations = [
    'primary',
    'junior_high',
    'junior_high',
    'senior_high',
    'vocational',
    'college',
    'bachelor',
    'master',
  ];
  const occupations = ['务农', '个体经营', '企业职工', '教师', '医护', '电商', '家政服务', '退休', '无业', '公务员'];
  for (let i = 0; i < total; i++) {
    const id = firstPerson + i;
    const v = pickVillage(r.next());
    const child = r.chance(0.16);
    const age = child ? r.int(18) : 18 + Math.min(70, Math.floor(-Math.log(1 - r.next() * 0.95) * 18));
    const birthYear = year - age;
    const birth = `${birthYear}-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
    const gender = child && r.chance(0.5) ? 'male' : 'female';
    const decade = String(Math.min(2020, Math.max(1940, Math.floor(birthYear / 10) * 10)));
    const name = pickSurname(r.next()) + (gender === 'male' ? r.pick(BOY_NAMES) : r.pick(GIVEN_BY_DECADE[decade]!));
    let keys = pinyinCache.get(name);
    if (!keys) pinyinCache.set(name, (keys = pinyinKeys(name)));
    const area = v.divisionCode.slice(0, 6);
    const seqKey = `${area}${birth}`;
    // sequences start at 600, above those of the demo people (100–580), so generated ID numbers never collide with them
    const seq = (sequences.get(seqKey) ?? 598) + 2;
    sequences.set(seqKey, seq);
    let sq = seq % 1000;
    if ((sq % 2 === 1) !== (gender === 'male')) sq = (sq + 1) % 1000;
    const first17 = `${area}${birth.replaceAll('-', '')}${String(sq).padStart(3, '0')}`;
    const idNumber = first17 + checkCharacter(first17);
    const phone = child
      ? null
      : `1${r.pick(['38', '39', '58', '59', '77', '86', '87', '89'])}${String(r.int(1e8)).padStart(8, '0')}`;
    const address = crypto.encrypt(`${v.name.replace(/妇联$/, '')}${1 + r.int(300)}号`);
    const created = new Date(Date.now() - r.int(5 * 365) * 86_400_000).toISOString();
    await personW.write([
      id,
      v.id,
      v.path,
      v.districtId,
      name,
      keys.namePinyin,
      keys.nameInitials,
      gender,
      birth,
      crypto.encrypt(idNumber),
      crypto.lookupHash(idNumber),
      maskIdNumber(idNumber),
      phone ? crypto.encrypt(phone) : null,
      phone ? crypto.lookupHash(phone) : null,
      phone ? maskPhone(phone) : null,
      address,
      address,
      r.chance(0.92) ? '汉族' : r.pick(['土家族', '苗族']),
      child ? null : r.pick(educations),
      child ? null : r.pick(occupations),
      'active',
      0,
      created,
      created,
    ]);
    for (const t of TAG_RATES) {
      if ((t.who === 'child') === child && r.chance(t.rate)) {
        await tagW.write([id, v.path, v.districtId, t.tag, created, 'system:seed']);
        personTags++;
      }
    }
    if (!child) adults.push({ id, v });
    if (i > 0 && i % 200_000 === 0) log(`seed: ${i} persons…`);
  }
  counts.persons = await personW.close();
  phases.push(phaseOf('persons', { persons: counts.persons, person_tags: personTags }, phaseStart));
  log(`seed: ${counts.persons} persons`);
  phaseStart = Date.now();

  // Migrant women: adults working elsewhere, tagged, with a destination.
  const migrants = Math.min(adults.length, Math.round(FULL_SCALE.migrants * opts.scale));
  const migW = bulkWriter(handle, 'migrant_profiles', [
    'person_id',
    'org_path',
    'district_id',
    'current_province',
    'current_city',
    'current_place_text',
    'current_province_code',
    'current_city_code',
    'current_district_code',
    'home_province_code',
    'home_city_code',
    'home_district_code',
    'employer',
    'industry',
    'skills',
    'return_intention',
    'updated_at',
  ]);
  const stride = adults.length / Math.max(1, migrants);
  const placeCache = new Map<string, PlaceCodes | null>();
  for (let k = 0; k < migrants; k++) {
    const a = adults[Math.floor(k * stride)]!;
    const [province, city] = pickDestination(r.next());
    const industry = r.pick(INDUSTRIES);
    // coded like the API codes them (platform/places): every destination names a place
    const key = `${province}${city}`;
    if (!placeCache.has(key)) {
      const parsed = parsePlace(placeData(), key);
      placeCache.set(key, parsed.ok ? parsed.place : null);
    }
    const place = placeCache.get(key) ?? null;
    const home = a.v.divisionCode.slice(0, 6);
    await migW.write([
      a.id,
      a.v.path,
      a.v.districtId,
      province,
      city,
      `${province} ${city}`,
      place?.provinceCode ?? null,
      place?.cityCode ?? null,
      place?.districtCode ?? null,
      home.slice(0, 2),
      home.slice(0, 4),
      home,
      `${city}某${industry === '制造业' ? '工厂' : '公司'}`,
      industry,
      [r.pick(['育婴', '烹饪', '电子装配', '缝纫', '直播带货', '护理'])],
      r.pick(['none', 'none', 'considering', 'planned']),
      new Date().toISOString(),
    ]);
    await tagW.write([a.id, a.v.path, a.v.districtId, 'migrant_worker', new Date().toISOString(), 'system:seed']);
  }
  counts.migrant_profiles = await migW.close();
  // served where they are, like the API and the import serve them (migration 0041's match by place code)
  await rows(
    handle,
    `update migrant_profiles set mobile_federation_id = jinguo_match_mobile_federation(org_path,
       coalesce(current_district_code, current_city_code, current_province_code)) where mobile_federation_id is null`,
  );
  counts.person_tags = await tagW.close();
  phases.push(
    phaseOf(
      'migrants',
      { migrant_profiles: counts.migrant_profiles, person_tags: counts.person_tags - personTags },
      phaseStart,
    ),
  );
  phaseStart = Date.now();

  // Families: households of neighbours in one village (head + members), some honoured.
  const families = Math.min(Math.round(FULL_SCALE.families * opts.scale), adults.length);
  const firstFamily = await reserveIds(handle, 'families', families);
  const famW = bulkWriter(handle, 'families', ['id', 'org_id', 'org_path', 'district_id', 'name', 'address_enc']);
  const memW = bulkWriter(handle, 'family_members', [
    'family_id',
    'person_id',
    'org_path',
    'district_id',
    'relationship',
    'since',
  ]);
  const honW = bulkWriter(handle, 'family_honours', [
    'family_id',
    'org_path',
    'district_id',
    'honour',
    'level',
    'year',
    'awarded_by',
  ]);
  const famStride = adults.length / Math.max(1, families);
  for (let k = 0; k < families; k++) {
    const head = adults[Math.floor(k * famStride)]!;
    const fid = firstFamily + k;
    await famW.write([
      fid,
      head.v.id,
      head.v.path,
      head.v.districtId,
      `家庭${fid}`,
      crypto.encrypt(`${head.v.name.replace(/妇联$/, '')}${1 + r.int(300)}号`),
    ]);
    await memW.write([fid, head.id, head.v.path, head.v.districtId, 'head', '2015-01-01']);
    const next = adults[Math.floor(k * famStride) + 1];
    if (next && next.v.id === head.v.id && r.chance(0.5))
      await memW.write([
        fid,
        next.id,
        head.v.path,
        head.v.districtId,
        r.pick(['parent', 'sibling', 'other']),
        '2015-01-01',
      ]);
    if (r.chance(0.02))
      await honW.write([
        fid,
        head.v.path,
        head.v.districtId,
        r.pick(['most_beautiful_family', 'five_good_family', 'green_family', 'scholarly_family']),
        r.pick(['village', 'town', 'district']),
        year - 1 - r.int(5),
        null,
      ]);
  }
  counts.families = await famW.close();
  counts.family_members = await memW.close();
  counts.family_honours = await honW.close();
  phases.push(
    phaseOf(
      'families',
      { families: counts.families, family_members: counts.family_members, family_honours: counts.family_honours },
      phaseStart,
    ),
  );

  // Each module's generator: its records over five years, its indexes rebuilt and its counters recomputed.
  const generators: [string, typeof seedCases][] = [
    ['cases', seedCases],
    [
      'indexes (persons, tags, migrants, families)',
      async () => {
        await rebuildIndexes();
        return {};
      },
    ],
    ['visits', seedVisits],
    ['demands', seedDemands],
    ['activities', seedActivities],
    ['volunteers', seedVolunteers],
    ['care-programs', seedCarePrograms],
  ];
  for (const [module, generate] of generators) {
    phaseStart = Date.now();
    const written = await generate(handle, crypto, { scale: opts.scale, seed: opts.seed, log });
    Object.assign(counts, written);
    phases.push(phaseOf(module, written, phaseStart));
    log(`seed: ${module} in ${phases.at(-1)!.seconds} s`);
  }
  phaseStart = Date.now();
  // VACUUM too: it sets the visibility map, without which no index-only scan is possible (autovacuum may be off or
  // late)
  if (handle.pool) await handle.pool.query('vacuum analyze');
  else await handle.exec('vacuum analyze');
  phases.push(phaseOf('vacuum analyze', {}, phaseStart));
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const report: SeedReport = {
    scale: opts.scale,
    seed: opts.seed,
    seconds,
    rows: counts,
    rowsPerSecond: Math.round(all / seconds),
    phases,
  };
  const marker: SeedMarker = { scale: opts.scale, seed: opts.seed, finishedAt: new Date().toISOString(), report };
  await writeSetting(handle.db, SEED_MARKER_KEY, marker);
  return report;
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '0.01' },
      seed: { type: 'string', default: '42' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(
      'npm run seed:city -- [--scale 0.01..1] [--seed N]   target: DATABASE_URL (a new database), else the embedded database under JINGUO_DATA_DIR',
    );
    return;
  }
  const scale = Number(values.scale);
  const seed = Number(values.seed);
  if (!(scale > 0 && scale <= 1) || !Number.isInteger(seed)) {
    console.error('--scale must be in (0, 1] and --seed an integer');
    process.exit(2);
  }
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await applyMigrations(handle);
  const dataKey = loadDataKey(config.dataDir);
  const crypto = createFieldCrypto(dataKey);
  useAuditKeyOf(dataKey); // the demo loader's audit events, chained under the server's key
  await loadDemoData(handle, { crypto, today: chinaToday, log: (m) => console.log(m) });
  const existing = await rows<{ n: number }>(handle, `select count(*)::int as n from persons`);
  if (Number(existing[0]?.n) > 10_000) {
    console.error(`the database already holds ${existing[0]!.n} persons: seed a fresh database`);
    process.exit(1);
  }
  const report = await seedCity(handle, crypto, { scale, seed, log: (m) => console.log(m) });
  console.log(`\n${formatSeedReport(report)}\n`);
  console.log(JSON.stringify(report));
  await handle.close();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
