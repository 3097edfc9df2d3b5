-- Custom SQL migration file, put your code below! --
-- Rights protection 维权: grants, row-level security, the entitlement functions. See docs/decisions/0005-case-access.md.
-- The case header admits the subtree (existence); every content table admits only rows of cases the current user
-- (jinguo.user_id, set by runScoped) is entitled to: assigned, case_supervisor at the case's org or above, a
-- break-glass grant not yet expired (read only), or a live referral to her partner agency (read only).
CREATE OR REPLACE FUNCTION jinguo_agency_id() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT agency_id FROM agency_users WHERE user_id = jinguo_user_id() $$;
--> statement-breakpoint
-- Entitlement to one case. SECURITY DEFINER: it reads assignments, grants and referrals past their own policies
-- (which call it), so policies never recurse; it answers yes/no only.
CREATE OR REPLACE FUNCTION jinguo_case_access(p_case bigint, p_path ltree, p_write boolean) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT jinguo_user_id() IS NOT NULL AND (
    EXISTS (SELECT 1 FROM case_assignments a WHERE a.case_id = p_case AND a.user_id = jinguo_user_id() AND a.ended_at IS NULL)
    OR EXISTS (SELECT 1 FROM users u WHERE u.id = jinguo_user_id() AND u.status = 'active' AND 'case_supervisor' = ANY (u.roles) AND u.org_path @> p_path)
    OR (NOT p_write AND (
      EXISTS (SELECT 1 FROM case_access_grants g WHERE g.case_id = p_case AND g.user_id = jinguo_user_id() AND g.expires_at > now())
      OR EXISTS (SELECT 1 FROM case_referrals r JOIN agency_users au ON au.agency_id = r.agency_id
                 WHERE r.case_id = p_case AND au.user_id = jinguo_user_id() AND r.status IN ('sent', 'accepted', 'answered')))))
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_agency_id() TO jinguo_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_case_access(bigint, ltree, boolean) TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON partner_agencies, agency_users, cases, case_number_counters, case_details, case_parties, case_assessments,
  case_events, case_assignments, case_referrals, case_instruments, mediators, case_mediations, case_services, case_follow_ups,
  case_access_grants, case_screenings, case_nil_reports TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON agency_users TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE partner_agencies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Agencies are named to the subtree they serve and to the orgs below (a village refers to the district's police).
CREATE POLICY partner_agencies_scope ON partner_agencies TO jinguo_app
  USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path OR id = (SELECT jinguo_agency_id()))
  WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE agency_users ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY agency_users_scope ON agency_users TO jinguo_app
  USING (user_id = jinguo_user_id() OR agency_id IN (SELECT id FROM partner_agencies));
--> statement-breakpoint
ALTER TABLE case_number_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_number_counters_all ON case_number_counters TO jinguo_app USING (true);
--> statement-breakpoint
ALTER TABLE cases ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Existence: the subtree for staff; a partner-agency user sees only the cases referred to her agency.
CREATE POLICY cases_existence ON cases FOR SELECT TO jinguo_app
  USING ((org_path <@ jinguo_scope() AND (SELECT jinguo_agency_id()) IS NULL) OR ((SELECT jinguo_agency_id()) IS NOT NULL AND jinguo_case_access(id, org_path, false)));
--> statement-breakpoint
CREATE POLICY cases_insert ON cases FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope() AND (SELECT jinguo_agency_id()) IS NULL);
--> statement-breakpoint
CREATE POLICY cases_update ON cases FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope() AND jinguo_case_access(id, org_path, true));
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['case_details', 'case_parties', 'case_assessments', 'case_assignments', 'case_instruments', 'case_mediations',
                           'case_services', 'case_follow_ups', 'case_events', 'case_referrals']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() AND jinguo_case_access(case_id, org_path, false))', t || '_read', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope() AND jinguo_case_access(case_id, org_path, true))', t || '_insert', t);
    EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope() AND jinguo_case_access(case_id, org_path, true))', t || '_update', t);
  END LOOP;
