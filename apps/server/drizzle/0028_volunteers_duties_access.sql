-- Custom SQL migration file, put your code below! --
-- Volunteers (teams, volunteers, the hours ledger, call-ups) and 执委 duties (checklists, led projects): grants and
-- row-level security on the subtree. Tables carry org_path, so jinguo_repath / jinguo_rebind move them with their org.
GRANT SELECT, INSERT, UPDATE ON volunteer_teams, volunteers, volunteer_hours, call_ups, call_up_invitees, duty_checklists, duty_projects TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON volunteer_team_members TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE volunteer_teams ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY volunteer_teams_scope ON volunteer_teams TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE volunteers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY volunteers_scope ON volunteers TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE volunteer_team_members ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY volunteer_team_members_scope ON volunteer_team_members TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE volunteer_hours ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY volunteer_hours_scope ON volunteer_hours TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE call_up_invitees ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY call_up_invitees_scope ON call_up_invitees TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- A town asks the volunteers and 执委 of its villages: each reads and answers her own invitation, wherever it was made.
CREATE POLICY call_up_invitees_own ON call_up_invitees TO jinguo_app USING (user_id = jinguo_user_id());
--> statement-breakpoint
ALTER TABLE call_ups ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY call_ups_scope ON call_ups TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY call_ups_invited ON call_ups FOR SELECT TO jinguo_app
  USING (EXISTS (SELECT 1 FROM call_up_invitees i WHERE i.call_up_id = call_ups.id AND i.user_id = jinguo_user_id()));
--> statement-breakpoint
ALTER TABLE duty_checklists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A checklist is set above and followed below: lower orgs read their ancestors' checklists.
CREATE POLICY duty_checklists_read ON duty_checklists FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY duty_checklists_write ON duty_checklists TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE duty_projects ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY duty_projects_scope ON duty_projects TO jinguo_app USING (org_path <@ jinguo_scope());
