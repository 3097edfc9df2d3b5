-- Read models a module publishes for others to join (issue 11: no module reads another's tables). The organizations
-- module owns `organizations`; other modules join `org_directory`, its published projection: the directory facts
-- of an org without its contact details. SECURITY INVOKER (PostgreSQL 15+): the reader's row-level security on
-- organizations applies through the view, exactly as when the table was read directly. Read-only for the app.
CREATE VIEW org_directory WITH (security_invoker = true) AS
SELECT id, code, name, short_name, type, status, parent_id, path, depth, district_id, division_code, host_province,
       host_city, name_pinyin, name_initials, valid_from, valid_to, merged_into_id, created_at, updated_at
FROM organizations;
--> statement-breakpoint
-- The portal's role reads org names too (its places, the village of a request), as it reads organizations.
GRANT SELECT ON org_directory TO jinguo_app, jinguo_portal;
--> statement-breakpoint
-- The people module publishes the names other modules show beside their records (a demand's requester, a visit's
-- subjects, a case's parties): no contact details, no ciphertext. Security invoker, like org_directory: the reader's
-- row-level security on persons and families (the subtree, a mobile federation's members) applies through them.
-- Their path column is named `path`, like org_directory's: the reorganization functions (jinguo_repath,
-- jinguo_rebind) re-path every relation with an `org_path` column, and a view is not a record to move.
CREATE VIEW person_directory WITH (security_invoker = true) AS
SELECT id, name, status, org_path AS path, id_number_masked FROM persons;
--> statement-breakpoint
CREATE VIEW family_directory WITH (security_invoker = true) AS
SELECT id, name, org_path AS path FROM families;
--> statement-breakpoint
GRANT SELECT ON person_directory, family_directory TO jinguo_app;
