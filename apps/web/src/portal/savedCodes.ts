/** Tracking codes of anonymous requests made on this phone (kept only here, so she can follow them). */
const KEY = 'jinguo.h5.trackingCodes';
export function savedCodes(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}
export function saveCode(code: string): void {
  localStorage.setItem(KEY, JSON.stringify([code, ...savedCodes().filter((c) => c !== code)].slice(0, 20)));
}
