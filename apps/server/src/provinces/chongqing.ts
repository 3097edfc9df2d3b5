import type { OrgType } from '@jinguo/contracts';
import { importDivisions, orgLoading as orgs, type Division } from '../modules/organizations/index.js';
import type { FieldCrypto } from '../platform/crypto.js';
import type { Scoped } from '../platform/scope.js';

/*
 * Chongqing (province 50) as it stands today. The bundled divisions describe 2023; since then the city's federation
 * network gained two functional zones with their own federations and the 2025-11-06 reorganization (两江新区).
 * Both the demo and `jinguo init --production --province 50` build the network through importChongqing, so a real
 * deployment starts from the same structure the demo shows — with the history recorded, not rewritten.
 */

export const CHONGQING = '50';
/** The date the bundled division data describes (National Bureau of Statistics codes, before the 2025 merger). */
export const DIVISIONS_AS_OF = '2023-06-30';
export const LIANGJIANG_CODE = 'LJXQ';
export const LIANGJIANG_DATE = '2025-11-06';

/** Functional zones with their own federations, and the towns/streets they administer. */
export const FUNCTIONAL_ZONES = [
  {
    code: 'CQGXQ',
    name: '西部科学城重庆高新区妇联',
    towns: [
      '500106016',
      '500106017',
      '500106020',
      '500106108',
      '500107103',
      '500107104',
      '500107105',
      '500107106',
      '500107107',
      '500107108',
    ],
  },
  {
    code: 'WSJKQ',
    name: '万盛经开区妇联',
    towns: [
      '500110004',
      '500110005',
      '500110100',
      '500110101',
      '500110102',
      '500110103',
      '500110104',
      '500110105',
      '500110106',
      '500110107',
    ],
  },
];

const JIANGBEI = '500105';
const YUBEI = '500112';
const BEIBEI = '500109';
const YUBEI_TO_BEIBEI = ['大湾镇', '统景镇', '大盛镇', '兴隆镇', '茨竹镇'];
const BEIBEI_TO_LIANGJIANG = ['水土街道', '复兴街道', '蔡家岗街道', '施家梁镇', '童家溪镇'];

type Deps = { crypto: FieldCrypto; today: () => string };

async function byCode(s: Scoped, code: string) {
  const org = await orgs.findOrgByCode(s, code);
  if (!org) throw new Error(`Chongqing structure: no organization with code ${code}`);
  return org;
}

async function childByName(s: Scoped, parentId: number, divisionName: string) {
  const children = await orgs.childrenOf(s, parentId, false);
  const hit = children.find((c) => c.name === `${divisionName}妇联`);
  if (!hit) throw new Error(`Chongqing structure: ${divisionName} not found under org ${parentId}`);
  return (await orgs.findOrg(s, hit.id))!;
}

/**
 * The 2025-11-06 reorganization, replayed through the same operations a cadre uses: 两江新区 is created; old 江北区
 * merges into it; 渝北's five northern towns move to 北碚 and the rest of 渝北 merges into 两江新区; five units of
 * 北碚 move to 两江新区. Afterwards the city shows 37 districts and counties; the history still shows 38.
 */
export async function applyLiangjiangReorganization(s: Scoped, deps: Deps) {
  const date = LIANGJIANG_DATE;
  const reason = '国务院批复重庆市调整部分行政区划：撤销江北区、渝北区，设立两江新区';
  const city = await byCode(s, CHONGQING);
  const jiangbei = await byCode(s, JIANGBEI);
  const yubei = await byCode(s, YUBEI);
  const beibei = await byCode(s, BEIBEI);
  const c = await orgs.beginReorganization(
    s,
    { ...deps },
    'merge',
    { effectiveDate: date, reason },
    '撤销江北区、渝北区，设立两江新区；渝北区大湾等五镇划归北碚区；北碚区水土等五街镇划归两江新区',
    [city, jiangbei, yubei, beibei],
  );
  const liangjiang = await orgs.createOrgAt(
    c,
    city,
    { name: '两江新区妇联', code: LIANGJIANG_CODE, type: 'district_federation' },
    date,
  );
  for (const name of YUBEI_TO_BEIBEI)
    await orgs.moveOrg(c, await childByName(s, yubei.id, name), (await orgs.findOrg(s, beibei.id))!, date, reason);
  for (const name of BEIBEI_TO_LIANGJIANG)
    await orgs.moveOrg(c, await childByName(s, beibei.id, name), (await orgs.findOrg(s, liangjiang.id))!, date, reason);
  await orgs.mergeOrg(c, (await orgs.findOrg(s, jiangbei.id))!, (await orgs.findOrg(s, liangjiang.id))!, date, reason);
  await orgs.mergeOrg(c, (await orgs.findOrg(s, yubei.id))!, (await orgs.findOrg(s, liangjiang.id))!, date, reason);
}

export interface ChongqingImport {
  created: number;
  skipped: number;
  /** Codes of the functional-zone federations created (those whose towns are in the division file). */
  zones: string[];
  /** Whether the 2025-11-06 reorganization was replayed (the file still lists 江北区 and 渝北区). */
  reorganized: boolean;
}

/**
 * Imports Chongqing's divisions with today's structure, into an empty network: the functional zones take their
 * towns, then the 2025-11-06 reorganization is replayed when the file predates it. A file dated on or after that day
 * that still lists 江北区 and 渝北区 contradicts itself and is refused.
 */
export async function importChongqing(
  s: Scoped,
  deps: Deps,
  divisions: Division[],
  asOf: string = DIVISIONS_AS_OF,
): Promise<ChongqingImport> {
  const present = new Set(divisions.map((d) => d.code));
  const zones = FUNCTIONAL_ZONES.filter((z) => z.towns.some((t) => present.has(t)));
  const override = new Map(
    zones.flatMap((z) => z.towns.filter((t) => present.has(t)).map((t) => [t, z.code] as const)),
  );
  const reorganize = present.has(JIANGBEI) && present.has(YUBEI);
  if (reorganize && asOf >= LIANGJIANG_DATE) {
    throw new Error(
      `the division file is dated ${asOf} but still lists 江北区 and 渝北区, which were replaced by 两江新区 on ${LIANGJIANG_DATE}`,
    );
  }
  const imported = await importDivisions(s, divisions, {
    asOf,
    extraDistricts: zones.map((z) => ({ code: z.code, name: z.name, type: 'functional_zone_federation' as OrgType })),
    parentOverride: override,
  });
  if (reorganize) await applyLiangjiangReorganization(s, deps);
  return { ...imported, zones: zones.map((z) => z.code), reorganized: reorganize };
}
