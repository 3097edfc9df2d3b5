-- Organizations by type and spaces as live counters (issue 13, the cockpit): states, not events, so a figure at the
-- end of a period is the sum of the counters from the beginning (2000-01-01, where earlier days are counted) to that
-- day. An org counts +1 of its type on its valid_from and -1 on its valid_to; a space +1 on the day it opened (a
-- deleted space never counted). Statement-level triggers with transition tables write them for every statement that
-- inserts, ends, retypes or deletes rows (a division import of 1,000 orgs is one roll-up), as SECURITY DEFINER because
-- the writer's scope rarely covers the ancestors it counts for. A move or a merge is not counted here: the counters
-- follow it (jinguo_counters_follow_move / _merge), so what a merged org counted stays with the org that absorbed it,
-- and so does its end.
CREATE OR REPLACE FUNCTION jinguo_add_counter_rows(deltas jsonb) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  nodes bigint[];
BEGIN
  IF jsonb_array_length(deltas) = 0 THEN RETURN; END IF;
  INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
  SELECT subpath(src.path, k - 1, 1)::text::bigint, subpath(src.path, 0, k), src.metric, g.grain,
         CASE g.grain WHEN 'd' THEN src.day WHEN 'm' THEN date_trunc('month', src.day)::date ELSE date_trunc('year', src.day)::date END,
         sum(src.delta)
  FROM (SELECT (x->>'path')::ltree AS path, greatest((x->>'day')::date, date '2000-01-01') AS day, x->>'metric' AS metric,
               (x->>'delta')::bigint AS delta
        FROM jsonb_array_elements(deltas) AS x) src
    CROSS JOIN LATERAL generate_series(1, nlevel(src.path)) AS k CROSS JOIN (VALUES ('d'), ('m'), ('y')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(src.delta) <> 0
  ORDER BY 1, 3, 4, 5
  ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value;
  -- rows back at zero are removed, as a rebuild would not write them
  SELECT array_agg(DISTINCT label::bigint) INTO nodes
  FROM jsonb_array_elements(deltas) AS x, unnest(string_to_array(x->>'path', '.')) AS label;
  DELETE FROM stat_counters WHERE node_id = ANY (nodes) AND metric LIKE 'organizations.stock.%' AND value = 0;
END $$;
--> statement-breakpoint
-- An org's life as counter entries: +1 of its type on valid_from, -1 on valid_to.
CREATE OR REPLACE FUNCTION jinguo_org_life(p ltree, type text, valid_from date, valid_to date, sign int) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_array(jsonb_build_object('path', p, 'day', valid_from, 'metric', 'organizations.stock.' || type, 'delta', sign))
    || CASE WHEN valid_to IS NULL THEN '[]'::jsonb
       ELSE jsonb_build_array(jsonb_build_object('path', p, 'day', valid_to, 'metric', 'organizations.stock.' || type, 'delta', -sign)) END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_stock_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(e) FROM new_rows n,
    jsonb_array_elements(jinguo_org_life(n.path, n.type, n.valid_from, n.valid_to, 1)) e), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The old life taken back and the new one counted, at the org's path of now (a move in the same statement is the
