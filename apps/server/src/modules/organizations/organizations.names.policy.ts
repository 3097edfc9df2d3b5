import { pinyin } from 'pinyin-pro';

/** Full pinyin and initials (张晓梅 → zhangxiaomei, zxm) for search; polyphones resolved in context (重庆 → chongqing). */
export function pinyinKeys(name: string): { namePinyin: string; nameInitials: string } {
  const full = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'consecutive' }) as string[];
  const initials = pinyin(name, {
    pattern: 'first',
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
  }) as string[];
  const clean = (parts: string[]) =>
    parts
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
  return { namePinyin: clean(full), nameInitials: clean(initials) };
}

/** 东方广场社区居民委员会 → 东方广场社区妇联; 万州区 → 万州区妇联; 重庆市 → 重庆市妇联. */
export function federationName(divisionName: string): string {
  const base = divisionName.replace(/(居民委员会|居委会|村民委员会|村委会|委员会)$/, '');
  return `${base}妇联`;
}
