import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { REPO_ROOT } from '../config.js';

/**
 * China's provinces, cities (地级) and districts (县级) by GB/T 2260 code, from apps/server/data/divisions/places.tsv
 * (scripts/extract-places.mjs): what migrant women's current and home places are coded against. A code's prefixes are
 * its ancestors: 310115 浦东新区 lies in 3101 上海市 (city) in 31 上海市 (province).
 */

export type PlaceLevel = 'province' | 'city' | 'district';
export interface PlaceNode {
  code: string;
  level: PlaceLevel;
  parentCode: string | null;
  name: string;
  /** The names it is typed as: its full name and its name without the administrative suffix (上海市 → 上海). */
  aliases: string[];
}

/** 简称 of the 34 provincial divisions (the second ones are in common use too: 蜀, 黔, 滇, 秦, 陇). */
export const PROVINCE_ABBREVIATIONS: Record<string, string[]> = {
  '11': ['京'],
  '12': ['津'],
  '13': ['冀'],
  '14': ['晋'],
  '15': ['蒙'],
  '21': ['辽'],
  '22': ['吉'],
  '23': ['黑'],
  '31': ['沪'],
  '32': ['苏'],
  '33': ['浙'],
  '34': ['皖'],
  '35': ['闽'],
  '36': ['赣'],
  '37': ['鲁'],
  '41': ['豫'],
  '42': ['鄂'],
  '43': ['湘'],
  '44': ['粤'],
  '45': ['桂'],
  '46': ['琼'],
  '50': ['渝'],
  '51': ['川', '蜀'],
  '52': ['贵', '黔'],
  '53': ['云', '滇'],
  '54': ['藏'],
  '61': ['陕', '秦'],
  '62': ['甘', '陇'],
  '63': ['青'],
  '64': ['宁'],
  '65': ['新'],
  '71': ['台'],
  '81': ['港'],
  '82': ['澳'],
};

const SUFFIXES: Record<PlaceLevel, RegExp> = {
  province: /(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$/,
  city: /(市|地区|盟)$/,
  district: /(新区|区|县|市|旗)$/,
};

function aliasesOf(level: PlaceLevel, name: string): string[] {
  const out = [name];
  // 恩施土家族苗族自治州 → 恩施州, 恩施; 石柱土家族自治县 → 石柱县, 石柱
  const autonomous = /^(.{2})\S*?族\S*自治([州县旗])$/.exec(name);
  if (autonomous) out.push(`${autonomous[1]}${autonomous[2]}`, autonomous[1]!);
  else {
    const short = name.replace(SUFFIXES[level], '');
    if (short !== name && short.length >= 2) out.push(short);
  }
  return out;
}

export interface PlaceData {
  byCode: Map<string, PlaceNode>;
  provinces: PlaceNode[];
  children: Map<string, PlaceNode[]>;
  /** Province code → every district inside it (a city's districts, or a municipality's). */
  districtsOf: Map<string, PlaceNode[]>;
  all: PlaceNode[];
}

export function parsePlaceFile(text: string): PlaceData {
  const all: PlaceNode[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [level, code, parentCode, name] = line.split('\t');
    if ((level !== 'province' && level !== 'city' && level !== 'district') || !code || !name)
      throw new Error(`bad place line: ${line}`);
    all.push({ code, level, parentCode: parentCode || null, name, aliases: aliasesOf(level, name) });
  }
  const byCode = new Map(all.map((p) => [p.code, p]));
  const children = new Map<string, PlaceNode[]>();
  const districtsOf = new Map<string, PlaceNode[]>();
  for (const p of all) {
    if (p.parentCode) children.set(p.parentCode, [...(children.get(p.parentCode) ?? []), p]);
    if (p.level === 'district') {
      const province = p.code.slice(0, 2);
      districtsOf.set(province, [...(districtsOf.get(province) ?? []), p]);
    }
  }
  for (const code of Object.keys(PROVINCE_ABBREVIATIONS))
    if (!byCode.has(code)) throw new Error(`the place file lacks province ${code}`);
  return { byCode, provinces: all.filter((p) => p.level === 'province'), children, districtsOf, all };
}

let loaded: PlaceData | null = null;
/** The place list, read once. */
export function placeData(): PlaceData {
  loaded ??= parsePlaceFile(readFileSync(resolve(REPO_ROOT, 'apps/server/data/divisions/places.tsv'), 'utf8'));
  return loaded;
}
