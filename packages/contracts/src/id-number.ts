/**
 * 居民身份证号码 (GB 11643-1999): 6-digit area code, 8-digit birth date, 3-digit sequence (odd for men, even for
 * women), and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export type IdNumberProblem = 'format' | 'birth-date' | 'check-character';
export type IdNumberInfo =
  | { ok: true; normalized: string; areaCode: string; birthDate: string; gender: 'female' | 'male' }
  | { ok: false; problem: IdNumberProblem };

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

export function parseIdNumber(raw: string, today = new Date()): IdNumberInfo {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (
    y < 1900 ||
    date.getUTCFullYear() !== y ||
    date.getUTCMonth() !== m - 1 ||
    date.getUTCDate() !== d ||
    date > today
  ) {
    return { ok: false, problem: 'birth-date' };
  }
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check-character' };
  return {
    ok: true,
    normalized: id,
    areaCode: id.slice(0, 6),
    birthDate: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14),
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
  };
}

export const ID_NUMBER_MESSAGES: Record<IdNumberProblem, { 'zh-CN': string; 'en-US': string }> = {
  format: {
    'zh-CN': '身份证号应为 18 位，最后一位可为 X',
    'en-US': 'an ID number has 18 characters, the last may be X',
  },
  'birth-date': {
    'zh-CN': '身份证号中的出生日期无效',
    'en-US': 'the birth date inside the ID number is not a valid date',
  },
  'check-character': { 'zh-CN': '身份证号校验位不正确', 'en-US': 'the check character of the ID number is wrong' },
};

/** Age in whole years on `on` (YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}
