import { bigint, char, date, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns.js';

/**
 * Live counters rolled up along the hierarchy: a change adds its deltas to (org, metric, day) for the org where it
 * happened and for every ancestor, in the same transaction. Reading the figures of any org's children for any period
 * is then a range over a few thousand index rows (PRODUCT §4: ≤ 100 ms, fresh at once). Each change is counted at
 * three grains — the day, its month and its year (`day` holds the first day of the bucket) — so a five-year period
 * reads years, not 1,825 days. `node_path` is the counting org's path (not called org_path: counters follow a
 * reorganization through jinguo_counters_follow_move / _merge, in the reorganization's transaction).
 *
 * The key is ordered (node, grain, day, metric): a read takes many metrics of a node for a span of one grain (the
 * cockpit's 60 flow metrics for eleven months and six days), a contiguous range in this order. Ordered by metric
 * first, the range was the node's every row (54,000 at a district) filtered down — 700 ms for the city's children
 * (migration 0050).
 */
export const statCounters = pgTable(
  'stat_counters',
  {
    nodeId: bigint('node_id', { mode: 'number' }).notNull(),
    nodePath: ltree('node_path').notNull(),
    metric: text('metric').notNull(),
    /**
     * d: one day; m: the month starting on `day`; y: the year starting on `day`; t: the running total of every day
     * (`day` is 0001-01-01; migration 0055).
     */
    grain: char('grain', { length: 1 }).$type<'d' | 'm' | 'y' | 't'>().notNull().default('d'),
    day: date('day', { mode: 'string' }).notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'stat_counters_pkey', columns: [t.nodeId, t.grain, t.day, t.metric] })],
);
