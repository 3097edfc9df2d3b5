import { readFileSync } from 'node:fs';
import type { OrgType } from '@jinguo/contracts';
import { actorId, actorName, type Scoped } from '../../platform/scope.js';
import { insertImportedOrgs, listOrgCodes } from './organizations.divisions.repository.js';
import { federationName, pinyinKeys } from './organizations.names.policy.js';
import { districtOfPath, insertReorganization, nextOrgIds, type NewOrgRow } from './organizations.repository.js';

export type DivisionLevel = 'province' | 'district' | 'town' | 'village';
export interface Division {
  level: DivisionLevel;
  code: string;
  parentCode: string;
  name: string;
}

const TYPE_OF: Record<DivisionLevel, OrgType> = {
  province: 'city_federation',
  district: 'district_federation',
  town: 'town_federation',
  village: 'village_federation',
};

/** Reads the compact TSV written by scripts/extract-divisions.mjs. */
export function readDivisionFile(file: string): Division[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [level, code, parentCode, name] = l.split('\t');
      if (!level || !code || name === undefined || !(level in TYPE_OF)) throw new Error(`bad division line: ${l}`);
      return { level: level as DivisionLevel, code, parentCode: parentCode ?? '', name };
    });
}

export interface ImportOptions {
  /** The date the division data describes: every imported org's first version starts then. */
  asOf: string;
  /** Extra district-level federations (functional zones) created alongside, e.g. 万盛经开区. */
  extraDistricts?: { code: string; name: string; type: OrgType }[];
  /** Town code → the code of the (extra) district it is administered by, instead of its statutory parent. */
  parentOverride?: Map<string, string>;
}

/**
 * Loads a province's divisions as its federation network, parents before children, in batches. Idempotent: codes
 * already present are left alone, so the same file can be imported twice. Records one 'import' reorganization.
 */
export async function importDivisions(
  s: Scoped,
  divisions: Division[],
  opts: ImportOptions,
): Promise<{ created: number; skipped: number }> {
  const known = new Map<string, { id: number; path: string; depth: number }>();
  for (const r of await listOrgCodes(s)) known.set(r.code, { id: r.id, path: r.path, depth: r.depth });
  const province = divisions.find((d) => d.level === 'province');
  if (!province) throw new Error('the division file has no province line');
  const rows: Division[] = [province];
  for (const e of opts.extraDistricts ?? [])
    rows.push({ level: 'district', code: e.code, parentCode: province.code, name: e.name });
  for (const level of ['district', 'town', 'village'] as const)
    rows.push(...divisions.filter((d) => d.level === level));
  const extraType = new Map((opts.extraDistricts ?? []).map((e) => [e.code, e.type]));
  const fresh = rows.filter((d) => !known.has(d.code));
  if (fresh.length === 0) return { created: 0, skipped: rows.length };

  const ids = await nextOrgIds(s, fresh.length);
  const reorganizationId = await insertReorganization(s, {
    kind: 'import',
    effectiveDate: opts.asOf,
    reason: '导入行政区划',
    summary: `导入 ${province.name} 行政区划 ${fresh.length} 个组织`,
    details: { province: province.code },
    orgIds: [],
    orgPath: known.get(province.code)?.path ?? String(ids[0]),
    actorId: actorId(s.actor),
    actorName: actorName(s.actor),
  });
  const all: NewOrgRow[] = [];
  fresh.forEach((d, i) => {
    const id = ids[i]!;
    const parentCode = opts.parentOverride?.get(d.code) ?? d.parentCode;
    const parent = d.level === 'province' ? null : known.get(parentCode);
    if (d.level !== 'province' && !parent)
      throw new Error(`division ${d.code} ${d.name}: parent ${parentCode} not found`);
    const path = parent ? `${parent.path}.${id}` : String(id);
    const name =
      d.level === 'province' || extraType.has(d.code)
        ? d.name.endsWith('妇联')
          ? d.name
          : federationName(d.name)
        : federationName(d.name);
    known.set(d.code, { id, path, depth: parent ? parent.depth + 1 : 0 });
    all.push({
      id,
      code: d.code,
      name,
      type: extraType.get(d.code) ?? TYPE_OF[d.level],
      status: 'active',
      parentId: parent?.id ?? null,
      path,
      depth: parent ? parent.depth + 1 : 0,
      districtId: districtOfPath(path),
      divisionCode: extraType.has(d.code) ? null : d.code,
      validFrom: opts.asOf,
      ...pinyinKeys(name),
    });
  });
  for (let i = 0; i < all.length; i += 1000) {
    await insertImportedOrgs(s, all.slice(i, i + 1000), opts.asOf, reorganizationId);
  }
  return { created: fresh.length, skipped: rows.length - fresh.length };
}