-- counters' own business) — or, for an org merged into another, where its counters went: the absorbing org's.
CREATE OR REPLACE FUNCTION jinguo_org_stock_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(e) FROM old_rows o JOIN new_rows n ON n.id = o.id
    LEFT JOIN organizations m ON m.id = n.merged_into_id,
    LATERAL jsonb_array_elements(jinguo_org_life(coalesce(m.path, n.path), o.type, o.valid_from, o.valid_to, -1)
      || jinguo_org_life(coalesce(m.path, n.path), n.type, n.valid_from, n.valid_to, 1)) e
    WHERE (o.type, o.valid_from, o.valid_to) IS DISTINCT FROM (n.type, n.valid_from, n.valid_to)), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_stock_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(e) FROM old_rows o,
    jsonb_array_elements(jinguo_org_life(o.path, o.type, o.valid_from, o.valid_to, -1)) e), '[]'::jsonb));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_space_day(opened_on date, created_at timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(opened_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_space_stock() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(jsonb_build_object('path', n.org_path, 'day',
      jinguo_space_day(n.opened_on, n.created_at), 'metric', 'organizations.stock.spaces', 'delta', 1)) FROM new_rows n), '[]'::jsonb));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(jsonb_build_object('path', o.org_path, 'day',
      jinguo_space_day(o.opened_on, o.created_at), 'metric', 'organizations.stock.spaces', 'delta', -1)) FROM old_rows o), '[]'::jsonb));
  ELSE
    PERFORM jinguo_add_counter_rows(coalesce((SELECT jsonb_agg(e) FROM old_rows o JOIN new_rows n ON n.id = o.id,
      LATERAL jsonb_array_elements(jsonb_build_array(
        jsonb_build_object('path', n.org_path, 'day', jinguo_space_day(o.opened_on, o.created_at), 'metric', 'organizations.stock.spaces', 'delta', -1),
        jsonb_build_object('path', n.org_path, 'day', jinguo_space_day(n.opened_on, n.created_at), 'metric', 'organizations.stock.spaces', 'delta', 1))) e
      WHERE jinguo_space_day(o.opened_on, o.created_at) IS DISTINCT FROM jinguo_space_day(n.opened_on, n.created_at)), '[]'::jsonb));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_stock_ins AFTER INSERT ON organizations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_stock_inserted();
--> statement-breakpoint
CREATE TRIGGER organizations_stock_upd AFTER UPDATE ON organizations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_stock_updated();
--> statement-breakpoint
CREATE TRIGGER organizations_stock_del AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_stock_deleted();
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_ins AFTER INSERT ON org_spaces REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_space_stock();
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_upd AFTER UPDATE ON org_spaces REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_space_stock();
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_del AFTER DELETE ON org_spaces REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_space_stock();
--> statement-breakpoint
-- The same figures recounted from the records (the organizations module's counter source, `jinguo stats rebuild`):
-- an org's first and last day where its figures went (the org that absorbed it, through every later merger; its own
-- path otherwise); each space on its day.
CREATE OR REPLACE FUNCTION jinguo_org_stock_source() RETURNS TABLE (org_path ltree, day date, metric text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  WITH RECURSIVE absorbed(id, final_id) AS (
    SELECT id, id FROM organizations WHERE merged_into_id IS NULL
    UNION ALL
    SELECT o.id, a.final_id FROM organizations o JOIN absorbed a ON o.merged_into_id = a.id)
  SELECT f.path, greatest(o.valid_from, date '2000-01-01'), 'organizations.stock.' || o.type, 1::bigint
  FROM organizations o JOIN absorbed a ON a.id = o.id JOIN organizations f ON f.id = a.final_id
  UNION ALL
  SELECT f.path, greatest(o.valid_to, date '2000-01-01'), 'organizations.stock.' || o.type, -1::bigint
  FROM organizations o JOIN absorbed a ON a.id = o.id JOIN organizations f ON f.id = a.final_id WHERE o.valid_to IS NOT NULL
  UNION ALL
  SELECT x.org_path, greatest(jinguo_space_day(x.opened_on, x.created_at), date '2000-01-01'), 'organizations.stock.spaces', 1::bigint
  FROM org_spaces x
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_add_counter_rows(jsonb) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_org_stock_source() FROM PUBLIC;
--> statement-breakpoint
-- Counted once for what the database already holds.
INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
SELECT subpath(src.org_path, k - 1, 1)::text::bigint, subpath(src.org_path, 0, k), src.metric, g.grain,
       CASE g.grain WHEN 'd' THEN src.day WHEN 'm' THEN date_trunc('month', src.day)::date ELSE date_trunc('year', src.day)::date END,
       sum(src.value)
FROM jinguo_org_stock_source() src CROSS JOIN LATERAL generate_series(1, nlevel(src.org_path)) AS k
  CROSS JOIN (VALUES ('d'), ('m'), ('y')) AS g(grain)
GROUP BY 1, 2, 3, 4, 5
HAVING sum(src.value) <> 0
ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value;
