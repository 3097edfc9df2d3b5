/**
 * Distributions for generated city-scale data. District weights are the approximate 2020-census resident
 * populations (in 10,000s) of Chongqing's districts and counties, keyed by division code; the functional zones and
 * 两江新区 inherit the villages they administer.
 */
export const DISTRICT_POPULATION: Record<string, number> = {
  '500101': 156,
  '500102': 115,
  '500103': 59,
  '500104': 42,
  '500105': 93,
  '500106': 148,
  '500107': 153,
  '500108': 119,
  '500109': 83,
  '500110': 101,
  '500111': 83,
  '500112': 219,
  '500113': 118,
  '500114': 49,
  '500115': 69,
  '500116': 136,
  '500117': 124,
  '500118': 115,
  '500119': 57,
  '500120': 76,
  '500151': 69,
  '500152': 69,
  '500153': 67,
  '500154': 120,
  '500155': 65,
  '500156': 36,
  '500229': 19,
  '500230': 56,
  '500231': 65,
  '500233': 72,
  '500235': 93,
  '500236': 74,
  '500237': 46,
  '500238': 39,
  '500240': 39,
  '500241': 49,
  '500242': 61,
  '500243': 49,
};

/** Surnames with relative frequencies (top of the 2020 ranking; the tail shares the rest). */
export const SURNAME_WEIGHTS: [string, number][] = [
  ['王', 7.1],
  ['李', 7.0],
  ['张', 6.7],
  ['刘', 5.4],
  ['陈', 4.6],
  ['杨', 3.1],
  ['黄', 2.2],
  ['赵', 2.0],
  ['吴', 1.9],
  ['周', 1.9],
  ['徐', 1.5],
  ['孙', 1.5],
  ['马', 1.4],
  ['朱', 1.3],
  ['胡', 1.3],
  ['郭', 1.1],
  ['何', 1.1],
  ['林', 1.0],
  ['罗', 1.0],
  ['高', 1.0],
  ['郑', 0.8],
  ['梁', 0.8],
  ['谢', 0.8],
  ['宋', 0.6],
  ['唐', 0.6],
  ['许', 0.6],
  ['邓', 0.6],
  ['冯', 0.5],
  ['韩', 0.5],
  ['曹', 0.5],
  ['曾', 0.5],
  ['彭', 0.5],
  ['萧', 0.4],
  ['蔡', 0.4],
  ['潘', 0.4],
  ['田', 0.4],
  ['董', 0.4],
  ['袁', 0.4],
  ['于', 0.4],
  ['余', 0.4],
  ['叶', 0.4],
  ['蒋', 0.4],
  ['杜', 0.4],
  ['苏', 0.3],
  ['魏', 0.3],
  ['程', 0.3],
  ['吕', 0.3],
  ['丁', 0.3],
  ['沈', 0.3],
  ['任', 0.3],
  ['姚', 0.3],
  ['卢', 0.3],
  ['傅', 0.3],
  ['钟', 0.3],
  ['姜', 0.3],
  ['崔', 0.3],
  ['谭', 0.4],
  ['廖', 0.3],
  ['范', 0.3],
  ['汪', 0.3],
  ['陆', 0.3],
  ['金', 0.2],
  ['石', 0.2],
  ['戴', 0.2],
  ['贾', 0.2],
  ['韦', 0.2],
  ['夏', 0.2],
  ['邱', 0.2],
  ['方', 0.2],
  ['侯', 0.2],
  ['邹', 0.2],
  ['熊', 0.2],
  ['孟', 0.2],
  ['秦', 0.2],
  ['白', 0.2],
  ['江', 0.2],
  ['阎', 0.1],
  ['薛', 0.1],
  ['尹', 0.1],
  ['段', 0.1],
  ['雷', 0.1],
  ['黎', 0.1],
  ['史', 0.1],
  ['龙', 0.1],
  ['陶', 0.1],
  ['贺', 0.1],
  ['顾', 0.1],
  ['毛', 0.1],
  ['郝', 0.1],
  ['龚', 0.1],
  ['邵', 0.1],
  ['万', 0.1],
  ['钱', 0.1],
  ['严', 0.1],
  ['向', 0.2],
  ['冉', 0.1],
  ['牟', 0.1],
  ['秦', 0.1],
  ['况', 0.05],
  ['幸', 0.05],
];

