import { describe, expect, it } from 'vitest';
import { formulaText, valueFromCounters } from './indicators.js';
import { bucketCount, coverSegments, periodSegments, stateSegments, TOTAL_DAY, type Segment } from './stats.js';

const next = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** Every day a segment list covers: a month bucket is each day of its month, a year bucket each day of its year. */
function coveredDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (const s of periodSegments(from, to)) {
    for (const d of allDays(
      s.from,
      s.grain === 'd' ? s.to : s.grain === 'm' ? lastOfMonth(s.to) : `${s.to.slice(0, 4)}-12-31`,
    )) {
      const bucket = s.grain === 'd' ? d : s.grain === 'm' ? `${d.slice(0, 7)}-01` : `${d.slice(0, 4)}-01-01`;
      if (bucket >= s.from && bucket <= s.to) days.push(d);
    }
  }
  return days;
}
const lastOfMonth = (start: string) => {
  let d = start;
  while (next(d).slice(0, 7) === start.slice(0, 7)) d = next(d);
  return d;
};
function allDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = next(d)) out.push(d);
  return out;
}

describe('a period as the fewest counter buckets', () => {
  it('reads five whole years as five year buckets', () => {
    expect(periodSegments('2021-01-01', '2025-12-31')).toEqual([{ grain: 'y', from: '2021-01-01', to: '2025-01-01' }]);
  });

  it('splits a ragged period into days, months, years, months, days', () => {
    expect(periodSegments('2021-11-15', '2025-02-10')).toEqual([
      { grain: 'd', from: '2021-11-15', to: '2021-11-30' },
      { grain: 'm', from: '2021-12-01', to: '2021-12-01' },
      { grain: 'y', from: '2022-01-01', to: '2024-01-01' },
      { grain: 'm', from: '2025-01-01', to: '2025-01-01' },
      { grain: 'd', from: '2025-02-01', to: '2025-02-10' },
    ]);
    expect(periodSegments('2026-03-01', '2026-05-31')).toEqual([{ grain: 'm', from: '2026-03-01', to: '2026-05-01' }]);
    expect(periodSegments('2026-03-05', '2026-03-20')).toEqual([{ grain: 'd', from: '2026-03-05', to: '2026-03-20' }]);
    expect(periodSegments('2026-03-20', '2026-03-05')).toEqual([]);
  });

  it('covers every day of any period exactly once (leap years, month ends, year ends)', () => {
    const cases: [string, string][] = [
      ['2024-02-28', '2024-03-01'],
      ['2023-12-31', '2024-01-01'],
      ['2020-02-29', '2026-11-30'],
      ['2026-01-31', '2026-02-28'],
      ['2025-12-01', '2026-12-31'],
      ['2022-06-15', '2022-06-15'],
    ];
    // and a sweep of start/end days around month and year boundaries
    for (const a of ['2023-12-30', '2023-12-31', '2024-01-01', '2024-01-02', '2024-02-29', '2024-03-01'])
      for (const b of ['2024-01-31', '2024-02-01', '2024-12-31', '2025-01-01', '2025-03-15']) cases.push([a, b]);
    for (const [from, to] of cases) expect(coveredDays(from, to), `${from}..${to}`).toEqual(allDays(from, to));
  });
});

/** Each day's net count over signed segments (a subtracted bucket counts −1 on each of its days). */
function netDays(segments: readonly Segment[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const g of segments) {
    const end = g.grain === 'd' ? g.to : g.grain === 'm' ? lastOfMonth(g.to) : `${g.to.slice(0, 4)}-12-31`;
    for (const d of allDays(g.from, end)) {
      const bucket = g.grain === 'd' ? d : g.grain === 'm' ? `${d.slice(0, 7)}-01` : `${d.slice(0, 4)}-01-01`;
      if (bucket >= g.from && bucket <= g.to) net.set(d, (net.get(d) ?? 0) + (g.negate ? -1 : 1));
    }
  }
  for (const [d, n] of net) if (n === 0) net.delete(d);
  return net;
}

