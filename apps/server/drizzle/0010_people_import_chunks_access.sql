-- Custom SQL migration file, put your code below! --
-- The staged chunks of a people import: like the import's other tables (0007), scoped by the importer's org.
GRANT SELECT, INSERT, UPDATE, DELETE ON person_import_chunks TO jinguo_app;
--> statement-breakpoint
ALTER TABLE person_import_chunks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY person_import_chunks_scope ON person_import_chunks TO jinguo_app USING (org_path <@ jinguo_scope());