/** Given names of women by birth cohort (the fashion changes). */
export const GIVEN_BY_DECADE: Record<string, string[]> = {
  '1940': ['秀英', '桂英', '秀兰', '玉兰', '桂兰', '淑珍', '凤英', '玉珍', '素珍', '翠兰'],
  '1950': ['秀英', '桂英', '秀兰', '玉兰', '淑华', '凤兰', '秀珍', '玉梅', '桂芳', '淑英'],
  '1960': ['丽', '秀珍', '红', '玉梅', '桂芳', '秀芳', '淑芬', '丽华', '春兰', '秀琴'],
  '1970': ['丽', '艳', '红', '燕', '敏', '霞', '娟', '芳', '红梅', '丽娟'],
  '1980': ['静', '丽', '艳', '婷', '敏', '燕', '丹', '娟', '晓梅', '雪梅'],
  '1990': ['婷', '丹', '倩', '颖', '雪', '琳', '佳', '欢', '璐', '蕾'],
  '2000': ['欣怡', '雨涵', '梓涵', '诗涵', '可馨', '思涵', '佳怡', '紫涵', '梦瑶', '雨欣'],
  '2010': ['一诺', '雨桐', '欣妍', '若汐', '梓涵', '语桐', '芷若', '可欣', '诗琪', '子涵'],
  '2020': ['一诺', '依诺', '若汐', '语桐', '梓萱', '沐晴', '芷晴', '安然', '可可', '悦悦'],
};
export const BOY_NAMES = ['浩然', '子轩', '宇轩', '梓豪', '俊杰', '浩宇', '博文', '皓轩', '一鸣', '子墨'];

/** Where Chongqing's migrant women work (share of the migrant base). */
export const MIGRANT_DESTINATIONS: [string, string, number][] = [
  ['广东省', '东莞市', 12],
  ['广东省', '深圳市', 10],
  ['广东省', '广州市', 8],
  ['浙江省', '杭州市', 6],
  ['浙江省', '宁波市', 5],
  ['上海市', '上海市', 10],
  ['四川省', '成都市', 10],
  ['江苏省', '苏州市', 7],
  ['北京市', '北京市', 5],
  ['福建省', '厦门市', 5],
  ['新疆维吾尔自治区', '乌鲁木齐市', 3],
  ['湖北省', '武汉市', 4],
  ['贵州省', '贵阳市', 4],
  ['云南省', '昆明市', 3],
  ['陕西省', '西安市', 3],
  ['天津市', '天津市', 2],
  ['山东省', '青岛市', 3],
];
export const INDUSTRIES = [
  '制造业',
  '家政服务',
  '餐饮',
  '电子商务',
  '建筑业',
  '批发零售',
  '物流快递',
  '医疗护理',
  '教育培训',
  '美容美发',
];

/** Share of persons (or of children) carrying each tag. */
export const TAG_RATES: { tag: string; rate: number; who: 'adult' | 'child' }[] = [
  { tag: 'difficult_woman', rate: 0.03, who: 'adult' },
  { tag: 'low_income', rate: 0.04, who: 'adult' },
  { tag: 'disabled', rate: 0.02, who: 'adult' },
  { tag: 'single_mother', rate: 0.015, who: 'adult' },
  { tag: 'left_behind_woman', rate: 0.03, who: 'adult' },
  { tag: 'volunteer', rate: 0.05, who: 'adult' },
  { tag: 'talent_ecommerce', rate: 0.005, who: 'adult' },
  { tag: 'talent_craft', rate: 0.005, who: 'adult' },
  { tag: 'talent_entrepreneur', rate: 0.004, who: 'adult' },
  { tag: 'bayu_dajie', rate: 0.006, who: 'adult' },
  { tag: 'executive_member', rate: 0.005, who: 'adult' },
  { tag: 'womens_representative', rate: 0.01, who: 'adult' },
  { tag: 'left_behind_child', rate: 0.2, who: 'child' },
  { tag: 'migrant_child', rate: 0.05, who: 'child' },
  { tag: 'child_in_distress', rate: 0.02, who: 'child' },
];

/** A seeded generator (sfc32, seeded through splitmix32): the same seed gives the same city. */
export function rng(seed: number) {
  let z = seed >>> 0;
  const splitmix = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let t = z;
    t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
    t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
  let a = splitmix(),
    b = splitmix(),
    c = splitmix(),
    d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}

/** Picks from weights in O(log n). */
export function weighted<T>(items: readonly T[], weights: readonly number[]) {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  return (u: number): T => {
    const x = u * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo]!;
  };
}
