-- Custom SQL migration file, put your code below! --
-- Activities (issue 12): staff reach the activities, registrations, attendance and training records of their subtree
-- (jinguo_app, RLS on org_path). The portal role reads published activities (open or later) and writes registrations
-- and check-ins only of the activity whose check-in it verified (`jinguo.activity_id`, set by the service after the
-- signed token or the activity's state was checked); it never reads another resident's rows.
CREATE OR REPLACE FUNCTION jinguo_activity_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.activity_id', true), '')::bigint $$;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON activities, activity_registrations, activity_attendance, training_records TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON training_records TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app, jinguo_portal;
--> statement-breakpoint
ALTER TABLE activities ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY activities_scope ON activities TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE activity_registrations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY activity_registrations_scope ON activity_registrations TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE activity_attendance ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY activity_attendance_scope ON activity_attendance TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE training_records ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY training_records_scope ON training_records TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
GRANT SELECT ON activities TO jinguo_portal;
--> statement-breakpoint
GRANT UPDATE (status, held_at, registered, attended, updated_at) ON activities TO jinguo_portal;
--> statement-breakpoint
GRANT SELECT, INSERT ON activity_registrations, activity_attendance TO jinguo_portal;
--> statement-breakpoint
CREATE POLICY activities_portal_read ON activities FOR SELECT TO jinguo_portal USING (status IN ('open', 'held', 'summarised') OR id = jinguo_activity_id());
--> statement-breakpoint
CREATE POLICY activities_portal_write ON activities FOR UPDATE TO jinguo_portal USING (id = jinguo_activity_id()) WITH CHECK (id = jinguo_activity_id());
--> statement-breakpoint
CREATE POLICY activity_registrations_portal ON activity_registrations TO jinguo_portal USING (activity_id = jinguo_activity_id()) WITH CHECK (activity_id = jinguo_activity_id());
--> statement-breakpoint
CREATE POLICY activity_attendance_portal ON activity_attendance TO jinguo_portal USING (activity_id = jinguo_activity_id()) WITH CHECK (activity_id = jinguo_activity_id());
--> statement-breakpoint
-- Published read model: the activities held at each space (阵地), for the organizations module's coverage figure of
-- active spaces (one held in the last 12 months). A plain projection, so a reader's predicate on space_id and date
-- reaches the (space_id, starts_on) index. Security invoker: the reader's row-level security on activities applies.
CREATE VIEW space_activities WITH (security_invoker = true) AS
SELECT space_id, org_path AS path, starts_on AS held_on, kind FROM activities
WHERE space_id IS NOT NULL AND status IN ('held', 'summarised');
--> statement-breakpoint
GRANT SELECT ON space_activities TO jinguo_app;
