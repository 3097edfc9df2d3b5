import type { RawClient, Target } from './targets.js';
import type { RunningServer } from './server.js';

/** A goal from PRODUCT.md §4: `metric` of the figure compared with `value`. */
export interface Goal {
  metric: 'p50' | 'p95' | 'p99' | 'value';
  op: '<=' | '>=';
  value: number;
  unit: string;
  source: string;
}

/** Latencies (ms) or a rate, measured the same way as the figure but with raw SQL on the same database. */
export interface RawFigure {
  statement: string;
  unit: string;
  value?: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  n?: number;
  note?: string;
}

/** The data a run measured: the city at a scale (seeded by seedCity) or the demo alone. */
export interface Dataset {
  /** host/database */
  database: string;
  /** null: the Chongqing demo only (no --scale). */
  scale: number | null;
  /** null when unknown (a database seeded before seedCity wrote its marker). */
  seed: number | null;
  source: 'seed-marker' | 'inferred-from-counts' | 'demo';
  /** Rows of the main tables when the run started. */
  counts: Record<string, number>;
  /** What a complete seed at this scale writes (empty for the demo). */
  expected: Record<string, number>;
  /** The seed's own report (rows and rows/s per module), when known. */
  seedReport: import('../../apps/server/src/seed/city.js').SeedReport | null;
  /** True when this run seeded the database. */
  seededNow: boolean;
  /** Whether the data key of the run decrypts the seeded personal data (null: nothing encrypted to try). */
  keyDecrypts: boolean | null;
}

/** One measured figure. For latency figures p50/p95/p99 are in ms; for throughput `value` is req/s. */
export interface Figure {
  name: string;
  module: string;
  target: Target['kind'];
  unit: string;
  value?: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  min?: number | null;
  max?: number | null;
  n: number;
  goal: Goal | null;
  /** null when there is no goal or in smoke mode (timings there mean nothing). */
  goalMet: boolean | null;
  rawSql: RawFigure | null;
  /** API ÷ raw SQL: for latencies p50 over p50 (how many times slower); for throughput raw req/s over API req/s. */
  ratio: number | null;
  ratioNote?: string;
  notes?: string[];
  extra?: Record<string, unknown>;
  /** The data scale of the run that measured it (set by the harness; absent on the demo data). */
  scale?: number | null;
  /** Set when the measurement is not trustworthy (e.g. non-2xx responses): printed, and the run exits 1. */
  failed?: string;
}

export interface Settings {
  smoke: boolean;
  /** autocannon and raw-SQL loop duration, seconds. */
  duration: number;
  connections: number;
  startRuns: number;
  subtreeRounds: number;
  subtreeTowns: number;
  throughputIds: number;
  /** The soak's length, seconds (--duration when given; else 600, or 12 with --smoke). */
  soakSeconds: number;
}

export interface BenchContext {
  target: Target;
  settings: Settings;
  log(message: string): void;
  /** A server on this target, started on first use and shared until stopServer() (PGlite: one process at a time). */
  server(): Promise<RunningServer>;
  stopServer(): Promise<void>;
  /** A raw connection to the same database; on PGlite the server is stopped first. Closed by the context. */
  raw(): Promise<RawClient>;
  closeRaw(): Promise<void>;
}

export interface Benchmark {
  name: string;
  module: string;
  description: string;
  /** false: left out of --smoke runs unless named in --only (a run that is already a test of its own in npm test). */
  smoke?: boolean;
  /** Runs only when --only names it (and never in --smoke unless named): long and writing, like the soak. */
  onlyWhenNamed?: boolean;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export function goalMet(
  goal: Goal | null,
  f: Pick<Figure, 'p50' | 'p95' | 'p99' | 'value'>,
  smoke: boolean,
): boolean | null {
  if (!goal || smoke) return null;
  const actual = f[goal.metric];
  if (actual === null || actual === undefined) return null;
  return goal.op === '<=' ? actual <= goal.value : actual >= goal.value;
}