END $$;
--> statement-breakpoint
-- A worker sees her own assignment rows, and the intake's first assignment is written before she is entitled.
CREATE POLICY case_assignments_own ON case_assignments FOR SELECT TO jinguo_app USING (user_id = jinguo_user_id());
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_case_unassigned(p_case bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT NOT EXISTS (SELECT 1 FROM case_assignments WHERE case_id = p_case) $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_case_unassigned(bigint) TO jinguo_app;
--> statement-breakpoint
CREATE POLICY case_assignments_intake ON case_assignments FOR INSERT TO jinguo_app
  WITH CHECK (org_path <@ jinguo_scope() AND user_id = jinguo_user_id() AND jinguo_case_unassigned(case_id));
--> statement-breakpoint
-- The referred agency answers its referrals (accept, decline, report back) and records that on the case's history.
CREATE POLICY case_referrals_agency ON case_referrals FOR UPDATE TO jinguo_app USING (agency_id = (SELECT jinguo_agency_id()));
--> statement-breakpoint
CREATE POLICY case_events_agency ON case_events FOR INSERT TO jinguo_app
  WITH CHECK ((SELECT jinguo_agency_id()) IS NOT NULL AND jinguo_case_access(case_id, org_path, false));
--> statement-breakpoint
ALTER TABLE case_access_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_access_grants_read ON case_access_grants FOR SELECT TO jinguo_app
  USING (user_id = jinguo_user_id() OR (org_path <@ jinguo_scope() AND jinguo_case_access(case_id, org_path, true)));
--> statement-breakpoint
CREATE POLICY case_access_grants_insert ON case_access_grants FOR INSERT TO jinguo_app
  WITH CHECK (user_id = jinguo_user_id() AND org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE mediators ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mediators_scope ON mediators TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path) WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE case_screenings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_screenings_scope ON case_screenings TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE case_nil_reports ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY case_nil_reports_scope ON case_nil_reports TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- The assigned workers of a case, ids only, for those who may read it (an agency notifies them of its answers).
CREATE OR REPLACE FUNCTION jinguo_case_workers(p_case bigint) RETURNS bigint[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT coalesce(array_agg(DISTINCT a.user_id), '{}') FROM case_assignments a JOIN cases c ON c.id = a.case_id
  WHERE a.case_id = p_case AND a.ended_at IS NULL AND jinguo_case_access(c.id, c.org_path, false)
$$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_case_workers(bigint) TO jinguo_app;
--> statement-breakpoint
-- Case attachments live in the platform's stored_files: besides its scope policy, a case's files are admitted only to
-- those who may read the case (a RESTRICTIVE policy is ANDed with the permissive ones).
CREATE POLICY stored_files_cases ON stored_files AS RESTRICTIVE TO jinguo_app
  USING (owner_type <> 'case' OR jinguo_case_access(owner_id, org_path, false))
  WITH CHECK (owner_type <> 'case' OR jinguo_case_access(owner_id, org_path, true));
--> statement-breakpoint
-- Cases follow their org through reorganizations. jinguo_repath / jinguo_rebind run as the reorganizing cadre, and
-- need-to-know hides most cases' content (and their files) from her, so RLS would leave them behind at the old path —
-- out of everyone's subtree. This trigger moves a moved or merged org's cases, their content rows and their files,
-- as the owner; it writes paths only and reveals nothing.
CREATE OR REPLACE FUNCTION jinguo_cases_follow_org() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  target organizations%ROWTYPE;
  t text;
BEGIN
  IF NEW.merged_into_id IS NOT NULL AND NEW.merged_into_id IS DISTINCT FROM OLD.merged_into_id THEN
    SELECT * INTO target FROM organizations WHERE id = NEW.merged_into_id;
  ELSIF NEW.path IS DISTINCT FROM OLD.path THEN
    target := NEW;
  ELSE
    RETURN NULL;
  END IF;
  UPDATE cases SET org_id = target.id, org_path = target.path, district_id = target.district_id
    WHERE org_id = NEW.id AND (org_id <> target.id OR org_path IS DISTINCT FROM target.path);
  FOREACH t IN ARRAY ARRAY['case_details', 'case_parties', 'case_assessments', 'case_events', 'case_assignments', 'case_referrals', 'case_instruments',
                           'case_mediations', 'case_services', 'case_follow_ups', 'case_access_grants']
  LOOP
    EXECUTE format('UPDATE %I x SET org_path = c.org_path, district_id = c.district_id FROM cases c WHERE c.id = x.case_id AND c.org_id = $1 AND x.org_path IS DISTINCT FROM c.org_path', t)
      USING target.id;
  END LOOP;
  UPDATE stored_files f SET org_path = c.org_path, district_id = c.district_id FROM cases c
    WHERE f.owner_type = 'case' AND f.owner_id = c.id AND c.org_id = target.id AND f.org_path IS DISTINCT FROM c.org_path;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER organizations_cases_follow AFTER UPDATE OF path, merged_into_id ON organizations
  FOR EACH ROW EXECUTE FUNCTION jinguo_cases_follow_org();
