-- Custom SQL migration file, put your code below! --
-- People import: grants, row-level security, and the batch check of already registered ID numbers. See docs/decisions/0002.
GRANT SELECT, INSERT, UPDATE ON person_imports, person_import_rows TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON person_import_rows TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE person_imports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_imports_scope ON person_imports TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE person_import_rows ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_import_rows_scope ON person_import_rows TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- Which of a batch of ID numbers are registered already, and whether inside the caller's scope. Like
-- jinguo_person_id_taken it must see past the scope, and answers yes/no only: an import refuses a row whose person is
-- registered elsewhere instead of moving her.
CREATE OR REPLACE FUNCTION jinguo_person_ids_registered(hashes text[]) RETURNS TABLE (id_hash text, in_scope boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT p.id_number_hash, coalesce(p.org_path <@ jinguo_scope(), false) FROM persons p
   WHERE p.id_number_hash = ANY(hashes) AND p.status = 'active' $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_person_ids_registered(text[]) TO jinguo_app;
