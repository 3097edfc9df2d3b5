import type { SQL } from 'drizzle-orm';
import { addDays } from '../time.js';
import type { DbHandle, Queryable } from '../db/client.js';
import type { Scoped } from '../scope.js';
import {
  addToCounters,
  analyzeCounters,
  latestStocksSql,
  replaceCountersFrom,
  sumCounterSets,
} from './stats.repository.js';

/**
 * Live counters rolled up over the hierarchy (stat_counters). A module bumps its metrics in the transaction of the
 * change; reading any org's figures, or its children's, for any period is then an index range, fresh at once.
 * Metric names are the module's: 'demands.received', 'cases.referred'.
 */
export interface CounterBump {
  /** Path of the org where the thing happened; every ancestor is counted too. */
  orgPath: string;
  /** The China date the figure belongs to (YYYY-MM-DD). */
  day: string;
  /** Metric → delta (negative to take back, e.g. a reopened demand is no longer closed). */
  deltas: Record<string, number>;
}

const METRIC = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export async function bumpCounters(q: Queryable, bump: CounterBump): Promise<void> {
  const entries = Object.entries(bump.deltas).filter(([, d]) => d !== 0);
  if (!entries.length) return;
  for (const [m, d] of entries) {
    if (!METRIC.test(m)) throw new Error(`not a metric name: ${m}`);
    if (!Number.isInteger(d)) throw new Error(`a counter delta must be an integer: ${m} ${d}`);
  }
  await addToCounters(q, bump.orgPath, bump.day, entries);
}

export interface CounterQuery {
  orgId: number;
  metrics: readonly string[];
  /** null: everything counted up to `to` — a state at its end (stock metrics), from the running total. */
  from: string | null;
  to: string;
  /** self: the org's own totals (its whole subtree); children: one total per direct child. */
  by: 'self' | 'children';
}
export interface CounterRow {
  orgId: number;
  metric: string;
  value: number;
}

/**
 * A period as the fewest buckets: whole years, whole months, then the days at the edges. Dates inclusive. Grain 't'
 * is the running total (one row per node and metric, on TOTAL_DAY); a `negate`d segment is subtracted.
 */
export interface Segment {
  grain: 'd' | 'm' | 'y' | 't';
  from: string;
  to: string;
  negate?: true;
}

/** The day of the running totals' rows (grain 't', migration 0055). */
export const TOTAL_DAY = '0001-01-01';
/** Later than any day counted: what is counted after a state's day is subtracted from the total up to this one. */
const LAST_DAY = '2999-12-31';

/**
 * Everything counted up to `to`: the running total less what is counted after `to` (a merger recorded for a later
 * day, a space opening next month) — one row and, mostly, empty ranges, where the sum from the first day counted read
 * the years, months and days of a quarter-century.
 */
export function stateSegments(to: string): Segment[] {
  return [
    { grain: 't', from: TOTAL_DAY, to: TOTAL_DAY },
    ...periodSegments(addDays(to, 1), LAST_DAY).map((g) => ({ ...g, negate: true as const })),
  ];
}

const monthStart = (day: string) => `${day.slice(0, 7)}-01`;
const addMonths = (start: string, n: number) => {
  const y = Number(start.slice(0, 4));
  const m = Number(start.slice(5, 7)) - 1 + n;
  return `${y + Math.floor(m / 12)}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}-01`;
};

