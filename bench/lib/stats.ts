/** Latency statistics over samples in milliseconds. Percentiles by the nearest-rank method on sorted samples. */
export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  return {
    n,
    min: sorted[0] ?? Number.NaN,
    max: sorted[n - 1] ?? Number.NaN,
    mean: n ? sorted.reduce((a, b) => a + b, 0) / n : Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
}

export function median(samples: readonly number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Rounds for display and JSON: 3 significant decimals below 10, 1 below 1000, integers above. */
export function round(x: number | null | undefined): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  if (Math.abs(x) < 10) return Math.round(x * 1000) / 1000;
  if (Math.abs(x) < 1000) return Math.round(x * 10) / 10;
  return Math.round(x);
}

/** Least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? Number.NaN : sxy / sxx;
}

/** A latency summary as a figure's fields, in ms, rounded: what every latency figure of the benchmarks reports. */
export function latencyFields(s: Summary) {
  return {
    unit: 'ms',
    p50: round(s.p50),
    p95: round(s.p95),
    p99: round(s.p99),
    min: round(s.min),
    max: round(s.max),
    n: s.n,
  };
}
