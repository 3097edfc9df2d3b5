// Live counters rolled up over the organization hierarchy: the read model for every figure that must be fast.
export { bumpCounters, byOrg, readCounters, rebuildCounters, registerStatSource, statSources, type CounterBump, type CounterQuery, type CounterRow, type StatSource } from './stats.js';
