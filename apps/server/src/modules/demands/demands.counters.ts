/**
 * Demand figures are kept in the platform's live counters at three grains: per day (`demands.received`), per month
 * (`demands.month.received`, dated the 1st) and per year (`demands.year.received`, dated 1 January). A period is read as
 * whole years, whole months and the odd days at its edges, so five years of a city's districts sum a few thousand
 * counter rows instead of half a million daily ones (decision 0006).
 */
export type Grain = 'day' | 'month' | 'year';
export const GRAINS: readonly Grain[] = ['day', 'month', 'year'];

export const metricAt = (metric: string, grain: Grain) => (grain === 'day' ? metric : metric.replace(/^(\w+)\./, `$1.${grain}.`));

/** The date a counter of `grain` is filed under: the day itself, the 1st of its month, 1 January of its year. */
export function bucketOf(day: string, grain: Grain): string {
  return grain === 'day' ? day : grain === 'month' ? `${day.slice(0, 7)}-01` : `${day.slice(0, 4)}-01-01`;
}

const DAY = 86_400_000;
const next = (day: string, n = 1) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const monthEnd = (day: string) => next(`${next(`${day.slice(0, 7)}-28`, 4).slice(0, 7)}-01`, -1);
const yearEnd = (day: string) => `${day.slice(0, 4)}-12-31`;

export interface Segment { grain: Grain; from: string; to: string }

/** Splits [from, to] (China dates, inclusive) into whole years, whole months and days, consecutive pieces merged. */
export function periodSegments(from: string, to: string): Segment[] {
  const out: Segment[] = [];
  const push = (grain: Grain, a: string, b: string) => {
    const last = out[out.length - 1];
    if (last && last.grain === grain && next(last.to) === a) last.to = b;
    else out.push({ grain, from: a, to: b });
  };
  let d = from;
  while (d <= to) {
    if (d.endsWith('-01-01') && yearEnd(d) <= to) {
      push('year', d, yearEnd(d));
      d = next(yearEnd(d));
    } else if (d.endsWith('-01') && monthEnd(d) <= to) {
      push('month', d, monthEnd(d));
      d = next(monthEnd(d));
    } else {
      const end = monthEnd(d) < to ? monthEnd(d) : to;
      push('day', d, end);
      d = next(end);
    }
  }
  // A month or year counter is filed under its first day: read it by that date.
  return out.map((s) => (s.grain === 'day' ? s : { ...s, to: bucketOf(s.to, s.grain) }));
}
