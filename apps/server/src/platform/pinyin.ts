// Search keys of Chinese names, for every module that finds records by name (orgs, persons).
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
