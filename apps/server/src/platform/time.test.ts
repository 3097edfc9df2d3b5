import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import {
  addDays,
  chinaDate,
  daysBetween,
  endOfChinaDay,
  federationTimeZone,
  formatDate,
  formatDateTime,
  setFederationTimeZone,
  startOfChinaDay,
  zonedClock,
  zonedInstant,
} from './time.js';

describe("the federation's clock (China, UTC+8)", () => {
  it('an instant late in the UTC evening is already the next China date', () => {
    expect(chinaDate(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29');
    expect(chinaDate(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
  });

  it('a China day runs from 16:00 UTC the evening before to 15:59:59.999 UTC', () => {
    expect(startOfChinaDay('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(endOfChinaDay('2026-12-01').toISOString()).toBe('2026-12-01T15:59:59.999Z');
  });

  it('adds and counts calendar days across month and year ends, and refuses a rolled-over date', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-12-25', '2027-01-04')).toBe(10);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

describe('formatDateTime: every time shown on the federation clock in one format', () => {
  afterEach(() => setFederationTimeZone('Asia/Shanghai'));

  it('shows an instant as YYYY-MM-DD HH:mm in Beijing time by default, whatever the process zone', () => {
    expect(federationTimeZone()).toBe('Asia/Shanghai');
    expect(formatDateTime(new Date('2026-12-05T06:34:59Z'))).toBe('2026-12-05 14:34');
    expect(formatDateTime('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(formatDate(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30');
  });

  it('follows the configured zone and refuses an unknown one', () => {
    setFederationTimeZone('Asia/Urumqi');
    expect(formatDateTime(new Date('2026-12-05T06:34:00Z'))).toBe('2026-12-05 12:34');
    expect(() => setFederationTimeZone('Mars/Olympus')).toThrow(RangeError);
    expect(federationTimeZone()).toBe('Asia/Urumqi');
  });
});

describe('wall-clock arithmetic on the federation clock (office hours)', () => {
  afterEach(() => setFederationTimeZone('Asia/Shanghai'));

  it('gives the date and time of day of an instant, and the instant of a date and time of day', () => {
    expect(zonedClock(new Date('2026-11-27T09:30:00Z'))).toEqual({ day: '2026-11-27', ms: (17 * 60 + 30) * 60_000 });
    expect(zonedClock(new Date('2026-11-29T16:00:00Z'))).toEqual({ day: '2026-11-30', ms: 0 });
    expect(zonedInstant('2026-11-30', 9 * 3_600_000).toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(zonedInstant('2026-12-31', 24 * 3_600_000).toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('follows the configured zone, daylight saving included', () => {
    setFederationTimeZone('Asia/Urumqi'); // UTC+6
    expect(zonedClock(new Date('2026-11-30T03:00:00Z'))).toEqual({ day: '2026-11-30', ms: 9 * 3_600_000 });
    expect(zonedInstant('2026-11-30', 9 * 3_600_000).toISOString()).toBe('2026-11-30T03:00:00.000Z');
    setFederationTimeZone('Europe/Berlin'); // UTC+1 in winter, UTC+2 in summer
    expect(zonedInstant('2026-01-15', 9 * 3_600_000).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(zonedInstant('2026-07-15', 9 * 3_600_000).toISOString()).toBe('2026-07-15T07:00:00.000Z');
    expect(zonedClock(new Date('2026-07-15T07:00:00Z'))).toEqual({ day: '2026-07-15', ms: 9 * 3_600_000 });
  });
});

describe('JINGUO_TIME_ZONE', () => {
  afterEach(() => {
    delete process.env.JINGUO_TIME_ZONE;
  });

  it('defaults to Asia/Shanghai, takes an IANA zone, and refuses anything else at start', () => {
    expect(loadConfig().timeZone).toBe('Asia/Shanghai');
    process.env.JINGUO_TIME_ZONE = 'Asia/Urumqi';
    expect(loadConfig().timeZone).toBe('Asia/Urumqi');
    process.env.JINGUO_TIME_ZONE = 'Beijing';
    expect(() => loadConfig()).toThrow(/JINGUO_TIME_ZONE/);
  });
});
