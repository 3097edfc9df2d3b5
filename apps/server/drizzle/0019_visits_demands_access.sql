-- Custom SQL migration file, put your code below! --
-- Visits, demands, the service catalogue and the residents' portal: grants, row-level security, the category
-- dictionary. Staff requests run as jinguo_app (subtree scope); portal requests as jinguo_portal, a role that sees only
-- the resident's own requests (or the one request whose tracking code she holds). See docs/decisions/0007.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jinguo_portal') THEN
    CREATE ROLE jinguo_portal NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
--> statement-breakpoint
DO $$
BEGIN
  EXECUTE format('GRANT jinguo_portal TO %I', current_user);
EXCEPTION WHEN OTHERS THEN NULL; -- superusers may SET ROLE to anything already
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_tracking() RETURNS text LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.tracking_hash', true), '') $$;
--> statement-breakpoint
-- Set (transaction-local) by the demands and visits services for actors who may see only their own records of that
-- kind ('demands' for volunteers, 'visits' for executive committee members).
CREATE OR REPLACE FUNCTION jinguo_only_own(kind text) RETURNS boolean LANGUAGE sql STABLE AS
$$ SELECT coalesce(current_setting('jinguo.only_own_' || kind, true), '') = 'on' $$;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON demands, demand_events, demand_escalations, service_items, visit_campaigns, campaign_progress, visits, visit_subjects, visit_needs, residents TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON visit_subjects, visit_needs TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON demand_categories TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON resident_sessions, resident_login_codes TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE demands ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY demands_scope ON demands TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- A volunteer sees only the demands dispatched to her.
CREATE POLICY demands_only_own ON demands AS RESTRICTIVE TO jinguo_app USING (NOT jinguo_only_own('demands') OR assignee_user_id = jinguo_user_id());
--> statement-breakpoint
ALTER TABLE demand_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY demand_events_scope ON demand_events TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE demand_escalations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY demand_escalations_scope ON demand_escalations TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE service_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY service_items_scope ON service_items TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE visit_campaigns ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A campaign is launched above and carried out below: lower orgs read their ancestors' campaigns.
CREATE POLICY visit_campaigns_read ON visit_campaigns FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY visit_campaigns_write ON visit_campaigns TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE campaign_progress ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY campaign_progress_scope ON campaign_progress TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE visits ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY visits_scope ON visits TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- An executive committee member (执委) sees the visits she made.
CREATE POLICY visits_only_own ON visits AS RESTRICTIVE TO jinguo_app USING (NOT jinguo_only_own('visits') OR jinguo_user_id() = ANY (visitor_user_ids) OR created_by_user_id = jinguo_user_id());
--> statement-breakpoint
ALTER TABLE visit_subjects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY visit_subjects_scope ON visit_subjects TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY visit_subjects_only_own ON visit_subjects AS RESTRICTIVE TO jinguo_app USING (NOT jinguo_only_own('visits') OR visit_id IN (SELECT id FROM visits));
--> statement-breakpoint
ALTER TABLE visit_needs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY visit_needs_scope ON visit_needs TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY visit_needs_only_own ON visit_needs AS RESTRICTIVE TO jinguo_app USING (NOT jinguo_only_own('visits') OR visit_id IN (SELECT id FROM visits));
--> statement-breakpoint
ALTER TABLE residents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY residents_scope ON residents TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- Staff also reach the residents who asked something of an org in their scope (to call back, to link them).
CREATE POLICY residents_requesters ON residents TO jinguo_app USING (id IN (SELECT resident_id FROM demands WHERE resident_id IS NOT NULL));
--> statement-breakpoint
-- The portal role: org names and the published catalogue are public; a resident reaches her own account and requests,
-- an anonymous asker the one request whose tracking code she holds. Nothing else is granted to it.
GRANT USAGE ON SCHEMA public TO jinguo_portal;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_portal;
--> statement-breakpoint
GRANT SELECT ON organizations, service_items, demand_categories TO jinguo_portal;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON demands, demand_events, residents TO jinguo_portal;
--> statement-breakpoint
GRANT SELECT, INSERT ON audit_events TO jinguo_portal;
--> statement-breakpoint
-- Portal requests notify the org (a new order) and read the resident's own inbox.
GRANT SELECT, INSERT, UPDATE ON notifications TO jinguo_portal;
--> statement-breakpoint
GRANT INSERT ON notification_deliveries TO jinguo_portal;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_notification_users(bigint, text[]), jinguo_bump_counters(ltree, date, text[], bigint[]) TO jinguo_portal;
--> statement-breakpoint
CREATE POLICY notifications_portal_write ON notifications FOR INSERT TO jinguo_portal WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY notifications_portal_own ON notifications FOR SELECT TO jinguo_portal USING (recipient_kind = 'resident' AND recipient_id = jinguo_resident_id());
--> statement-breakpoint
CREATE POLICY notifications_portal_own_update ON notifications FOR UPDATE TO jinguo_portal USING (recipient_kind = 'resident' AND recipient_id = jinguo_resident_id());
--> statement-breakpoint
CREATE POLICY notification_deliveries_portal_write ON notification_deliveries FOR INSERT TO jinguo_portal WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY organizations_portal ON organizations FOR SELECT TO jinguo_portal USING (status = 'active');
--> statement-breakpoint
CREATE POLICY service_items_portal ON service_items FOR SELECT TO jinguo_portal USING (active);
--> statement-breakpoint
CREATE POLICY demands_resident ON demands TO jinguo_portal USING (resident_id = jinguo_resident_id()) WITH CHECK (resident_id = jinguo_resident_id());
--> statement-breakpoint
CREATE POLICY demands_tracking ON demands TO jinguo_portal USING (tracking_hash = jinguo_tracking()) WITH CHECK (tracking_hash = jinguo_tracking() AND resident_id IS NULL);
--> statement-breakpoint
-- Only the requester-facing events of her own requests, and only events she may add to them (ratings, withdrawals).
CREATE POLICY demand_events_portal ON demand_events TO jinguo_portal USING (public AND demand_id IN (SELECT id FROM demands)) WITH CHECK (demand_id IN (SELECT id FROM demands));
--> statement-breakpoint
CREATE POLICY residents_self ON residents TO jinguo_portal USING (id = jinguo_resident_id()) WITH CHECK (id = jinguo_resident_id());
--> statement-breakpoint
-- A service's weekly capacity counts every order, including those the asker may not read: counts only.
CREATE OR REPLACE FUNCTION jinguo_service_orders_since(item_ids bigint[], since timestamptz) RETURNS TABLE (item_id bigint, n int)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT service_item_id, count(*)::int FROM demands WHERE service_item_id = ANY (item_ids) AND received_at >= since AND state <> 'cancelled' GROUP BY service_item_id $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_service_orders_since(bigint[], timestamptz) TO jinguo_app, jinguo_portal;
--> statement-breakpoint
-- A visit counts for its org's ancestors in a campaign's progress, most of them outside the recorder's scope.
CREATE OR REPLACE FUNCTION jinguo_campaign_count(campaign bigint, visit_path ltree, delta int) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ UPDATE campaign_progress SET done = done + delta WHERE campaign_id = campaign AND org_id = ANY (string_to_array(ltree2text(visit_path), '.')::bigint[]) $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_campaign_count(bigint, ltree, int) TO jinguo_app;
--> statement-breakpoint
INSERT INTO demand_categories (code, name_zh, name_en, builtin, deadlines) VALUES
  ('legal_advice', '法律咨询', 'Legal advice', true, '{}'),
  ('psychological', '心理疏导', 'Psychological support', true, '{}'),
  ('family_education', '家庭教育指导', 'Family education guidance', true, '{}'),
  ('marriage_mediation', '婚姻家庭调解', 'Marriage and family mediation', true, '{}'),
  ('employment', '就业推荐', 'Job referral', true, '{}'),
  ('skills_training', '技能培训', 'Skills training', true, '{}'),
  ('childcare', '托育信息', 'Childcare information', true, '{}'),
  ('hardship_aid', '困难帮扶', 'Help in hardship', true, '{}'),
  ('health', '健康服务', 'Health services', true, '{}'),
  ('rights', '维权求助', 'Rights protection', true, '{}'),
  ('policy', '政策咨询', 'Policy questions', true, '{}'),
  ('other', '其他', 'Other', true, '{}')
ON CONFLICT (code) DO NOTHING;
