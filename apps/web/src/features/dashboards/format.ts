/** A figure as a cadre reads it: shares as percentages with one decimal, counts with thousands separators. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined) return '—';
  return unit === 'percent' ? `${(v * 100).toFixed(1)}%` : v.toLocaleString();
}

/** Year-on-year: points for shares, a percentage for counts; null when there is nothing to compare. */
export function changeOf(now: number | null | undefined, before: number | null | undefined, unit: string) {
  if (now === null || now === undefined || before === null || before === undefined) return null;
  if (unit === 'percent') return { text: `${((now - before) * 100).toFixed(1)}pt`, up: now >= before };
  if (before === 0) return now === 0 ? { text: '0%', up: true } : null;
  return { text: `${(((now - before) / before) * 100).toFixed(1)}%`, up: now >= before };
}
