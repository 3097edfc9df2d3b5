import { PROVINCE_ABBREVIATIONS, type PlaceData, type PlaceNode } from './places.data.js';

/**
 * A place as codes: the province always, the city and district when known. `code` is the most precise of them; its
 * prefixes are the others.
 */
export interface PlaceCodes {
  provinceCode: string;
  cityCode: string | null;
  districtCode: string | null;
  code: string;
  /** 上海市 浦东新区: the names from the province down, the city left out when it repeats the province's. */
  name: string;
}

/** Why a typed place has no codes: nothing typed, nothing recognised, or more than one place fits. */
export type PlaceProblem = 'empty' | 'unknown' | 'ambiguous';
export type ParsedPlace =
  { ok: true; place: PlaceCodes } | { ok: false; problem: PlaceProblem; candidates: PlaceCodes[] };

/** The codes and names of a known place, from its own code. */
export function placeOf(data: PlaceData, code: string): PlaceCodes | null {
  const node = data.byCode.get(code);
  if (!node) return null;
  const province = data.byCode.get(code.slice(0, 2))!;
  const city = node.level === 'province' ? null : data.byCode.get(code.slice(0, 4))!;
  const district = node.level === 'district' ? node : null;
  const names = [province.name];
  if (city && city.name !== province.name) names.push(city.name);
  if (district) names.push(district.name);
  return {
    provinceCode: province.code,
    cityCode: city?.code ?? null,
    districtCode: district?.code ?? null,
    code: node.code,
    name: names.join(' '),
  };
}

const normalize = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\s,，、。·.\-()（）/]+/g, '')
    .replace(/^(中华人民共和国|中国)/, '');

/** The nodes one of whose names begins `text`, longest name first (so 浦东新区 wins over a 2-character alias). */
function prefixed(nodes: readonly PlaceNode[], text: string): { nodes: PlaceNode[]; length: number } {
  let best: PlaceNode[] = [];
  let length = 0;
  for (const n of nodes)
    for (const a of n.aliases)
      if (text.startsWith(a)) {
        if (a.length > length) [best, length] = [[n], a.length];
        else if (a.length === length && !best.includes(n)) best.push(n);
      }
  return { nodes: best, length };
}

/**
 * Below a province or city: a city then a district, or a district directly (上海市浦东新区 has no city between).
 * Text that names nothing further is ignored (a street address after the district).
 */
function descend(data: PlaceData, node: PlaceNode, rest: string): ParsedPlace {
  if (!rest || node.level === 'district') return { ok: true, place: placeOf(data, node.code)! };
  // a city or a district below it, whichever name is longest (朝阳区 the district, not 朝阳 the city and 区)
  const below =
    node.level === 'province'
      ? [...(data.children.get(node.code) ?? []), ...(data.districtsOf.get(node.code) ?? [])]
      : (data.children.get(node.code) ?? []);
  const found = prefixed(below, rest);
  if (found.nodes.length === 1) return descend(data, found.nodes[0]!, rest.slice(found.length));
  if (found.nodes.length > 1) return ambiguous(data, found.nodes);
  return { ok: true, place: placeOf(data, node.code)! };
}

const ambiguous = (data: PlaceData, nodes: PlaceNode[]): ParsedPlace => ({
  ok: false,
  problem: 'ambiguous',
  candidates: nodes.map((n) => placeOf(data, n.code)!),
});

/**
 * A typed place to codes, tolerantly: full or short names (上海市, 上海), a province's 简称 alone (沪, 渝), a province and
 * what lies below it run together (上海市浦东新区, 广东深圳), a city or district alone when only one place has that name
 * (浦东新区, 深圳市); several such places (朝阳区) are `ambiguous`, never a guess.
 */
export function parsePlace(data: PlaceData, typed: string | null | undefined): ParsedPlace {
  const text = normalize(typed ?? '');
  if (!text) return { ok: false, problem: 'empty', candidates: [] };
  for (const [code, abbreviations] of Object.entries(PROVINCE_ABBREVIATIONS))
    if (abbreviations.includes(text)) return { ok: true, place: placeOf(data, code)! };
  const province = prefixed(data.provinces, text);
  if (province.nodes.length === 1) {
    const node = province.nodes[0]!;
    let rest = text.slice(province.length);
    // 上海市上海市, 上海市市辖区: a municipality's name said twice
    rest = rest.replace(/^市辖区/, '');
    const inside = descend(data, node, rest);
    // 吉林市: the province 吉林 would swallow the city's name; take the city when the whole text names one inside
    if (inside.ok && inside.place.code === node.code && rest) {
      const whole = descend(data, node, text);
      if (!whole.ok || whole.place.code !== node.code) return whole;
    }
    return inside;
  }
  const found = prefixed(
    data.all.filter((n) => n.level !== 'province'),
    text,
  );
  if (found.nodes.length === 1) return descend(data, found.nodes[0]!, text.slice(found.length));
  if (found.nodes.length > 1) return ambiguous(data, found.nodes);
  return { ok: false, problem: 'unknown', candidates: [] };
}

/** A province, city and district picked from the list (the web's cascader): checked to exist and to nest. */
export function checkPlaceCodes(
  data: PlaceData,
  codes: { provinceCode: string; cityCode?: string | null | undefined; districtCode?: string | null | undefined },
): { ok: true; place: PlaceCodes } | { ok: false; field: 'provinceCode' | 'cityCode' | 'districtCode' } {
  const province = data.byCode.get(codes.provinceCode);
  if (!province || province.level !== 'province') return { ok: false, field: 'provinceCode' };
  let deepest = province;
  if (codes.cityCode) {
    const city = data.byCode.get(codes.cityCode);
    if (!city || city.level !== 'city' || city.parentCode !== province.code) return { ok: false, field: 'cityCode' };
    deepest = city;
  }
  if (codes.districtCode) {
    const district = data.byCode.get(codes.districtCode);
    if (!district || district.level !== 'district' || district.code.slice(0, 2) !== province.code)
      return { ok: false, field: 'districtCode' };
    if (codes.cityCode && district.parentCode !== codes.cityCode) return { ok: false, field: 'districtCode' };
    deepest = district;
  }
  return { ok: true, place: placeOf(data, deepest.code)! };
}
