-- Custom SQL migration file, put your code below! --
-- Care programs (issue 14): grants and row-level security. Staff run as jinguo_app within their subtree; a program,
-- its quotas and a parcel batch are set up above and used below, so lower orgs read their ancestors' rows (as for
-- 三访 campaigns). Residents (jinguo_portal) read their own applications and what hangs off them, and open programs.
GRANT SELECT, INSERT, UPDATE ON care_programs, care_quotas, care_applications, care_reviews, care_materials, care_disbursements, care_parcel_batches, care_parcel_allocations, care_parcel_deliveries, care_greeting_lists, care_greeting_entries TO jinguo_app;
--> statement-breakpoint
GRANT DELETE ON care_materials TO jinguo_app;
--> statement-breakpoint
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO jinguo_app;
--> statement-breakpoint
ALTER TABLE care_programs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_programs_read ON care_programs FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY care_programs_write ON care_programs TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_quotas ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_quotas_read ON care_quotas FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
-- An approval or a payment below the district (a town recording it) moves the district's figures.
CREATE POLICY care_quotas_write ON care_quotas FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY care_quotas_insert ON care_quotas FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_applications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_applications_scope ON care_applications TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_reviews_scope ON care_reviews TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_materials ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_materials_scope ON care_materials TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_disbursements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_disbursements_scope ON care_disbursements TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_parcel_batches ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_parcel_batches_read ON care_parcel_batches FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
CREATE POLICY care_parcel_batches_write ON care_parcel_batches TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_parcel_allocations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_parcel_allocations_read ON care_parcel_allocations FOR SELECT TO jinguo_app USING (org_path <@ jinguo_scope() OR jinguo_scope() <@ org_path);
--> statement-breakpoint
-- A delivery in a village counts on the village's allocation; passing parcels down changes the giver's own row.
CREATE POLICY care_parcel_allocations_write ON care_parcel_allocations FOR UPDATE TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
CREATE POLICY care_parcel_allocations_insert ON care_parcel_allocations FOR INSERT TO jinguo_app WITH CHECK (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_parcel_deliveries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_parcel_deliveries_scope ON care_parcel_deliveries TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_greeting_lists ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_greeting_lists_scope ON care_greeting_lists TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
ALTER TABLE care_greeting_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY care_greeting_entries_scope ON care_greeting_entries TO jinguo_app USING (org_path <@ jinguo_scope());
--> statement-breakpoint
GRANT SELECT ON care_programs, care_applications, care_reviews, care_materials, care_disbursements TO jinguo_portal;
--> statement-breakpoint
CREATE POLICY care_programs_portal ON care_programs FOR SELECT TO jinguo_portal USING (state = 'open');
--> statement-breakpoint
CREATE POLICY care_applications_portal ON care_applications FOR SELECT TO jinguo_portal USING (resident_id = jinguo_resident_id());
--> statement-breakpoint
CREATE POLICY care_reviews_portal ON care_reviews FOR SELECT TO jinguo_portal USING (application_id IN (SELECT id FROM care_applications));
--> statement-breakpoint
CREATE POLICY care_materials_portal ON care_materials FOR SELECT TO jinguo_portal USING (application_id IN (SELECT id FROM care_applications));
--> statement-breakpoint
CREATE POLICY care_disbursements_portal ON care_disbursements FOR SELECT TO jinguo_portal USING (application_id IN (SELECT id FROM care_applications));
--> statement-breakpoint
-- "Once in a lifetime" holds across the whole platform: like jinguo_person_id_taken this looks past the caller's scope
-- and answers with the earlier benefit's id, state, amount and date only (to name it in the refusal).
CREATE OR REPLACE FUNCTION jinguo_care_earlier_benefit(program bigint, person bigint, period text, except_id bigint) RETURNS json
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT json_build_object('id', a.id, 'state', a.state, 'amount_fen', a.amount_fen,
     'on', coalesce((SELECT d.paid_on::text FROM care_disbursements d WHERE d.application_id = a.id), (a.decided_at AT TIME ZONE 'Asia/Shanghai')::date::text, (a.created_at AT TIME ZONE 'Asia/Shanghai')::date::text))
   FROM care_applications a
   WHERE a.program_id = program AND a.person_id = person AND a.period_key = period AND a.id <> coalesce(except_id, 0)
     AND a.state NOT IN ('refused', 'withdrawn')
   ORDER BY a.id LIMIT 1 $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_care_earlier_benefit(bigint, bigint, text, bigint) TO jinguo_app;
--> statement-breakpoint
-- The budget is the program's, spent in every district: what is committed (approved or paid), as a sum only.
CREATE OR REPLACE FUNCTION jinguo_care_committed(program bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS
$$ SELECT coalesce(sum(amount_fen), 0)::bigint FROM care_applications WHERE program_id = program AND state IN ('approved', 'paid') $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION jinguo_care_committed(bigint) TO jinguo_app;
