ALTER TABLE "stat_counters" ADD COLUMN "grain" char(1) DEFAULT 'd' NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_counters" DROP CONSTRAINT "stat_counters_pkey";
--> statement-breakpoint
ALTER TABLE "stat_counters" ADD CONSTRAINT "stat_counters_pkey" PRIMARY KEY("node_id","metric","grain","day");--> statement-breakpoint
-- Month and year buckets of the day counters already recorded.
INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
  SELECT node_id, node_path, metric, 'm', date_trunc('month', day)::date, sum(value) FROM stat_counters WHERE grain = 'd' GROUP BY 1, 2, 3, 5
  UNION ALL
  SELECT node_id, node_path, metric, 'y', date_trunc('year', day)::date, sum(value) FROM stat_counters WHERE grain = 'd' GROUP BY 1, 2, 3, 5;
--> statement-breakpoint
-- Every change counts for the org and each ancestor, at the day, the month and the year. Rows are taken in key order
-- (node, metric, grain, day) so concurrent bumps cannot deadlock.
CREATE OR REPLACE FUNCTION jinguo_bump_counters(p ltree, d date, metrics text[], deltas bigint[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
  SELECT subpath(p, k - 1, 1)::text::bigint, subpath(p, 0, k), m.metric, g.grain,
         CASE g.grain WHEN 'd' THEN d WHEN 'm' THEN date_trunc('month', d)::date ELSE date_trunc('year', d)::date END, m.delta
  FROM generate_series(1, nlevel(p)) AS k, unnest(metrics, deltas) AS m(metric, delta), (VALUES ('d'), ('m'), ('y')) AS g(grain)
  ORDER BY 1, 3, 4
  ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value
$$;
