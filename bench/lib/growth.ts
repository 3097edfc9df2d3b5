// How each operation's time grows with the data: the same benchmarks at several scales (`--growth 0.01,0.1,1`).
import { round } from './stats.js';
import type { Figure } from './types.js';

/**
 * Growth per 10× data at or above which an operation is flagged: close to proportional to the data (a scan, not an
 * index).
 */
export const LINEAR_FACTOR = 5;

export interface GrowthRow {
  target: string;
  figure: string;
  /**
   * What is compared: p95 latency, p50 (the median of a few server starts), or the time per request of a throughput
   * run.
   */
  metric: 'p95 ms' | 'p50 ms' | 'ms per req (1/throughput)';
  /** The API figure at each scale (key: the scale as written on the command line). */
  api: Record<string, number | null>;
  /** The raw SQL twin at each scale, same metric. */
  raw: Record<string, number | null>;
  /** Time multiplied per 10× data: 10^slope of log(time) over log(scale), least squares over the scales measured. */
  factorPer10x: number | null;
  rawFactorPer10x: number | null;
  /** factorPer10x ≥ LINEAR_FACTOR: the API's time grows about in proportion to the data. */
  linear: boolean;
  /** rawFactorPer10x ≥ LINEAR_FACTOR: the statement itself does (the API may still hide it behind its fixed costs). */
  rawLinear: boolean;
}

function timeOf(f: Figure): { metric: GrowthRow['metric']; api: number | null; raw: number | null } {
  const rate = (v: number | null | undefined) => (v && v > 0 ? 1000 / v : null);
  if (f.unit === 'req/s')
    return { metric: 'ms per req (1/throughput)', api: rate(f.value), raw: rate(f.rawSql?.value) };
  if (f.p95 !== null && f.p95 !== undefined) return { metric: 'p95 ms', api: f.p95, raw: f.rawSql?.p95 ?? null };
  return { metric: 'p50 ms', api: f.p50, raw: f.rawSql?.p50 ?? null };
}

/** 10^slope of the least-squares line through (log10 scale, log10 time); null with fewer than two usable points. */
export function factorPer10x(points: { scale: number; time: number | null }[]): number | null {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    if (p.time === null || !(p.time > 0) || !(p.scale > 0)) continue;
    xs.push(Math.log10(p.scale));
    ys.push(Math.log10(p.time));
  }
  if (xs.length < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return den === 0 ? null : 10 ** (num / den);
}

export function growthRows(runs: { scale: number; figures: Figure[] }[]): GrowthRow[] {
  const rows = new Map<string, GrowthRow & { points: { scale: number; api: number | null; raw: number | null }[] }>();
  for (const run of runs) {
    for (const f of run.figures) {
      const key = `${f.target}\u0000${f.name}`;
      const t = timeOf(f);
      let row = rows.get(key);
      if (!row)
        rows.set(
          key,
          (row = {
            target: f.target,
            figure: f.name,
            metric: t.metric,
            api: {},
            raw: {},
            factorPer10x: null,
            rawFactorPer10x: null,
            linear: false,
            rawLinear: false,
            points: [],
          }),
        );
      row.api[String(run.scale)] = round(t.api);
      row.raw[String(run.scale)] = round(t.raw);
      row.points.push({ scale: run.scale, api: t.api, raw: t.raw });
    }
  }
  return [...rows.values()].map(({ points, ...row }) => {
    const api = factorPer10x(points.map((p) => ({ scale: p.scale, time: p.api })));
    const raw = factorPer10x(points.map((p) => ({ scale: p.scale, time: p.raw })));
    return {
      ...row,
      factorPer10x: round(api),
      rawFactorPer10x: round(raw),
      linear: api !== null && api >= LINEAR_FACTOR,
      rawLinear: raw !== null && raw >= LINEAR_FACTOR,
    };
  });
}

/** `load` (optional): the 1-minute load average when each scale's run started, printed under its column. */
export function formatGrowth(rows: GrowthRow[], scales: number[], load: Record<string, number> = {}): string {
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toLocaleString('en-US'));
  const header = [
    'target',
    'figure',
    'metric',
    ...scales.map((s) => `scale ${s}`),
    '× per 10×',
    ...scales.map((s) => `raw ${s}`),
    'raw × per 10×',
    '',
  ];
  const lines = rows.map((r) => [
    r.target,
    r.figure,
    r.metric,
    ...scales.map((s) => fmt(r.api[String(s)])),
    r.factorPer10x === null ? '—' : `${fmt(r.factorPer10x)}×`,
    ...scales.map((s) => fmt(r.raw[String(s)])),
    r.rawFactorPer10x === null ? '—' : `${fmt(r.rawFactorPer10x)}×`,
    r.linear || r.rawLinear
      ? `GROWS ~LINEARLY (${[r.linear ? 'API' : '', r.rawLinear ? 'raw SQL' : ''].filter(Boolean).join(' and ')}: ≥ ${LINEAR_FACTOR}× per 10× data)`
      : '',
  ]);
  if (Object.keys(load).length)
    lines.push([
      '',
      '',
      'load average at start',
      ...scales.map((s) => fmt(load[String(s)])),
      '',
      ...scales.map(() => ''),
      '',
      '',
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(line)].join('\n');
}
