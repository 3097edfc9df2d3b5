-- Custom SQL migration file, put your code below! --
-- Platform services: working-day calendar, notifications, live counters, uploaded files. Grants to the request role,
-- row-level security, and the narrow SECURITY DEFINER functions that write across scopes. See ARCHITECTURE.md.
GRANT SELECT, INSERT, UPDATE ON calendar_years TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON notifications TO jinguo_app;
--> statement-breakpoint
GRANT INSERT ON notification_deliveries TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON dev_outbox TO jinguo_app;
--> statement-breakpoint
GRANT SELECT ON stat_counters TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON stored_files TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
-- The resident signed in on the portal (set by the portal's transactions), like jinguo_user_id() for staff.
CREATE OR REPLACE FUNCTION jinguo_resident_id() RETURNS bigint LANGUAGE sql STABLE AS
$$ SELECT nullif(current_setting('jinguo.resident_id', true), '')::bigint $$;
--> statement-breakpoint
-- Anyone may write a notice to anyone (the server decides the recipients); each reads and marks only her own.
ALTER TABLE notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notifications_write ON notifications FOR INSERT TO jinguo_app WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY notifications_own ON notifications FOR SELECT TO jinguo_app
  USING ((recipient_kind = 'user' AND recipient_id = jinguo_user_id()) OR (recipient_kind = 'resident' AND recipient_id = jinguo_resident_id()));
--> statement-breakpoint
CREATE POLICY notifications_own_update ON notifications FOR UPDATE TO jinguo_app
  USING ((recipient_kind = 'user' AND recipient_id = jinguo_user_id()) OR (recipient_kind = 'resident' AND recipient_id = jinguo_resident_id()));
--> statement-breakpoint
ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY notification_deliveries_write ON notification_deliveries FOR INSERT TO jinguo_app WITH CHECK (true);
--> statement-breakpoint
-- Recipients of an org-and-role (or a role, org_id null) notice: active user ids only, whatever the writer's scope.
CREATE OR REPLACE FUNCTION jinguo_notification_users(p_org bigint, p_roles text[]) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT id FROM users WHERE status = 'active' AND roles && p_roles AND (p_org IS NULL OR org_id = p_org) ORDER BY id $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_notification_users(bigint, text[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_notification_users(bigint, text[]) TO jinguo_app;
--> statement-breakpoint
-- Counters: readable inside the scope; written only through jinguo_bump_counters, which counts for every ancestor
-- (outside the writer's scope by design). Rows are taken in key order so concurrent bumps cannot deadlock.
ALTER TABLE stat_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY stat_counters_scope ON stat_counters FOR SELECT TO jinguo_app USING (node_path <@ jinguo_scope());
--> statement-breakpoint
CREATE OR REPLACE FUNCTION jinguo_bump_counters(p ltree, d date, metrics text[], deltas bigint[]) RETURNS void
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO stat_counters (node_id, node_path, metric, day, value)
  SELECT subpath(p, k - 1, 1)::text::bigint, subpath(p, 0, k), m.metric, d, m.delta
  FROM generate_series(1, nlevel(p)) AS k, unnest(metrics, deltas) AS m(metric, delta)
  ORDER BY 1, 3
  ON CONFLICT (node_id, metric, day) DO UPDATE SET value = stat_counters.value + excluded.value
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION jinguo_bump_counters(ltree, date, text[], bigint[]) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_bump_counters(ltree, date, text[], bigint[]) TO jinguo_app;
--> statement-breakpoint
CREATE INDEX stat_counters_metric_day_idx ON stat_counters (metric, day);
--> statement-breakpoint
ALTER TABLE stored_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY stored_files_scope ON stored_files TO jinguo_app USING (org_path <@ jinguo_scope());
