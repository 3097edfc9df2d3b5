// The federation's clock: dates are China dates (UTC+8, no daylight saving). Every module takes its dates from here
// instead of adding eight hours by hand.

export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of UTC midnight of a YYYY-MM-DD date; a malformed or rolled-over date (02-30) is a RangeError. */
export function dayToMs(day: string): number {
  const ms = DATE.test(day) ? Date.parse(`${day}T00:00:00Z`) : Number.NaN;
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day)
    throw new RangeError(`not a YYYY-MM-DD date: ${day}`);
  return ms;
}

/** The China date of an instant, as YYYY-MM-DD. */
export function chinaDate(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in China, as YYYY-MM-DD. */
export const chinaToday = (): string => chinaDate(new Date());

/** The first millisecond of a China date, as an instant. */
export function startOfChinaDay(day: string): Date {
  return new Date(dayToMs(day) - CHINA_OFFSET_MS);
}

/** The last millisecond of a China date, as an instant. */
export function endOfChinaDay(day: string): Date {
  return new Date(dayToMs(day) + DAY_MS - 1 - CHINA_OFFSET_MS);
}

/** The date `n` calendar days after `day` (before it for negative `n`). */
export function addDays(day: string, n: number): string {
  return new Date(dayToMs(day) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToMs(to) - dayToMs(from)) / DAY_MS);
}

/** An instant as China date and minute, `2026-12-05 14:34` (messages and notices). */
export function chinaMinute(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}
