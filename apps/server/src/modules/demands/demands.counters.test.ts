import { describe, expect, it } from 'vitest';
import { bucketOf, metricAt, periodSegments } from './demands.counters.js';

describe('counter grains', () => {
  it('names and files a metric per day, month and year', () => {
    expect(metricAt('demands.received', 'day')).toBe('demands.received');
    expect(metricAt('demands.replied_on_time', 'month')).toBe('demands.month.replied_on_time');
    expect(metricAt('demands.satisfied', 'year')).toBe('demands.year.satisfied');
    expect(bucketOf('2026-11-29', 'month')).toBe('2026-11-01');
    expect(bucketOf('2026-11-29', 'year')).toBe('2026-01-01');
  });

  it('reads five years as whole years, whole months and the odd days', () => {
    expect(periodSegments('2021-11-30', '2026-11-29')).toEqual([
      { grain: 'day', from: '2021-11-30', to: '2021-11-30' },
      { grain: 'month', from: '2021-12-01', to: '2021-12-01' },
      { grain: 'year', from: '2022-01-01', to: '2025-01-01' },
      { grain: 'month', from: '2026-01-01', to: '2026-10-01' },
      { grain: 'day', from: '2026-11-01', to: '2026-11-29' },
    ]);
  });

  it('keeps short periods in days and whole months in months, across February and leap years', () => {
    expect(periodSegments('2026-11-29', '2026-11-29')).toEqual([{ grain: 'day', from: '2026-11-29', to: '2026-11-29' }]);
    expect(periodSegments('2024-02-01', '2024-02-29')).toEqual([{ grain: 'month', from: '2024-02-01', to: '2024-02-01' }]);
    expect(periodSegments('2026-01-15', '2026-03-10')).toEqual([
      { grain: 'day', from: '2026-01-15', to: '2026-01-31' },
      { grain: 'month', from: '2026-02-01', to: '2026-02-01' },
      { grain: 'day', from: '2026-03-01', to: '2026-03-10' },
    ]);
    expect(periodSegments('2026-01-01', '2026-12-31')).toEqual([{ grain: 'year', from: '2026-01-01', to: '2026-01-01' }]);
  });
});
