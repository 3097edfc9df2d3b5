import { fieldError } from '../../platform/errors.js';

/* Pure rules of the cockpit: the period, the period a year before, the months of a trend, the indicator list. */

const MAX_YEARS = 10;
export const MAX_TREND_MONTHS = 60;
export const MAX_TREND_INDICATORS = 12;

/** A period both ends inclusive, refused with the field named when it is backwards or longer than ten years. */
export function checkPeriod(from: string, to: string): void {
  if (from > to)
    throw fieldError('VALIDATION_FAILED', 'to', '结束日期不能早于开始日期', 'the end date precedes the start');
  if (Number(to.slice(0, 4)) - Number(from.slice(0, 4)) > MAX_YEARS)
    throw fieldError('VALIDATION_FAILED', 'from', '统计期间不能超过十年', 'a period may span ten years at most');
}

/** The same day a year before; 29 February becomes 28 February. */
export function yearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  const md = day.slice(5);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return `${y}-${md === '02-29' && !leap ? '02-28' : md}`;
}

/** The last day of a period's month-end: to stays within its month. */
const lastOfMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

/** The months a period touches, each cut to the period: [{ month: 'YYYY-MM', from, to }]. */
export function monthsOf(from: string, to: string): { month: string; from: string; to: string }[] {
  const out: { month: string; from: string; to: string }[] = [];
  let month = from.slice(0, 7);
  while (month <= to.slice(0, 7)) {
    const start = `${month}-01`;
    const end = lastOfMonth(month);
    out.push({ month, from: start < from ? from : start, to: end > to ? to : end });
    const [y, m] = month.split('-').map(Number) as [number, number];
    month = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  }
  return out;
}

/** Indicator codes from the query (comma-separated), each known; unknown ones are refused by name. */
export function pickIndicators(raw: string | undefined, known: ReadonlySet<string>): string[] | null {
  if (raw === undefined || raw.trim() === '') return null;
  const codes = [
    ...new Set(
      raw
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = codes.find((c) => !known.has(c));
  if (unknown)
    throw fieldError('VALIDATION_FAILED', 'indicators', `未知的指标：${unknown}`, `unknown indicator: ${unknown}`);
  return codes;
}

/**
 * How one row of the period's structure adds up from today's counters: each node's counters with a sign. A child
 * whose own children changed since the end of the period (a merger, towns moved) is its own figure less its
 * children of today plus its children of then; a child unchanged is just itself.
 */
export interface RowPlan {
  orgId: number;
  nodes: { id: number; sign: 1 | -1 }[];
  /** Subtrees a count over the records covers for this row. */
  paths: string[];
}

export function planRow(
  child: { id: number; path: string | null; active: boolean },
  childrenThen: readonly { id: number; path: string }[],
  childrenNow: readonly { id: number }[],
): RowPlan {
  const then = new Set(childrenThen.map((c) => c.id));
  const same =
    child.active && child.path !== null && then.size === childrenNow.length && childrenNow.every((c) => then.has(c.id));
  if (same) return { orgId: child.id, nodes: [{ id: child.id, sign: 1 }], paths: [child.path!] };
  return {
    orgId: child.id,
    nodes: [
      ...(child.active ? [{ id: child.id, sign: 1 as const }] : []),
      ...(child.active ? childrenNow.map((c) => ({ id: c.id, sign: -1 as const })) : []),
      ...childrenThen.map((c) => ({ id: c.id, sign: 1 as const })),
    ],
    paths: childrenThen.map((c) => c.path),
  };
}

/** Adds up counters along a plan. */
export function sumPlan(
  plan: RowPlan,
  counters: ReadonlyMap<number, Readonly<Record<string, number>>>,
  metrics: readonly string[],
): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(metrics.map((m) => [m, 0]));
  for (const n of plan.nodes) {
    const c = counters.get(n.id);
    if (c) for (const m of metrics) out[m]! += n.sign * (c[m] ?? 0);
  }
  return out;
}
