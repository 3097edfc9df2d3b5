import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('the shipped schedules', () => {
  it('all pass the checks an admin-loaded year must pass', async () => {
    const { readScheduleFiles, checkSchedule } = await import('./calendar.store.js');
    const files = readScheduleFiles();
    expect(files.map((f) => f.year)).toEqual(expect.arrayContaining([2020, 2021, 2022, 2023, 2024, 2025, 2026]));
    for (const f of files) expect(() => checkSchedule(f)).not.toThrow();
  });
});