export function periodSegments(from: string, to: string): Segment[] {
  if (from > to) return [];
  const firstMonth = from.endsWith('-01') ? from : addMonths(monthStart(from), 1);
  const endMonthExcl = addDays(to, 1).endsWith('-01') ? addDays(to, 1) : monthStart(to);
  if (firstMonth >= endMonthExcl) return [{ grain: 'd', from, to }];
  const out: Segment[] = [];
  if (from < firstMonth) out.push({ grain: 'd', from, to: addDays(firstMonth, -1) });
  const firstYear = firstMonth.endsWith('-01-01') ? firstMonth : `${Number(firstMonth.slice(0, 4)) + 1}-01-01`;
  const endYearExcl = endMonthExcl.endsWith('-01-01') ? endMonthExcl : `${endMonthExcl.slice(0, 4)}-01-01`;
  if (firstYear >= endYearExcl) {
    out.push({ grain: 'm', from: firstMonth, to: addMonths(endMonthExcl, -1) });
  } else {
    if (firstMonth < firstYear) out.push({ grain: 'm', from: firstMonth, to: addMonths(firstYear, -1) });
    out.push({ grain: 'y', from: firstYear, to: `${Number(endYearExcl.slice(0, 4)) - 1}-01-01` });
    if (endYearExcl < endMonthExcl) out.push({ grain: 'm', from: endYearExcl, to: addMonths(endMonthExcl, -1) });
  }
  if (endMonthExcl <= to) out.push({ grain: 'd', from: endMonthExcl, to });
  return out;
}

