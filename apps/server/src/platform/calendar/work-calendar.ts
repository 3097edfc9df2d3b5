import { clockMinutes, type OfficePeriod } from '@jinguo/contracts';
import { addDays, chinaDate, dayToMs, endOfChinaDay, zonedClock, zonedInstant } from '../time.js';
/**
 * China's working-day calendar: weekends, public holidays and the make-up workdays (调休上班) of the State Council's
 * yearly notice. Pure: built from year schedules (data files and admin-loaded years, `calendar.store.ts`).
 * Dates are China dates as YYYY-MM-DD; China keeps UTC+8 all year.
 */
export interface YearSchedule {
  year: number;
  /** Where the dates come from (the notice, the package, the admin who loaded it). */
  source: string;
  holidays: { date: string; name: string }[];
  workdays: { date: string; name: string }[];
}

export type DeadlineSpec = { amount: number; unit: 'hours' | 'workdays' };

/** Office time of a working day on the federation's clock, stretches in the day's order (`09:00`–`12:00`, …). */
export type OfficeHours = readonly OfficePeriod[];

/** How hours are counted: in office hours on working days when given, else round the clock. */
export interface DeadlineOptions {
  officeHours?: OfficeHours | null;
}

/**
 * A deadline, and whether it is provisional: its count ran through a day of a year whose holiday schedule is not
 * loaded (counted Monday to Friday meanwhile), so it may move once that schedule is loaded.
 */
export interface Due {
  at: Date;
  provisional: boolean;
}

export interface WorkCalendar {
  isWorkday(day: string): boolean;
  /** The holiday's name, the make-up workday's name, or null for an ordinary day. */
  describe(day: string): { kind: 'holiday' | 'workday'; name: string } | null;
  /** The n-th working day after `day` (n ≥ 0; n = 0 is `day` itself if it is a working day, else the next one). */
  addWorkdays(day: string, n: number): string;
  /** Working days in (from, to]. */
  workdaysBetween(from: string, to: string): number;
  /**
   * hours: clock hours after `from`, or office hours on working days when `opts.officeHours` is given; workdays: the
   * end (23:59:59.999 China time) of the n-th working day after from's China date.
   */
  deadline(from: Date, spec: DeadlineSpec, opts?: DeadlineOptions): Date;
  /** The deadline with whether it is provisional (it counted a day of a year without a loaded schedule). */
  due(from: Date, spec: DeadlineSpec, opts?: DeadlineOptions): Due;
  /** `hours` of office time on working days after `from` (from the next opening when `from` is out of hours). */
  addOfficeHours(from: Date, hours: number, officeHours: OfficeHours): Due;
  coversYear(year: number): boolean;
  years(): number[];
}

const toMs = dayToMs;
export const nextDay = (day: string, n = 1) => addDays(day, n);
export { chinaDate, endOfChinaDay };

const parsedHours = new WeakMap<OfficeHours, { periods: (readonly [number, number])[]; perDay: number }>();
/** Office hours as [open, close) ms past midnight, and the office time of a day. */
function periodsOf(officeHours: OfficeHours) {
  let parsed = parsedHours.get(officeHours);
  if (!parsed) {
    const periods = officeHours.map((p) => [clockMinutes(p.from) * 60_000, clockMinutes(p.to) * 60_000] as const);
    parsed = { periods, perDay: periods.reduce((n, [a, b]) => n + Math.max(0, b - a), 0) };
    parsedHours.set(officeHours, parsed);
  }
  return parsed;
}

