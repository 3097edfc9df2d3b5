-- Custom SQL migration file, put your code below! --
-- Tasks and report forms (一网协同): grants and row-level security. Forms and tasks are owned by the dispatching org
-- (org_path); each receiver's copy (task_assignments) and its history (task_events) by the receiving org, so the
-- dispatcher reaches them all through its subtree and a receiver only its own.
GRANT SELECT, INSERT, UPDATE ON report_forms, tasks, task_assignments TO jinguo_app;
--> statement-breakpoint
GRANT SELECT, INSERT ON task_events TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE report_forms ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A form is built above and filled below: lower orgs read their ancestors' forms; only the owner's subtree edits.
CREATE POLICY report_forms_read ON report_forms FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY report_forms_insert ON report_forms FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY report_forms_update ON report_forms FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A task is read by its dispatcher's subtree and by the orgs it was sent to (their copy lies in their scope); a task
-- of another subtree is not seen at all.
CREATE POLICY tasks_read ON tasks FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR EXISTS (SELECT 1 FROM task_assignments a WHERE a.task_id = tasks.id));
--> statement-breakpoint
CREATE POLICY tasks_insert ON tasks FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY tasks_update ON tasks FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE task_assignments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY task_assignments_scope ON task_assignments TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE task_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY task_events_scope ON task_events TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
GRANT SELECT, INSERT, DELETE ON task_totals TO jinguo_app;
--> statement-breakpoint
ALTER TABLE task_totals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY task_totals_scope ON task_totals TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
-- Element-wise sum of two figure arrays (a missing element counts as 0).
CREATE OR REPLACE FUNCTION jinguo_numeric_add(a numeric[], b numeric[]) RETURNS numeric[] LANGUAGE sql IMMUTABLE AS
$$ SELECT coalesce(array_agg(coalesce(x, 0) + coalesce(y, 0) ORDER BY i), '{}') FROM unnest(a, b) WITH ORDINALITY AS u(x, y, i) $$;
--> statement-breakpoint
-- Adds a copy's change of state to the totals of every org of its path within the task's tree. SECURITY DEFINER: the
-- receiver that submits does not reach its ancestors' rows; it may only move counts of a copy it holds.
CREATE OR REPLACE FUNCTION jinguo_task_totals_add(p_task bigint, p_path ltree, d_submitted int, d_approved int,
  v_submitted numeric[], v_approved numeric[]) RETURNS void LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ UPDATE task_totals t SET submitted = t.submitted + d_submitted, approved = t.approved + d_approved,
     submitted_sums = jinguo_numeric_add(t.submitted_sums, v_submitted),
     approved_sums = jinguo_numeric_add(t.approved_sums, v_approved)
   WHERE t.task_id = p_task AND t.node_id = ANY (string_to_array(ltree2text(p_path), '.')::bigint[]) $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_task_totals_add(bigint, ltree, int, int, numeric[], numeric[]) TO jinguo_app;
