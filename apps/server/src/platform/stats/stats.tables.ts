import { bigint, date, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns.js';

/**
 * Live counters rolled up along the hierarchy: a change adds its deltas to (org, metric, day) for the org where it
 * happened and for every ancestor, in the same transaction. Reading the figures of any org's children for any period
 * is then a range over a few thousand index rows (PRODUCT §4: ≤ 100 ms, fresh at once). `node_path` is the
 * counting org's path (not called org_path: counters follow a reorganization by a rebuild, not a re-path).
 */
export const statCounters = pgTable(
  'stat_counters',
  {
    nodeId: bigint('node_id', { mode: 'number' }).notNull(),
    nodePath: ltree('node_path').notNull(),
    metric: text('metric').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    value: bigint('value', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ name: 'stat_counters_pkey', columns: [t.nodeId, t.metric, t.day] })],
);
