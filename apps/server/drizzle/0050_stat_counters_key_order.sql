-- The counters' key reordered to (node, grain, day, metric) (issue 16, the cockpit's p95). A cockpit reads many
-- metrics of a node for a span of one grain: the city's children, 60 flow metrics, January to November by month and
-- December by day. Keyed (node, metric, grain, day), such a range is only bounded by the node (metric = ANY(...) is
-- a filter after it): every row of the node was read — 54,000 at a district, 2.3 million index rows for the city's
-- 43 children, 700 ms warm. Keyed by grain and day after the node, it is one contiguous range per node: 19 ms.
-- ON CONFLICT (node_id, metric, grain, day) names the columns, not their order: the upserts are unchanged. At scale 1
-- (23.5 million rows) building the key takes about 25 s.
ALTER TABLE "stat_counters" DROP CONSTRAINT "stat_counters_pkey";
--> statement-breakpoint
ALTER TABLE "stat_counters" ADD CONSTRAINT "stat_counters_pkey" PRIMARY KEY("node_id","grain","day","metric");
