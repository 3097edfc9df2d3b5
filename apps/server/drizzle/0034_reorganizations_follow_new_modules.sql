-- Reorganizations and the modules that landed after them (activities, volunteers, duties, tasks, care programs).
--
-- 1. jinguo_repath / jinguo_rebind (0002_access.sql) update the path columns of every table with org_path, as the
--    reorganizing cadre. task_events and task_totals were granted SELECT/INSERT(/DELETE) only, so every move or merge
--    of an org failed with "permission denied" (42501, answered as 404). Like stored_files (0013), their path columns
--    may be updated, inside the cadre's scope (their row-level security applies).
GRANT UPDATE (org_path, district_id) ON task_events TO jinguo_app;
--> statement-breakpoint
GRANT UPDATE (org_path, district_id) ON task_totals TO jinguo_app;
--> statement-breakpoint
-- 2. A merge re-binds the merged org's own rows to the absorbing org. Some rows are one per org and key — a task's copy
--    per receiving org (task_assignments), a yearly duty checklist, a nil report per period (case_nil_reports), a
--    parcel allocation per batch, a quota per program: when both orgs have one, moving the merged org's row breaks
--    the key (23505, answered as 409, and the merge failed). Such a row stays with the merged org, as its history,
--    like its officers and terms; every other row moves. The set-based UPDATE runs first; only a table where it
--    collides is re-bound row by row.
CREATE OR REPLACE FUNCTION jinguo_rebind(from_org bigint, from_path ltree, to_org bigint, to_path ltree, to_district bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  t record;
  r record;
  set_clause text;
  where_clause text;
BEGIN
  FOR t IN
    SELECT c.table_name,
           EXISTS (SELECT 1 FROM information_schema.columns d WHERE d.table_schema = 'public' AND d.table_name = c.table_name AND d.column_name = 'district_id') AS has_district,
           EXISTS (SELECT 1 FROM information_schema.columns o WHERE o.table_schema = 'public' AND o.table_name = c.table_name AND o.column_name = 'org_id') AS has_org
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'org_path'
      -- officers and terms are the merged federation's own history and stay with it
      AND c.table_name NOT IN ('audit_events', 'reorganizations', 'org_officers', 'org_terms')
  LOOP
    IF t.has_org THEN
      set_clause := 'org_id = $1, org_path = $2' || CASE WHEN t.has_district THEN ', district_id = $3' ELSE '' END;
      where_clause := 'org_id = $4';
    ELSE
      set_clause := 'org_path = $2' || CASE WHEN t.has_district THEN ', district_id = $3' ELSE '' END;
      where_clause := 'org_path = $5';
    END IF;
    BEGIN
      EXECUTE format('UPDATE %I SET %s WHERE %s', t.table_name, set_clause, where_clause)
        USING to_org, to_path, to_district, from_org, from_path;
    EXCEPTION WHEN unique_violation THEN
      FOR r IN EXECUTE format('SELECT ctid AS row_id FROM %I WHERE %s', t.table_name, where_clause)
        USING to_org, to_path, to_district, from_org, from_path
      LOOP
        BEGIN
          EXECUTE format('UPDATE %I SET %s WHERE ctid = $6', t.table_name, set_clause)
            USING to_org, to_path, to_district, from_org, from_path, r.row_id;
        EXCEPTION WHEN unique_violation THEN
          NULL; -- the absorbing org has its own row for this key: the merged org's stays as its history
        END;
      END LOOP;
    END;
  END LOOP;
END $$;