describe('a period as the fewest rows, adding and subtracting buckets', () => {
  it('reads January to 6 December as the year less December plus six days', () => {
    expect(coverSegments('2026-01-01', '2026-12-06')).toEqual([
      { grain: 'y', from: '2026-01-01', to: '2026-01-01' },
      { grain: 'm', from: '2026-12-01', to: '2026-12-01', negate: true },
      { grain: 'd', from: '2026-12-01', to: '2026-12-06' },
    ]);
    expect(coverSegments('2021-01-01', '2025-12-31')).toEqual([{ grain: 'y', from: '2021-01-01', to: '2025-01-01' }]);
    expect(coverSegments('2026-03-05', '2026-03-20')).toEqual([{ grain: 'd', from: '2026-03-05', to: '2026-03-20' }]);
    expect(coverSegments('2026-03-20', '2026-03-05')).toEqual([]);
  });

  it('counts every day of any period once and no other day, never in more rows than adding alone', () => {
    const days = ['2023-01-01', '2023-01-02', '2023-01-17', '2023-02-28', '2023-06-15', '2023-12-30', '2023-12-31'];
    const ends = ['2024-01-01', '2024-02-29', '2024-03-01', '2024-07-31', '2024-12-06', '2024-12-31', '2026-11-30'];
    const pairs: [string, string][] = [];
    for (const a of days) for (const b of [...days, ...ends]) if (a <= b) pairs.push([a, b]);
    for (const a of ['2024-01-01', '2024-02-10', '2024-06-30', '2024-12-02'])
      for (const b of ['2024-01-31', '2024-02-11', '2024-02-29', '2024-11-30', '2024-12-06', '2024-12-31'])
        if (a <= b) pairs.push([a, b]);
    expect(pairs.length).toBeGreaterThan(80);
    for (const [from, to] of pairs) {
      const cover = coverSegments(from, to);
      expect(new Map([...netDays(cover)].sort()), `${from}..${to}`).toEqual(
        new Map(allDays(from, to).map((d) => [d, 1])),
      );
      expect(bucketCount(cover), `${from}..${to}`).toBeLessThanOrEqual(bucketCount(periodSegments(from, to)));
    }
  });
});

describe('a state at the end of a day, from the running total', () => {
  it('is the total less every day after it, each day subtracted once', () => {
    for (const to of ['2026-12-06', '2026-12-31', '2026-11-30', '2024-02-28', '2999-12-30']) {
      const [total, ...after] = stateSegments(to);
      expect(total).toEqual({ grain: 't', from: TOTAL_DAY, to: TOTAL_DAY });
      expect(after.every((g) => g.negate === true)).toBe(true);
      const { negate: _, ...first } = after[0]!;
      expect(first, to).toEqual(periodSegments(next(to), '2999-12-31')[0]);
      expect(after.length).toBe(periodSegments(next(to), '2999-12-31').length);
    }
    // the days after 2026-12-06 as buckets: the rest of December, then the years from 2027
    expect(stateSegments('2026-12-06').slice(1)).toEqual([
      { grain: 'd', from: '2026-12-07', to: '2026-12-31', negate: true },
      { grain: 'y', from: '2027-01-01', to: '2999-01-01', negate: true },
    ]);
  });
});

describe('an indicator over counters of a smaller unit', () => {
  it('divides the sum (minutes → hours, fen → yuan), rounded to 2 decimals, and says so in the formula', () => {
    const hours = { kind: 'sum', metrics: ['volunteers.minutes'], divisor: 60 } as const;
    expect(valueFromCounters(hours, { 'volunteers.minutes': 150 })).toBe(2.5);
    expect(valueFromCounters(hours, { 'volunteers.minutes': 100 })).toBe(1.67);
    expect(valueFromCounters(hours, {})).toBe(0);
    expect(formulaText(hours)).toBe('Σ volunteers.minutes ÷ 60');
    expect(valueFromCounters({ kind: 'sum', metrics: ['a', 'b'] }, { a: 1, b: 2 })).toBe(3);
  });
});
