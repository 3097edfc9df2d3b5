import dayjs from 'dayjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  federationToday,
  formatDate,
  formatDateTime,
  formatDateTimeSeconds,
  formatTime,
  fromPickerValue,
  loadFederationTimeZone,
  setFederationTimeZone,
  toPickerValue,
} from './time';

// The browser's own clock is New York's: nothing shown may follow it.
const savedTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  process.env.TZ = savedTz;
});
afterEach(() => setFederationTimeZone('Asia/Shanghai'));

describe("the federation's clock in the web", () => {
  it('shows an instant in Beijing time, YYYY-MM-DD HH:mm, in a browser set to New York', () => {
    expect(new Date('2026-12-05T06:34:30Z').getHours()).toBe(1); // the browser really is in New York
    expect(formatDateTime('2026-12-05T06:34:30Z')).toBe('2026-12-05 14:34');
    expect(formatDateTimeSeconds('2026-12-05T06:34:30Z')).toBe('2026-12-05 14:34:30');
    expect(formatDate('2026-12-05T16:00:00Z')).toBe('2026-12-06');
    expect(formatTime('2026-12-05T16:05:00Z')).toBe('00:05');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a time')).toBe('—');
  });

  it('reads a picked date-time on the federation clock, and shows a stored one back the same', () => {
    const picked = dayjs(new Date(2026, 11, 5, 14, 30)); // 14:30 as the New York picker holds it
    expect(fromPickerValue(picked)).toBe('2026-12-05T06:30:00.000Z');
    const shown = toPickerValue('2026-12-05T06:30:00.000Z');
    expect(shown.format('YYYY-MM-DD HH:mm')).toBe('2026-12-05 14:30');
    expect(fromPickerValue(shown)).toBe('2026-12-05T06:30:00.000Z');
    // Just after midnight in Beijing is the previous UTC (and New York) day.
    expect(fromPickerValue(dayjs(new Date(2026, 11, 6, 0, 5)))).toBe('2026-12-05T16:05:00.000Z');
  });

  it("has today's date from the federation's calendar", () => {
    expect(federationToday(Date.parse('2026-11-29T20:30:00Z')).format('YYYY-MM-DD')).toBe('2026-11-30');
    expect(federationToday(Date.parse('2026-11-29T10:00:00Z')).format('YYYY-MM-DD')).toBe('2026-11-29');
  });

  it("follows the server's configured zone, and keeps the default for an unknown one", async () => {
    const health = async () => new Response(JSON.stringify({ status: 'ok', timeZone: 'Asia/Urumqi' }));
    await loadFederationTimeZone(health as typeof fetch);
    expect(formatDateTime('2026-12-05T06:34:00Z')).toBe('2026-12-05 12:34');
    expect(fromPickerValue(dayjs(new Date(2026, 11, 5, 12, 34)))).toBe('2026-12-05T06:34:00.000Z');
    setFederationTimeZone('Asia/Shanghai');
    expect(setFederationTimeZone('Mars/Olympus')).toBe(false);
    expect(formatDateTime('2026-12-05T06:34:00Z')).toBe('2026-12-05 14:34');
  });
});
