-- Spaces (阵地) and the villages they cover as stock counters (issue 16, the cockpit's p95), like the organizations by
-- type of 0033. Counted from the records, the two indicators read the whole subtree at every cockpit call: the
-- city's 26,566 spaces and 11,270 villages, 230–370 ms, twice a call (the period and the year before).
--
--   organizations.spaces.<type>                 +1 on the day a space opened (or was recorded, without an opening
--                                                date), at its org; a deleted space is taken back.
--   organizations.villages_with_space           a village federation: +1 from the day its first space opened (or
--   organizations.villages_with_space.<type>    the village began, if later), -1 from the day it ended; and the
--                                                same for its first space of each type.
--
-- Statement triggers with transition tables count inserts, updates and deletes of spaces (a division import is one
-- roll-up); a row trigger on organizations recounts a village whose type or validity changes. A move or a merge is
-- not counted here, as in 0033: a moved village's counters follow it (jinguo_counters_follow_move) and a merged one's
-- go to the absorbing org (jinguo_counters_follow_merge) — but the spaces a merge re-binds change which villages have
-- spaces, so a change of a space's org recounts both villages' coverage (not the spaces by type, which follow).
CREATE OR REPLACE FUNCTION jinguo_space_day(opened_on date, created_at timestamptz) RETURNS date
LANGUAGE sql STABLE AS $$ SELECT coalesce(opened_on, (created_at AT TIME ZONE 'Asia/Shanghai')::date) $$;
--> statement-breakpoint
-- What villages count with their spaces: for the villages v_* (id, counting path, validity) and the spaces sp_* (org,
-- type, day), the stock rows (path, day, metric, delta), each delta multiplied by `factor`.
CREATE OR REPLACE FUNCTION jinguo_space_cover(
  sp_org bigint[], sp_type text[], sp_day date[], v_id bigint[], v_path ltree[], v_from date[], v_to date[], factor bigint
) RETURNS TABLE (path ltree, day date, metric text, delta bigint)
LANGUAGE sql IMMUTABLE AS $$
  WITH s AS (SELECT * FROM unnest(sp_org, sp_type, sp_day) AS s(org_id, type, day)),
  v AS (SELECT * FROM unnest(v_id, v_path, v_from, v_to) AS v(id, path, valid_from, valid_to)),
  firsts AS (
    SELECT s.org_id, 'organizations.villages_with_space.' || s.type AS metric, min(s.day) AS day FROM s GROUP BY 1, 2
    UNION ALL
    SELECT s.org_id, 'organizations.villages_with_space', min(s.day) FROM s GROUP BY 1),
  c AS (SELECT v.path, greatest(f.day, v.valid_from, date '2000-01-01') AS day, v.valid_to, f.metric
        FROM firsts f JOIN v ON v.id = f.org_id)
  SELECT c.path, c.day, c.metric, factor FROM c WHERE c.valid_to IS NULL OR c.valid_to > c.day
  UNION ALL
  SELECT c.path, c.valid_to, c.metric, -factor FROM c WHERE c.valid_to > c.day
$$;
--> statement-breakpoint
-- Recounts the coverage of the orgs `orgs` (those that are village federations): what their spaces before the change
-- counted (before_*) is taken back, what their spaces count now is added; equal rows cancel.
CREATE OR REPLACE FUNCTION jinguo_recount_space_cover(orgs bigint[], before_org bigint[], before_type text[], before_day date[])
RETURNS void LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  v_id bigint[]; v_path ltree[]; v_from date[]; v_to date[];
  a_org bigint[]; a_type text[]; a_day date[];
BEGIN
  SELECT array_agg(o.id), array_agg(coalesce((SELECT m.path FROM organizations m WHERE m.id = o.merged_into_id), o.path)),
         array_agg(o.valid_from), array_agg(o.valid_to)
    INTO v_id, v_path, v_from, v_to
    FROM organizations o WHERE o.id = ANY (orgs) AND o.type = 'village_federation';
  IF v_id IS NULL THEN RETURN; END IF;
  SELECT array_agg(x.org_id), array_agg(x.type), array_agg(jinguo_space_day(x.opened_on, x.created_at))
    INTO a_org, a_type, a_day FROM org_spaces x WHERE x.org_id = ANY (v_id);
  PERFORM jinguo_add_counter_arrays(array_agg(c.path), array_agg(c.day), array_agg(c.metric), array_agg(c.delta))
  FROM (SELECT * FROM jinguo_space_cover(before_org, before_type, before_day, v_id, v_path, v_from, v_to, -1)
        UNION ALL
        SELECT * FROM jinguo_space_cover(a_org, a_type, a_day, v_id, v_path, v_from, v_to, 1)) c;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_spaces_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE b_org bigint[]; b_type text[]; b_day date[];
BEGIN
  PERFORM jinguo_add_counter_arrays(array_agg(n.org_path), array_agg(jinguo_space_day(n.opened_on, n.created_at)),
    array_agg('organizations.spaces.' || n.type), array_agg(1::bigint)) FROM new_rows n;
  -- the villages' spaces before: theirs now but the new ones
  SELECT array_agg(x.org_id), array_agg(x.type), array_agg(jinguo_space_day(x.opened_on, x.created_at))
    INTO b_org, b_type, b_day
    FROM org_spaces x WHERE x.org_id IN (SELECT org_id FROM new_rows) AND x.id NOT IN (SELECT id FROM new_rows);
  PERFORM jinguo_recount_space_cover((SELECT array_agg(DISTINCT org_id) FROM new_rows), b_org, b_type, b_day);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_spaces_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  b_org bigint[]; b_type text[]; b_day date[]; orgs bigint[];
  c_id bigint[]; c_org bigint[]; c_type text[]; c_day date[]; c_new_org bigint[];
BEGIN
  -- by type: a change of type or day is taken back and counted again (a change of path or org alone is a move or a
  -- merge: the counters follow the org)
  PERFORM jinguo_add_counter_arrays(array_agg(x.path), array_agg(x.day), array_agg(x.metric), array_agg(x.delta))
  FROM (SELECT o.org_path AS path, jinguo_space_day(o.opened_on, o.created_at) AS day,
               'organizations.spaces.' || o.type AS metric, -1::bigint AS delta
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.type <> n.type OR jinguo_space_day(o.opened_on, o.created_at) <> jinguo_space_day(n.opened_on, n.created_at)
        UNION ALL
        SELECT n.org_path, jinguo_space_day(n.opened_on, n.created_at), 'organizations.spaces.' || n.type, 1
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.type <> n.type OR jinguo_space_day(o.opened_on, o.created_at) <> jinguo_space_day(n.opened_on, n.created_at)) x;
  -- coverage: the villages a space left or joined, or whose space changed type or day
  SELECT array_agg(o.id), array_agg(o.org_id), array_agg(o.type), array_agg(jinguo_space_day(o.opened_on, o.created_at)),
         array_agg(n.org_id)
    INTO c_id, c_org, c_type, c_day, c_new_org
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.org_id <> n.org_id OR o.type <> n.type
       OR jinguo_space_day(o.opened_on, o.created_at) <> jinguo_space_day(n.opened_on, n.created_at);
  IF c_id IS NULL THEN RETURN NULL; END IF;
  SELECT array_agg(DISTINCT x) INTO orgs FROM unnest(c_org || c_new_org) AS x;
  -- the villages' spaces before: theirs now but the changed ones, and the changed ones as they were
  SELECT array_agg(b.org_id), array_agg(b.type), array_agg(b.day) INTO b_org, b_type, b_day
  FROM (SELECT x.org_id, x.type, jinguo_space_day(x.opened_on, x.created_at) AS day FROM org_spaces x
        WHERE x.org_id = ANY (orgs) AND x.id <> ALL (c_id)
        UNION ALL
        SELECT * FROM unnest(c_org, c_type, c_day)) b;
  PERFORM jinguo_recount_space_cover(orgs, b_org, b_type, b_day);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_org_spaces_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE b_org bigint[]; b_type text[]; b_day date[];
BEGIN
  PERFORM jinguo_add_counter_arrays(array_agg(o.org_path), array_agg(jinguo_space_day(o.opened_on, o.created_at)),
    array_agg('organizations.spaces.' || o.type), array_agg(-1::bigint)) FROM old_rows o;
  -- the villages' spaces before: theirs now and the deleted ones
  SELECT array_agg(b.org_id), array_agg(b.type), array_agg(b.day) INTO b_org, b_type, b_day
  FROM (SELECT x.org_id, x.type, jinguo_space_day(x.opened_on, x.created_at) AS day FROM org_spaces x
        WHERE x.org_id IN (SELECT org_id FROM old_rows)
        UNION ALL
        SELECT o.org_id, o.type, jinguo_space_day(o.opened_on, o.created_at) FROM old_rows o) b;
  PERFORM jinguo_recount_space_cover((SELECT array_agg(DISTINCT org_id) FROM old_rows), b_org, b_type, b_day);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A village whose type or validity changes: its coverage under the old values taken back, under the new counted, at
-- the path 0033 counts its life at (the absorbing org's, for a merged one).
CREATE OR REPLACE FUNCTION jinguo_org_cover_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  p ltree := coalesce((SELECT m.path FROM organizations m WHERE m.id = NEW.merged_into_id), NEW.path);
  a_org bigint[]; a_type text[]; a_day date[];
BEGIN
  SELECT array_agg(x.org_id), array_agg(x.type), array_agg(jinguo_space_day(x.opened_on, x.created_at))
    INTO a_org, a_type, a_day FROM org_spaces x WHERE x.org_id = NEW.id;
  IF a_org IS NULL THEN RETURN NULL; END IF;
  PERFORM jinguo_add_counter_arrays(array_agg(c.path), array_agg(c.day), array_agg(c.metric), array_agg(c.delta))
  FROM (SELECT * FROM jinguo_space_cover(a_org, a_type, a_day, ARRAY[OLD.id], ARRAY[p], ARRAY[OLD.valid_from], ARRAY[OLD.valid_to], -1)
        WHERE OLD.type = 'village_federation'
        UNION ALL
        SELECT * FROM jinguo_space_cover(a_org, a_type, a_day, ARRAY[NEW.id], ARRAY[p], ARRAY[NEW.valid_from], ARRAY[NEW.valid_to], 1)
        WHERE NEW.type = 'village_federation') c;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_ins AFTER INSERT ON org_spaces REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_spaces_inserted();
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_upd AFTER UPDATE ON org_spaces REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_spaces_updated();
--> statement-breakpoint
CREATE TRIGGER org_spaces_stock_del AFTER DELETE ON org_spaces REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION jinguo_org_spaces_deleted();
--> statement-breakpoint
CREATE TRIGGER organizations_cover_upd AFTER UPDATE ON organizations FOR EACH ROW
  WHEN (OLD.type IS DISTINCT FROM NEW.type OR OLD.valid_from IS DISTINCT FROM NEW.valid_from OR OLD.valid_to IS DISTINCT FROM NEW.valid_to)
  EXECUTE FUNCTION jinguo_org_cover_updated();
--> statement-breakpoint
-- The same figures recounted from the records (`jinguo stats rebuild`, with 0033's source).
CREATE OR REPLACE FUNCTION jinguo_org_space_source() RETURNS TABLE (org_path ltree, day date, metric text, value bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT x.org_path, greatest(jinguo_space_day(x.opened_on, x.created_at), date '2000-01-01'), 'organizations.spaces.' || x.type, 1::bigint
  FROM org_spaces x
  UNION ALL
  SELECT c.path, c.day, c.metric, c.delta FROM jinguo_space_cover(
    (SELECT array_agg(x.org_id) FROM org_spaces x), (SELECT array_agg(x.type) FROM org_spaces x),
    (SELECT array_agg(jinguo_space_day(x.opened_on, x.created_at)) FROM org_spaces x),
    (SELECT array_agg(o.id) FROM organizations o WHERE o.type = 'village_federation'),
    (SELECT array_agg(coalesce((SELECT m.path FROM organizations m WHERE m.id = o.merged_into_id), o.path)) FROM organizations o WHERE o.type = 'village_federation'),
    (SELECT array_agg(o.valid_from) FROM organizations o WHERE o.type = 'village_federation'),
    (SELECT array_agg(o.valid_to) FROM organizations o WHERE o.type = 'village_federation'), 1) c
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_recount_space_cover(bigint[], bigint[], text[], date[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_org_space_source() FROM PUBLIC;
--> statement-breakpoint
-- Counted once for what the database already holds.
INSERT INTO stat_counters (node_id, node_path, metric, grain, day, value)
SELECT subpath(src.org_path, k - 1, 1)::text::bigint, subpath(src.org_path, 0, k), src.metric, g.grain,
       CASE g.grain WHEN 'd' THEN src.day WHEN 'm' THEN date_trunc('month', src.day)::date ELSE date_trunc('year', src.day)::date END,
       sum(src.value)
FROM jinguo_org_space_source() src CROSS JOIN LATERAL generate_series(1, nlevel(src.org_path)) AS k
  CROSS JOIN (VALUES ('d'), ('m'), ('y')) AS g(grain)
GROUP BY 1, 2, 3, 4, 5
HAVING sum(src.value) <> 0
ON CONFLICT (node_id, metric, grain, day) DO UPDATE SET value = stat_counters.value + excluded.value;
--> statement-breakpoint
ANALYZE stat_counters;
