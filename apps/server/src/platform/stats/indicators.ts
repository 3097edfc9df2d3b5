import type { LocalizedText, Permission } from '@jinguo/contracts';
import type { Scoped } from '../scope.js';

/**
 * An indicator: one named figure of the catalogue (数她说), declared by the module that owns its records, next to its
 * counter source. Its value for an org and a period comes from the live counters (`sum`, `ratio`) or, for the few
 * figures that are states rather than events (organizations by type, spaces), from a count the module makes over its
 * own records as they stand at the end of the period (`count`).
 */
export interface Indicator {
  /** Stable code, `<module>.<name>`: 'demands.timely_sign_rate'. */
  code: string;
  name: LocalizedText;
  definition: LocalizedText;
  unit: IndicatorUnit;
  /** A topic to group the catalogue by (organizations, visits, demands, cases …). */
  topic: string;
  /** Who may read it, besides the dashboard's own permission (case figures need `case.figures`). */
  permission?: Permission;
  formula: IndicatorFormula;
}

export type IndicatorUnit = 'count' | 'people' | 'households' | 'percent' | 'hours' | 'yuan';

/** The orgs a count is asked for: one id and the subtree paths its figure covers. */
export interface CountTarget {
  id: number;
  paths: readonly string[];
}
/** A module's count over its own records for each target, for a period (both dates inclusive, China dates). */
export type IndicatorCount = (
  s: Scoped,
  targets: readonly CountTarget[],
  period: { from: string; to: string },
) => Promise<Map<number, number>>;

export type IndicatorFormula =
  /**
   * Events counted in the period: the sum of the counters; divided by `divisor` when the counters keep a smaller unit
   * than the indicator shows (minutes → hours: 60, fen → yuan: 100), rounded to 2 decimals.
   */
  | { kind: 'sum'; metrics: readonly string[]; divisor?: number }
  /**
   * A state at the end of the period from counters of its changes (+1 when a thing begins, -1 when it ends): the
   * counters summed from STOCK_EPOCH to the end of the period.
   */
  | { kind: 'stock'; metrics: readonly string[] }
  /** A share: the numerator's counters over the denominator's, in the period (null when the denominator is 0). */
  | { kind: 'ratio'; numerator: readonly string[]; denominator: readonly string[] }
  /** A share of two states at the end of the period, both from stock counters (villages with a space ÷ villages). */
  | { kind: 'stock_ratio'; numerator: readonly string[]; denominator: readonly string[] }
  /** A state at the end of the period, counted from the records; `text` says what is counted, for the catalogue. */
  | { kind: 'count'; text: string; count: IndicatorCount };

/** Where stock counters begin: changes on earlier days are counted on this day. */
export const STOCK_EPOCH = '2000-01-01';

/** The formula as the catalogue prints it. */
export function formulaText(f: IndicatorFormula): string {
  const sum = (ms: readonly string[]) => ms.join(' + ');
  switch (f.kind) {
    case 'sum':
      return f.divisor ? `Σ ${sum(f.metrics)} ÷ ${f.divisor}` : `Σ ${sum(f.metrics)}`;
    case 'stock':
      return `Σ ${sum(f.metrics)} (${STOCK_EPOCH} … end)`;
    case 'ratio':
      return `(${sum(f.numerator)}) ÷ (${sum(f.denominator)})`;
    case 'stock_ratio':
      return `(${sum(f.numerator)}) ÷ (${sum(f.denominator)}) (${STOCK_EPOCH} … end)`;
    case 'count':
      return f.text;
  }
}

/** The metrics whose counters an indicator reads. */
export function metricsOf(f: IndicatorFormula): string[] {
  return f.kind === 'sum' || f.kind === 'stock'
    ? [...f.metrics]
    : f.kind === 'ratio' || f.kind === 'stock_ratio'
      ? [...f.numerator, ...f.denominator]
      : [];
}

/** An indicator's value from summed counters (all kinds but count); a ratio is rounded to 4 decimals. */
export function valueFromCounters(f: IndicatorFormula, counters: Readonly<Record<string, number>>): number | null {
  const total = (ms: readonly string[]) => ms.reduce((a, m) => a + (counters[m] ?? 0), 0);
  if (f.kind === 'sum' && f.divisor) return Math.round((total(f.metrics) / f.divisor) * 100) / 100;
  if (f.kind === 'sum' || f.kind === 'stock') return total(f.metrics);
  if (f.kind === 'ratio' || f.kind === 'stock_ratio') {
    const d = total(f.denominator);
    return d > 0 ? Math.round((total(f.numerator) / d) * 10_000) / 10_000 : null;
  }
  return null;
}
