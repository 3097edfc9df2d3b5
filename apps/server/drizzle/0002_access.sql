-- Scoped access, second lock: requests run as the non-superuser role jinguo_app with the acting org's path in
-- the transaction-local setting jinguo.scope_path; row-level security admits only rows in that subtree.
-- An unset or empty scope admits nothing (nullif → NULL → no row). See docs/decisions/0002.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jinguo_app') THEN
    CREATE ROLE jinguo_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT jinguo_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL; -- superusers may SET ROLE to anything already
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_scope() RETURNS ltree LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.scope_path', true), '')::ltree $$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON organizations, organization_versions, reorganizations, org_spaces, org_officers, org_terms, users TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON org_spaces TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions, password_history TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO jinguo_app;
--> statement-breakpoint
GRANT SELECT ON system_settings TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE organizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The subtree, plus the chain of ancestors (names for breadcrumbs are not secret; their data is filtered by the app).
CREATE POLICY organizations_scope ON organizations TO jinguo_app
  USING (path <@ jinguo_scope() OR jinguo_scope() <@ path)
  WITH CHECK (path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE organization_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY organization_versions_scope ON organization_versions TO jinguo_app
  USING (EXISTS (SELECT 1 FROM organizations o WHERE o.id = organization_versions.org_id AND (o.path <@ jinguo_scope() OR jinguo_scope() <@ o.path)));
--> statement-breakpoint
ALTER TABLE reorganizations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY reorganizations_scope ON reorganizations TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
ALTER TABLE org_spaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_spaces_scope ON org_spaces TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE org_officers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_officers_scope ON org_officers TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE org_terms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY org_terms_scope ON org_terms TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY users_scope ON users TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- The audit trail is append-only for everyone, owners included; tampering needs a superuser disabling this trigger.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
--> statement-breakpoint
-- The path `p` re-rooted from `old_root` to `new_root` (p itself when p = old_root).
CREATE OR REPLACE FUNCTION jinguo_rebase(p ltree, old_root ltree, new_root ltree) RETURNS ltree LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN nlevel(p) > nlevel(old_root) THEN new_root || subpath(p, nlevel(old_root)) ELSE new_root END $$;
--> statement-breakpoint
-- A reorganization moves its data's scope with it. Every table with org_path (and district_id) is re-pathed here,
-- so modules added later are covered without the organizations module knowing their tables.
CREATE OR REPLACE FUNCTION jinguo_repath(old_path ltree, new_path ltree, new_district bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t record;
BEGIN
  FOR t IN
    SELECT c.table_name,
           EXISTS (SELECT 1 FROM information_schema.columns d WHERE d.table_schema = 'public' AND d.table_name = c.table_name AND d.column_name = 'district_id') AS has_district
    FROM information_schema.columns c
    WHERE c.table_schema = 'public' AND c.column_name = 'org_path'
      AND c.table_name NOT IN ('audit_events', 'reorganizations')
  LOOP
    IF t.has_district THEN
      EXECUTE format('UPDATE %I SET org_path = jinguo_rebase(org_path, $2, $1), district_id = coalesce($3, district_id) WHERE org_path <@ $2', t.table_name)
        USING new_path, old_path, new_district;
    ELSE
      EXECUTE format('UPDATE %I SET org_path = jinguo_rebase(org_path, $2, $1) WHERE org_path <@ $2', t.table_name)
        USING new_path, old_path;
    END IF;
  END LOOP;
END $$;
--> statement-breakpoint
-- A merge re-binds the merged organization's own records to the organization that absorbs it: rows with an org_id by
-- it, rows that only copy a path (tags, family members of its persons) by that exact path.
CREATE OR REPLACE FUNCTION jinguo_rebind(from_org bigint, from_path ltree, to_org bigint, to_path ltree, to_district bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE t record;
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
      EXECUTE format('UPDATE %I SET org_id = $1, org_path = $2%s WHERE org_id = $4', t.table_name, CASE WHEN t.has_district THEN ', district_id = $3' ELSE '' END)
        USING to_org, to_path, to_district, from_org;
    ELSE
      EXECUTE format('UPDATE %I SET org_path = $1%s WHERE org_path = $3', t.table_name, CASE WHEN t.has_district THEN ', district_id = $2' ELSE '' END)
        USING to_path, to_district, from_path;
    END IF;
  END LOOP;
END $$;
