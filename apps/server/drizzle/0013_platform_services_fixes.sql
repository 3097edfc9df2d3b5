-- Custom SQL migration file, put your code below! --
-- A notice records what was said at the time: its org is not re-pathed by reorganizations (jinguo_repath walks every
-- org_path column, and only the recipient may update her notices), so the column gets its own name.
ALTER TABLE notifications RENAME COLUMN org_path TO concerns_path;
--> statement-breakpoint
-- Files move with their record's scope when an org is moved or merged (jinguo_repath / jinguo_rebind).
GRANT UPDATE (org_path, district_id) ON stored_files TO jinguo_app;