const monthEnd = (day: string) => addDays(addMonths(monthStart(day), 1), -1);
const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;
const yearEnd = (day: string) => `${day.slice(0, 4)}-12-31`;
const monthsBetween = (from: string, to: string) =>
  (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
const daysBetweenIncl = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** How many counter rows a node and metric has at most in the segments: what a read of them costs. */
export function bucketCount(segments: readonly Segment[]): number {
  let n = 0;
  for (const g of segments)
    n +=
      g.grain === 'd'
        ? daysBetweenIncl(g.from, g.to)
        : g.grain === 'm'
          ? monthsBetween(g.from, g.to)
          : g.grain === 'y'
            ? Number(g.to.slice(0, 4)) - Number(g.from.slice(0, 4)) + 1
            : 1;
  return n;
}
const negated = (segments: readonly Segment[]): Segment[] =>
  segments.map(({ negate, ...g }) => (negate ? g : { ...g, negate: true as const }));
const cheaper = (a: Segment[], b: Segment[]) => (bucketCount(b) < bucketCount(a) ? b : a);

/** Days a..b of one month: the days, or the month less the days around them, whichever is fewer rows. */
function withinMonth(a: string, b: string): Segment[] {
  const [first, last] = [monthStart(a), monthEnd(a)];
  if (a === first && b === last) return [{ grain: 'm', from: first, to: first }];
  const around: Segment[] = [
    ...(a > first ? [{ grain: 'd' as const, from: first, to: addDays(a, -1), negate: true as const }] : []),
    ...(b < last ? [{ grain: 'd' as const, from: addDays(b, 1), to: last, negate: true as const }] : []),
  ];
  return cheaper([{ grain: 'd', from: a, to: b }], [{ grain: 'm', from: first, to: first }, ...around]);
}

/** Days a..b of one year, by months and the partial months at the edges (each edge the cheaper way). */
function withinYearByMonths(a: string, b: string): Segment[] {
  if (monthStart(a) === monthStart(b)) return withinMonth(a, b);
  const lead = withinMonth(a, monthEnd(a));
  const trail = withinMonth(monthStart(b), b);
  const [firstFull, lastFull] = [addMonths(monthStart(a), 1), addMonths(monthStart(b), -1)];
  const mid: Segment[] = firstFull <= lastFull ? [{ grain: 'm', from: firstFull, to: lastFull }] : [];
  return [...lead, ...mid, ...trail];
}

/** Days a..b of one year: by months, or the year less the days around them, whichever is fewer rows. */
function withinYear(a: string, b: string): Segment[] {
  const [first, last] = [yearStart(a), yearEnd(a)];
  if (a === first && b === last) return [{ grain: 'y', from: first, to: first }];
  const around = [
    ...(a > first ? negated(withinYearByMonths(first, addDays(a, -1))) : []),
    ...(b < last ? negated(withinYearByMonths(addDays(b, 1), last)) : []),
  ];
  return cheaper(withinYearByMonths(a, b), [{ grain: 'y', from: first, to: first }, ...around]);
}

/**
 * A period as the fewest counter rows, adding and subtracting buckets: January to 6 December is the year less
 * December plus its first six days (8 rows per node and metric), not eleven months and six days (17). Every day of the
 * period is counted once, no other day at all (net of the subtractions); `periodSegments` is the cover that only adds.
 */
export function coverSegments(from: string, to: string): Segment[] {
  if (from > to) return [];
  if (from.slice(0, 4) === to.slice(0, 4)) return withinYear(from, to);
  const head = withinYear(from, yearEnd(from));
  const tail = withinYear(yearStart(to), to);
  const [firstFull, lastFull] = [`${Number(from.slice(0, 4)) + 1}-01-01`, `${Number(to.slice(0, 4)) - 1}-01-01`];
  const mid: Segment[] = firstFull <= lastFull ? [{ grain: 'y', from: firstFull, to: lastFull }] : [];
  // whole years side by side are one range
  const out: Segment[] = [];
  for (const g of [...head, ...mid, ...tail]) {
    const prev = out[out.length - 1];
    if (prev && g.grain === 'y' && prev.grain === 'y' && !g.negate && !prev.negate) prev.to = g.to;
    else out.push({ ...g });
  }
  return out;
}

/** Sums counters over a period, inside the actor's scope (row-level security admits only the scope's nodes). */
export async function readCounters(s: Scoped, q: CounterQuery): Promise<CounterRow[]> {
  return (await readCounterSets(s, [q]))[0]!;
}

/** Several counter queries in one statement (one round trip); the rows of each, in the order of the queries. */
export async function readCounterSets(s: Scoped, qs: readonly CounterQuery[]): Promise<CounterRow[][]> {
  const asked = qs.flatMap((q, i) => {
    for (const m of q.metrics) if (!METRIC.test(m)) throw new Error(`not a metric name: ${m}`);
    const segments = !q.metrics.length ? [] : q.from === null ? stateSegments(q.to) : coverSegments(q.from, q.to);
    return segments.length ? [{ i, q, segments }] : [];
  });
  const out: CounterRow[][] = qs.map(() => []);
  for (const { set, ...row } of await sumCounterSets(s, asked)) out[asked[set]!.i]!.push(row);
  return out;
}

/**
 * The org's stock metrics as the records stand now, as a subquery yielding a JSON object { metric: value } (absent
 * metrics are 0), for a read statement of one round trip (readScoped): see latestStocksSql.
 */
export function latestStocks(s: Pick<Scoped, 'scopePath'>, orgId: number, metrics: readonly string[]): SQL {
  for (const m of metrics) if (!METRIC.test(m)) throw new Error(`not a metric name: ${m}`);
  return latestStocksSql(s.scopePath, orgId, metrics);
}

/** Folds counter rows into { orgId → { metric → value } } with zeros for missing metrics. */
export function byOrg(rows: readonly CounterRow[], metrics: readonly string[]): Map<number, Record<string, number>> {
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) {
    let m = out.get(r.orgId);
    if (!m) out.set(r.orgId, (m = Object.fromEntries(metrics.map((k) => [k, 0]))));
    m[r.metric] = r.value;
  }
  return out;
}

/**
 * How a module's counters are recomputed from its records: a query yielding (org_path, day, metric, value) rows.
 * Modules declare theirs (`statistics` in the module declaration); `jinguo stats rebuild` (a repair, or a new metric
 * counted over old records) and the seed rebuild from them.
 */
export interface StatSource {
  name: string;
  metrics: readonly string[];
  rebuild: SQL;
}

/** Recomputes the counters of the named sources (all given by default) in one transaction, as the platform. */
export async function rebuildCounters(
  handle: DbHandle,
  sources: readonly StatSource[],
  names?: readonly string[],
): Promise<{ source: string; rows: number }[]> {
  const chosen = sources.filter((s) => !names || names.includes(s.name));
  const report: { source: string; rows: number }[] = [];
  await handle.db.transaction(async (tx) => {
    for (const src of chosen) {
      const rows = await replaceCountersFrom(tx, src.metrics, src.rebuild);
      report.push({ source: src.name, rows });
    }
  });
  // A rebuild replaces most of the table: fresh statistics, or the planner reads five years of days for a year.
  if (chosen.length) await analyzeCounters(handle.db);
  return report;
}
