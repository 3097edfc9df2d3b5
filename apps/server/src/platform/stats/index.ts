// Live counters rolled up over the organization hierarchy: the read model for every figure that must be fast.
export {
  bumpCounters,
  byOrg,
  latestStocks,
  periodSegments,
  readCounters,
  readCounterSets,
  rebuildCounters,
  type CounterBump,
  type CounterQuery,
  type CounterRow,
  type Segment,
  type StatSource,
} from './stats.js';
export { countersFollowMerge, countersFollowMove, countTargetsSql, underTarget } from './stats.repository.js';
export {
  formulaText,
  metricsOf,
  STOCK_EPOCH,
  valueFromCounters,
  type CountTarget,
  type Indicator,
  type IndicatorCount,
  type IndicatorFormula,
  type IndicatorUnit,
} from './indicators.js';
