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

let zone = 'Asia/Shanghai';
let minuteFormat = formatterFor(zone);

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** Whether `timeZone` is an IANA zone the runtime knows (`Asia/Shanghai`, `Asia/Urumqi`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Sets the federation's zone (platform config `timeZone`) every time is shown in; an unknown zone is a RangeError. */
export function setFederationTimeZone(timeZone: string): void {
  if (!isTimeZone(timeZone)) throw new RangeError(`not a time zone: ${timeZone}`);
  zone = timeZone;
  minuteFormat = formatterFor(timeZone);
}

/** The federation's zone, `Asia/Shanghai` unless configured otherwise. */
export const federationTimeZone = (): string => zone;

/**
 * An instant as date and minute on the federation's clock, `2026-12-05 14:34`: the one format of every time shown in
 * messages, notices, SMS and exported workbooks.
 */
export function formatDateTime(instant: Date | string): string {
  const parts: Record<string, string> = {};
  for (const p of minuteFormat.formatToParts(new Date(instant))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** An instant's date on the federation's clock, `2026-12-05`. */
export const formatDate = (instant: Date | string): string => formatDateTime(instant).slice(0, 10);

/* Wall-clock arithmetic on the federation's clock (office hours): an instant's date and time of day there, and back. */

const HOUR_MS = 3_600_000;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();
/** Per zone and UTC year: the year's one offset, or null when it changes (daylight saving). */
const yearOffsets = new Map<string, number | null>();

/** The zone's offset from UTC at an instant, asked of Intl. */
function offsetOfIntl(timeZone: string, instantMs: number): number {
  let f = offsetFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    offsetFormats.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instantMs)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The federation zone's offset from UTC at an instant, in ms (+8 h in China). A year whose offset is the same on the
 * first of every month (no daylight saving: all of China) is looked up once; otherwise per quarter hour.
 */
function zoneOffsetMs(instantMs: number): number {
  const year = new Date(instantMs).getUTCFullYear();
  const yearKey = `${zone}|${year}`;
  let constant = yearOffsets.get(yearKey);
  if (constant === undefined) {
    const samples = Array.from({ length: 13 }, (_, m) => offsetOfIntl(zone, Date.UTC(year, m, 1)));
    constant = samples.every((o) => o === samples[0]) ? samples[0]! : null;
    yearOffsets.set(yearKey, constant);
  }
  if (constant !== null) return constant;
  const key = `${zone}|${Math.floor(instantMs / 900_000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const offset = offsetOfIntl(zone, instantMs);
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Where an instant falls on the federation's clock: its date, and the milliseconds since that date's midnight. */
export function zonedClock(instant: Date): { day: string; ms: number } {
  const local = instant.getTime() + zoneOffsetMs(instant.getTime());
  const day = new Date(local).toISOString().slice(0, 10);
  return { day, ms: local - dayToMs(day) };
}

/** The instant at which the federation's clock shows `day` and `ms` past its midnight. */
export function zonedInstant(day: string, ms: number): Date {
  const local = dayToMs(day) + ms;
  // two rounds settle the offset (a daylight-saving change between the guess and the answer)
  const guess = local - zoneOffsetMs(local - 8 * HOUR_MS);
  return new Date(local - zoneOffsetMs(guess));
}
