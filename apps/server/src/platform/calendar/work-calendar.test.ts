import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_HOURS } from '@jinguo/contracts';
import { setFederationTimeZone } from '../time.js';
import { checkSchedule } from './calendar.store.js';
import { chinaDate, createWorkCalendar, endOfChinaDay, type YearSchedule } from './work-calendar.js';

const load = (year: number) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../../data/holidays/${year}.json`), 'utf8')) as YearSchedule;
const calendar = createWorkCalendar([load(2025), load(2026)]);

describe('working days of the State Council schedule', () => {
  it('knows holidays, make-up workdays and ordinary weekends', () => {
    expect(calendar.isWorkday('2026-10-01')).toBe(false); // National Day
    expect(calendar.isWorkday('2026-10-07')).toBe(false); // last day of the National Day holiday, a Wednesday
    expect(calendar.isWorkday('2026-09-25')).toBe(false); // Mid-Autumn Festival, a Friday
    expect(calendar.isWorkday('2026-10-10')).toBe(true); // make-up Saturday 国庆节补班
    expect(calendar.isWorkday('2026-02-14')).toBe(true); // make-up Saturday before Spring Festival
    expect(calendar.isWorkday('2026-11-28')).toBe(false); // ordinary Saturday
    expect(calendar.isWorkday('2026-11-30')).toBe(true); // ordinary Monday
    expect(calendar.describe('2026-10-10')).toEqual({ kind: 'workday', name: '国庆节补班' });
    expect(calendar.describe('2026-02-17')?.kind).toBe('holiday');
  });

  it('counts working days over the National Day week and the Spring Festival', () => {
    expect(calendar.addWorkdays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkdays('2026-10-09', 1)).toBe('2026-10-10');
    expect(calendar.addWorkdays('2026-02-13', 1)).toBe('2026-02-14');
    expect(calendar.addWorkdays('2026-02-14', 1)).toBe('2026-02-24');
    expect(calendar.addWorkdays('2026-10-03', 0)).toBe('2026-10-08');
    expect(calendar.workdaysBetween('2026-09-28', '2026-10-10')).toBe(5); // 29, 30 Sep, 8, 9, 10 Oct
  });

  it('puts a 7-working-day deadline at the end of the 7th working day, China time', () => {
    // received Thursday 2026-09-24 at 16:00 China time, before Mid-Autumn (25–27) and National Day (1–7 Oct)
    const from = new Date('2026-09-24T08:00:00Z');
    const due = calendar.deadline(from, { amount: 7, unit: 'workdays' });
    // 28, 29, 30 Sep, 8, 9, 10 (make-up Saturday), 12 Oct → 12 Oct 23:59:59.999 +08:00
    expect(due.toISOString()).toBe('2026-10-12T15:59:59.999Z');
    expect(calendar.deadline(from, { amount: 2, unit: 'hours' }).toISOString()).toBe('2026-09-24T10:00:00.000Z');
  });

  it('uses the China date of an instant, not the UTC date', () => {
    expect(chinaDate(new Date('2026-11-29T20:30:00Z'))).toBe('2026-11-30');
    expect(endOfChinaDay('2026-11-30').toISOString()).toBe('2026-11-30T15:59:59.999Z');
  });

  it('falls back to weekends in a year without a schedule, and says so once', () => {
    const uncovered: number[] = [];
    const c = createWorkCalendar([load(2026)], { onUncoveredYear: (y) => uncovered.push(y) });
    expect(c.coversYear(2026)).toBe(true);
    expect(c.coversYear(2027)).toBe(false);
    expect(c.isWorkday('2027-01-01')).toBe(true); // New Year's Day is unknown without the 2027 notice: a Friday
    expect(c.isWorkday('2027-01-02')).toBe(false);
    expect(uncovered).toEqual([2027]);
  });

  it('refuses dates that do not exist and negative counts', () => {
    expect(() => calendar.isWorkday('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.addWorkdays('2026-13-01', 1)).toThrow(RangeError);
    expect(() => calendar.addWorkdays('2026-11-30', -1)).toThrow(RangeError);
    expect(() => calendar.deadline(new Date(), { amount: 0, unit: 'workdays' })).toThrow(RangeError);
  });
});

/** An instant given as China time (UTC+8), `2026-11-27 17:30`. */
const cn = (local: string) => new Date(`${local.replace(' ', 'T')}:00+08:00`);
/** An instant shown as China time, `2026-11-30 11:00`. */
const shown = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const office = { officeHours: DEFAULT_OFFICE_HOURS };
const twoHours = { amount: 2, unit: 'hours' } as const;

describe('hours counted in office hours on working days (09:00–12:00, 14:00–17:30 by default)', () => {
  afterEach(() => setFederationTimeZone('Asia/Shanghai'));

  it('carries what is left at the end of Friday over the weekend to Monday morning', () => {
    // a normal week: Friday 27 November 2026, Monday 30 November
    expect(shown(calendar.deadline(cn('2026-11-27 17:00'), twoHours, office))).toBe('2026-11-30 10:30');
    // received at closing time: the whole two hours are Monday's
    expect(shown(calendar.deadline(cn('2026-11-27 17:30'), twoHours, office))).toBe('2026-11-30 11:00');
    expect(shown(calendar.deadline(cn('2026-11-27 19:45'), twoHours, office))).toBe('2026-11-30 11:00');
    // an office open until 18:00: Friday 17:30 + 2 h is Monday 10:30
    const untilSix = {
      officeHours: [
        { from: '09:00', to: '12:00' },
        { from: '14:00', to: '18:00' },
      ],
    };
    expect(shown(calendar.deadline(cn('2026-11-27 17:30'), twoHours, untilSix))).toBe('2026-11-30 10:30');
  });

  it('skips the lunch break, and starts at opening time for what comes in before it or on a weekend', () => {
    expect(shown(calendar.deadline(cn('2026-11-30 11:00'), twoHours, office))).toBe('2026-11-30 15:00');
    expect(shown(calendar.deadline(cn('2026-11-30 12:30'), twoHours, office))).toBe('2026-11-30 16:00');
    expect(shown(calendar.deadline(cn('2026-11-30 07:10'), twoHours, office))).toBe('2026-11-30 11:00');
    expect(shown(calendar.deadline(cn('2026-11-28 10:00'), twoHours, office))).toBe('2026-11-30 11:00');
    // exactly at the end of the morning
    expect(shown(calendar.deadline(cn('2026-11-30 10:00'), twoHours, office))).toBe('2026-11-30 12:00');
    // 24 office hours: three whole days of 6.5 hours, then 4.5 more on Thursday (3 in the morning, 1.5 after lunch)
    expect(shown(calendar.deadline(cn('2026-11-30 09:00'), { amount: 24, unit: 'hours' }, office))).toBe(
      '2026-12-03 15:30',
    );
  });

  it('skips a holiday and counts a make-up workday', () => {
    // Wednesday 30 September 2026, before the Mid-Autumn and National Day holiday (1–7 October)
    expect(shown(calendar.deadline(cn('2026-09-30 17:00'), twoHours, office))).toBe('2026-10-08 10:30');
    // Friday 9 October; Saturday 10 October is a make-up workday (国庆节补班)
    expect(shown(calendar.deadline(cn('2026-10-09 17:00'), twoHours, office))).toBe('2026-10-10 10:30');
    // Saturday 10 October itself is a working day: an order that morning counts at once
    expect(shown(calendar.deadline(cn('2026-10-10 09:30'), twoHours, office))).toBe('2026-10-10 11:30');
  });

  it('counts clock hours without office hours (round the clock)', () => {
    expect(shown(calendar.deadline(cn('2026-11-27 17:30'), twoHours))).toBe('2026-11-27 19:30');
    expect(calendar.due(cn('2026-11-27 17:30'), twoHours)).toEqual({ at: cn('2026-11-27 19:30'), provisional: false });
  });

  it('is provisional when it counts through a year without a schedule, and final once the year is loaded', () => {
    const without = createWorkCalendar([load(2026)]);
    // 31 December 2026 17:00: New Year's Day 2027 is not known without the 2027 notice (a Friday: counted as work)
    expect(without.due(cn('2026-12-31 17:00'), twoHours, office)).toEqual({
      at: cn('2027-01-01 10:30'),
      provisional: true,
    });
    expect(without.due(cn('2026-12-30 09:00'), twoHours, office).provisional).toBe(false);
    // 15 working days from mid-December run into 2027
    expect(without.due(cn('2026-12-15 10:00'), { amount: 15, unit: 'workdays' }).provisional).toBe(true);
    expect(without.due(cn('2026-12-01 10:00'), { amount: 7, unit: 'workdays' }).provisional).toBe(false);
    const with2027 = createWorkCalendar([
      load(2026),
      { ...load(2026), year: 2027, holidays: holidays2027, workdays: [] },
    ]);
    expect(with2027.due(cn('2026-12-31 17:00'), twoHours, office)).toEqual({
      at: cn('2027-01-04 10:30'),
      provisional: false,
    });
  });

  it('follows the federation time zone', () => {
    setFederationTimeZone('Asia/Urumqi'); // UTC+6: opens at 03:00 UTC
    expect(calendar.deadline(new Date('2026-11-30T02:00:00Z'), twoHours, office).toISOString()).toBe(
      '2026-11-30T05:00:00.000Z',
    );
  });
});

/** The seven statutory holidays of 2027 (one day each is enough for the checks). */
const holidays2027 = [
  { date: '2027-01-01', name: '元旦' },
  { date: '2027-02-06', name: '春节' },
  { date: '2027-04-05', name: '清明节' },
  { date: '2027-05-01', name: '劳动节' },
  { date: '2027-06-09', name: '端午节' },
  { date: '2027-09-15', name: '中秋节' },
  { date: '2027-10-01', name: '国庆节' },
];

describe('a year schedule lacking a statutory holiday', () => {
  it('is refused, naming the holidays it lacks', () => {
    const schedule = { year: 2027, source: '测试通知', holidays: holidays2027, workdays: [] };
    expect(() => checkSchedule(schedule)).not.toThrow();
    const lacking = { ...schedule, holidays: holidays2027.filter((h) => h.name !== '清明节' && h.name !== '端午节') };
    expect(() => checkSchedule(lacking)).toThrow(
      expect.objectContaining({
        code: 'CALENDAR_INVALID',
        field: 'holidays',
        zh: '2027 年安排缺少法定节假日：清明节、端午节（holidays）',
        en: 'the 2027 schedule lacks statutory holidays: Qingming Festival (清明节), Dragon Boat Festival (端午节) (holidays)',
      }),
    );
    // a holiday shared by two festivals names both
    const shared = {
      ...schedule,
      holidays: [
        ...holidays2027.filter((h) => h.name !== '中秋节' && h.name !== '国庆节'),
        { date: '2027-10-01', name: '国庆节、中秋节' },
      ],
    };
    expect(() => checkSchedule(shared)).not.toThrow();
  });
});

describe('the shipped schedules', () => {
  it('all pass the checks an admin-loaded year must pass', async () => {
    const { readScheduleFiles, checkSchedule } = await import('./calendar.store.js');
    const files = readScheduleFiles();
    expect(files.map((f) => f.year)).toEqual(expect.arrayContaining([2020, 2021, 2022, 2023, 2024, 2025, 2026]));
    for (const f of files) expect(() => checkSchedule(f)).not.toThrow();
  });
});
