-- The rebuild requests of 0017 are gone: a reorganization now moves the counters itself (below).
DROP TABLE "stat_rebuild_requests" CASCADE;
--> statement-breakpoint
-- Counters follow a reorganization in its own transaction (docs/decisions/0011), instead of a rebuild of the whole
-- city's counters asked for by it and served later: that rebuild held every counter row's lock for minutes at scale 1,
-- and every write that counts (a demand signed, a case referred) waited behind it.
--
-- What a node counts (every metric, grain and day of its rows) leaves the ancestors of from_chain that are not in
-- to_chain and joins those of to_chain that are not in from_chain; common ancestors are untouched. Rows are written in
-- key order (node, metric, grain, day), like jinguo_bump_counters, so concurrent bumps cannot deadlock with it. Rows
-- left at zero are removed, as a rebuild would not write them.
CREATE OR REPLACE FUNCTION jinguo_transfer_counters(node bigint, from_chain ltree, to_chain ltree) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  from_ids bigint[] := string_to_array(from_chain::text, '.')::bigint[];
  to_ids bigint[] := string_to_array(to_chain::text, '.')::bigint[];
BEGIN
  INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
  SELECT t.id, t.path, c.metric, c.grain, c.day, t.sign * c.value
  FROM (SELECT metric, grain, day, value FROM stat_counters WHERE node_id = node) c
  CROSS JOIN (
    SELECT from_ids[k] AS id, subpath(from_chain, 0, k) AS path, -1 AS sign FROM generate_subscripts(from_ids, 1) AS k WHERE from_ids[k] <> ALL (to_ids)
    UNION ALL
    SELECT to_ids[k], subpath(to_chain, 0, k), 1 FROM generate_subscripts(to_ids, 1) AS k WHERE to_ids[k] <> ALL (from_ids)
  ) t
  ORDER BY 1, 3, 4, 5
  ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value;
  DELETE FROM stat_counters WHERE node_id = ANY (from_ids || to_ids) AND value = 0;
END $$;
--> statement-breakpoint
-- A move, called after the organizations were re-pathed: the subtree's own counters keep their values under their
-- new paths (found through the organizations' path index and the counters' primary key: stat_counters has no index
-- on node_path, and a scan of it is 1.9 M rows at scale 0.1); the moved org's totals leave the old parent's chain and
-- join the new one's.
CREATE OR REPLACE FUNCTION jinguo_counters_follow_move(old_path ltree, new_path ltree) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE stat_counters SET node_path = jinguo_rebase(node_path, old_path, new_path)
  WHERE node_id IN (SELECT id FROM organizations WHERE path <@ new_path) AND node_path <@ old_path;
  PERFORM jinguo_transfer_counters(subpath(old_path, -1)::text::bigint, subpath(old_path, 0, nlevel(old_path) - 1), subpath(new_path, 0, nlevel(new_path) - 1));
END $$;
--> statement-breakpoint
-- A merge (after the merged org's children were moved): its records now belong to the absorbing org (jinguo_rebind),
-- and so do its figures; its own rows end at zero and are removed.
CREATE OR REPLACE FUNCTION jinguo_counters_follow_merge(from_path ltree, to_path ltree) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_transfer_counters(subpath(from_path, -1)::text::bigint, from_path, to_path);
END $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_transfer_counters(bigint, ltree, ltree) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_counters_follow_move(ltree, ltree) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_counters_follow_merge(ltree, ltree) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_counters_follow_move(ltree, ltree), jinguo_counters_follow_merge(ltree, ltree) TO jinguo_app;
