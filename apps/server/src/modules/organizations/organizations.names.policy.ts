export { pinyinKeys } from '../../platform/pinyin.js';

/** 东方广场社区居民委员会 → 东方广场社区妇联; 万州区 → 万州区妇联; 重庆市 → 重庆市妇联. */
export function federationName(divisionName: string): string {
  const base = divisionName.replace(/(居民委员会|居委会|村民委员会|村委会|委员会)$/, '');
  return `${base}妇联`;
}
