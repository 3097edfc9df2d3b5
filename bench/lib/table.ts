import { round } from './stats.js';
import type { Figure } from './types.js';

const fmt = (x: number | null | undefined, unit = '') => {
  const r = round(x ?? null);
  return r === null ? '—' : `${r.toLocaleString('en-US')}${unit}`;
};

function goalText(f: Figure): string {
  if (!f.goal) return '—';
  const g = f.goal;
  return `${g.metric} ${g.op} ${g.value.toLocaleString('en-US')} ${g.unit}`;
}

function rawText(f: Figure): string {
  const r = f.rawSql;
  if (!r) return '—';
  if (r.value !== undefined && r.value !== null) return `${fmt(r.value)} ${r.unit}`;
  return `p50 ${fmt(r.p50)} / p95 ${fmt(r.p95)} ms`;
}

/** One line per figure: what a reader needs to compare with the goals of PRODUCT.md §4. */
export function formatTable(figures: Figure[]): string {
  const header = ['target', 'figure', 'value', 'p50 ms', 'p95 ms', 'p99 ms', 'n', 'goal', 'met', 'raw SQL', 'ratio'];
  const rows = figures.map((f) => [
    f.target,
    f.name,
    f.value !== undefined && f.value !== null
      ? `${fmt(f.value)} ${f.unit}`
      : f.min !== undefined
        ? `min ${fmt(f.min)} max ${fmt(f.max)}`
        : '',
    fmt(f.p50),
    fmt(f.p95),
    fmt(f.p99),
    String(f.n),
    goalText(f),
    f.failed ? 'INVALID' : f.goalMet === null ? '—' : f.goalMet ? 'yes' : 'NO',
    rawText(f),
    f.ratio === null ? '—' : `${fmt(f.ratio)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => width(r[i]!))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display width: CJK characters take two columns. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return w;
}