export function createWorkCalendar(
  schedules: readonly YearSchedule[],
  opts: { onUncoveredYear?: (year: number) => void } = {},
): WorkCalendar {
  const holidays = new Map<string, string>();
  const workdays = new Map<string, string>();
  const covered = new Set<number>();
  for (const s of schedules) {
    covered.add(s.year);
    for (const h of s.holidays) holidays.set(h.date, h.name);
    for (const w of s.workdays) workdays.set(w.date, w.name);
  }
  const warned = new Set<number>();
  // The calendar never changes once built (a loaded year builds a new one): days already asked are remembered.
  const workdayMemo = new Map<string, boolean>();
  const nextMemo = new Map<string, string>();
  const following = (day: string) => {
    let next = nextMemo.get(day);
    if (next === undefined) nextMemo.set(day, (next = nextDay(day)));
    return next;
  };

  function isWorkday(day: string): boolean {
    const memo = workdayMemo.get(day);
    if (memo !== undefined) return memo;
    const answer = workdayOf(day);
    workdayMemo.set(day, answer);
    return answer;
  }

  function workdayOf(day: string): boolean {
    const ms = toMs(day);
    const year = Number(day.slice(0, 4));
    if (!covered.has(year) && !warned.has(year)) {
      warned.add(year);
      opts.onUncoveredYear?.(year);
    }
    if (workdays.has(day)) return true;
    if (holidays.has(day)) return false;
    const weekday = new Date(ms).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  function addWorkdays(day: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let d = day;
    if (n === 0) {
      while (!isWorkday(d)) d = following(d);
      return d;
    }
    // The longest run of days off in China is 9 (Spring Festival with weekends); the guard only stops bad data.
    for (let left = n, guard = 0; left > 0; guard++) {
      if (guard > n * 7 + 60) throw new Error(`no working day found after ${day}: check the holiday data`);
      d = following(d);
      if (isWorkday(d)) left--;
    }
    return d;
  }

  /** Whether every year from `fromDay`'s to `toDay`'s has a loaded schedule. */
  const coveredBetween = (fromDay: string, toDay: string) => {
    for (let y = Number(fromDay.slice(0, 4)); y <= Number(toDay.slice(0, 4)); y++) if (!covered.has(y)) return false;
    return true;
  };

  function addOfficeHours(from: Date, hours: number, officeHours: OfficeHours): Due {
    if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError(`office hours must be ≥ 0, got ${hours}`);
    const { periods, perDay } = periodsOf(officeHours);
    if (perDay <= 0) throw new RangeError('office hours hold no time');
    const start = zonedClock(from);
    let left = Math.round(hours * 3_600_000);
    let day = start.day;
    let at = start.ms;
    // at most a whole number of working days, plus the longest run of days off and a margin; the guard stops bad data
    const guard = Math.ceil(left / perDay) * 7 + 60;
    for (let n = 0; n <= guard; n++, day = following(day), at = 0) {
      if (!isWorkday(day)) continue;
      for (const [open, close] of periods) {
        if (at >= close) continue;
        const begin = Math.max(at, open);
        if (left <= close - begin)
          return { at: zonedInstant(day, begin + left), provisional: !coveredBetween(start.day, day) };
        left -= close - begin;
        at = close;
      }
    }
    throw new Error(`no office time found after ${start.day}: check the holiday data`);
  }

  function due(from: Date, spec: DeadlineSpec, opts: DeadlineOptions = {}): Due {
    if (!(spec.amount > 0)) throw new RangeError(`a deadline needs a positive amount, got ${spec.amount}`);
    if (spec.unit === 'hours') {
      if (opts.officeHours) return addOfficeHours(from, spec.amount, opts.officeHours);
      return { at: new Date(from.getTime() + spec.amount * 3_600_000), provisional: false };
    }
    const fromDay = chinaDate(from);
    const day = addWorkdays(fromDay, Math.ceil(spec.amount));
    return { at: endOfChinaDay(day), provisional: !coveredBetween(fromDay, day) };
  }

  return {
    isWorkday,
    describe: (day) => {
      const w = workdays.get(day);
      if (w) return { kind: 'workday', name: w };
      const h = holidays.get(day);
      return h ? { kind: 'holiday', name: h } : null;
    },
    addWorkdays,
    workdaysBetween(from, to) {
      let n = 0;
      for (let d = nextDay(from); d <= to; d = nextDay(d)) if (isWorkday(d)) n++;
      return n;
    },
    deadline: (from, spec, opts) => due(from, spec, opts).at,
    due,
    addOfficeHours,
    coversYear: (year) => covered.has(year),
    years: () => [...covered].sort((a, b) => a - b),
  };
}
