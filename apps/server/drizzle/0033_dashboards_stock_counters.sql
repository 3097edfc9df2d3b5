-- Organizations by type as live counters (issue 13, the cockpit): a state, not an event, so the figure at the end of a
-- period is the sum of the counters from the beginning (2000-01-01, where earlier days are counted) to that day. An
-- org counts +1 of its type on its valid_from and -1 on its valid_to. A statement-level trigger with a transition
-- table counts inserts (a division import of 1,000 orgs is one roll-up, the seed's 77,000 women's groups one), a row
-- trigger whose WHEN clause only lets through a change of type or validity counts updates, as SECURITY DEFINER because
-- the writer's scope rarely covers the ancestors it counts for. A move or a merge is not counted here: the counters
-- follow it (jinguo_counters_follow_move / _merge), so what a merged org counted stays with the org that absorbed it,
-- and so does its end.
CREATE OR REPLACE FUNCTION jinguo_add_counter_arrays(paths ltree[], days date[], metrics text[], deltas bigint[])
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF coalesce(array_length(paths, 1), 0) = 0 THEN RETURN; END IF;
  INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
  SELECT subpath(src.path, k - 1, 1)::text::bigint, subpath(src.path, 0, k), src.metric, g.grain,
         CASE g.grain WHEN 'd' THEN src.day WHEN 'm' THEN date_trunc('month', src.day)::date ELSE date_trunc('year', src.day)::date END,
         sum(src.delta)
  FROM (SELECT u.path, greatest(u.day, date '2000-01-01') AS day, u.metric, u.delta
        FROM unnest(paths, days, metrics, deltas) AS u(path, day, metric, delta)) src
    CROSS JOIN LATERAL generate_series(1, nlevel(src.path)) AS k CROSS JOIN (VALUES ('d'), ('m'), ('y')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(src.delta) <> 0
  ORDER BY 1, 3, 4, 5
  ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value;
  -- rows back at zero are removed, as a rebuild would not write them (only a taking back can leave one)
  IF EXISTS (SELECT 1 FROM unnest(deltas) AS d WHERE d < 0) THEN
    DELETE FROM stat_counters
    WHERE node_id = ANY (SELECT DISTINCT label::bigint FROM unnest(paths) AS p, unnest(string_to_array(p::text, '.')) AS label)
      AND metric = ANY (metrics) AND value = 0;
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_stock_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_add_counter_arrays(array_agg(x.path), array_agg(x.day), array_agg(x.metric), array_agg(x.delta))
  FROM (SELECT path, valid_from AS day, 'organizations.stock.' || type AS metric, 1::bigint AS delta FROM new_rows
        UNION ALL
        SELECT path, valid_to, 'organizations.stock.' || type, -1 FROM new_rows WHERE valid_to IS NOT NULL) x;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The old life taken back and the new one counted, at the org's path of now (a move in the same statement is the
-- counters' own business) — or, for an org merged into another, where its counters went: the absorbing org's. A row
-- trigger with a WHEN clause: the bulk updates of other columns (founding dates of 11,000 villages) never call it.
CREATE OR REPLACE FUNCTION jinguo_org_stock_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  p ltree := coalesce((SELECT m.path FROM organizations m WHERE m.id = NEW.merged_into_id), NEW.path);
BEGIN
  PERFORM jinguo_add_counter_arrays(array_agg(p), array_agg(x.day), array_agg(x.metric), array_agg(x.delta))
  FROM (VALUES (OLD.valid_from, 'organizations.stock.' || OLD.type, -1::bigint),
               (OLD.valid_to, 'organizations.stock.' || OLD.type, 1),
               (NEW.valid_from, 'organizations.stock.' || NEW.type, 1),
               (NEW.valid_to, 'organizations.stock.' || NEW.type, -1)) AS x(day, metric, delta)
  WHERE x.day IS NOT NULL;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_stock_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM jinguo_add_counter_arrays(array_agg(x.path), array_agg(x.day), array_agg(x.metric), array_agg(x.delta))
  FROM (SELECT path, valid_from AS day, 'organizations.stock.' || type AS metric, -1::bigint AS delta FROM old_rows
        UNION ALL
        SELECT path, valid_to, 'organizations.stock.' || type, 1 FROM old_rows WHERE valid_to IS NOT NULL) x;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_stock_ins AFTER INSERT ON organizations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_stock_inserted();
--> statement-breakpoint
CREATE TRIGGER organizations_stock_upd AFTER UPDATE ON organizations FOR EACH ROW
  WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.valid_from IS DISTINCT FROM NEW.valid_from OR OLD.valid_to IS DISTINCT FROM NEW.valid_to)
  EXECUTE FUNCTION jinguo_org_stock_updated();
--> statement-breakpoint
CREATE TRIGGER organizations_stock_del AFTER DELETE ON organizations REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_stock_deleted();
--> statement-breakpoint
-- The same figures recounted from the records (the organizations module's counter source, `jinguo stats rebuild`):
-- an org's first and last day where its figures went (the org that absorbed it, through every later merger; its own
-- path otherwise).
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
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_add_counter_arrays(ltree[], date[], text[], bigint[]) FROM PUBLIC;
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
--> statement-breakpoint
-- Fresh planner statistics after the fill (a stale estimate reads every day of five years for a year).
ANALYZE stat_counters;
